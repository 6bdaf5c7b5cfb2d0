"""The feeds: home, all company, topic, profile and group, newest first, a page at a time.

Each feed is a queryset of posts (`home_posts`, `company_posts`, ...) handed to
`townhall.posts.selectors.feed_page`, which applies `access.posts.visible_posts` itself,
pages by a (created_at, id) cursor -- never OFFSET -- and hydrates a page in a fixed
number of queries. So every feed shows only what the actor may see, and a page of 1 post
costs as many queries as a page of 20.

    page = home_feed(actor, cursor=None, limit=20)        # -> FeedPage(items, next_cursor)
    page = home_feed(actor, cursor=page.next_cursor)      # the next, older page
    top = top_cursor(page)                                # newest post shown, or None
    new_posts_count(actor, "home", top)                   # posts that arrived since

`feed` names for `feed_posts`/`new_posts_count`: "home", "company" (no subject), "topic"
(subject: a Topic), "profile" (subject: a User), "group" (subject: a Group). Callers get
the subject through access.get_*_or_404 first.

Mutes apply to the home feed only; they never hide the actor's own posts.

The home feed is read from the person's precomputed list (townhall/feeds/lists.py) once it
is built, through the same `home_posts` predicate and `visible_posts`, so it answers exactly
what the pull query answers; until then (first visit, back after a long absence) the pull
query serves it and the list is built in the background.
"""

from dataclasses import dataclass, field
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet

from townhall.access.groups import member_group_ids, visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import visible_posts, visible_topics
from townhall.access.roles import is_active_member
from townhall.accounts.models import User
from townhall.core.among import among
from townhall.core.compiled import instances
from townhall.feeds import lists
from townhall.feeds.models import FeedState
from townhall.groups.models import Group
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts.models import Post, PostTopic, Topic
from townhall.posts.selectors import (
    MAX_LIMIT,
    FeedPage,
    compiled_feed_page,
    decode_cursor,
    encode_cursor,
)

PAGE_SIZE = 20
NEW_POSTS_CAP = 99  # the prompt says "99+ new posts" beyond this
MAX_LISTED = 500  # the "Following" page lists at most this many of each kind
FEEDS = ("home", "company", "topic", "profile", "group")


# --- the posts of each feed (before visibility, which feed_page applies) ----------------


def home_posts(actor) -> QuerySet[Post]:
    """Posts by people I follow, in groups I belong to, on topics I follow, and my own,
    minus posts by people, in groups and on topics I muted (my own posts stay)."""
    if not is_active_member(actor):
        return Post.objects.none()
    followed = Follow.objects.filter(follower=actor).values("followed_id")
    topics = TopicFollow.objects.filter(follower=actor).values("topic_id")
    mutes = Mute.objects.filter(muter=actor)
    muted = (
        Q(author_id__in=mutes.filter(person__isnull=False).values("person_id"))
        | Q(group_id__in=mutes.filter(group__isnull=False).values("group_id"))
        | _on_topic(mutes.filter(topic__isnull=False).values("topic_id"))
    )
    return Post.objects.filter(
        Q(author=actor)
        | Q(author_id__in=followed)
        | Q(group_id__in=member_group_ids(actor))
        | _on_topic(topics)
    ).exclude(muted & ~Q(author=actor))


def _on_topic(topic_ids: QuerySet) -> Q:
    """The post carries one of these topics: looked up per post on (post, topic), not as
    `pk IN (every post on them)`, which PostgreSQL hashed whole (47,000 posts, 51 ms of a
    home page at 1M posts for someone following 6 topics)."""
    return Q(Exists(PostTopic.objects.filter(post_id=OuterRef("pk"), topic_id__in=topic_ids)))


def company_posts(actor) -> QuerySet[Post]:
    """Organisation-wide posts and posts in public groups."""
    return Post.objects.filter(Q(group__isnull=True) | Q(group__kind=Group.Kind.PUBLIC))


def topic_posts(actor, topic: Topic) -> QuerySet[Post]:
    return Post.objects.filter(pk__in=PostTopic.objects.filter(topic=topic).values("post_id"))


def profile_posts(actor, person: User) -> QuerySet[Post]:
    """Everything `person` wrote that the actor may see (feed_page filters)."""
    return Post.objects.filter(author=person)


