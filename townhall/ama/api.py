"""/api/v1/ama/...: sessions, questions, votes and answers (mounted in townhall/api/urls.py).

Thin routes: find the thing through townhall.access.ama (404 when missing or not
visible), call townhall.ama.actions, answer with questions presented by
townhall.ama.selectors.present_questions (the one place that decides whether the asker
is shown). A refused state is a 409 with a stable code: `not_started`, `closed`,
`already_voted`, `not_voted`.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from townhall.access import ama as access
from townhall.access.groups import visible_groups
from townhall.ama import actions, selectors
from townhall.ama.models import AmaSession
from townhall.ama.schemas import (
    AnswerIn,
    QuestionIn,
    QuestionOut,
    QuestionPage,
    QuestionParams,
    SessionIn,
    SessionOut,
    SessionPage,
    SessionParams,
)
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.pagination import paginate
from townhall.api.schemas import Error, ValidationErrorOut

router = Router(tags=["ama"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
STATE_CODES = {"voted": "already_voted"}


def _session_json(request, session: AmaSession) -> dict:
    return {
        "id": session.pk,
        "title": session.title,
        "description": session.description,
        "description_html": session.description_html,
        "host": present.person(request, session.host),
        "group": present.group_summary(session.group),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "state": str(session.state),
        "question_count": session.question_count,
        "created_at": session.created_at,
    }


def _question_json(request, view: selectors.QuestionView) -> dict:
    return {
        "id": view.id,
        "session_id": view.session_id,
        "body": view.body,
        "body_html": view.body_html,
        "anonymous": view.anonymous,
        "asker": present.person(request, view.asker) if view.asker is not None else None,
        "is_mine": view.is_mine,
        "vote_count": view.vote_count,
        "voted": view.voted,
        "answer": view.answer,
        "answer_html": view.answer_html,
        "answered_at": view.answered_at,
        "created_at": view.created_at,
    }


def _one_session(request, session_id: int) -> dict:
    session = selectors.sessions(request.auth).filter(pk=session_id).first()
    if session is None:
        raise ApiError(404, "not_found", _("There is nothing here, or you may not see it."))
    return _session_json(request, session)


def _one_question(request, question) -> dict:
    return _question_json(request, selectors.present_question(request.auth, question))


@contextmanager
def _refused(**fields: str):
    """action_errors, with the ama state codes spelled for API clients."""
    try:
        with action_errors(**fields):
            yield
    except ApiError as refused:
        refused.code = STATE_CODES.get(refused.code, refused.code)
        raise


# --- sessions -------------------------------------------------------------------------


@router.get("/ama/sessions", response={200: SessionPage, 400: Error, **READ}, summary="Sessions")
def list_sessions(request, params: Query[SessionParams]):
    """Newest start first, optionally only `upcoming`, `open` or `closed` ones."""
    queryset = selectors.sessions(request.auth)
    now = timezone.now()
    if params.state == "upcoming":
        queryset = queryset.filter(starts_at__gt=now)
    elif params.state == "open":
        queryset = queryset.filter(starts_at__lte=now, ends_at__gt=now)
    elif params.state == "closed":
        queryset = queryset.filter(ends_at__lte=now)
    page = paginate(queryset, order=("-starts_at", "-id"), cursor=params.cursor, limit=params.limit)
    return {
        "items": [_session_json(request, s) for s in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/ama/sessions", response={201: SessionOut, **WRITE}, summary="Open a session")
def create_session(request, data: SessionIn):
    """Leaders and organisation admins; `group_id` for a group you belong to."""
    require_scope(request, "write")
    actor = request.auth
    group = None
    if data.group_id is not None:
        group = visible_groups(actor).filter(pk=data.group_id).first()
        if group is None:
            raise ValidationError({"group_id": [_("There is no group with this id.")]})
    with _refused():
        session = actions.open_session(
            actor=actor,
            title=data.title,
            description=data.description,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            group=group,
        )
    return Status(201, _one_session(request, session.pk))


@router.get(
    "/ama/sessions/{id:session_id}", response={200: SessionOut, **READ}, summary="A session"
)
def get_session(request, session_id: int):
    return _one_session(request, session_id)


# --- questions ------------------------------------------------------------------------


@router.get(
    "/ama/sessions/{id:session_id}/questions",
    response={200: QuestionPage, 400: Error, **READ},
    summary="A session's questions, most votes first",
)
def list_questions(request, session_id: int, params: Query[QuestionParams]):
    session = access.get_ama_session_or_404(request.auth, pk=session_id)
    page = selectors.question_page(
        request.auth, session, answered=params.answered, cursor=params.cursor, limit=params.limit
    )
    if page is None:
        raise ApiError(
            400,
            "bad_cursor",
            _("This cursor is not valid. Use next_cursor from a previous page, or leave it out."),
        )
    return {
        "items": [_question_json(request, view) for view in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/ama/sessions/{id:session_id}/questions",
    response={201: QuestionOut, **WRITE},
    summary="Ask a question",
)
def ask(request, session_id: int, data: QuestionIn):
    """While the session is open; `anonymous` hides your name from all but moderators."""
    require_scope(request, "write")
    session = access.get_ama_session_or_404(request.auth, pk=session_id)
    with _refused():
        question = actions.ask_question(
            actor=request.auth, session=session, body=data.body, anonymous=data.anonymous
        )
    return Status(201, _one_question(request, question))


@router.get(
    "/ama/questions/{id:question_id}", response={200: QuestionOut, **READ}, summary="A question"
)
def get_question(request, question_id: int):
    return _one_question(request, access.get_ama_question_or_404(request.auth, pk=question_id))


@router.delete(
    "/ama/questions/{id:question_id}", response={204: None, **WRITE}, summary="Delete a question"
)
def delete_question(request, question_id: int):
    """Its asker or a moderator."""
    require_scope(request, "write")
    question = access.get_ama_question_or_404(request.auth, pk=question_id)
    with _refused():
        actions.delete_question(actor=request.auth, question=question)
    return Status(204, None)


@router.post(
    "/ama/questions/{id:question_id}/vote", response={200: QuestionOut, **WRITE}, summary="Upvote"
)
def vote(request, question_id: int):
    """Once per question, not your own, while the session is open."""
    require_scope(request, "write")
    question = access.get_ama_question_or_404(request.auth, pk=question_id)
    with _refused():
        actions.vote(actor=request.auth, question=question)
    return _one_question(request, question)


@router.delete(
    "/ama/questions/{id:question_id}/vote",
    response={200: QuestionOut, **WRITE},
    summary="Take back your vote",
)
def unvote(request, question_id: int):
    require_scope(request, "write")
    question = access.get_ama_question_or_404(request.auth, pk=question_id)
    with _refused():
        actions.unvote(actor=request.auth, question=question)
    return _one_question(request, question)


@router.put(
    "/ama/questions/{id:question_id}/answer",
    response={200: QuestionOut, **WRITE},
    summary="Answer a question (the host)",
)
def answer(request, question_id: int, data: AnswerIn):
    require_scope(request, "write")
    question = access.get_ama_question_or_404(request.auth, pk=question_id)
    with _refused():
        actions.answer_question(actor=request.auth, question=question, answer=data.answer)
    return _one_question(request, question)
