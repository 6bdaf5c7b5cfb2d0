"""Reads for ask-me-anything: the sessions overview and a session's questions.

`present_questions` is THE one place a question becomes something shown: pages, htmx
partials and the API all render `QuestionView`s, never AmaQuestion rows. A view carries
the asker only when townhall.access.ama lets the reader learn who asked; an anonymous
question's asker is otherwise not in it at all (not as a name, an id or a link), so no
template or API schema can leak it by accident.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from townhall.access import ama as access
from townhall.access.roles import is_active_member, is_moderator
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote
from townhall.core import cursors

QUESTION_PAGE = 50


@dataclass(frozen=True)
class QuestionView:
    id: int
    session_id: int
    body: str
    body_html: str
    created_at: datetime
    anonymous: bool
    asker: object | None  # the User, or None when the reader may not learn who asked
    is_mine: bool
    vote_count: int
    voted: bool
    answer: str
    answer_html: str
    answered_at: datetime | None
    can_vote: bool
    can_answer: bool
    can_delete: bool

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


@dataclass
class QuestionPage:
    items: list[QuestionView]
    next_cursor: str | None


def _with_counts(actor, queryset: QuerySet[AmaQuestion]) -> QuerySet[AmaQuestion]:
    if is_active_member(actor):
        mine = Exists(AmaVote.objects.filter(question=OuterRef("pk"), person=actor))
    else:
        mine = Value(False, output_field=BooleanField())
    return queryset.annotate(vote_count=Count("votes", distinct=True), voted=mine)


def present_questions(actor, questions, *, now: datetime | None = None) -> list[QuestionView]:
    """Questions (rows from `ranked_questions`, with vote_count and voted annotated and the
    session and asker joined) as the reader may see them. No queries of its own."""
    now = now or timezone.now()
    sees_asker = access.asker_visibility(actor)
    moderates = is_moderator(actor)
    views = []
    for question in questions:
        session = question.session
        is_open = session.state_at(now) == AmaSession.State.OPEN
        frozen = session.group_id is not None and session.group.is_archived
        is_mine = bool(actor.pk) and question.asker_id == actor.pk
        views.append(
            QuestionView(
                id=question.pk,
                session_id=question.session_id,
                body=question.body,
                body_html=question.body_html,
                created_at=question.created_at,
                anonymous=question.anonymous,
                asker=question.asker if sees_asker(question) else None,
                is_mine=is_mine,
                vote_count=question.vote_count,
                voted=question.voted,
                answer=question.answer,
                answer_html=question.answer_html,
                answered_at=question.answered_at,
                can_vote=is_open and not frozen and not is_mine,
                can_answer=is_open and not frozen and session.host_id == actor.pk,
                can_delete=is_mine or moderates,
            )
        )
    return views


def ranked_questions(actor, session: AmaSession, *, answered: bool | None = None) -> QuerySet:
    """The session's questions the actor sees, most votes first, then oldest first."""
    queryset = access.visible_ama_questions(actor, AmaQuestion.objects.filter(session=session))
    if answered is not None:
        queryset = queryset.filter(answered_at__isnull=not answered)
    return (
        _with_counts(actor, queryset)
        .select_related("asker", "session", "session__group")
        .order_by("-vote_count", "created_at", "id")
    )


def _after(values: tuple) -> Q:
    votes, created_at, pk = values
    return (
        Q(vote_count__lt=votes)
        | Q(vote_count=votes, created_at__gt=created_at)
        | Q(vote_count=votes, created_at=created_at, id__gt=pk)
    )


def question_page(
    actor,
    session: AmaSession,
    *,
    answered: bool | None = None,
    cursor: str | None = None,
    limit: int = QUESTION_PAGE,
) -> QuestionPage | None:
    """One page of `ranked_questions`, presented. None when `cursor` is not readable.
    Votes move while people read, so a question may appear on two pages or none: the
    order is by votes, which is what people asked for. Costs one query."""
    queryset = ranked_questions(actor, session, answered=answered)
    if cursor:
        values = cursors.unpack(cursor, int, datetime, int)
        if values is None:
            return None
        queryset = queryset.filter(_after(values))
    rows = list(queryset[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = cursors.pack([last.vote_count, last.created_at, last.pk])
    return QuestionPage(items=present_questions(actor, rows), next_cursor=next_cursor)


def present_question(actor, question: AmaQuestion) -> QuestionView:
    """One question the actor can see (fetched again with its counts: 1 query)."""
    row = ranked_questions(actor, question.session).get(pk=question.pk)
    return present_questions(actor, [row])[0]


def question_counts(actor, session: AmaSession) -> dict[str, int]:
    """How many questions the actor sees: all, answered, unanswered. One query."""
    queryset = access.visible_ama_questions(actor, AmaQuestion.objects.filter(session=session))
    counts = queryset.aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    return {**counts, "unanswered": counts["total"] - counts["answered"]}


# --- sessions -------------------------------------------------------------------------


def sessions(actor, queryset: QuerySet[AmaSession] | None = None) -> QuerySet[AmaSession]:
    """Sessions the actor sees, with host and group joined and `question_count` (the
    questions not deleted)."""
    return (
        access.visible_ama_sessions(actor, queryset)
        .select_related("host", "group")
        .annotate(question_count=Count("questions", filter=Q(questions__deleted_at__isnull=True)))
    )


@dataclass
class Overview:
    upcoming: list[AmaSession]
    open: list[AmaSession]
    past: list[AmaSession]


PAST_LIMIT = 30


def overview(actor, *, now: datetime | None = None) -> Overview:
    """The /ama/ page: upcoming (soonest first), open (ending soonest first) and the
    latest past sessions. Three queries."""
    now = now or timezone.now()
    base = sessions(actor)
    return Overview(
        upcoming=list(base.filter(starts_at__gt=now).order_by("starts_at", "id")[:PAST_LIMIT]),
        open=list(base.filter(starts_at__lte=now, ends_at__gt=now).order_by("ends_at", "id")),
        past=list(base.filter(ends_at__lte=now).order_by("-ends_at", "-id")[:PAST_LIMIT]),
    )
