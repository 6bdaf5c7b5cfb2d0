"""Who may see, download, attach and delete attachments (files, pictures, link cards).

The rules (docs/files.md has the table):

- An attached file is exactly as visible as what carries it: a post's attachment is
  visible to whoever `access.posts` lets see the post, a comment's to whoever may see the
  comment. A removed (deleted post/comment, or a removed card) is visible to nobody.
- A pending upload (not yet posted) is visible to its uploader only.
- Every URL of a file (download, display size, thumbnail, gallery, signed S3 URL) goes
  through `get_attachment_or_404`: forbidden and missing are the same 404.
- Attaching: the uploader attaches their own pending uploads to a post or comment they may
  edit (townhall.access.posts.can_edit_post / can_edit_comment).
- Deleting an attachment or removing a link card: whoever may edit the post or comment
  (its author); a pending upload: its uploader.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.posts import (
    can_edit_comment,
    can_edit_post,
    can_view_comment,
    can_view_post,
    visible_comments,
    visible_posts,
)
from townhall.access.roles import is_active_member
from townhall.files.models import Attachment
from townhall.posts.models import Comment


def can_view_attachment(actor, attachment: Attachment) -> bool:
    if not is_active_member(actor) or attachment.state == Attachment.State.REMOVED:
        return False
    if attachment.post_id is not None:
        return can_view_post(actor, attachment.post)
    if attachment.comment_id is not None:
        return can_view_comment(actor, attachment.comment)
    return attachment.uploader_id == actor.pk


def visible_attachments(actor, queryset: QuerySet[Attachment] | None = None):
    queryset = Attachment.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.exclude(state=Attachment.State.REMOVED).filter(
        Q(post__in=visible_posts(actor).values("pk"))
        | Q(comment__in=visible_comments(actor).values("pk"))
        | Q(post__isnull=True, comment__isnull=True, uploader=actor)
    )


def get_attachment_or_404(actor, **lookup) -> Attachment:
    attachment = (
        Attachment.objects.select_related(
            "post", "post__group", "comment", "comment__post", "comment__post__group"
        )
        .select_related("comment__parent")
        .filter(**lookup)
        .first()
    )
    if attachment is None or not can_view_attachment(actor, attachment):
        raise Http404
    return attachment


def can_change_attachment(actor, attachment: Attachment) -> bool:
    """Delete it, edit its alt text, or (a link card) remove it."""
    if not can_view_attachment(actor, attachment):
        return False
    if attachment.post_id is not None:
        return can_edit_post(actor, attachment.post)
    if attachment.comment_id is not None:
        return can_edit_comment(actor, attachment.comment)
    return attachment.uploader_id == actor.pk


def can_attach_to(actor, target) -> bool:
    """May the actor add files to this post or comment?"""
    if isinstance(target, Comment):
        return can_edit_comment(actor, target)
    return can_edit_post(actor, target)


__all__ = [
    "can_attach_to",
    "can_change_attachment",
    "can_view_attachment",
    "get_attachment_or_404",
    "visible_attachments",
]
