"""Reads of posts for feeds, already filtered by townhall.access.

`feed_page(actor, queryset, after_cursor, limit)` is what every feed (home, company,
group, topic, profile) hands its own queryset to: it applies `visible_posts` itself (so a
feed cannot forget to), pages newest-first by a (created_at, id) cursor -- never OFFSET --
and hydrates each post with everything a feed shows, in a fixed number of queries
whatever the page size (pinned by tests):

1. the posts, with author, group and the announcement or praise each may carry (JOINs);
2. topics of those posts;
3. reaction counts per post and kind;
4. the actor's own reactions on those posts;
5. comment counts per post;
6. the first FIRST_COMMENTS top-level comments per post, with their authors (a window
   function, so still one query);
7. reaction counts on those comments;
8. the actor's own reactions on those comments.

An empty page costs one query; a page holding praise one more (the people praised).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from townhall.access.groups import member_group_ids, visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import (
    can_move_post_to,
    visible_comments,
    visible_posts,
    visible_reactions,
)
from townhall.access.roles import is_moderator
from townhall.accounts.models import User, fold
from townhall.core import cursors
from townhall.files.selectors import attach_files, with_files
from townhall.polls.selectors import hydrate_polls, with_poll
from townhall.posts.models import Comment, Post, PostTopic, Reaction
from townhall.questions.selectors import accepted_first, with_question

FIRST_COMMENTS = 3
MAX_LIMIT = 100


@dataclass
class FeedComment:
    comment: Comment
    reaction_counts: dict[str, int] = field(default_factory=dict)
    my_reactions: set[str] = field(default_factory=set)


@dataclass
class FeedItem:
    post: Post
    topics: list = field(default_factory=list)
    reaction_counts: dict[str, int] = field(default_factory=dict)
    my_reactions: set[str] = field(default_factory=set)
    comment_count: int = 0
    first_comments: list[FeedComment] = field(default_factory=list)


@dataclass
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None  # pass as after_cursor for the next (older) page; None: the end


def encode_cursor(post: Post) -> str:
    return cursors.pack([post.created_at, post.pk])


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    position = cursors.unpack(cursor, datetime, int)
    if position is None:
        raise ValidationError(_("This page link is not valid."), code="cursor")
    return position


def _counts(rows, key: str) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row[key]][row["kind"]] = row["n"]
    return counts


def _mine(rows, key: str) -> dict[int, set[str]]:
    mine: dict[int, set[str]] = defaultdict(set)
    for target_id, kind in rows:
        mine[target_id].add(kind)
    return mine


def _first_comments(actor, post_ids: list[int]) -> dict[int, list[FeedComment]]:
    ranked = (
        visible_comments(actor, Comment.objects.filter(post_id__in=post_ids, parent__isnull=True))
        .select_related("author")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("post_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        )
        .filter(position__lte=FIRST_COMMENTS)
        .order_by("post_id", "created_at", "id")
    )
    comments = list(ranked)
    ids = [c.pk for c in comments]
    counts = _counts(
        Reaction.objects.filter(comment_id__in=ids)
        .values("comment_id", "kind")
        .annotate(n=Count("id")),
        "comment_id",
    )
    mine = _mine(
        Reaction.objects.filter(comment_id__in=ids, user=actor).values_list("comment_id", "kind"),
        "comment_id",
    )
    by_post: dict[int, list[FeedComment]] = defaultdict(list)
    for comment in comments:
        by_post[comment.post_id].append(
            FeedComment(comment, dict(counts.get(comment.pk, {})), mine.get(comment.pk, set()))
        )
    return by_post


def feed_page(
    actor, queryset: QuerySet[Post], after_cursor: str | None = None, limit: int = 20
) -> FeedPage:
    """One page of `queryset` (newest first) as the actor may see it, fully hydrated."""
    limit = max(1, min(limit, MAX_LIMIT))
    # Announcements and praise ride on posts (townhall.announcements, townhall.praise): a
    # JOIN each, and the praised people in one more query only when the page holds praise.
    posts = (
        visible_posts(actor, queryset)
        .select_related("author", "group", "announcement", "praise")
        .prefetch_related("praise__recipients")
    )
    posts = with_poll(actor, with_question(posts))  # joins; a poll's options: 2 queries
    posts = with_files(posts)  # an EXISTS: files cost a query only on pages that have some
    if after_cursor:
        created_at, pk = decode_cursor(after_cursor)
        posts = posts.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    page = list(posts.order_by("-created_at", "-id")[: limit + 1])
    next_cursor = encode_cursor(page[limit - 1]) if len(page) > limit else None
    page = page[:limit]
    if not page:
        return FeedPage(items=[], next_cursor=None)

    ids = [post.pk for post in page]
    topics = defaultdict(list)
    for link in PostTopic.objects.filter(post_id__in=ids).select_related("topic"):
        topics[link.post_id].append(link.topic)
    counts = _counts(
        Reaction.objects.filter(post_id__in=ids).values("post_id", "kind").annotate(n=Count("id")),
        "post_id",
    )
    mine = _mine(
        Reaction.objects.filter(post_id__in=ids, user=actor).values_list("post_id", "kind"),
        "post_id",
    )
    comment_counts = dict(
        visible_comments(actor, Comment.objects.filter(post_id__in=ids))
        .values("post_id")
        .annotate(n=Count("id"))
        .values_list("post_id", "n")
    )
    first = _first_comments(actor, ids)
    attach_files(page, [entry.comment for entries in first.values() for entry in entries])
    items = [
        FeedItem(
            post=post,
            topics=sorted(topics.get(post.pk, []), key=lambda t: t.key),
            reaction_counts=dict(counts.get(post.pk, {})),
            my_reactions=mine.get(post.pk, set()),
            comment_count=comment_counts.get(post.pk, 0),
            first_comments=first.get(post.pk, []),
        )
        for post in page
    ]
    return FeedPage(items=items, next_cursor=next_cursor)


# --- one post with all its comments, reactions and "who reacted" -----------------------


@dataclass
class CommentThread:
    """A top-level comment and its replies (one level: replies to replies attach here)."""

    entry: FeedComment
    replies: list[FeedComment] = field(default_factory=list)


@dataclass
class PostDetail:
    item: FeedItem
    threads: list[CommentThread]


def _reaction_maps(actor, key: str, ids: list[int]):
    rows = Reaction.objects.filter(**{f"{key}__in": ids})
    counts = _counts(rows.values(key, "kind").annotate(n=Count("id")), key)
    mine = _mine(rows.filter(user=actor).values_list(key, "kind"), key)
    return counts, mine


def post_detail(actor, post: Post) -> PostDetail:
    """`post` (already checked with access.get_post_or_404) with every visible comment and
    reply, each with reaction counts and the actor's own reactions: 6 queries, whatever
    the number of comments (2 more for a poll). A question's accepted answer comes first."""
    hydrate_polls(actor, [post])  # a poll's options and the actor's votes: 2 queries
    topics = [link.topic for link in PostTopic.objects.filter(post=post).select_related("topic")]
    counts, mine = _reaction_maps(actor, "post_id", [post.pk])
    comments = list(
        visible_comments(actor, Comment.objects.filter(post=post))
        .select_related("author")
        .order_by("created_at", "id")
    )
    c_counts, c_mine = _reaction_maps(actor, "comment_id", [c.pk for c in comments])
    attach_files([post], comments)  # files, pictures and the link card: 1 query
    threads: dict[int, CommentThread] = {}
    for comment in comments:
        entry = FeedComment(
            comment, dict(c_counts.get(comment.pk, {})), c_mine.get(comment.pk, set())
        )
        if comment.parent_id is None:
            threads[comment.pk] = CommentThread(entry)
        elif comment.parent_id in threads:
            threads[comment.parent_id].replies.append(entry)
    item = FeedItem(
        post=post,
        topics=sorted(topics, key=lambda t: t.key),
        reaction_counts=dict(counts.get(post.pk, {})),
        my_reactions=mine.get(post.pk, set()),
        comment_count=len(comments),
        first_comments=[t.entry for t in threads.values()],
    )
    return PostDetail(item=item, threads=accepted_first(post, list(threads.values())))


