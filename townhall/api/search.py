"""GET /api/v1/search: the same search as /search/, for posts and comments, articles (and
members' comments on them), questions, people, groups, topics and files (by name or
type). Results pass through townhall.access exactly as on the page; text results come by
relevance or newest first (`sort`) with a `next_cursor`, the other types as one short list.
Discovery: /search/suggest, /search/trending, /search/experts, /search/for-me."""

import datetime
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from townhall.api.errors import ApiError
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.core.markdown import topic_path
from townhall.search import discovery, selectors
from townhall.search.query import parse

router = Router(tags=["search"])

READ = {400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}


class SearchParams(Schema):
    q: str = Field("", max_length=10_000, description="the query (see docs/search.md)")
    type: Literal["posts", "articles", "questions", "people", "groups", "topics", "files"] = "posts"
    sort: Literal["relevance", "newest"] = "relevance"
    cursor: str | None = Field(None, max_length=2000)
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=50)


class SearchHitOut(Schema):
    type: str
    id: int
    url: str
    title: str
    snippet: str = Field("", description="HTML: escaped text, matches wrapped in <mark>")
    post_id: int | None = None
    article_id: int | None = None
    author: str | None = None
    created_at: datetime.datetime | None = None


class SearchOut(Schema):
    items: list[SearchHitOut]
    next_cursor: str | None = None


def _hit(hit: selectors.Hit) -> dict:
    thing, author = hit.thing, hit.author
    return {
        "type": hit.kind,
        "id": thing.pk,
        "url": hit.url,
        "title": hit.article.title if hit.article else author.display_name or author.username,
        "snippet": str(hit.snippet),
        "post_id": hit.post.pk if hit.post else None,
        "article_id": hit.article.pk if hit.article else None,
        "author": author.username,
        "created_at": hit.created_at,
    }


@router.get("/search", response={200: SearchOut, **READ}, summary="Search")
def search(request, params: Query[SearchParams]):
    actor = request.auth
    if params.type in ("posts", "articles", "questions"):
        query = parse(params.q)
        if query.problems:
            raise ApiError(400, "bad_query", " ".join(query.problems))
        try:
            page = selectors.search(
                actor,
                query,
                scope=params.type,
                sort=params.sort,
                cursor=params.cursor,
                limit=params.limit,
            )
        except selectors.BadCursor as error:
            raise ApiError(400, "bad_cursor", _("This cursor is not valid.")) from error
        return {"items": [_hit(hit) for hit in page.hits], "next_cursor": page.next_cursor}
    found = getattr(selectors, f"search_{params.type}")(actor, params.q, limit=params.limit)
    if params.type == "people":
        items = [
            {
                "type": "person",
                "id": p.pk,
                "url": f"/people/{p.username}/",
                "title": p.display_name or p.username,
                "author": p.username,
            }
            for p in found
        ]
    elif params.type == "groups":
        items = [
            {"type": "group", "id": g.pk, "url": f"/groups/{g.slug}/", "title": g.name}
            for g in found
        ]
    elif params.type == "files":
        items = [
            {
                "type": "file",
                "id": f.pk,
                "url": reverse("files:file", args=[f.pk, "download"]),
                "title": f.name,
                "post_id": f.post_id or (f.comment.post_id if f.comment_id else None),
                "article_id": f.article_id,
                "author": f.uploader.username,
                "created_at": f.attached_at or f.created_at,
            }
            for f in found
        ]
    else:
        items = [
            {"type": "topic", "id": t.pk, "url": topic_path(t.key), "title": f"#{t.name}"}
            for t in found
        ]
    return {"items": items, "next_cursor": None}


# --- suggestions and discovery --------------------------------------------------------


class NamedOut(Schema):
    type: str
    id: int
    url: str
    title: str
    reason: str = ""


class NamedListOut(Schema):
    items: list[NamedOut]


class TrendingOut(Schema):
    topic: str
    url: str
    people: int = Field(description="distinct people who used it in posts you may see")
    posts: int


class TrendingListOut(Schema):
    items: list[TrendingOut]


class ExpertOut(Schema):
    username: str
    name: str
    url: str
    score: float
    reasons: list[str]


class ExpertListOut(Schema):
    items: list[ExpertOut]


class ForMeOut(Schema):
    people: list[NamedOut]
    groups: list[NamedOut]


def _person(person, reason: str = "") -> dict:
    return {
        "type": "person",
        "id": person.pk,
        "url": f"/people/{person.username}/",
        "title": person.display_name or person.username,
        "reason": reason,
    }


def _group(group, reason: str = "") -> dict:
    return {
        "type": "group",
        "id": group.pk,
        "url": f"/groups/{group.slug}/",
        "title": group.name,
        "reason": reason,
    }


class SuggestParams(Schema):
    q: str = Field("", max_length=200)


@router.get(
    "/search/suggest", response={200: NamedListOut, **READ}, summary="As-you-type suggestions"
)
def suggest(request, params: Query[SuggestParams]):
    actor, limit = request.auth, selectors.SUGGESTIONS
    items = [_person(p) for p in selectors.search_people(actor, params.q, limit=limit)]
    items += [_group(g) for g in selectors.search_groups(actor, params.q, limit=limit)]
    items += [
        {"type": "topic", "id": t.pk, "url": topic_path(t.key), "title": f"#{t.name}"}
        for t in selectors.search_topics(actor, params.q, limit=limit)
    ]
    return {"items": items}


@router.get(
    "/search/trending",
    response={200: TrendingListOut, **READ},
    summary="Trending topics of the last 7 days",
)
def trending(request):
    return {
        "items": [
            {
                "topic": f"#{t.topic.name}",
                "url": topic_path(t.topic.key),
                "people": t.people,
                "posts": t.posts,
            }
            for t in discovery.trending_topics(request.auth)
        ]
    }


class ExpertParams(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="the subject")


@router.get(
    "/search/experts", response={200: ExpertListOut, **READ}, summary="Who knows about a subject"
)
def experts(request, params: Query[ExpertParams]):
    return {
        "items": [
            {
                "username": e.person.username,
                "name": e.person.display_name or e.person.username,
                "url": f"/people/{e.person.username}/",
                "score": e.score,
                "reasons": e.reasons,
            }
            for e in discovery.who_knows(request.auth, params.q)
        ]
    }


@router.get(
    "/search/for-me",
    response={200: ForMeOut, **READ},
    summary="People to follow and groups to join, with reasons",
)
def for_me(request):
    actor = request.auth
    return {
        "people": [_person(s.thing, s.reason) for s in discovery.people_to_follow(actor)],
        "groups": [_group(s.thing, s.reason) for s in discovery.groups_to_join(actor)],
    }
