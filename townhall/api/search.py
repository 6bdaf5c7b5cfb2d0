"""GET /api/v1/search: the same search as /search/, for posts and comments, people, groups
and topics. Results pass through townhall.access exactly as on the page; posts and
comments come newest first with a `next_cursor`, the other types as one short list."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from townhall.api.errors import ApiError
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.core.markdown import topic_path
from townhall.search import selectors
from townhall.search.query import parse

router = Router(tags=["search"])

READ = {400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}


class SearchParams(Schema):
    q: str = Field("", max_length=10_000, description="the query (see docs/search.md)")
    type: Literal["posts", "people", "groups", "topics"] = "posts"
    cursor: str | None = Field(None, max_length=2000)
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=50)


class SearchHitOut(Schema):
    type: str
    id: int
    url: str
    title: str
    snippet: str = Field("", description="HTML: escaped text, matches wrapped in <mark>")
    post_id: int | None = None
    author: str | None = None
    created_at: datetime.datetime | None = None


class SearchOut(Schema):
    items: list[SearchHitOut]
    next_cursor: str | None = None


def _hit(hit: selectors.Hit) -> dict:
    thing = hit.comment or hit.post
    url = f"/posts/comments/{thing.pk}/" if hit.comment else f"/posts/{thing.pk}/"
    return {
        "type": hit.kind,
        "id": thing.pk,
        "url": url,
        "title": thing.author.display_name or thing.author.username,
        "snippet": str(hit.snippet),
        "post_id": hit.post.pk,
        "author": thing.author.username,
        "created_at": hit.created_at,
    }


@router.get("/search", response={200: SearchOut, **READ}, summary="Search")
def search(request, params: Query[SearchParams]):
    actor = request.auth
    if params.type == "posts":
        try:
            page = selectors.search_posts(
                actor, parse(params.q), cursor=params.cursor, limit=params.limit
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
    else:
        items = [
            {"type": "topic", "id": t.pk, "url": topic_path(t.key), "title": f"#{t.name}"}
            for t in found
        ]
    return {"items": items, "next_cursor": None}
