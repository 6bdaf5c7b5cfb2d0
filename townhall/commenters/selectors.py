"""Reads for visitor comments, always through townhall.access."""

from allauth.socialaccount.models import SocialApp
from django.db.models import QuerySet

from townhall.access.articles import visible_article_comments
from townhall.access.commenters import moderatable_comments
from townhall.blogs.models import Article, ArticleComment
from townhall.commenters.models import CommenterBlock
from townhall.identity.providers import commenter_apps

QUEUE_SIZE = 50


def approved_comments(actor, article: Article) -> QuerySet[ArticleComment]:
    return (
        visible_article_comments(actor)
        .filter(article=article, status=ArticleComment.Status.APPROVED)
        .select_related("author")
        .order_by("created_at", "id")
    )


def moderation_queue(actor, *, limit: int = QUEUE_SIZE) -> list[ArticleComment]:
    """The oldest comments waiting for this person's decision (the queue drains from the top)."""
    return list(
        moderatable_comments(actor)
        .filter(status=ArticleComment.Status.PENDING)
        .select_related("article", "author")
        .order_by("created_at", "id")[:limit]
    )


def blocks() -> QuerySet[CommenterBlock]:
    return CommenterBlock.objects.select_related("created_by")


def sign_in_providers() -> list[SocialApp]:
    """Commenter providers only: member single sign-on apps (townhall.identity) are not."""
    return list(commenter_apps(SocialApp.objects.order_by("name", "id")))