def group_posts(actor, group: Group) -> QuerySet[Post]:
    return Post.objects.filter(group=group)


def feed_posts(actor, feed: str, subject=None) -> QuerySet[Post]:
    """The posts of a feed by name (see the module docstring)."""
    if feed == "home":
        return home_posts(actor)
    if feed == "company":
        return company_posts(actor)
    if feed == "topic" and isinstance(subject, Topic):
        return topic_posts(actor, subject)
    if feed == "profile" and isinstance(subject, User):
        return profile_posts(actor, subject)
    if feed == "group" and isinstance(subject, Group):
        return group_posts(actor, subject)
    raise ValueError(f"unknown feed {feed!r} for {subject!r}")


# --- pages --------------------------------------------------------------------------------


def home_feed(
    actor, cursor: str | None = None, limit: int = PAGE_SIZE, *, extras: bool = True
) -> FeedPage:
    """The home feed from the person's precomputed list once it is built (as many queries
    as the pull query), else from the pull query while the list is built. `extras`: see
    `feed_page` (the API leaves them out)."""
    if not is_active_member(actor) or not lists.is_built(actor):  # (which queues the build)
        return _home_pulled(actor, cursor, limit, extras)
    return _home_from_list(actor, cursor, limit, extras)


def _home_pulled(actor, cursor: str | None, limit: int, extras: bool) -> FeedPage:
    return compiled_feed_page(actor, ("home",), _home, cursor, limit, extras=extras)


def _home_from_list(actor, cursor: str | None, limit: int, extras: bool) -> FeedPage:
    """Candidates from the list below the cursor, filtered by the home predicate (mutes
    included) and, inside feed_page, `visible_posts`: all in the page query. A short page
    costs one more query to tell the end of the feed from entries filtered out; then a wider
    window (at most lists.READS), or the pull query below a truncated list."""
    position = decode_cursor(cursor) if cursor else None
    size = lists.WINDOW * (max(1, min(limit, MAX_LIMIT)) + 1)
    for _read in range(lists.READS):
        listed = partial(_home_listed, size=size)
        page = compiled_feed_page(actor, ("home list", size), listed, cursor, limit, extras=extras)
        if page.next_cursor is not None:
            return page
        built, more, truncated = lists.list_continues(actor, position, size)
        if not built:  # dropped since the cache said otherwise
            lists.forget(actor.pk)
            break
        if not more:
            if truncated:
                break  # older than the list keeps: the pull query knows the rest
            return page
        size *= 4
    return _home_pulled(actor, cursor, limit, extras)


def company_feed(actor, cursor=None, limit=PAGE_SIZE, *, extras=True) -> FeedPage:
    return compiled_feed_page(actor, ("company",), _company, cursor, limit, extras=extras)


def topic_feed(actor, topic: Topic, cursor=None, limit=PAGE_SIZE, *, extras=True) -> FeedPage:
    return compiled_feed_page(
        actor, ("topic",), _topic, cursor, limit, subject=topic, extras=extras
    )


def profile_feed(actor, person: User, cursor=None, limit=PAGE_SIZE, *, extras=True) -> FeedPage:
    return compiled_feed_page(
        actor, ("profile",), _profile, cursor, limit, subject=person, extras=extras
    )


def group_feed(actor, group: Group, cursor=None, limit=PAGE_SIZE, *, extras=True) -> FeedPage:
    return compiled_feed_page(
        actor, ("group",), _group, cursor, limit, subject=group, extras=extras
    )


# The feeds' posts as compiled_feed_page builds them: (actor, cursor position, subject).


def _home(actor, position, subject) -> QuerySet[Post]:
    return home_posts(actor)


def _home_listed(actor, position, subject, *, size: int) -> QuerySet[Post]:
    return home_posts(actor).filter(among(lists.candidates(actor, position, size)))


def _company(actor, position, subject) -> QuerySet[Post]:
    return company_posts(actor)


def _topic(actor, position, topic) -> QuerySet[Post]:
    return topic_posts(actor, topic)


def _profile(actor, position, person) -> QuerySet[Post]:
    return profile_posts(actor, person)


def _group(actor, position, group) -> QuerySet[Post]:
    return group_posts(actor, group)


