"""/api/v1/posts and /api/v1/comments: write, read, edit, delete, move, react, history.

Thin routes: find the thing through townhall.access (404 when missing or not visible),
call the action in townhall.posts.actions, answer with townhall.api.present. A thing the
caller can see but may not change is a 403 `forbidden` with the action's reason.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from townhall.access.groups import visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import (
    can_view_comment_history,
    can_view_post_history,
    get_comment_or_404,
    get_post_or_404,
    visible_comments,
    visible_reactions,
)
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.idempotency import run_once
from townhall.api.pagination import PageParams, paginate
from townhall.api.post_schemas import (
    CommentIn,
    CommentOut,
    CommentPage,
    PostEdit,
    PostIn,
    PostMove,
    PostOut,
    ReactionIn,
    ReactionPage,
    ReactionParams,
    ReactionsOut,
    RevisionOut,
)
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.posts import actions
from townhall.posts.models import Comment, CommentRevision, PostRevision, Reaction

router = Router(tags=["posts"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
TEXT_FIELDS = {"text": "body", "kind": "kind", "parent": "parent_id"}


def _forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def _group(actor, group_id: int | None):
    """The group named in a request body (None: the organisation), or a 422 on group_id."""
    if group_id is None:
        return None
    group = visible_groups(actor).filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group_id": [_("There is no group with this id.")]})
    return group


# --- posts ----------------------------------------------------------------------------


@router.post("/posts", response={201: PostOut, **WRITE}, summary="Write a post")
def create_post(request, data: PostIn):
    """To the whole organisation, or with `group_id` to a group you belong to. Send an
    `Idempotency-Key` header to make retries safe (docs/api.md)."""
    require_scope(request, "write")
    actor = request.auth
    group = _group(actor, data.group_id)

    def create():
        with action_errors(**TEXT_FIELDS):
            post = actions.create_post(actor=actor, body=data.body, group=group)
        return 201, present.post_json(request, post.pk)

    return run_once(request, create)


@router.get("/posts/{id:post_id}", response={200: PostOut, **READ}, summary="One post")
def get_post(request, post_id: int):
    return present.post_json(request, post_id)


@router.patch("/posts/{id:post_id}", response={200: PostOut, **WRITE}, summary="Edit a post")
def edit_post(request, post_id: int, data: PostEdit):
    """Only its author; the old text is kept in the post's history."""
    require_scope(request, "write")
    post = get_post_or_404(request.auth, pk=post_id)
    with action_errors(**TEXT_FIELDS):
        actions.edit_post(actor=request.auth, post=post, body=data.body)
    return present.post_json(request, post_id)


@router.delete("/posts/{id:post_id}", response={204: None, **WRITE}, summary="Delete a post")
def delete_post(request, post_id: int):
    """Its author, an admin of its group, or an organisation admin."""
    require_scope(request, "write")
    post = get_post_or_404(request.auth, pk=post_id)
    with action_errors():
        actions.delete_post(actor=request.auth, post=post)
    return Status(204, None)


@router.post("/posts/{id:post_id}/move", response={200: PostOut, **WRITE}, summary="Move a post")
def move_post(request, post_id: int, data: PostMove):
    """To another group (`group_id`) or to the whole organisation (`group_id: null`).
    Its author or a moderator; who may see it changes at once."""
    require_scope(request, "write")
    actor = request.auth
    post = get_post_or_404(actor, pk=post_id)
    group = _group(actor, data.group_id)
    with action_errors():
        actions.move_post(actor=actor, post=post, group=group)
    return present.post_json(request, post_id)


@router.get(
    "/posts/{id:post_id}/history",
    response={200: list[RevisionOut], **READ},
    summary="A post's earlier versions",
)
def post_history(request, post_id: int):
    """Newest first. For the post's author and moderators."""
    post = get_post_or_404(request.auth, pk=post_id)
    if not can_view_post_history(request.auth, post):
        raise _forbidden(_history_message())
    return _revisions(request, PostRevision.objects.filter(post=post))


def _history_message() -> str:
    return _("Only the author and moderators can see the edit history.")


def _revisions(request, revisions) -> list[dict]:
    return [
        {
            "body": revision.body,
            "edited_at": revision.edited_at,
            "editor": present.person(request, revision.editor) if revision.editor else None,
        }
        for revision in revisions.select_related("editor").order_by("-edited_at", "-id")[:100]
    ]


# --- comments -------------------------------------------------------------------------


