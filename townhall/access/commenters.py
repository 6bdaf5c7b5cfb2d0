"""Visitor comments on public articles (townhall.commenters): who comments, who moderates.

- A *visitor* (signed out, or signed in with an external account: a commenter identity,
  `roles.is_commenter`) comments on an article that is published, public, not deleted and
  whose author allows visitor comments. Members comment through townhall.blogs instead.
- Who sees a visitor comment is townhall.access.articles' rule: an approved one whoever
  sees the article; a pending, rejected or spam one only the article's author and
  moderators (`moderates_article`). A commenter sees no more than a signed-out visitor.
- The moderation queue (the held comments of the one review queue, /moderation/) holds the
  comments a person moderates: for a moderator every
  comment on an article they see, for an author those on their own articles. They
  approve, reject, mark spam, and block the comment's email address or IP address.
- Lifting a block (the list of blocks): moderators. The commenter settings and the
  sign-in providers: admins.

`can_moderate_comment` and `moderatable_comments` are a pair, tested together in
townhall/access/tests/test_commenter_matrix.py.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.articles import moderates_article, visible_article_comments
from townhall.access.moderation import is_any_moderator
from townhall.access.roles import is_active_member, is_admin, is_moderator
from townhall.blogs.models import Article, ArticleComment


def is_visitor(actor) -> bool:
    """Signed out or a commenter identity: not a member of the organisation."""
    return not is_active_member(actor)


def accepts_visitor_comments(article: Article) -> bool:
    return (
        article.deleted_at is None
        and article.status == Article.Status.PUBLISHED
        and article.audience == Article.Audience.PUBLIC
        and article.allow_visitor_comments
    )


def can_comment_as_visitor(actor, article: Article) -> bool:
    return is_visitor(actor) and accepts_visitor_comments(article)


def visitor_commentable_articles(queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.filter(
        deleted_at__isnull=True,
        status=Article.Status.PUBLISHED,
        audience=Article.Audience.PUBLIC,
        allow_visitor_comments=True,
    )


def get_visitor_commentable_article_or_404(actor, **lookup) -> Article:
    if not is_visitor(actor):
        raise Http404
    article = visitor_commentable_articles().select_related("author").filter(**lookup).first()
    if article is None:
        raise Http404
    return article


def can_moderate_comment(actor, comment: ArticleComment) -> bool:
    return comment.deleted_at is None and moderates_article(actor, comment.article)


def moderatable_comments(
    actor, queryset: QuerySet[ArticleComment] | None = None
) -> QuerySet[ArticleComment]:
    if not is_active_member(actor):
        return ArticleComment.objects.none()
    queryset = visible_article_comments(actor, queryset)
    if is_moderator(actor):
        return queryset
    return queryset.filter(article__author=actor)


def get_moderatable_comment_or_404(actor, **lookup) -> ArticleComment:
    comment = (
        moderatable_comments(actor)
        .select_related("article", "article__author", "article__group", "author")
        .filter(**lookup)
        .first()
    )
    if comment is None:
        raise Http404
    return comment


def can_moderate_anything(actor) -> bool:
    """May open the one review queue (/moderation/): whoever decides on reports
    (townhall.access.moderation.is_any_moderator: moderators, group admins), and an
    article's author who takes visitor comments or has some waiting. Anyone else: 404."""
    if is_any_moderator(actor):
        return True
    if not is_active_member(actor):
        return False
    takes_comments = Q(allow_visitor_comments=True) | Q(
        comments__status=ArticleComment.Status.PENDING, comments__deleted_at__isnull=True
    )
    return (
        Article.objects.filter(author=actor, deleted_at__isnull=True)
        .filter(takes_comments)
        .exists()
    )


def can_manage_blocks(actor) -> bool:
    return is_moderator(actor)


def can_configure_commenters(actor) -> bool:
    return is_admin(actor)