def top_cursor(page: FeedPage) -> str | None:
    """The cursor of the newest post on a (first) page: what `new_posts_count` starts from."""
    return encode_cursor(page.items[0].post) if page.items else None


def new_posts_count(actor, feed: str, since_cursor: str | None, subject=None) -> int:
    """How many posts of the feed the actor may see arrived after `since_cursor` (the
    newest post they were shown; None: they were shown none), at most NEW_POSTS_CAP + 1.
    Raises ValidationError for a cursor that is not ours. One query."""
    posts = visible_posts(actor, feed_posts(actor, feed, subject))
    position = decode_cursor(since_cursor) if since_cursor else None
    if position:
        created_at, pk = position
        posts = posts.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk))
    if feed == "home" and is_active_member(actor):
        # From the precomputed list once it is built (decided inside the same query).
        built = FeedState.objects.filter(person_id=actor.pk, built_at__isnull=False)
        posts = posts.filter(
            Q(pk__in=lists.entries_above(actor, position).values("post_id")) | ~Exists(built)
        )
    return posts.values("pk")[: NEW_POSTS_CAP + 1].count()


# --- follow and mute state, the "Following" page --------------------------------------


@dataclass
class Relationship:
    following: bool = False
    muted: bool = False


def relationship(actor, *, person=None, group=None, topic=None) -> Relationship:
    """Does the actor follow / mute this one person, group or topic? (Two queries at most;
    groups are followed by joining them, so `following` stays False for a group.)"""
    if not is_active_member(actor):
        return Relationship()
    if person is not None:
        following = Follow.objects.filter(follower=actor, followed=person).exists()
        muted = Mute.objects.filter(muter=actor, person=person).exists()
    elif topic is not None:
        following = TopicFollow.objects.filter(follower=actor, topic=topic).exists()
        muted = Mute.objects.filter(muter=actor, topic=topic).exists()
    else:
        following, muted = False, Mute.objects.filter(muter=actor, group=group).exists()
    return Relationship(following=following, muted=muted)


@dataclass
class FollowingOverview:
    people: list = field(default_factory=list)  # Follow rows, with `followed`
    topics: list = field(default_factory=list)  # TopicFollow rows, with `topic`
    muted_people: list = field(default_factory=list)  # Mute rows, with `person`
    muted_groups: list = field(default_factory=list)  # Mute rows, with `group`
    muted_topics: list = field(default_factory=list)  # Mute rows, with `topic`


def following_overview(actor, limit: int = MAX_LISTED) -> FollowingOverview:
    """Whom and what the actor follows and mutes, as far as they can still see it
    (a topic now used only in a secret group they left is not named). Five queries."""
    if not is_active_member(actor):
        return FollowingOverview()
    people = visible_people(actor).values("pk")
    topics = visible_topics(actor).values("pk")
    groups = visible_groups(actor).values("pk")
    mutes = Mute.objects.filter(muter=actor)
    return FollowingOverview(
        people=list(
            Follow.objects.filter(follower=actor, followed_id__in=people)
            .select_related("followed")
            .order_by("followed__display_name", "id")[:limit]
        ),
        topics=list(
            TopicFollow.objects.filter(follower=actor, topic_id__in=topics)
            .select_related("topic")
            .order_by("topic__key")[:limit]
        ),
        muted_people=list(
            mutes.filter(person_id__in=people)
            .select_related("person")
            .order_by("person__display_name", "id")[:limit]
        ),
        muted_groups=list(
            mutes.filter(group_id__in=groups)
            .select_related("group")
            .order_by("group__name")[:limit]
        ),
        muted_topics=list(
            mutes.filter(topic_id__in=topics).select_related("topic").order_by("topic__key")[:limit]
        ),
    )


def composer_groups(actor) -> list[Group]:
    """Groups the actor may post in, for the composer's "Post to" choice. One query."""
    if not is_active_member(actor):
        return []
    # On every home page: its SQL is compiled once per role (townhall.core.compiled).
    return instances(("composer groups", actor.role, actor.is_active), _postable, actor=actor)


def _postable(actor) -> QuerySet[Group]:
    groups = (
        visible_groups(actor)
        .filter(pk__in=member_group_ids(actor), archived_at__isnull=True)
        .values("pk")
    )
    return Group.objects.filter(pk__in=groups).order_by("name", "id")