@router.get(
    "/posts/{id:post_id}/comments",
    response={200: CommentPage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="A post's comments and replies",
)
def list_comments(request, post_id: int, page: Query[PageParams]):
    """Oldest first; a reply has `parent_id` set. Cursor pages."""
    post = get_post_or_404(request.auth, pk=post_id)
    comments = visible_comments(request.auth, Comment.objects.filter(post=post))
    return present.comment_page(request, comments, page.cursor, page.limit)


@router.post(
    "/posts/{id:post_id}/comments",
    response={201: CommentOut, **WRITE},
    summary="Comment on a post, or reply to a comment",
)
def create_comment(request, post_id: int, data: CommentIn):
    """`parent_id` makes it a reply (one level deep: a reply to a reply joins its thread).
    Send an `Idempotency-Key` header to make retries safe."""
    require_scope(request, "write")
    actor = request.auth
    post = get_post_or_404(actor, pk=post_id)
    parent = None
    if data.parent_id is not None:
        parent = visible_comments(actor).filter(pk=data.parent_id).first()
        if parent is None:
            raise ValidationError({"parent_id": [_("There is no comment with this id.")]})

    def create():
        with action_errors(**TEXT_FIELDS):
            comment = actions.create_comment(actor=actor, post=post, body=data.body, parent=parent)
        return 201, present.comment_json(request, get_comment_or_404(actor, pk=comment.pk))

    return run_once(request, create)


@router.get("/comments/{id:comment_id}", response={200: CommentOut, **READ}, summary="One comment")
def get_comment(request, comment_id: int):
    return present.comment_json(request, get_comment_or_404(request.auth, pk=comment_id))


@router.patch(
    "/comments/{id:comment_id}", response={200: CommentOut, **WRITE}, summary="Edit a comment"
)
def edit_comment(request, comment_id: int, data: PostEdit):
    require_scope(request, "write")
    comment = get_comment_or_404(request.auth, pk=comment_id)
    with action_errors(**TEXT_FIELDS):
        actions.edit_comment(actor=request.auth, comment=comment, body=data.body)
    return present.comment_json(request, get_comment_or_404(request.auth, pk=comment_id))


@router.delete(
    "/comments/{id:comment_id}", response={204: None, **WRITE}, summary="Delete a comment"
)
def delete_comment(request, comment_id: int):
    require_scope(request, "write")
    comment = get_comment_or_404(request.auth, pk=comment_id)
    with action_errors():
        actions.delete_comment(actor=request.auth, comment=comment)
    return Status(204, None)


@router.get(
    "/comments/{id:comment_id}/history",
    response={200: list[RevisionOut], **READ},
    summary="A comment's earlier versions",
)
def comment_history(request, comment_id: int):
    comment = get_comment_or_404(request.auth, pk=comment_id)
    if not can_view_comment_history(request.auth, comment):
        raise _forbidden(_history_message())
    return _revisions(request, CommentRevision.objects.filter(comment=comment))


# --- reactions ------------------------------------------------------------------------


def _react(request, target, kind: str, *, add: bool) -> dict:
    require_scope(request, "write")
    with action_errors(kind="kind"):
        if add:
            actions.react(actor=request.auth, target=target, kind=kind)
        else:
            actions.unreact(actor=request.auth, target=target, kind=kind)
    return present.reaction_summary(request.auth, target)


def _who_reacted(request, target, params: ReactionParams) -> dict:
    lookup = {"comment": target} if isinstance(target, Comment) else {"post": target}
    reactions = visible_reactions(request.auth, Reaction.objects.filter(**lookup)).filter(
        user__in=visible_people(request.auth).values("pk")
    )
    if params.kind:
        if params.kind not in Reaction.Kind.values:
            raise ValidationError({"kind": [_unknown_kind()]})
        reactions = reactions.filter(kind=params.kind)
    page = paginate(
        reactions.select_related("user"),
        order=("created_at", "id"),
        cursor=params.cursor,
        limit=params.limit,
    )
    return {
        "items": [
            {"person": present.person(request, r.user), "kind": r.kind, "created_at": r.created_at}
            for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }


def _unknown_kind() -> str:
    return _("Unknown reaction. Choose one of: %(kinds)s.") % {
        "kinds": ", ".join(Reaction.Kind.values)
    }


LIST = {200: ReactionPage, 400: Error, 422: ValidationErrorOut, **READ}


@router.post(
    "/posts/{id:post_id}/reactions", response={200: ReactionsOut, **WRITE}, summary="React"
)
def react_to_post(request, post_id: int, data: ReactionIn):
    """One of each kind per person; reacting twice with a kind changes nothing."""
    return _react(request, get_post_or_404(request.auth, pk=post_id), data.kind, add=True)


@router.delete(
    "/posts/{id:post_id}/reactions/{kind}",
    response={200: ReactionsOut, **WRITE},
    summary="Take back a reaction",
)
def unreact_to_post(request, post_id: int, kind: str):
    return _react(request, get_post_or_404(request.auth, pk=post_id), kind, add=False)


@router.get("/posts/{id:post_id}/reactions", response=LIST, summary="Who reacted to a post")
def post_reactions(request, post_id: int, params: Query[ReactionParams]):
    return _who_reacted(request, get_post_or_404(request.auth, pk=post_id), params)


@router.post(
    "/comments/{id:comment_id}/reactions",
    response={200: ReactionsOut, **WRITE},
    summary="React to a comment",
)
def react_to_comment(request, comment_id: int, data: ReactionIn):
    return _react(request, get_comment_or_404(request.auth, pk=comment_id), data.kind, add=True)


@router.delete(
    "/comments/{id:comment_id}/reactions/{kind}",
    response={200: ReactionsOut, **WRITE},
    summary="Take back a reaction to a comment",
)
def unreact_to_comment(request, comment_id: int, kind: str):
    return _react(request, get_comment_or_404(request.auth, pk=comment_id), kind, add=False)


@router.get(
    "/comments/{id:comment_id}/reactions", response=LIST, summary="Who reacted to a comment"
)
def comment_reactions(request, comment_id: int, params: Query[ReactionParams]):
    return _who_reacted(request, get_comment_or_404(request.auth, pk=comment_id), params)
