"""The search index: one row per post, comment, article and member's article comment.

`text` holds the folded words (townhall.search.text). The engine's own index follows the
rows inside the database: on SQLite an FTS5 table kept in step by triggers, on PostgreSQL a
stored, weighted tsvector column with a GIN index (both made in migration 0002). Rows are
written only by townhall.search.indexing; who may see a row is decided at query time by
townhall.access, never here.
"""

from django.db import models


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        POST = "post"
        COMMENT = "comment"
        ARTICLE = "article"
        ARTICLE_COMMENT = "article_comment"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField()
    post_id = models.BigIntegerField(null=True)  # the post itself, or the comment's post
    article_id = models.BigIntegerField(null=True)  # the article, or the comment's article
    author_id = models.BigIntegerField()
    group_id = models.BigIntegerField(null=True)
    title = models.TextField(default="", blank=True)  # an article's title: ranked above text
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="search_doc_newest"),
            models.Index(fields=["post_id"], name="search_doc_post"),
            models.Index(fields=["article_id"], name="search_doc_article"),
            models.Index(fields=["author_id", "-created_at"], name="search_doc_author"),
            models.Index(fields=["group_id", "-created_at"], name="search_doc_group"),
        ]
