"""Keep SearchDocument rows in step with posts, comments, articles and members' article
comments. Every function takes an id, reads the object as it is now, and is safe to run
twice (upsert, or delete when the object is gone).

A row carries its group, so moving a post (or changing an article's audience) re-indexes
its comments too. Deleted objects lose their rows, a deleted post or article its
comments' rows as well. Visibility is never decided here: drafts and unpublished articles
are indexed like the rest and results are filtered through townhall.access when someone
searches, so publishing, unpublishing, joining, leaving or a group changing kind needs no
re-indexing. Visitors' article comments (townhall.commenters) are not indexed, and neither
are AMA questions (their askers may be anonymous, docs/ama.md).
"""

from django.db import connection, transaction

from townhall.blogs.models import Article, ArticleComment
from townhall.posts.models import Comment, Post
from townhall.search.models import SearchDocument
from townhall.search.text import document_text, plain_text

Kind = SearchDocument.Kind


def _upsert(kind: str, object_id: int, **values) -> None:
    SearchDocument.objects.update_or_create(kind=kind, object_id=object_id, defaults=values)


def _drop(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def readable_text(thing) -> str:
    """The text a reader sees (rendered Markdown without markup); what is indexed and what
    snippets are cut from."""
    return plain_text(thing.body_html) if thing.body_html else thing.body


# --- posts and their comments ---------------------------------------------------------


def _index_comment(comment: Comment, group_id: int | None) -> None:
    if comment.deleted_at is not None:
        _drop(Kind.COMMENT, comment.pk)
        return
    _upsert(
        Kind.COMMENT,
        comment.pk,
        post_id=comment.post_id,
        author_id=comment.author_id,
        group_id=group_id,
        text=document_text(readable_text(comment)),
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
        text=document_text(readable_text(post)),
        created_at=post.created_at,
    )
    for comment in Comment.objects.filter(post=post):
        _index_comment(comment, post.group_id)


def index_comment(comment_id: int) -> None:
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:
        _drop(Kind.COMMENT, comment_id)
        return
    _index_comment(comment, comment.post.group_id)


# --- articles and members' comments on them -------------------------------------------


def _index_article_comment(comment: ArticleComment, article: Article) -> None:
    if comment.deleted_at is not None or comment.author_id is None:
        _drop(Kind.ARTICLE_COMMENT, comment.pk)
        return
    _upsert(
        Kind.ARTICLE_COMMENT,
        comment.pk,
        article_id=article.pk,
        author_id=comment.author_id,
        group_id=article.group_id,
        text=document_text(readable_text(comment)),
        created_at=comment.created_at,
    )


def index_article(article_id: int) -> None:
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.deleted_at is not None:
        SearchDocument.objects.filter(article_id=article_id).delete()
        return
    _upsert(
        Kind.ARTICLE,
        article.pk,
        article_id=article.pk,
        author_id=article.author_id,
        group_id=article.group_id,
        title=document_text(article.title),
        text=document_text(article.summary, readable_text(article)),
        created_at=article.published_at or article.created_at,
    )
    for comment in ArticleComment.objects.filter(article=article):
        _index_article_comment(comment, article)


def index_article_comment(comment_id: int) -> None:
    comment = ArticleComment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        _drop(Kind.ARTICLE_COMMENT, comment_id)
        return
    _index_article_comment(comment, comment.article)


# --- everything -----------------------------------------------------------------------


BATCH = 2_000  # posts per transaction when rebuilding


def _plain(body: str, body_html: str) -> str:
    return plain_text(body_html) if body_html else body


def _post_batch(post_ids: list[int]) -> None:
    """Rebuild the rows of these posts and their comments in one transaction: their old
    rows deleted, the new ones written with one bulk insert (the engine's index follows
    through its triggers or generated column)."""
    posts = Post.objects.filter(pk__in=post_ids, deleted_at__isnull=True).values_list(
        "pk", "author_id", "group_id", "body", "body_html", "created_at"
    )
    groups, rows = {}, []
    for pk, author_id, group_id, body, body_html, created_at in posts:
        groups[pk] = group_id
        rows.append(
            SearchDocument(
                kind=Kind.POST,
                object_id=pk,
                post_id=pk,
                author_id=author_id,
                group_id=group_id,
                text=document_text(_plain(body, body_html)),
                created_at=created_at,
            )
        )
    comments = Comment.objects.filter(
        post_id__in=list(groups), deleted_at__isnull=True
    ).values_list("pk", "post_id", "author_id", "body", "body_html", "created_at")
    for pk, post_id, author_id, body, body_html, created_at in comments:
        rows.append(
            SearchDocument(
                kind=Kind.COMMENT,
                object_id=pk,
                post_id=post_id,
                author_id=author_id,
                group_id=groups[post_id],
                text=document_text(_plain(body, body_html)),
                created_at=created_at,
            )
        )
    with transaction.atomic():
        SearchDocument.objects.filter(
            kind__in=(Kind.POST, Kind.COMMENT), post_id__in=post_ids
        ).delete()
        SearchDocument.objects.bulk_create(rows, batch_size=500)


def _refresh_statistics() -> None:
    """After a rebuild: planner statistics for the new rows, and on PostgreSQL the GIN
    index's pending list merged, so the first searches use the indexes (the query plans
    tested in tests/test_query_plans.py assume both)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT gin_clean_pending_list('search_doc_vector'::regclass)")
            cursor.execute("ANALYZE search_searchdocument")
        else:
            cursor.execute("ANALYZE search_searchdocument")


def reindex_all(progress=None) -> int:
    """Rebuild every row: posts with their comments BATCH posts at a time (bulk inserts,
    one transaction per batch), then articles one by one (there are few). `progress(done,
    total)` is called as posts and articles are indexed. Returns how many posts and
    articles there are."""
    SearchDocument.objects.filter(post_id__isnull=False).exclude(
        post_id__in=Post.objects.values("pk")
    ).delete()
    SearchDocument.objects.filter(article_id__isnull=False).exclude(
        article_id__in=Article.objects.values("pk")
    ).delete()
    post_ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    total, done = len(post_ids) + len(article_ids), 0
    for start in range(0, len(post_ids), BATCH):
        batch = post_ids[start : start + BATCH]
        _post_batch(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    for pk in article_ids:
        index_article(pk)
        done += 1
        if progress is not None:
            progress(done, total)
    _refresh_statistics()
    return total