def reaction_summary(actor, target: Post | Comment) -> tuple[dict[str, int], set[str]]:
    """Counts per kind and the actor's own kinds, for one post or comment (2 queries)."""
    key = "comment_id" if isinstance(target, Comment) else "post_id"
    counts, mine = _reaction_maps(actor, key, [target.pk])
    return dict(counts.get(target.pk, {})), mine.get(target.pk, set())


def reactors(actor, target: Post | Comment) -> list[tuple[str, list]]:
    """Who reacted, per kind in the fixed order: [(kind, [person, ...]), ...], through
    access.visible_reactions (one query)."""
    lookup = {"comment": target} if isinstance(target, Comment) else {"post": target}
    rows = (
        visible_reactions(actor, Reaction.objects.filter(**lookup))
        .select_related("user")
        .order_by("created_at", "id")
    )
    by_kind: dict[str, list] = defaultdict(list)
    for reaction in rows:
        by_kind[reaction.kind].append(reaction.user)
    return [(kind, by_kind[kind]) for kind in Reaction.Kind.values if by_kind.get(kind)]


def mention_candidates(actor, query: str, limit: int = 8) -> list:
    """People the actor may mention whose name or username contains `query` (case-folded).
    Only people: it never says anything about groups, so it cannot leak a secret one."""
    needle = fold(query.lstrip("@"))
    if not needle:
        return []
    people = visible_people(actor, User.objects.filter(is_active=True)).filter(
        search_text__contains=needle
    )
    return list(people.order_by("display_name", "id")[:limit])


def move_targets(actor, post: Post) -> list:
    """Groups the actor may move `post` to (the organisation itself is offered separately,
    through access.can_move_post_to(actor, post, None))."""
    candidates = visible_groups(actor).filter(archived_at__isnull=True).exclude(pk=post.group_id)
    if not is_moderator(actor):
        candidates = candidates.filter(pk__in=member_group_ids(actor))
    return [g for g in candidates.order_by("name", "id") if can_move_post_to(actor, post, g)]
