"""Who may see, download, attach and delete attachments (files, pictures, link cards).

The rules (docs/files.md has the table):

- An attached file is exactly as visible as what carries it: a post's attachment is
  visible to whoever `access.posts` lets see the post, a comment's to whoever may see the
  comment. A removed (deleted post/comment, or a removed card) is visible to nobody.
- A blog article's attachment is exactly as visible as the article (`access.articles`):
  a PUBLIC published article's files and pictures are readable by anyone on the internet,
  signed in or not (the one case where an anonymous visitor may fetch a file); a group
  article's files only by those who may read in the group.
- A pending upload (not yet posted) is visible to its uploader only.
- Every URL of a file (download, display size, thumbnail, gallery, signed S3 URL) goes
  through `get_attachment_or_404`: forbidden and missing are the same 404.
- Attaching: the uploader attaches their own pending uploads to a post, comment or article
  they may edit (access.posts.can_edit_post / can_edit_comment,
  access.articles.can_edit_article).
- Deleting an attachment or removing a link card: whoever may edit the post, comment or
  article (its author); a pending upload: its uploader.
- The limits (largest file, files per post, retention): organisation admins.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.articles import can_edit_article, can_view_article, visible_articles
from townhall.access.posts import (
    can_edit_comment,
    can_edit_post,
    can_view_comment,
    can_view_post,
    visible_comments,
    visible_posts,
)
from townhall.access.roles import is_active_member, is_admin
from townhall.blogs.models import Article
from townhall.files.models import Attachment
from townhall.posts.models import Comment


def can_view_attachment(actor, attachment: Attachment) -> bool:
    if attachment.state == Attachment.State.REMOVED:
        return False
    if attachment.article_id is not None:  # the article's rule, anonymous visitors included
        return can_view_article(actor, attachment.article)
    if not is_active_member(actor):
        return False
    if attachment.post_id is not None:
        return can_view_post(actor, attachment.post)
    if attachment.comment_id is not None:
        return can_view_comment(actor, attachment.comment)
    return attachment.uploader_id == actor.pk


def visible_attachments(actor, queryset: QuerySet[Attachment] | None = None):
    queryset = Attachment.objects.all() if queryset is None else queryset
    queryset = queryset.exclude(state=Attachment.State.REMOVED)
    in_articles = Q(article__in=visible_articles(actor).values("pk"))
    if not is_active_member(actor):
        return queryset.filter(in_articles)
    return queryset.filter(
        Q(post__in=visible_posts(actor).values("pk"))
        | Q(comment__in=visible_comments(actor).values("pk"))
        | in_articles
        | Q(post__isnull=True, comment__isnull=True, article__isnull=True, uploader=actor)
    )


def get_attachment_or_404(actor, **lookup) -> Attachment:
    attachment = (
        Attachment.objects.select_related(
            "post", "post__group", "comment", "comment__post", "comment__post__group"
        )
        .select_related("article", "article__group")
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
    if attachment.article_id is not None:
        return can_edit_article(actor, attachment.article)
    return attachment.uploader_id == actor.pk


def can_attach_to(actor, target) -> bool:
    """May the actor add files to this post, comment or article?"""
    if isinstance(target, Article):
        return can_edit_article(actor, target)
    if isinstance(target, Comment):
        return can_edit_comment(actor, target)
    return can_edit_post(actor, target)


def can_change_file_limits(actor) -> bool:
    """The admin area's Files page: largest file, files per post, retention."""
    return is_admin(actor)


__all__ = [
    "can_attach_to",
    "can_change_file_limits",
    "can_change_attachment",
    "can_view_attachment",
    "get_attachment_or_404",
    "visible_attachments",
]
