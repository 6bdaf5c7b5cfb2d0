"""Who may see, write and comment on articles (townhall.blogs).

The rules (docs/blogs.md and docs/permissions.md have the table):

- A *published* article (status published, not deleted) is visible by audience:
  *public*: to anyone, signed in or not (this is the one thing in Townhall an anonymous
  visitor may read); *organisation*: to every active person; *group*: to whoever may read
  inside the group (townhall.access.groups: public group -> every active person,
  private/secret -> its members), exactly as for posts in that group.
- A draft, scheduled or unpublished article is visible to its author only. Admins and
  moderators get no sight of other people's unpublished writing (as with private groups:
  administrators do not read what was not shared with them).
- The author always sees their own (not deleted) articles, also after leaving the group.
- An article a moderator hid (townhall.moderation) is invisible to everyone, its author
  included, on every path; so is a comment on an article (a member's or a visitor's) that
  a moderator hid, and every comment on a hidden article.
- Deactivated people see what an anonymous visitor sees: public articles only.
- An external guest (townhall.access.roles.is_guest) sees public articles and those of
  their own groups, never an organisation-wide one; they write only to their groups.
- Writing: every active person writes articles. The audience must be allowed: a group
  they may post in; the organisation; *public* only for those `can_publish_publicly`
  names (the admin's blog setting: leaders (default), leaders and admins, or everyone).
- Editing, publishing, scheduling: the author, while the article's group (if any) is not
  archived. Unpublishing: the author, or a moderator (taking an article down). Deleting:
  the author or an organisation admin. Edit history: the author and moderators who see it.
- Comments: an approved comment is visible to whoever sees its article. Any other status
  (pending, rejected, spam) only to the article's author and to moderators who see the
  article. A visitor's email address only to those same people.
- Members comment on a published article they can see (not in an archived group), edit
  their own comments, and delete their own; the article's author and moderators delete
  any comment on it.

Each visibility rule is a pair (object check + queryset filter), tested as a pair in
townhall/access/tests/test_article_matrix.py. `get_*_or_404` answers 404 for forbidden
and missing alike.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.groups import can_post_in_group, can_read_group_content, readable_group_filter
from townhall.access.moderation import is_hidden, known_not_hidden, not_hidden
from townhall.access.roles import (
    is_active_member,
    is_admin,
    is_leader,
    is_moderator,
    sees_organisation,
)
from townhall.blogs.models import Article, ArticleComment, ArticleImage, BlogSettings
from townhall.groups.models import Group

PUBLISHED = Article.Status.PUBLISHED
Audience = Article.Audience


# --- articles -------------------------------------------------------------------------


def _is_author(actor, article: Article) -> bool:
    return is_active_member(actor) and article.author_id == actor.pk


def can_view_article(actor, article: Article) -> bool:
    if article.deleted_at is not None or is_hidden("article", article):
        return False
    if _is_author(actor, article):
        return True
    if article.status != PUBLISHED:
        return False
    if article.audience == Audience.PUBLIC:
        return True
    if not is_active_member(actor):
        return False
    if article.audience == Audience.ORGANISATION:
        return sees_organisation(actor)
    return article.group_id is not None and can_read_group_content(actor, article.group)


def visible_articles(actor, queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    queryset = Article.objects.all() if queryset is None else queryset
    queryset = queryset.filter(Q(deleted_at__isnull=True) & not_hidden("article"))
    public = Q(status=PUBLISHED, audience=Audience.PUBLIC)
    if not is_active_member(actor):
        return queryset.filter(public)
    audiences = (Audience.PUBLIC, Audience.ORGANISATION)
    if not sees_organisation(actor):  # an external guest
        audiences = (Audience.PUBLIC,)
    published = Q(status=PUBLISHED) & (
        Q(audience__in=audiences) | (Q(audience=Audience.GROUP) & readable_group_filter(actor))
    )
    return queryset.filter(published | Q(author=actor))


def public_articles(queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """What the whole internet may read (the public Atom feeds): `visible_articles(None)`."""
    return visible_articles(None, queryset)


def get_article_or_404(actor, **lookup) -> Article:
    article = visible_articles(actor).select_related("author", "group").filter(**lookup).first()
    if article is None:
        raise Http404
    known_not_hidden("article", article)
    return article


def _is_frozen(article: Article) -> bool:
    return article.group_id is not None and article.group.is_archived


def can_view_leadership(actor) -> bool:
    """The Leadership page (the organisation's leaders and what they wrote): members of
    the organisation, not external guests."""
    return sees_organisation(actor)


def can_write_articles(actor) -> bool:
    return is_active_member(actor)


def blog_settings() -> BlogSettings:
    settings, _ = BlogSettings.objects.get_or_create(pk=1)
    return settings


def can_publish_publicly(actor, settings: BlogSettings | None = None) -> bool:
    """The admin's blog setting decides: leaders (default), leaders and admins, or everyone
    (never an external guest)."""
    if not sees_organisation(actor):
        return False
    who = (settings or blog_settings()).public_publishers
    if who == BlogSettings.PublicPublishers.EVERYONE:
        return True
    if who == BlogSettings.PublicPublishers.LEADERS_AND_ADMINS and is_admin(actor):
        return True
    return is_leader(actor)


def can_use_audience(actor, audience: str, group: Group | None) -> bool:
    """May the actor publish to this audience (group: the group for a group audience)?"""
    if audience == Audience.ORGANISATION:
        return group is None and sees_organisation(actor)
    if audience == Audience.PUBLIC:
        return group is None and can_publish_publicly(actor)
    if audience == Audience.GROUP:
        return group is not None and can_post_in_group(actor, group)
    return False


def can_edit_article(actor, article: Article) -> bool:
    return article.deleted_at is None and _is_author(actor, article) and not _is_frozen(article)


def can_publish_article(actor, article: Article) -> bool:
    """Publish or schedule: the author, to an audience they may still use."""
    return can_edit_article(actor, article) and can_use_audience(
        actor, article.audience, article.group
    )


def can_unpublish_article(actor, article: Article) -> bool:
    if not can_view_article(actor, article) or article.status == Article.Status.DRAFT:
        return False
    if article.status == Article.Status.UNPUBLISHED:
        return False
    return _is_author(actor, article) or (article.status == PUBLISHED and is_moderator(actor))


def can_delete_article(actor, article: Article) -> bool:
    return can_view_article(actor, article) and (_is_author(actor, article) or is_admin(actor))


def can_view_article_history(actor, article: Article) -> bool:
    return can_view_article(actor, article) and (_is_author(actor, article) or is_moderator(actor))


# --- images ---------------------------------------------------------------------------


def can_view_article_image(actor, image: ArticleImage) -> bool:
    return can_view_article(actor, image.article)


def visible_article_images(
    actor, queryset: QuerySet[ArticleImage] | None = None
) -> QuerySet[ArticleImage]:
    queryset = ArticleImage.objects.all() if queryset is None else queryset
    return queryset.filter(article__in=visible_articles(actor).values("pk"))


# --- comments -------------------------------------------------------------------------


def moderates_article(actor, article: Article) -> bool:
    """Sees every comment on it, whatever its status, and the visitors' email addresses."""
    return can_view_article(actor, article) and (_is_author(actor, article) or is_moderator(actor))


def can_view_article_comment(actor, comment: ArticleComment) -> bool:
    if comment.deleted_at is not None or not can_view_article(actor, comment.article):
        return False
    if is_hidden("article_comment", comment):
        return False
    if comment.status == ArticleComment.Status.APPROVED:
        return True
    return moderates_article(actor, comment.article)


def visible_article_comments(
    actor, queryset: QuerySet[ArticleComment] | None = None
) -> QuerySet[ArticleComment]:
    queryset = ArticleComment.objects.all() if queryset is None else queryset
    queryset = queryset.filter(
        Q(deleted_at__isnull=True, article__in=visible_articles(actor).values("pk"))
        & not_hidden("article_comment")
    )
    approved = Q(status=ArticleComment.Status.APPROVED)
    if is_moderator(actor):
        return queryset
    if is_active_member(actor):
        return queryset.filter(approved | Q(article__author=actor))
    return queryset.filter(approved)


def get_article_comment_or_404(actor, **lookup) -> ArticleComment:
    comment = (
        visible_article_comments(actor)
        .select_related("author", "article", "article__author", "article__group")
        .filter(**lookup)
        .first()
    )
    if comment is None:
        raise Http404
    known_not_hidden("article_comment", comment)
    known_not_hidden("article", comment.article)
    return comment


def can_view_visitor_email(actor, comment: ArticleComment) -> bool:
    return moderates_article(actor, comment.article)


def can_comment_on_article(actor, article: Article) -> bool:
    """Members (signed in): a published article they can see, not in an archived group.
    Visitors' comments on public articles are townhall.commenters' business."""
    return (
        is_active_member(actor)
        and article.status == PUBLISHED
        and can_view_article(actor, article)
        and not _is_frozen(article)
    )


def can_edit_article_comment(actor, comment: ArticleComment) -> bool:
    return (
        comment.author_id is not None
        and _is_author_of_comment(actor, comment)
        and can_view_article_comment(actor, comment)
        and not _is_frozen(comment.article)
    )


def _is_author_of_comment(actor, comment: ArticleComment) -> bool:
    return is_active_member(actor) and comment.author_id == actor.pk


def can_delete_article_comment(actor, comment: ArticleComment) -> bool:
    if not can_view_article_comment(actor, comment):
        return False
    return _is_author_of_comment(actor, comment) or moderates_article(actor, comment.article)


def can_view_article_comment_history(actor, comment: ArticleComment) -> bool:
    return can_view_article_comment(actor, comment) and (
        _is_author_of_comment(actor, comment) or is_moderator(actor)
    )


# --- blog settings --------------------------------------------------------------------


def can_change_blog_settings(actor) -> bool:
    return is_admin(actor)


__all__ = [
    "blog_settings",
    "can_change_blog_settings",
    "can_comment_on_article",
    "can_delete_article",
    "can_delete_article_comment",
    "can_edit_article",
    "can_edit_article_comment",
    "can_publish_article",
    "can_publish_publicly",
    "can_unpublish_article",
    "can_use_audience",
    "can_view_article",
    "can_view_article_comment",
    "can_view_article_comment_history",
    "can_view_article_history",
    "can_view_article_image",
    "can_view_visitor_email",
    "can_write_articles",
    "get_article_comment_or_404",
    "get_article_or_404",
    "moderates_article",
    "public_articles",
    "visible_article_comments",
    "visible_article_images",
    "visible_articles",
]
