"""Keep SearchDocument rows in step with posts and comments. Safe to run twice.

A post's row carries its group, so moving a post re-indexes its comments too. Deleted posts
and comments lose their rows (and a deleted post its comments' rows). Visibility is never
decided here: results are filtered through townhall.access when someone searches.
"""

from townhall.posts.models import Comment, Post
from townhall.search.models import SearchDocument
from townhall.search.text import document_text

Kind = SearchDocument.Kind


def _upsert(kind: str, object_id: int, **values) -> None:
    SearchDocument.objects.update_or_create(kind=kind, object_id=object_id, defaults=values)


def _index_comment(comment: Comment, group_id: int | None) -> None:
    if comment.deleted_at is not None:
        SearchDocument.objects.filter(kind=Kind.COMMENT, object_id=comment.pk).delete()
        return
    _upsert(
        Kind.COMMENT,
        comment.pk,
        post_id=comment.post_id,
        author_id=comment.author_id,
        group_id=group_id,
        text=document_text(comment.body),
        created_at=comment.created_at,
    )


def index_post(post_id: int) -> None:
    post = Post.objects.filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        SearchDocument.objects.filter(post_id=post_id).delete()
        return
    _upsert(
        Kind.POST,
        post.pk,
        post_id=post.pk,
        author_id=post.author_id,
        group_id=post.group_id,
        text=document_text(post.body),
        created_at=post.created_at,
    )
    for comment in Comment.objects.filter(post=post):
        _index_comment(comment, post.group_id)


def index_comment(comment_id: int) -> None:
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:
        SearchDocument.objects.filter(kind=Kind.COMMENT, object_id=comment_id).delete()
        return
    _index_comment(comment, comment.post.group_id)


def reindex_all(progress=None) -> int:
    """Rebuild every row; `progress(done, total)` is called as posts are indexed."""
    post_ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    SearchDocument.objects.exclude(post_id__in=Post.objects.values("pk")).delete()
    for done, post_id in enumerate(post_ids, start=1):
        index_post(post_id)
        if progress is not None:
            progress(done, len(post_ids))
    return len(post_ids)
