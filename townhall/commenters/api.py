"""/api/v1/comments/moderation: the queue of visitor comments waiting for a decision.

The same queue and the same decisions as the /comments/moderation/ page: an article's author
sees the comments on their own articles, moderators see all. A visitor's email address and
IP address appear here because only those people may see them (townhall.access.commenters).
"""

from datetime import datetime
from typing import Literal

from ninja import Router, Schema

from townhall.access.commenters import get_moderatable_comment_or_404
from townhall.api.auth import require_scope
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.blogs.models import ArticleComment
from townhall.commenters import actions, selectors

router = Router(tags=["commenters"])


class PendingOut(Schema):
    id: int
    article_id: int
    article_title: str
    body: str
    name: str
    email: str
    website: str
    ip_address: str | None
    signed_in_externally: bool
    created_at: datetime
    status: str


class DecisionIn(Schema):
    decision: Literal["approved", "rejected", "spam"]


def _present(comment: ArticleComment) -> dict:
    return {
        "id": comment.pk,
        "article_id": comment.article_id,
        "article_title": comment.article.title,
        "body": comment.body,
        "name": comment.visitor_name or (comment.author.display_name if comment.author else ""),
        "email": comment.visitor_email,
        "website": comment.visitor_website,
        "ip_address": comment.ip_address,
        "signed_in_externally": comment.author_id is not None,
        "created_at": comment.created_at,
        "status": comment.status,
    }


@router.get(
    "/comments/moderation",
    response={200: list[PendingOut], 401: Error},
    summary="Visitor comments waiting for my decision",
)
def queue(request):
    return [_present(c) for c in selectors.moderation_queue(request.auth)]


@router.post(
    "/comments/{id:comment_id}/moderation",
    response={200: PendingOut, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut},
    summary="Approve, reject or mark a visitor comment as spam",
)
def decide(request, comment_id: int, body: DecisionIn):
    require_scope(request, "write")
    comment = get_moderatable_comment_or_404(request.auth, pk=comment_id)
    comment = actions.moderate_comment(actor=request.auth, comment=comment, status=body.decision)
    return _present(comment)
