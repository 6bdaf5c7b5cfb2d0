"""/api/v1/questions: ask, list (open ones), read, accept an answer, take it back.

A question is a post (its `post` here is exactly what /api/v1/posts/{id} answers); its
answers are the post's comments (/api/v1/posts/{post_id}/comments). Thin routes: access
through townhall.access.questions, writes through townhall.questions.actions.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from townhall.access.groups import visible_groups
from townhall.access.questions import get_question_or_404
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.idempotency import run_once
from townhall.api.pagination import BIGINT, PageParams
from townhall.api.post_schemas import PostOut
from townhall.api.schemas import Error, Text, ValidationErrorOut
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page
from townhall.questions import actions, selectors
from townhall.questions.selectors import question_of

router = Router(tags=["questions"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}


class QuestionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: Text = Field(..., description="Markdown, 1 to 10,000 characters")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="a group you belong to")


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment_id: int = Field(..., ge=1, le=BIGINT, description="a top-level comment on it")


class QuestionOut(Schema):
    id: int
    post_id: int
    answered: bool = Field(..., description="an accepted answer exists")
    accepted_comment_id: int | None = Field(..., description="the accepted answer, or null")
    accepted_at: datetime | None
    accepted_by_id: int | None = Field(..., description="who accepted it: asker or moderator")
    post: PostOut


class QuestionPage(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


class QuestionParams(PageParams):
    unanswered: bool = Field(False, description="only questions without an accepted answer")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="only this group's")


def _json(request, item) -> dict:
    question = question_of(item.post)
    answered = question.is_answered
    return {
        "id": question.pk,
        "post_id": item.post.pk,
        "answered": answered,
        "accepted_comment_id": question.accepted_comment_id if answered else None,
        "accepted_at": question.accepted_at if answered else None,
        "accepted_by_id": question.accepted_by_id if answered else None,
        "post": present.post(request, item),
    }


def question_json(request, post_id: int) -> dict:
    page = feed_page(request.auth, Post.objects.filter(pk=post_id), None, 1)
    if not page.items:
        raise Http404
    return present.as_json(QuestionOut, _json(request, page.items[0]))


@router.post("/questions", response={201: QuestionOut, **WRITE}, summary="Ask a question")
def create_question(request, data: QuestionIn):
    """A post that is a question, to the organisation or (`group_id`) a group you belong
    to. Send an `Idempotency-Key` header to make retries safe."""
    require_scope(request, "write")
    actor = request.auth
    group = None
    if data.group_id is not None:
        group = visible_groups(actor).filter(pk=data.group_id).first()
        if group is None:
            raise ValidationError({"group_id": [_("There is no group with this id.")]})

    def create():
        with action_errors(text="body"):
            question = actions.create_question(actor=actor, body=data.body, group=group)
        return 201, question_json(request, question.post_id)

    return run_once(request, create)


@router.get(
    "/questions",
    response={200: QuestionPage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="Questions, newest first (open ones with unanswered=true)",
)
def list_questions(request, params: Query[QuestionParams]):
    """Every question you may see; `unanswered=true` keeps those without an accepted
    answer, `group_id` one group's. Cursor pages."""
    actor = request.auth
    group = None
    if params.group_id is not None:
        group = visible_groups(actor).filter(pk=params.group_id).first()
        if group is None:
            raise Http404
    if params.unanswered:
        posts = selectors.unanswered_posts(group)
    else:
        posts = Post.objects.filter(question__isnull=False)
        posts = posts if group is None else posts.filter(group=group)
    if params.cursor is not None:
        present.check_feed_cursor(params.cursor)
    page = feed_page(actor, posts, params.cursor, params.limit)
    return {
        "items": [_json(request, item) for item in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/questions/{id:question_id}", response={200: QuestionOut, **READ}, summary="One")
def get_question(request, question_id: int):
    question = get_question_or_404(request.auth, pk=question_id)
    return question_json(request, question.post_id)


@router.post(
    "/questions/{id:question_id}/accept",
    response={200: QuestionOut, **WRITE},
    summary="Accept an answer",
)
def accept_answer(request, question_id: int, data: AcceptIn):
    """The asker, a moderator or an admin of the question's group. Replaces an earlier
    accepted answer; the answer's author hears of it (event question.answer_accepted)."""
    require_scope(request, "write")
    question = get_question_or_404(request.auth, pk=question_id)
    with action_errors(answer="comment_id"):
        actions.accept_answer(actor=request.auth, question=question, comment=data.comment_id)
    return question_json(request, question.post_id)


@router.delete(
    "/questions/{id:question_id}/accept",
    response={200: QuestionOut, **WRITE},
    summary="Take the acceptance back",
)
def unaccept_answer(request, question_id: int):
    require_scope(request, "write")
    question = get_question_or_404(request.auth, pk=question_id)
    with action_errors():
        actions.unaccept_answer(actor=request.auth, question=question)
    return question_json(request, question.post_id)
