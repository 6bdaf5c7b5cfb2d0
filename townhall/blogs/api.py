"""/api/v1/articles: list, write, read, edit, publish/schedule, unpublish, delete, comments.

Thin routes: find the article through townhall.access.articles (404 when missing or not
visible), call townhall.blogs.actions, answer with the schemas below. A thing the caller
sees but may not change is a 403 `forbidden` with the action's reason; bad input a 422
naming the field. The API is for signed-in people and tokens; anonymous readers of public
articles use the pages and the Atom feeds.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ValidationError as PydanticError

from townhall.access.articles import (
    can_view_visitor_email,
    get_article_or_404,
    visible_article_comments,
    visible_articles,
)
from townhall.access.groups import visible_groups
from townhall.access.moderation import not_hidden
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.pagination import BIGINT, PageParams, paginate
from townhall.api.post_schemas import GroupSummary, PersonSummary
from townhall.api.schemas import Error, Text, ValidationErrorOut
from townhall.blogs import actions
from townhall.blogs.models import Article, ArticleComment

router = Router(tags=["articles"])

READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
FIELDS = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "audience": "audience",
    "group": "group_id",
    "publish_at": "publish_at",
}


class ArticleOut(Schema):
    id: int
    author: PersonSummary
    title: str
    slug: str
    url: str = Field(..., description="the article's page")
    summary: str
    body: str = Field(..., description="the Markdown as written")
    body_html: str = Field(..., description="sanitised HTML rendered from body")
    cover_url: str | None
    audience: str = Field(..., description="organisation, group or public")
    group: GroupSummary | None
    status: str = Field(..., description="draft, scheduled, published or unpublished")
    publish_at: datetime | None = Field(..., description="when a scheduled article goes out")
    published_at: datetime | None
    created_at: datetime
    edited_at: datetime | None = Field(..., description="null until edited after publishing")
    allow_visitor_comments: bool
    comment_count: int = Field(..., description="approved comments")


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class ArticleIn(Schema):
    title: Text = Field(..., description="at most 200 characters, not empty")
    body: Text = Field(..., description="Markdown, not empty")
    summary: Text = ""
    audience: str = Field("organisation", description="organisation, group or public")
    group_id: int | None = Field(None, ge=1, le=BIGINT, description="for audience group")
    allow_visitor_comments: bool = False


class ArticleEdit(Schema):
    title: Text | None = None
    body: Text | None = None
    summary: Text | None = None
    audience: str | None = Field(None, description="leave out to keep it")
    group_id: int | None = Field(None, ge=1, le=BIGINT)
    allow_visitor_comments: bool | None = None


class PublishIn(Schema):
    publish_at: datetime | None = Field(None, description="in the future: schedule it")


class ArticleListParams(PageParams):
    author: str | None = Field(None, description="only this person's articles (username)")


class ArticleCommentOut(Schema):
    id: int
    article_id: int
    author: PersonSummary | None = Field(..., description="null for a visitor's comment")
    visitor_name: str
    visitor_email: str | None = Field(
        ..., description="only for the article's author and moderators"
    )
    body: str
    body_html: str
    status: str = Field(..., description="approved, pending, rejected or spam")
    created_at: datetime
    edited_at: datetime | None


class ArticleCommentPage(Schema):
    items: list[ArticleCommentOut]
    next_cursor: str | None


class ArticleCommentIn(Schema):
    body: Text


def _with_counts(queryset):
    approved = Q(
        comments__status=ArticleComment.Status.APPROVED, comments__deleted_at__isnull=True
    ) & not_hidden("article_comment", "comments__pk")
    return queryset.select_related("author", "group").annotate(
        comment_count=Count("comments", filter=approved)
    )


def _article_json(request, article: Article) -> dict:
    url = request.build_absolute_uri(f"/blogs/{article.author.username}/{article.slug}/")
    return {
        "id": article.pk,
        "author": present.person(request, article.author),
        "title": article.title,
        "slug": article.slug,
        "url": url,
        "summary": article.summary,
        "body": article.body,
        "body_html": article.body_html,
        "cover_url": f"{url}cover.webp" if article.cover_image else None,
        "audience": article.audience,
        "group": present.group_summary(article.group),
        "status": article.status,
        "publish_at": article.publish_at,
        "published_at": article.published_at,
        "created_at": article.created_at,
        "edited_at": article.edited_at,
        "allow_visitor_comments": article.allow_visitor_comments,
        "comment_count": getattr(article, "comment_count", 0),
    }


def _one(request, article_id: int) -> dict:
    article = _with_counts(visible_articles(request.auth)).filter(pk=article_id).first()
    if article is None:
        raise Http404
    return _article_json(request, article)


def _group(actor, group_id: int | None):
    if group_id is None:
        return None
    group = visible_groups(actor).filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group_id": [_("There is no group with this id.")]})
    return group


def _comment_json(request, comment: ArticleComment, show_email: bool) -> dict:
    return {
        "id": comment.pk,
        "article_id": comment.article_id,
        "author": present.person(request, comment.author) if comment.author else None,
        "visitor_name": comment.visitor_name,
        "visitor_email": comment.visitor_email if show_email and comment.visitor_email else None,
        "body": comment.body,
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
    }


def _publish_at(request) -> datetime | None:
    if request.content_type != "application/json" or not request.body.strip():
        return None
    try:
        return PublishIn.model_validate_json(request.body).publish_at
    except PydanticError as error:
        raise ValidationError(
            {"publish_at": [_("Give a date and time such as 2030-01-31T09:00:00Z.")]}
        ) from error


# --- articles -------------------------------------------------------------------------


@router.get(
    "/articles",
    response={200: ArticlePage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="Published articles you may read",
)
def list_articles(request, params: Query[ArticleListParams]):
    """Newest first; `author` narrows to one person. Cursor pages."""
    articles = visible_articles(request.auth).filter(status=Article.Status.PUBLISHED)
    if params.author:
        articles = articles.filter(author__username=params.author)
    page = paginate(
        _with_counts(articles),
        order=("-published_at", "-id"),
        cursor=params.cursor,
        limit=params.limit,
    )
    return {
        "items": [_article_json(request, a) for a in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/articles", response={201: ArticleOut, **WRITE}, summary="Write an article (a draft)")
def create_article(request, data: ArticleIn):
    """A draft: publish it with POST /articles/{id}/publish. Public audience: only those
    the admin's blog setting allows (leaders by default)."""
    require_scope(request, "write")
    actor = request.auth
    group = _group(actor, data.group_id)
    with action_errors(**FIELDS):
        article = actions.create_article(
            actor=actor,
            title=data.title,
            body=data.body,
            summary=data.summary,
            audience=data.audience,
            group=group,
            allow_visitor_comments=data.allow_visitor_comments,
        )
    return Status(201, _one(request, article.pk))


