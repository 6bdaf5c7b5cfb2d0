"""Reads of articles and their comments, already filtered by townhall.access.articles.

Lists are newest first by (published_at, id) with a keyset cursor (townhall.core.cursors),
never OFFSET; each page costs a fixed number of queries: the articles with author and
group, and their visible comment counts.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from townhall.access.ama import visible_ama_questions
from townhall.access.articles import visible_article_comments, visible_articles
from townhall.access.posts import visible_comments
from townhall.accounts.models import User
from townhall.ama.models import AmaQuestion
from townhall.blogs.models import Article, ArticleComment
from townhall.core import cursors
from townhall.posts.models import Comment

MAX_LIMIT = 100


@dataclass
class ArticlePage:
    items: list[Article]  # each with `comment_count`
    next_cursor: str | None


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    position = cursors.unpack(cursor, datetime, int)
    if position is None:
        raise ValidationError(_("This page link is not valid."), code="cursor")
    return position


def _comment_counts(actor, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = (
        visible_article_comments(actor, ArticleComment.objects.filter(article_id__in=ids))
        .filter(status=ArticleComment.Status.APPROVED)
        .values("article_id")
        .annotate(n=Count("id"))
        .values_list("article_id", "n")
    )
    return dict(rows)


def published_page(
    actor,
    queryset: QuerySet[Article] | None = None,
    after_cursor: str | None = None,
    limit: int = 20,
) -> ArticlePage:
    """Published articles of `queryset` the actor may read, newest first (two queries)."""
    limit = max(1, min(limit, MAX_LIMIT))
    articles = (
        visible_articles(actor, queryset)
        .filter(status=Article.Status.PUBLISHED)
        .select_related("author", "group")
    )
    if after_cursor:
        published_at, pk = decode_cursor(after_cursor)
        articles = articles.filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
        )
    rows = list(articles.order_by("-published_at", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = cursors.pack([last.published_at, last.pk])
    rows = rows[:limit]
    counts = _comment_counts(actor, [a.pk for a in rows])
    for article in rows:
        article.comment_count = counts.get(article.pk, 0)
    return ArticlePage(items=rows, next_cursor=next_cursor)


def unpublished_of(actor) -> list[Article]:
    """The actor's own drafts, scheduled and unpublished articles, most recent first."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        visible_articles(actor, Article.objects.filter(author=actor))
        .exclude(status=Article.Status.PUBLISHED)
        .select_related("group")
        .order_by("-created_at", "-id")
    )


def article_comments(actor, article: Article) -> list[ArticleComment]:
    """The comments on `article` the actor may see, oldest first, with their authors."""
    return list(
        visible_article_comments(actor, ArticleComment.objects.filter(article=article))
        .exclude(status__in=(ArticleComment.Status.REJECTED, ArticleComment.Status.SPAM))
        .select_related("author")
        .order_by("created_at", "id")
    )


# --- the Leadership page ----------------------------------------------------------------


def leaders(queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    queryset = User.objects.all() if queryset is None else queryset
    return queryset.filter(role=User.Role.LEADER, is_active=True).order_by("display_name", "id")


@dataclass
class Leadership:
    leaders: list[User]
    articles: list[Article]
    comments: list[Comment]  # leaders' recent comments on posts (answers in discussions)
    article_comments: list[ArticleComment]
    ama_answers: list[AmaQuestion]  # leaders' answers in their ask-me-anything sessions


def leadership(actor, limit: int = 20) -> Leadership:
    """Leaders, their latest articles and their latest comments the actor may see."""
    people = list(leaders())
    ids = [p.pk for p in people]
    articles = published_page(actor, Article.objects.filter(author_id__in=ids), limit=limit)
    comments = list(
        visible_comments(actor, Comment.objects.filter(author_id__in=ids))
        .select_related("author", "post", "post__author")
        .order_by("-created_at", "-id")[:limit]
    )
    on_articles = list(
        visible_article_comments(actor, ArticleComment.objects.filter(author_id__in=ids))
        .filter(status=ArticleComment.Status.APPROVED)
        .select_related("author", "article", "article__author")
        .order_by("-created_at", "-id")[:limit]
    )
    answered = list(
        visible_ama_questions(actor, AmaQuestion.objects.filter(session__host_id__in=ids))
        .filter(answered_at__isnull=False)
        .select_related("session", "session__host")
        .order_by("-answered_at", "-id")[:limit]
    )
    return Leadership(
        leaders=people,
        articles=articles.items,
        comments=comments,
        article_comments=on_articles,
        ama_answers=answered,
    )
