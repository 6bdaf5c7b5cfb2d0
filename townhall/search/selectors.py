"""Searching, with every result filtered through townhall.access at query time.

Posts and comments: the backend finds matching SearchDocument ids; the newest
CANDIDATES of them (after the cursor) are checked with access.visible_posts /
visible_comments, and the first page of those the searcher may see is shown, newest
first. Losing access hides results at once, whatever the index holds. No counts are
shown, so nothing is told about what the searcher may not see.

People, groups and topics reuse the directory rules (visible_people + search_text,
visible_groups + name_key, visible_topics).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString

from townhall.access.groups import visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import visible_comments, visible_posts, visible_topics
from townhall.access.roles import is_active_member
from townhall.accounts.models import fold as casefold
from townhall.core import cursors
from townhall.posts.models import Comment, Post, PostTopic
from townhall.search.backends import get_backend
from townhall.search.models import SearchDocument
from townhall.search.query import SearchQuery
from townhall.search.snippets import snippet

CANDIDATES = 500
PAGE_SIZE = 20
SUGGESTIONS = 5


class BadCursor(ValueError):
    pass


@dataclass
class Hit:
    kind: str
    post: Post
    comment: Comment | None
    snippet: SafeString
    created_at: datetime.datetime


@dataclass
class ResultPage:
    hits: list[Hit]
    next_cursor: str | None


def encode_cursor(created_at: datetime.datetime, doc_id: int) -> str:
    return cursors.pack([created_at, doc_id])


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    position = cursors.unpack(cursor, datetime.datetime, int)
    if position is None or position[1] <= 0:
        raise BadCursor
    return position


def _documents(actor, query: SearchQuery) -> QuerySet[SearchDocument]:
    docs = SearchDocument.objects.all()
    if query.author:
        author = visible_people(actor).filter(username__iexact=query.author).first()
        docs = docs.filter(author_id=author.pk) if author else docs.none()
    if query.group:
        group = visible_groups(actor).filter(slug=query.group).first()
        docs = docs.filter(group_id=group.pk) if group else docs.none()
    for key in query.topics:
        tagged = PostTopic.objects.filter(topic__key=key).values("post_id")
        docs = docs.filter(kind=SearchDocument.Kind.POST, object_id__in=tagged)
    backend = get_backend()
    if (matching := backend.matching(query)) is not None:
        docs = docs.filter(pk__in=matching)
    if (excluded := backend.excluded(query)) is not None:
        docs = docs.exclude(pk__in=excluded)
    return docs


def search_posts(
    actor, query: SearchQuery, *, cursor: str | None = None, limit: int = PAGE_SIZE
) -> ResultPage:
    """Posts and comments matching `query` that `actor` may see, newest first."""
    if query.is_empty or not is_active_member(actor):
        return ResultPage([], None)
    docs = _documents(actor, query)
    if cursor:
        when, doc_id = decode_cursor(cursor)
        docs = docs.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=doc_id))
    candidates = list(
        docs.order_by("-created_at", "-pk").values_list("pk", "kind", "object_id", "created_at")[
            :CANDIDATES
        ]
    )
    post_ids = [c[2] for c in candidates if c[1] == SearchDocument.Kind.POST]
    comment_ids = [c[2] for c in candidates if c[1] == SearchDocument.Kind.COMMENT]
    posts = {
        p.pk: p
        for p in visible_posts(actor, Post.objects.filter(pk__in=post_ids)).select_related(
            "author", "group"
        )
    }
    comments = {
        c.pk: c
        for c in visible_comments(actor, Comment.objects.filter(pk__in=comment_ids)).select_related(
            "author", "post", "post__author", "post__group"
        )
    }
    visible = [
        c
        for c in candidates
        if (posts if c[1] == SearchDocument.Kind.POST else comments).get(c[2]) is not None
    ]
    targets = query.highlight
    prefix = query.words[-1] if query.prefix and query.words else None
    hits = []
    for _doc_id, kind, object_id, created_at in visible[:limit]:
        comment = comments.get(object_id) if kind == SearchDocument.Kind.COMMENT else None
        post = comment.post if comment else posts[object_id]
        text = (comment or post).body
        hits.append(Hit(kind, post, comment, snippet(text, targets, prefix), created_at))
    next_cursor = None
    if len(visible) > limit:
        last = visible[limit - 1]
        next_cursor = encode_cursor(last[3], last[0])
    elif len(candidates) == CANDIDATES:
        last = candidates[-1]
        next_cursor = encode_cursor(last[3], last[0])
    return ResultPage(hits, next_cursor)


def _folded_words(raw: str) -> list[str]:
    return [w for w in casefold(raw).split() if w][:8]


def search_people(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = _folded_words(raw)
    if not terms:
        return []
    people = visible_people(actor).filter(is_active=True)
    for term in terms:
        people = people.filter(search_text__contains=term)
    return list(people.order_by("display_name", "username", "pk")[:limit])


def search_groups(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = _folded_words(raw)
    if not terms:
        return []
    groups = visible_groups(actor)
    for term in terms:
        groups = groups.filter(name_key__contains=term)
    return list(groups.order_by("name_key", "pk")[:limit])


def search_topics(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = [w for w in casefold(raw.replace("#", " ")).split() if w][:1]
    if not terms:
        return []
    return list(visible_topics(actor).filter(key__startswith=terms[0]).order_by("key")[:limit])


__all__ = ["BadCursor", "Hit", "ResultPage", "search_groups", "search_people", "search_posts"]
