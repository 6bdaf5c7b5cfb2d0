"""Reads of posts for feeds, already filtered by townhall.access.

`feed_page(actor, queryset, after_cursor, limit)` is what every feed (home, company,
group, topic, profile) hands its own queryset to: it applies `visible_posts` itself (so a
feed cannot forget to), pages newest-first by a (created_at, id) cursor -- never OFFSET --
and hydrates each post with everything a feed shows, in a fixed number of queries
whatever the page size (pinned by tests):

1. the posts, with author, group and the announcement, praise, question and poll each may
   carry (JOINs);
2. the files and link cards of those posts and of their first comments (always one query:
   no per-row EXISTS in query 1);
3. the actor's own reactions on those posts and on their first comments (one query);

plus ONE cache read (`townhall.posts.cards`): what every reader sees the same -- topics,
reaction counts, comment count, the first FIRST_COMMENTS comments with their authors and
reaction counts -- cached by (post id, Post.version). Only the posts whose card is not
cached cost four more queries together: topics; the first comments (a per-post
`id IN (... LIMIT 3)` on the `comment_oldest` index); comment counts; reaction counts of
the posts and of those comments. A page holding praise costs one more query (the people
praised), one with polls two more (options, the actor's votes). An empty page: one query.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _

from townhall.access.groups import member_group_ids, visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import (
    can_move_post_to,
    visible_comments,
    visible_posts,
    visible_reactions,
)
from townhall.access.roles import is_active_member, is_moderator
from townhall.accounts.models import User, fold
from townhall.core import cursors
from townhall.core.among import among
from townhall.core.compiled import compiled, instances, rows
from townhall.files.selectors import post_files
from townhall.polls.selectors import hydrate_polls
from townhall.posts import cards
from townhall.posts.models import Comment, Post, PostTopic, Reaction
from townhall.questions.selectors import accepted_first, with_question

FIRST_COMMENTS = 3
MAX_LIMIT = 100


@dataclass
class FeedComment:
    comment: Comment  # in a feed, shared with other requests (a cached card): never changed
    reaction_counts: dict[str, int] = field(default_factory=dict)
    my_reactions: set[str] = field(default_factory=set)
    files: list = field(default_factory=list)  # a feed page's (post_files), for its HTML


@dataclass
class FeedItem:
    post: Post
    topics: list = field(default_factory=list)
    reaction_counts: dict[str, int] = field(default_factory=dict)
    my_reactions: set[str] = field(default_factory=set)
    comment_count: int = 0
    first_comments: list[FeedComment] = field(default_factory=list)
    card: cards.CardData | None = None  # the cached shared part (feed_page only)
    html: str = ""  # the finished card, when townhall.posts.rendering made it


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


def _first_comments(actor, post_ids: list[int]) -> list[Comment]:
    """The first FIRST_COMMENTS visible top-level comments of each post, with authors: one
    query, each post's few read from the `comment_oldest` (post, created_at, id) index by a
    correlated `id IN (SELECT ... WHERE post_id = outer.post_id ... LIMIT n)` (its SQL
    compiled once per page size: townhall.core.compiled)."""
    key = ("first comments", actor.role, actor.is_active)
    firsts = compiled(key, _first_comment_ids, actor=actor, post_ids=tuple(post_ids))
    return list(
        Comment.objects.filter(pk__in=firsts)
        .select_related("author")
        .order_by("post_id", "created_at", "id")
    )


def _first_comment_ids(actor, post_ids: tuple[int, ...]) -> QuerySet:
    firsts = (
        visible_comments(
            actor, Comment.objects.filter(post_id=OuterRef("post_id"), parent__isnull=True)
        )
        .order_by("created_at", "id")
        .values("pk")[:FIRST_COMMENTS]
    )
    # no `parent IS NULL` out here: SQLite would walk that index over every comment
    return Comment.objects.filter(post_id__in=post_ids, pk__in=firsts).values("pk")


def _comment_totals(actor, post_ids: tuple[int, ...]) -> QuerySet:
    return (
        visible_comments(actor, Comment.objects.filter(post_id__in=post_ids))
        .values("post_id")
        .annotate(n=Count("id"))
        .values_list("post_id", "n")
        .order_by()
    )


def _card_data(actor, post_ids: list[int]) -> dict[int, cards.CardData]:
    """What every reader of these posts sees alike (the actor may see them all): 4 queries.
    Comments are visible exactly when their post is (access.posts.visible_comments adds
    only deleted and hidden, the same for everyone), so the answer holds for any reader."""
    topics = defaultdict(list)
    for link in PostTopic.objects.filter(post_id__in=post_ids).select_related("topic"):
        topics[link.post_id].append(link.topic)
    comments = _first_comments(actor, post_ids)
    comment_ids = [c.pk for c in comments]
    post_counts: dict[int, dict[str, int]] = defaultdict(dict)
    comment_counts: dict[int, dict[str, int]] = defaultdict(dict)
    # One query in two halves, each grouped on its own (target, kind) index: with `post_id
    # IN (...) OR comment_id IN (...)`, or one GROUP BY for both, SQLite scanned every
    # reaction (0.18-0.27 s at 1M posts).
    on_posts, on_comments = (
        Reaction.objects.filter(**{f"{key}__in": ids})
        .values(key, "kind")
        .annotate(n=Count("id"), on_comment=Value(on_comment, output_field=BooleanField()))
        .values_list("on_comment", key, "kind", "n")
        .order_by()
        for on_comment, key, ids in (
            (False, "post_id", post_ids),
            (True, "comment_id", comment_ids),
        )
    )
    for on_comment, target_id, kind, n in on_posts.union(on_comments, all=True):
        if on_comment:
            comment_counts[target_id][kind] = n
        else:
            post_counts[target_id][kind] = n
    key = ("comment totals", actor.role, actor.is_active)
    totals = dict(rows(key, _comment_totals, actor=actor, post_ids=tuple(post_ids)))
    firsts: dict[int, list] = defaultdict(list)
    for comment in comments:
        firsts[comment.post_id].append((comment, dict(comment_counts.get(comment.pk, {}))))
    return {
        pk: cards.CardData(
            topics=sorted(topics.get(pk, []), key=lambda t: t.key),
            reaction_counts=dict(post_counts.get(pk, {})),
            comment_count=totals.get(pk, 0),
            first_comments=firsts.get(pk, []),
        )
        for pk in post_ids
    }


def feed_page(
    actor,
    queryset: QuerySet[Post],
    after_cursor: str | None = None,
    limit: int = 20,
    *,
    extras: bool = True,
) -> FeedPage:
    """One page of `queryset` (newest first) as the actor may see it, fully hydrated;
    `extras=False` leaves out what only the HTML card shows (files and link cards, polls,
    praise, questions, announcements): the API's posts do not carry them."""
    limit = max(1, min(limit, MAX_LIMIT))
    position = decode_cursor(after_cursor) if after_cursor else None
    posts = list(_page_posts(_page_ids(actor, queryset, position, limit), extras))
    return _hydrated_page(actor, posts, limit, extras)


