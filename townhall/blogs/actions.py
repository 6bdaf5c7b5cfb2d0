"""Writes to articles, their pictures and their (member) comments.

Keyword-only arguments, the acting person as `actor`, one transaction each, access
re-checked inside (townhall.access.articles). Errors for callers to map:

- ``Http404``: the actor cannot see the article or comment (same as missing);
- ``PermissionDenied``: the actor sees it but may not do this;
- ``ValidationError``: bad input, with a code naming the field where there is one
  (``title``, ``body``, ``summary``, ``audience``, ``group``, ``publish_at``, ``cover``).

An article starts as a draft. `publish_article` publishes it now or, with a future
`publish_at`, schedules it; the periodic job `publish_due_articles` (jobs.py) publishes
scheduled articles when their time comes, re-checking that the author may still use the
audience (if not, the article goes back to draft). Every edit of the title, summary or
text keeps the previous version as an ArticleRevision.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.access import articles as access
from townhall.access.groups import can_view_group
from townhall.accounts.models import User
from townhall.blogs import images
from townhall.blogs.markdown import render_article_markdown
from townhall.blogs.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    Article,
    ArticleComment,
    ArticleCommentRevision,
    ArticleImage,
    ArticleRevision,
    BlogSettings,
)
from townhall.core.markdown import find_references
from townhall.core.tasks import enqueue_after_commit
from townhall.events.outbox import emit
from townhall.groups.models import Group
from townhall.search.tasks import index_article_comment_task, index_article_task

Status = Article.Status
Audience = Article.Audience
MAX_MENTIONS = 50


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _text(value: str, *, field: str, limit: int, required: bool, empty_message: str) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise ValidationError(empty_message, code=field)
    if len(value) > limit:
        raise ValidationError(
            _("This is too long: %(count)s characters, at most %(max)s.")
            % {"count": f"{len(value):,}", "max": f"{limit:,}"},
            code=field,
        )
    return value


def clean_article(*, title: str, summary: str, body: str) -> tuple[str, str, str]:
    title = _text(
        title,
        field="title",
        limit=MAX_TITLE_LENGTH,
        required=True,
        empty_message=_("Give the article a title."),
    )
    title = " ".join(title.split())
    summary = _text(
        summary, field="summary", limit=MAX_SUMMARY_LENGTH, required=False, empty_message=""
    )
    body = _text(
        body,
        field="body",
        limit=MAX_BODY_LENGTH,
        required=True,
        empty_message=_("Write something first: the text is empty."),
    )
    return title, summary, body


def render_body(body: str) -> str:
    """The article's HTML: @mentions of existing, active people become profile links."""
    wanted = set(find_references(body).mentions[:MAX_MENTIONS])
    match = Q()
    for name in wanted:
        match |= Q(username__iexact=name)
    names = (
        [u for u in User.objects.filter(match, is_active=True).values_list("username", flat=True)]
        if wanted
        else []
    )
    return render_article_markdown(body, usernames=names)


def _audience(actor, audience: str, group: Group | None) -> tuple[str, Group | None]:
    if audience not in Audience.values:
        raise ValidationError(_("Choose who may read the article."), code="audience")
    if audience != Audience.GROUP:
        return audience, None
    if group is None:
        raise ValidationError(_("Choose the group the article is for."), code="group")
    current = Group.objects.filter(pk=group.pk).first()
    if current is None or not can_view_group(actor, current):
        raise ValidationError(_("There is no such group."), code="group")
    return audience, current


def _check_audience(actor, audience: str, group: Group | None) -> None:
    if access.can_use_audience(actor, audience, group):
        return
    if audience == Audience.PUBLIC:
        raise ValidationError(
            _("You may not publish articles publicly. An admin decides who may."),
            code="audience",
        )
    raise ValidationError(_("You cannot publish in this group."), code="group")


