"""Who may see and do what in ask-me-anything sessions (docs/ama.md has the table).

- Opening a session: leaders and organisation admins (admins run AMAs for guests and
  for leaders who are not on Townhall yet), for the whole organisation or for a group
  they may post in.
- Seeing a session and its questions: like a post (townhall.access.posts): an
  organisation-wide session is for every active person; a session in a group is for whoever
  may read inside that group. Moderators and admins get no extra sight. A deleted question
  is invisible to everyone.
- Asking, voting: anyone who sees the session, while it is open (starts_at <= now <
  ends_at), unless its group is archived. Nobody votes for their own question.
- Answering: the session's host, while it is open.
- Deleting a question: its asker, or a moderator (org admins count as moderators).
- WHO ASKED an anonymous question: only the asker themself and moderators. Not the host
  (unless the host is a moderator), not peers. `can_see_asker` and
  `questions_with_visible_asker` are the pair; townhall.ama.selectors.present_questions is
  the one place that turns a question into something a page, partial or API shows, and it
  asks `asker_visibility` (built on the same rule).

Each visibility rule is a pair (object check + queryset filter), proven to agree by
townhall/access/tests/test_ama_matrix.py.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from townhall.access.groups import can_post_in_group, can_read_in, readable_place_filter
from townhall.access.roles import is_active_member, is_admin, is_leader, is_moderator
from townhall.ama.models import AmaQuestion, AmaSession
from townhall.groups.models import Group

# --- sessions ---------------------------------------------------------------------------


def can_view_ama_session(actor, session: AmaSession) -> bool:
    if not is_active_member(actor):
        return False
    return can_read_in(actor, session.group)  # guests: only AMAs in their own groups


def visible_ama_sessions(actor, queryset: QuerySet[AmaSession] | None = None) -> QuerySet:
    queryset = AmaSession.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(readable_place_filter(actor))


def get_ama_session_or_404(actor, **lookup) -> AmaSession:
    session = visible_ama_sessions(actor).select_related("host", "group").filter(**lookup).first()
    if session is None:
        raise Http404
    return session


def can_open_ama(actor, group: Group | None = None) -> bool:
    """Leaders and org admins, for the organisation or a group they may post in."""
    return (is_leader(actor) or is_admin(actor)) and can_post_in_group(actor, group)


def _is_frozen(session: AmaSession) -> bool:
    return session.group_id is not None and session.group.is_archived


def _is_open(session: AmaSession, now: datetime | None) -> bool:
    return session.state_at(now or timezone.now()) == AmaSession.State.OPEN


def can_ask_in_ama(actor, session: AmaSession, now: datetime | None = None) -> bool:
    return (
        can_view_ama_session(actor, session) and not _is_frozen(session) and _is_open(session, now)
    )


# --- questions --------------------------------------------------------------------------


def can_view_ama_question(actor, question: AmaQuestion) -> bool:
    return question.deleted_at is None and can_view_ama_session(actor, question.session)


def visible_ama_questions(actor, queryset: QuerySet[AmaQuestion] | None = None) -> QuerySet:
    queryset = AmaQuestion.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(
        Q(deleted_at__isnull=True) & readable_place_filter(actor, prefix="session__")
    )


def get_ama_question_or_404(actor, **lookup) -> AmaQuestion:
    question = (
        visible_ama_questions(actor)
        .select_related("session", "session__host", "session__group")
        .filter(**lookup)
        .first()
    )
    if question is None:
        raise Http404
    return question


def can_vote_for_ama_question(actor, question: AmaQuestion, now: datetime | None = None) -> bool:
    return (
        can_view_ama_question(actor, question)
        and question.asker_id != actor.pk
        and not _is_frozen(question.session)
        and _is_open(question.session, now)
    )


def can_answer_ama_question(actor, question: AmaQuestion, now: datetime | None = None) -> bool:
    return (
        can_view_ama_question(actor, question)
        and question.session.host_id == actor.pk
        and not _is_frozen(question.session)
        and _is_open(question.session, now)
    )


def can_delete_ama_question(actor, question: AmaQuestion) -> bool:
    return can_view_ama_question(actor, question) and (
        question.asker_id == actor.pk or is_moderator(actor)
    )


# --- who asked --------------------------------------------------------------------------


def asker_visibility(actor):
    """A function question -> bool answering "may `actor` learn who asked it?", for a
    question the actor can already see. Roles are read once, so a list costs no queries."""
    if not is_active_member(actor):
        return lambda question: False
    if is_moderator(actor):
        return lambda question: True
    return lambda question: not question.anonymous or question.asker_id == actor.pk


def can_see_asker(actor, question: AmaQuestion) -> bool:
    return can_view_ama_question(actor, question) and asker_visibility(actor)(question)


def questions_with_visible_asker(actor, queryset: QuerySet[AmaQuestion] | None = None):
    """The questions the actor sees whose asker they may learn."""
    queryset = visible_ama_questions(actor, queryset)
    if not is_active_member(actor) or is_moderator(actor):
        return queryset
    return queryset.filter(Q(anonymous=False) | Q(asker=actor))


__all__ = [
    "asker_visibility",
    "can_answer_ama_question",
    "can_ask_in_ama",
    "can_delete_ama_question",
    "can_open_ama",
    "can_see_asker",
    "can_view_ama_question",
    "can_view_ama_session",
    "can_vote_for_ama_question",
    "get_ama_question_or_404",
    "get_ama_session_or_404",
    "questions_with_visible_asker",
    "visible_ama_questions",
    "visible_ama_sessions",
]