@router.get("/articles/{id:article_id}", response={200: ArticleOut, **READ}, summary="One article")
def get_article(request, article_id: int):
    return _one(request, article_id)


@router.patch(
    "/articles/{id:article_id}", response={200: ArticleOut, **WRITE}, summary="Edit an article"
)
def edit_article(request, article_id: int, data: ArticleEdit):
    """Only its author. The previous title, summary and text stay in its history."""
    require_scope(request, "write")
    actor = request.auth
    article = get_article_or_404(actor, pk=article_id)
    group = _group(actor, data.group_id) if data.audience == Article.Audience.GROUP else None
    with action_errors(**FIELDS):
        actions.edit_article(
            actor=actor,
            article=article,
            title=article.title if data.title is None else data.title,
            body=article.body if data.body is None else data.body,
            summary=article.summary if data.summary is None else data.summary,
            audience=data.audience,
            group=group,
            allow_visitor_comments=data.allow_visitor_comments,
        )
    return _one(request, article_id)


@router.post(
    "/articles/{id:article_id}/publish",
    response={200: ArticleOut, **WRITE},
    summary="Publish an article now, or schedule it",
)
def publish_article(request, article_id: int):
    """No body (or `{}`): publish now. `{"publish_at": "<future time>"}`: schedule it."""
    require_scope(request, "write")
    article = get_article_or_404(request.auth, pk=article_id)
    when = _publish_at(request)
    with action_errors(**FIELDS):
        actions.publish_article(actor=request.auth, article=article, publish_at=when)
    return _one(request, article_id)


@router.post(
    "/articles/{id:article_id}/unpublish",
    response={200: ArticleOut, **WRITE},
    summary="Unpublish an article (or cancel its schedule)",
)
def unpublish_article(request, article_id: int):
    """Its author, or a moderator taking it down."""
    require_scope(request, "write")
    article = get_article_or_404(request.auth, pk=article_id)
    with action_errors(**FIELDS):
        actions.unpublish_article(actor=request.auth, article=article)
    return _one(request, article_id)


@router.delete(
    "/articles/{id:article_id}", response={204: None, **WRITE}, summary="Delete an article"
)
def delete_article(request, article_id: int):
    """Its author or an organisation admin."""
    require_scope(request, "write")
    article = get_article_or_404(request.auth, pk=article_id)
    with action_errors():
        actions.delete_article(actor=request.auth, article=article)
    return Status(204, None)


# --- comments -------------------------------------------------------------------------


@router.get(
    "/articles/{id:article_id}/comments",
    response={200: ArticleCommentPage, 400: Error, 422: ValidationErrorOut, **READ},
    summary="An article's comments",
)
def list_comments(request, article_id: int, page: Query[PageParams]):
    """Oldest first. Comments waiting for approval only for the article's author and
    moderators, who also see visitors' email addresses."""
    actor = request.auth
    article = get_article_or_404(actor, pk=article_id)
    comments = visible_article_comments(actor, ArticleComment.objects.filter(article=article))
    found = paginate(
        comments.select_related("author", "article"),
        order=("created_at", "id"),
        cursor=page.cursor,
        limit=page.limit,
    )
    show_email = bool(found.items) and can_view_visitor_email(actor, found.items[0])
    return {
        "items": [_comment_json(request, c, show_email) for c in found.items],
        "next_cursor": found.next_cursor,
    }


@router.post(
    "/articles/{id:article_id}/comments",
    response={201: ArticleCommentOut, **WRITE},
    summary="Comment on an article",
)
def create_comment(request, article_id: int, data: ArticleCommentIn):
    require_scope(request, "write")
    actor = request.auth
    article = get_article_or_404(actor, pk=article_id)
    with action_errors(body="body"):
        comment = actions.add_article_comment(actor=actor, article=article, body=data.body)
    return Status(201, _comment_json(request, comment, False))