def compiled_feed_page(
    actor,
    shape: tuple,
    posts: Callable[..., QuerySet[Post]],
    after_cursor: str | None = None,
    limit: int = 20,
    subject=None,
    *,
    extras: bool = True,
) -> FeedPage:
    """`feed_page` of `posts(actor, position, subject)` (position: the decoded cursor or
    None) for the feeds read all day: the page query's SQL is built and compiled once per
    `shape` (what `posts` branches on besides those values) and the reader's role
    (townhall.core.compiled), then only its values change."""
    limit = max(1, min(limit, MAX_LIMIT))
    position = decode_cursor(after_cursor) if after_cursor else None
    if not is_active_member(actor):  # sees no posts (visible_posts), has no role to key by
        return FeedPage(items=[], next_cursor=None)

    def build(actor, position, subject):
        ids = _page_ids(actor, posts(actor, position, subject), position, limit)
        return _page_posts(ids, extras)

    key = ("feed page", *shape, actor.role, actor.is_active, limit, extras)
    page = instances(key, build, actor=actor, position=position, subject=subject)
    return _hydrated_page(actor, page, limit, extras)


def _my_reactions(actor, post_ids: tuple[int, ...]) -> QuerySet:
    """The actor's reactions on these posts and on any of their comments (a few more than
    the shown ones: the key then depends on the number of posts only), each half on its
    (user, target) index. (A JOIN to the comments made SQLite walk all of the actor's
    reactions on comments.)"""
    mine = Reaction.objects.filter(user=actor).order_by()
    fields = ("post_id", "comment_id", "kind")
    comments = Comment.objects.filter(post_id__in=post_ids).values("pk")
    on_posts = mine.filter(post_id__in=post_ids).values_list(*fields)
    return on_posts.union(mine.filter(comment_id__in=comments).values_list(*fields), all=True)


