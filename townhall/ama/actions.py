"""Writes to ask-me-anything sessions. Views, the API, the demo and tests call these.

Keyword-only arguments, the acting person as `actor`, one transaction each, access
re-checked inside (townhall.access.ama) against the session row locked for the
transaction and the clock read inside it, so a question sent a moment after the end
time is refused even if the page was rendered while the session was open. Errors:

- ``Http404``: the actor cannot see the session or question (same as missing);
- ``PermissionDenied``: they see it but may not do this (not the host, own question);
- ``ValidationError``: bad input (empty or over-long text, end before start), or a state
  that forbids it, with a stable code: ``not_started``, ``closed``, ``voted``,
  ``not_voted``.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.access import ama as access
from townhall.access.groups import can_view_group
from townhall.ama.models import (
    MAX_ANSWER_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_TITLE_LENGTH,
    AmaQuestion,
    AmaSession,
    AmaVote,
)
from townhall.core.markdown import render_markdown
from townhall.events.outbox import emit
from townhall.groups.models import Group

MAX_DURATION = timedelta(days=14)


def _text(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise ValidationError({field: [_("Write something first: the text is empty.")]})
    if len(value) > max_length:
        message = _("The text is too long: %(count)s characters, at most %(max)s.") % {
            "count": f"{len(value):,}",
            "max": f"{max_length:,}",
        }
        raise ValidationError({field: [message]})
    return value


def _state_error(session: AmaSession, now: datetime) -> ValidationError | None:
    state = session.state_at(now)
    if state == AmaSession.State.UPCOMING:
        when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
        return ValidationError(
            _("This session has not started yet: it opens at %(when)s.") % {"when": when},
            code="not_started",
        )
    if state == AmaSession.State.CLOSED:
        return ValidationError(
            _("This session has ended: it no longer takes questions, votes or answers."),
            code="closed",
        )
    return None


def _locked_session(actor, session: AmaSession) -> AmaSession:
    current = (
        AmaSession.objects.select_for_update(of=("self",))
        .select_related("group", "host")
        .filter(pk=session.pk)
        .first()
    )
    if current is None or not access.can_view_ama_session(actor, current):
        raise Http404
    return current


def _locked_question(actor, question: AmaQuestion) -> AmaQuestion:
    """The question, after locking its session (one lock order everywhere: session first)."""
    session = _locked_session(actor, question.session)
    current = AmaQuestion.objects.select_for_update(of=("self",)).filter(pk=question.pk).first()
    if current is None or current.session_id != session.pk:
        raise Http404
    current.session = session
    if not access.can_view_ama_question(actor, current):
        raise Http404
    return current


def _require_open(session: AmaSession, now: datetime) -> None:
    error = _state_error(session, now)
    if error is not None:
        raise error
    if session.group_id is not None and session.group.is_archived:
        raise PermissionDenied(_("This group is archived: its sessions are read-only."))


# --- sessions -------------------------------------------------------------------------


@transaction.atomic
def open_session(
    *,
    actor,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    group: Group | None = None,
) -> AmaSession:
    """Schedule a session for the whole organisation (group=None) or one group."""
    if group is not None:
        group = Group.objects.filter(pk=group.pk).first()
        if group is None or not can_view_group(actor, group):
            raise Http404
    if not access.can_open_ama(actor, group):
        raise PermissionDenied(_("Only leaders and admins open sessions, where they may post."))
    title = _text(title, field="title", max_length=MAX_TITLE_LENGTH)
    description = _text(
        description, field="description", max_length=MAX_DESCRIPTION_LENGTH, required=False
    )
    now = timezone.now()
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": [_("Give a start and an end time.")]})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The end must come after the start.")]})
    if ends_at <= now:
        raise ValidationError({"ends_at": [_("The end time has already passed.")]})
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError({"ends_at": [_("A session lasts at most 14 days.")]})
    if starts_at > now + timedelta(days=366):
        raise ValidationError({"starts_at": [_("Start within the next year.")]})
    session = AmaSession.objects.create(
        host=actor,
        group=group,
        title=title,
        description=description,
        description_html=render_markdown(description) if description else "",
        starts_at=starts_at,
        ends_at=ends_at,
    )
    emit("ama.opened", actor=actor, subject=session, group=group.pk if group else None)
    return session


# --- questions ------------------------------------------------------------------------


@transaction.atomic
def ask_question(*, actor, session: AmaSession, body: str, anonymous: bool = False) -> AmaQuestion:
    """A question in an open session; `anonymous` hides the asker from everyone but them
    and moderators."""
    session = _locked_session(actor, session)
    body = _text(body, field="body", max_length=MAX_QUESTION_LENGTH)
    _require_open(session, timezone.now())
    return AmaQuestion.objects.create(
        session=session,
        asker=actor,
        anonymous=bool(anonymous),
        body=body,
        body_html=render_markdown(body),
    )


@transaction.atomic
def vote(*, actor, question: AmaQuestion) -> AmaVote:
    question = _locked_question(actor, question)
    if question.asker_id == actor.pk:
        raise PermissionDenied(_("You cannot vote for your own question."))
    _require_open(question.session, timezone.now())
    if AmaVote.objects.filter(question=question, person=actor).exists():
        raise ValidationError(_("You have already voted for this question."), code="voted")
    try:
        with transaction.atomic():
            return AmaVote.objects.create(question=question, person=actor)
    except IntegrityError as error:  # a second request won the race
        raise ValidationError(
            _("You have already voted for this question."), code="voted"
        ) from error


@transaction.atomic
def unvote(*, actor, question: AmaQuestion) -> None:
    question = _locked_question(actor, question)
    _require_open(question.session, timezone.now())
    deleted, _rows = AmaVote.objects.filter(question=question, person=actor).delete()
    if not deleted:
        raise ValidationError(_("You have not voted for this question."), code="not_voted")


@transaction.atomic
def answer_question(*, actor, question: AmaQuestion, answer: str) -> AmaQuestion:
    """The host answers in place (again to change the answer) while the session is open."""
    question = _locked_question(actor, question)
    if question.session.host_id != actor.pk:
        raise PermissionDenied(_("Only the host answers questions in this session."))
    answer = _text(answer, field="answer", max_length=MAX_ANSWER_LENGTH)
    _require_open(question.session, timezone.now())
    first_time = question.answered_at is None
    question.answer = answer
    question.answer_html = render_markdown(answer)
    if first_time:
        question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answer_html", "answered_at"])
    if first_time:
        emit(
            "ama_question.answered",
            actor=actor,
            subject=question,
            recipients=[question.asker_id],
            session=question.session_id,
            anonymous=question.anonymous,
        )
    return question


@transaction.atomic
def delete_question(*, actor, question: AmaQuestion) -> None:
    """Its asker or a moderator; the question disappears for everyone, votes and all."""
    question = _locked_question(actor, question)
    if not access.can_delete_ama_question(actor, question):
        raise PermissionDenied(_("Only the asker and moderators can delete a question."))
    question.deleted_at = timezone.now()
    question.save(update_fields=["deleted_at"])
