"""Turn posts, comments and groups into the JSON the API answers with.

Posts are always hydrated by `townhall.posts.selectors.feed_page` (a fixed number of
queries per page, visibility applied there); comments by `comment_page` here (two queries
on top of the page itself, whatever its size). The dicts are JSON-ready, so
townhall.api.idempotency can store them as the first answer to a create request.
"""

import json
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja.responses import NinjaJSONEncoder

from townhall.api.pagination import BIGINT, Page, bad_cursor, paginate
from townhall.api.post_schemas import CommentOut, PostOut
from townhall.api.schemas import avatar_url
from townhall.posts.models import Comment, Post, Reaction
from townhall.posts.selectors import FeedComment, FeedItem, FeedPage, decode_cursor, feed_page


def person(request: HttpRequest, user) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "job_title": user.job_title,
        "avatar_url": avatar_url(request, user),
        "external": user.role == "guest",  # an external guest, marked wherever named
    }


def group_summary(group) -> dict | None:
    if group is None:
        return None
    return {"id": group.pk, "name": group.name, "slug": group.slug, "kind": group.kind}


def as_json(schema, data: dict) -> dict:
    """`data` exactly as the API renders it (ninja's encoder: datetimes to milliseconds), so
    a stored first answer (townhall.api.idempotency) replays byte for byte alike."""
    dumped = schema.model_validate(data).model_dump()
    return json.loads(json.dumps(dumped, cls=NinjaJSONEncoder))


def comment(request: HttpRequest, item: FeedComment) -> dict:
    c = item.comment
    return {
        "id": c.pk,
        "post_id": c.post_id,
        "parent_id": c.parent_id,
        "author": person(request, c.author),
        "body": c.body,
        "body_html": c.body_html,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "reaction_counts": dict(sorted(item.reaction_counts.items())),
        "my_reactions": sorted(item.my_reactions),
    }


def post(request: HttpRequest, item: FeedItem) -> dict:
    p = item.post
    return {
        "id": p.pk,
        "author": person(request, p.author),
        "group": group_summary(p.group),
        "body": p.body,
        "body_html": p.body_html,
        "created_at": p.created_at,
        "edited_at": p.edited_at,
        "topics": [topic.name for topic in item.topics],
        "reaction_counts": dict(sorted(item.reaction_counts.items())),
        "my_reactions": sorted(item.my_reactions),
        "comment_count": item.comment_count,
        "first_comments": [comment(request, c) for c in item.first_comments],
    }


def post_json(request: HttpRequest, post_id: int) -> dict:
    """One post as the caller sees it, hydrated like a feed item; Http404 if not visible."""
    page = feed_page(request.auth, Post.objects.filter(pk=post_id), None, 1, extras=False)
    if not page.items:
        raise Http404
    return as_json(PostOut, post(request, page.items[0]))


def page_out(request: HttpRequest, page: FeedPage):
    """A FeedPage (townhall.posts.selectors) as the API answers it."""
    return {
        "items": [post(request, item) for item in page.items],
        "next_cursor": page.next_cursor,
    }


def page_response(request: HttpRequest, page: FeedPage) -> HttpResponse:
    """`page_out` encoded here, byte for byte what ninja would answer after validating it
    against PostPage, without that validation: the feeds are the API's most read pages,
    and validating 20 posts with their comments cost more than building them
    (docs/performance.md). api/tests/test_feed_json.py holds every feed's answer to the
    PostPage schema, so the two cannot drift apart."""
    content = json.dumps(page_out(request, page), cls=NinjaJSONEncoder)
    return HttpResponse(content, content_type="application/json; charset=utf-8")


def check_feed_cursor(cursor: str) -> None:
    """Refuse a cursor feed_page would not read back, before it reaches SQL: 400 bad_cursor."""
    if not cursor or len(cursor) > 200:
        raise bad_cursor()
    try:
        created_at, pk = decode_cursor(cursor)
    except ValidationError as error:
        raise bad_cursor() from error
    if created_at.tzinfo is None or not 1 <= pk <= BIGINT:
        raise bad_cursor()


def hydrate_comments(actor, comments: list[Comment]) -> list[FeedComment]:
    """Reaction counts and the actor's own reactions for `comments`: two queries."""
    ids = [c.pk for c in comments]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Reaction.objects.filter(comment_id__in=ids)
        .values("comment_id", "kind")
        .annotate(n=Count("id"))
    ):
        counts[row["comment_id"]][row["kind"]] = row["n"]
    mine: dict[int, set[str]] = defaultdict(set)
    for comment_id, kind in Reaction.objects.filter(comment_id__in=ids, user=actor).values_list(
        "comment_id", "kind"
    ):
        mine[comment_id].add(kind)
    return [FeedComment(c, counts.get(c.pk, {}), mine.get(c.pk, set())) for c in comments]


def comment_json(request: HttpRequest, c: Comment) -> dict:
    item = hydrate_comments(request.auth, [c])[0]
    return as_json(CommentOut, comment(request, item))


def comment_page(
    request: HttpRequest, queryset: QuerySet[Comment], cursor: str | None, limit: int
) -> dict:
    page: Page = paginate(
        queryset.select_related("author"), order=("created_at", "id"), cursor=cursor, limit=limit
    )
    items = hydrate_comments(request.auth, page.items) if page.items else []
    return {
        "items": [comment(request, item) for item in items],
        "next_cursor": page.next_cursor,
    }


def reaction_summary(actor, target) -> dict:
    """Counts per kind and the actor's own kinds on one post or comment."""
    lookup = {"comment": target} if isinstance(target, Comment) else {"post": target}
    counts = dict(
        Reaction.objects.filter(**lookup)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    mine = Reaction.objects.filter(user=actor, **lookup).values_list("kind", flat=True)
    return {"reaction_counts": dict(sorted(counts.items())), "my_reactions": sorted(mine)}