def _unique_slug(author: User, title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title, allow_unicode=True)[:70].strip("-") or "article"
    taken = set(
        Article.objects.filter(author=author, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _set_cover(article: Article, cover) -> None:
    """Process and store a new cover (the old file goes after commit)."""
    data = images.process_picture(cover)
    old = article.cover_image.name
    article.cover_image.name = images.store_picture(data, "covers")
    if old:
        transaction.on_commit(lambda: images.delete_picture(old))


def _locked(actor, article: Article) -> Article:
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("author", "group")
        .filter(pk=article.pk)
        .first()
    )
    if current is None or not access.can_view_article(actor, current):
        raise Http404
    return current


# --- articles -------------------------------------------------------------------------


@transaction.atomic
def create_article(
    *,
    actor,
    title: str,
    body: str,
    summary: str = "",
    audience: str = Audience.ORGANISATION,
    group: Group | None = None,
    cover=None,
    cover_alt: str = "",
    allow_visitor_comments: bool = False,
) -> Article:
    """A new draft. The audience is checked now (and again when it is published)."""
    _require(access.can_write_articles(actor), _("You cannot write articles."))
    title, summary, body = clean_article(title=title, summary=summary, body=body)
    audience, group = _audience(actor, audience, group)
    _check_audience(actor, audience, group)
    article = Article(
        author=actor,
        title=title,
        slug=_unique_slug(actor, title),
        summary=summary,
        body=body,
        body_html=render_body(body),
        audience=audience,
        group=group,
        cover_alt=cover_alt.strip()[:200],
        allow_visitor_comments=allow_visitor_comments,
    )
    if cover is not None:
        _set_cover(article, cover)
    article.save()
    enqueue_after_commit(index_article_task, article.pk)
    return article


@transaction.atomic
def edit_article(
    *,
    actor,
    article: Article,
    title: str,
    body: str,
    summary: str = "",
    audience: str | None = None,
    group: Group | None = None,
    cover=None,
    remove_cover: bool = False,
    cover_alt: str | None = None,
    allow_visitor_comments: bool | None = None,
) -> Article:
    """Change an article; the previous title, summary and text are kept as a revision.
    `audience=None` keeps the audience (and group) as they are."""
    article = _locked(actor, article)
    _require(access.can_edit_article(actor, article), _("Only the author can edit this article."))
    title, summary, body = clean_article(title=title, summary=summary, body=body)
    if audience is not None:
        audience, group = _audience(actor, audience, group)
        if (audience, group) != (article.audience, article.group):
            _check_audience(actor, audience, group)
            article.audience, article.group = audience, group
    now = timezone.now()
    if (title, summary, body) != (article.title, article.summary, article.body):
        ArticleRevision.objects.create(
            article=article,
            title=article.title,
            summary=article.summary,
            body=article.body,
            edited_at=now,
            editor=actor,
        )
        article.title, article.summary, article.body = title, summary, body
        article.body_html = render_body(body)
        if article.published_at is not None:
            article.edited_at = now
    if cover is not None:
        _set_cover(article, cover)
    elif remove_cover and article.cover_image:
        old = article.cover_image.name
        article.cover_image = ""
        transaction.on_commit(lambda: images.delete_picture(old))
    if cover_alt is not None:
        article.cover_alt = cover_alt.strip()[:200]
    if allow_visitor_comments is not None:
        article.allow_visitor_comments = allow_visitor_comments
    article.save()
    enqueue_after_commit(index_article_task, article.pk)
    return article


def _publish_now(article: Article, *, actor) -> None:
    now = timezone.now()
    article.status = Status.PUBLISHED
    article.publish_at = None
    if article.published_at is None:
        article.published_at = now
    article.save(update_fields=["status", "publish_at", "published_at"])
    enqueue_after_commit(index_article_task, article.pk)
    emit("article.published", actor=actor, subject=article, audience=article.audience)


@transaction.atomic
def publish_article(*, actor, article: Article, publish_at: datetime | None = None) -> Article:
    """Publish now, or (with `publish_at` in the future) schedule it for then."""
    article = _locked(actor, article)
    _require(access.can_edit_article(actor, article), _("Only the author can publish this."))
    _check_audience(actor, article.audience, article.group)
    if publish_at is not None and publish_at > timezone.now():
        if article.status == Status.PUBLISHED:
            raise ValidationError(
                _("This article is already published; unpublish it first to schedule it."),
                code="publish_at",
            )
        article.status = Status.SCHEDULED
        article.publish_at = publish_at
        article.save(update_fields=["status", "publish_at"])
        return article
    if article.status != Status.PUBLISHED:
        _publish_now(article, actor=actor)
    return article


@transaction.atomic
def unpublish_article(*, actor, article: Article) -> Article:
    """Take a published article down (the author, or a moderator), or cancel a schedule."""
    article = _locked(actor, article)
    _require(access.can_unpublish_article(actor, article), _("You cannot unpublish this article."))
    article.status = Status.UNPUBLISHED if article.published_at else Status.DRAFT
    article.publish_at = None
    article.save(update_fields=["status", "publish_at"])
    enqueue_after_commit(index_article_task, article.pk)
    return article


@transaction.atomic
def delete_article(*, actor, article: Article) -> Article:
    article = _locked(actor, article)
    _require(access.can_delete_article(actor, article), _("You cannot delete this article."))
    article.deleted_at = timezone.now()
    article.save(update_fields=["deleted_at"])
    enqueue_after_commit(index_article_task, article.pk)
    return article


def publish_due_articles(*, now: datetime | None = None) -> int:
    """Publish every scheduled article whose time has come; return how many were published.
    Each article in its own transaction; safe to run twice and on many workers at once."""
    now = now or timezone.now()
    published = 0
    due = Article.objects.filter(
        status=Status.SCHEDULED, publish_at__lte=now, deleted_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            article = (
                Article.objects.select_for_update(of=("self",))
                .select_related("author", "group")
                .filter(pk=pk, status=Status.SCHEDULED)
                .first()
            )
            if article is None:
                continue
            author = article.author
            if access.can_publish_article(author, article):
                _publish_now(article, actor=author)
                published += 1
            else:  # the author lost the right to this audience meanwhile: back to draft
                article.status = Status.DRAFT
                article.publish_at = None
                article.save(update_fields=["status", "publish_at"])
    return published


@transaction.atomic
def add_article_image(*, actor, article: Article, upload) -> ArticleImage:
    """Store a picture for the article's text; the caller shows the Markdown to paste."""
    article = _locked(actor, article)
    _require(access.can_edit_article(actor, article), _("Only the author can add pictures."))
    data = images.process_picture(upload)
    name = images.store_picture(data, "article-images")
    return ArticleImage.objects.create(article=article, image=name)


# --- comments -------------------------------------------------------------------------


def clean_comment(body: str) -> str:
    return _text(
        body,
        field="body",
        limit=MAX_COMMENT_LENGTH,
        required=True,
        empty_message=_("Write something first: the text is empty."),
    )


def _locked_comment(actor, comment: ArticleComment) -> ArticleComment:
    current = (
        ArticleComment.objects.select_for_update(of=("self",))
        .select_related("article", "article__author", "article__group")
        .filter(pk=comment.pk)
        .first()
    )
    if current is None or not access.can_view_article_comment(actor, current):
        raise Http404
    return current


@transaction.atomic
def add_article_comment(*, actor, article: Article, body: str) -> ArticleComment:
    """A member's comment: approved at once. The article's author hears of it."""
    article = Article.objects.select_related("group").filter(pk=article.pk).first()
    if article is None or not access.can_view_article(actor, article):
        raise Http404
    _require(access.can_comment_on_article(actor, article), _("You cannot comment here."))
    body = clean_comment(body)
    comment = ArticleComment.objects.create(
        article=article,
        author=actor,
        body=body,
        body_html=render_body(body),
        status=ArticleComment.Status.APPROVED,
    )
    enqueue_after_commit(index_article_comment_task, comment.pk)
    recipients = [] if article.author_id == actor.pk else [article.author_id]
    emit(
        "article_comment.created",
        actor=actor,
        subject=comment,
        recipients=recipients,
        article=article.pk,
    )
    return comment


@transaction.atomic
def edit_article_comment(*, actor, comment: ArticleComment, body: str) -> ArticleComment:
    comment = _locked_comment(actor, comment)
    _require(
        access.can_edit_article_comment(actor, comment),
        _("Only the author can edit this comment."),
    )
    body = clean_comment(body)
    if body == comment.body:
        return comment
    now = timezone.now()
    ArticleCommentRevision.objects.create(
        comment=comment, body=comment.body, edited_at=now, editor=actor
    )
    comment.body, comment.body_html, comment.edited_at = body, render_body(body), now
    comment.save(update_fields=["body", "body_html", "edited_at"])
    enqueue_after_commit(index_article_comment_task, comment.pk)
    return comment


@transaction.atomic
def delete_article_comment(*, actor, comment: ArticleComment) -> ArticleComment:
    comment = _locked_comment(actor, comment)
    _require(
        access.can_delete_article_comment(actor, comment), _("You cannot delete this comment.")
    )
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    enqueue_after_commit(index_article_comment_task, comment.pk)
    return comment


# --- settings -------------------------------------------------------------------------


@transaction.atomic
def set_public_publishers(*, actor, public_publishers: str) -> BlogSettings:
    """Admins decide who may publish articles for the whole internet."""
    _require(access.can_change_blog_settings(actor), _("Only admins change this."))
    if public_publishers not in BlogSettings.PublicPublishers.values:
        raise ValidationError(_("Choose one of the options."), code="public_publishers")
    settings = access.blog_settings()
    settings.public_publishers = public_publishers
    settings.save(update_fields=["public_publishers", "updated_at"])
    return settings