def _page_ids(actor, queryset: QuerySet[Post], position, limit: int) -> QuerySet:
    """The ids of the page's posts and of the one after it, newest first: a subquery."""
    posts = visible_posts(actor, queryset)
    if position:
        created_at, pk = position
        posts = posts.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    return posts.order_by("-created_at", "-id").values("pk")[: limit + 1]


def _page_posts(ids, extras: bool) -> QuerySet[Post]:
    """The posts of a page (`ids`: a subquery of their ids), newest first, with their author
    and group; with `extras` also (JOINs) the announcement, praise, question and poll each
    may carry (townhall.announcements, .praise, .questions, .polls)."""
    posts = Post.objects.filter(among(ids)).select_related("author", "group")
    if extras:
        posts = with_question(posts).select_related("announcement", "praise", "poll")
    return posts.order_by("-created_at", "-id")


def _hydrated_page(actor, posts: list[Post], limit: int, extras: bool) -> FeedPage:
    """A FeedPage of `posts` (from _page_posts: up to limit + 1, the last telling whether
    a next page exists)."""
    next_cursor = encode_cursor(posts[limit - 1]) if len(posts) > limit else None
    page = posts[:limit]
    if not page:
        return FeedPage(items=[], next_cursor=None)
    if extras:  # the praised people: one query only when the page holds praise;
        prefetch_related_objects(page, "praise__recipients")
        hydrate_polls(actor, page)  # a poll's options and my votes: two only with polls

    data = cards.get_many(page)
    missing = [post.pk for post in page if post.pk not in data]
    if missing:
        fresh = _card_data(actor, missing)
        cards.set_many([post for post in page if post.pk in fresh], fresh)
        data.update(fresh)
    comments = [c for post in page for c, _counts in data[post.pk].first_comments]
    mine_on_posts: dict[int, set[str]] = defaultdict(set)
    mine_on_comments: dict[int, set[str]] = defaultdict(set)
    post_ids = tuple(post.pk for post in page)
    for post_id, comment_id, kind in rows(
        ("my reactions",), _my_reactions, actor=actor, post_ids=post_ids
    ):
        if comment_id is None:
            mine_on_posts[post_id].add(kind)
        else:
            mine_on_comments[comment_id].add(kind)
    # one query, whether or not the page has files
    files = post_files(page, [c.pk for c in comments]) if extras else {}
    items = []
    for post in page:
        card = data[post.pk]
        items.append(
            FeedItem(
                post=post,
                topics=card.topics,
                reaction_counts=card.reaction_counts,
                my_reactions=mine_on_posts.get(post.pk, set()),
                comment_count=card.comment_count,
                first_comments=[
                    FeedComment(c, counts, mine_on_comments.get(c.pk, set()), files.get(c.pk, []))
                    for c, counts in card.first_comments
                ],
                card=card,
            )
        )
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
    files = post_files([post], [c.pk for c in comments])  # and the post's link card: 1 query
    threads: dict[int, CommentThread] = {}
    for comment in comments:
        entry = FeedComment(
            comment,
            dict(c_counts.get(comment.pk, {})),
            c_mine.get(comment.pk, set()),
            files.get(comment.pk, []),
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
