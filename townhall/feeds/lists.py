"""The precomputed home feed: per-person lists of post ids, written on post, read by cursor.

Write side (background, after commit):

- `fan_out(post)`: ONE `INSERT ... SELECT` puts the post into the list of everyone whose
  home feed it belongs to (author, the author's followers, the group's members, followers of
  its topics), who may see it (`access.posts.audience_of_post`) and whose list is kept
  (a `FeedState` row). Run by the outbox consumer once per post, whatever the audience.
- `backfill(person)`: the newest CAP posts of the person's home feed (the pull query) are
  merged into their list: after they follow someone, follow a topic or join a group.
- `build(person)`: a person without a kept list (never visited, or away for more than
  ACTIVE_DAYS) gets one on their next visit, in the background; the pull query serves them
  meanwhile.
- `trim(person)` keeps about CAP entries (a periodic job, least recently trimmed first);
  `drop_idle()` forgets the lists of people not seen for ACTIVE_DAYS.

Mutes are not applied when writing (an unmute needs no backfill) and nothing is removed
when someone loses access or interest: the read applies the home predicate (with mutes)
and `visible_posts` to every candidate, so an unfollow, leaving a group, a mute, a deletion,
a moderator's hiding or a group turning secret take effect at once.

Read side (`townhall.feeds.selectors.home_feed`): the 3 x (limit + 1) newest entries below
the cursor are the candidates of the ordinary page query (`home_posts(actor) & pk IN (...)`,
on PostgreSQL `pk = ANY(ARRAY(...))`: see `townhall.core.among`; then
`posts.selectors.compiled_feed_page`, which applies `visible_posts`): as many queries as the
pull query, but a primary-key lookup of at most 63 posts instead of a sort over the feed's
whole history.
When filtering leaves the page short, one more query tells whether the list holds more
below the candidates (then it reads again with a 4x wider window, at most READS times) or
ends there (then, if the list was truncated, the rest of the feed comes from the pull query).
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    DateTimeField,
    F,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone

from townhall.access.groups import member_group_ids
from townhall.access.posts import audience_of_post, visible_posts
from townhall.access.roles import is_active_member
from townhall.accounts.models import User
from townhall.core.tasks import enqueue_after_commit, retrying_task
from townhall.feeds.models import FeedEntry, FeedState
from townhall.groups.models import Membership
from townhall.notifications.models import LastSeen
from townhall.people.models import Follow, TopicFollow
from townhall.posts.models import Post, PostTopic

# Entries kept per person: page 50 of 20 (posts 981-1,000, plus the 1,001st that tells
# whether a next page exists) still comes from the list with room for entries the read
# filters out; and more than feeds.selectors.NEW_POSTS_CAP, counted from the list too.
CAP = 1100
WINDOW = 3  # candidates per page: WINDOW x (limit + 1) entries below the cursor
READS = 3  # at most this many candidate windows (each 4x wider) before giving up on the list
ACTIVE_DAYS = 30  # people not seen for longer lose their list (rebuilt on their return)
REFAN_POSTS = 200  # a group that turns more open has this many newest posts fanned out again
TRIM_BATCH = 500  # lists trimmed per run of the periodic job
DROP_BATCH = 500  # idle lists dropped per run
STATE_SECONDS = 3600  # how long "is this list built?" is remembered in the cache
BUILD_PENDING_SECONDS = 300  # "not built" is cached this long: one build request per visit


# --- what belongs in a home feed, before mutes and visibility ---------------------------


def home_candidates(person) -> QuerySet[Post]:
    """Posts by the person and people they follow, in their groups, on topics they follow:
    `feeds.selectors.home_posts` without the mutes (the read applies those)."""
    followed = Follow.objects.filter(follower=person).values("followed_id")
    topics = TopicFollow.objects.filter(follower=person).values("topic_id")
    return Post.objects.filter(
        Q(author=person)
        | Q(author_id__in=followed)
        | Q(group_id__in=member_group_ids(person))
        | Q(pk__in=PostTopic.objects.filter(topic_id__in=topics).values("post_id"))
    )


def home_audience(post: Post) -> QuerySet[User]:
    """Whose home feed `post` belongs to (the reverse of `home_candidates`), limited to the
    people who may see it and whose list is kept."""
    topics = PostTopic.objects.filter(post=post).values("topic_id")
    reached = (
        Q(pk=post.author_id)
        | Q(pk__in=Follow.objects.filter(followed_id=post.author_id).values("follower_id"))
        | Q(pk__in=TopicFollow.objects.filter(topic_id__in=topics).values("follower_id"))
    )
    if post.group_id is not None:
        reached |= Q(pk__in=Membership.objects.filter(group_id=post.group_id).values("user_id"))
    kept = User.objects.filter(reached, pk__in=FeedState.objects.values("person_id"))
    return audience_of_post(post, kept)


# --- writing -------------------------------------------------------------------------------


def _insert_select(rows: QuerySet) -> int:
    """INSERT the (fan_person, fan_post, fan_created) rows that `rows` annotates, skipping
    those already there: one statement on SQLite and PostgreSQL alike."""
    # No ORDER BY (the audience's default is by name): the rows' order does not matter here.
    values = rows.order_by().values("fan_person", "fan_post", "fan_created")
    sql, params = values.query.sql_with_params()
    table = FeedEntry._meta.db_table
    # Django compiled `sql` (its values travel in `params`); the table name is ours.
    select = f"SELECT fan.fan_person, fan.fan_post, fan.fan_created FROM ({sql}) fan"  # noqa: S608
    if connection.vendor == "postgresql":
        statement = (
            f"INSERT INTO {table} (person_id, post_id, created_at) {select} ON CONFLICT DO NOTHING"
        )
    else:
        statement = f"INSERT OR IGNORE INTO {table} (person_id, post_id, created_at) {select}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def fan_out(post_id: int) -> int:
    """Put one post into every kept list it belongs to: one INSERT ... SELECT. Safe to run
    twice; a post moved or edited later is fanned out again (new readers only)."""
    post = Post.objects.select_related("group").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return 0
    rows = home_audience(post).annotate(
        fan_person=F("pk"),
        fan_post=Value(post.pk, output_field=BigIntegerField()),
        fan_created=Value(post.created_at, output_field=DateTimeField()),
    )
    return _insert_select(rows)


def fan_out_group(group_id: int, newest: int = None) -> int:
    """Fan out again the group's newest posts (it became more open: followers of their
    authors and topics who are not members may see them now). One statement per post."""
    posts = Post.objects.filter(group_id=group_id, deleted_at__isnull=True)
    ids = posts.order_by("-created_at", "-id").values_list("pk", flat=True)
    return sum(fan_out(post_id) for post_id in ids[: newest or REFAN_POSTS])


def _merge_newest(person) -> int:
    """Merge the newest CAP posts of the person's home feed (the pull query, without mutes)
    into their list: one INSERT ... SELECT."""
    newest = visible_posts(person, home_candidates(person)).order_by("-created_at", "-id")
    rows = Post.objects.filter(pk__in=newest.values("pk")[:CAP]).annotate(
        fan_person=Value(person.pk, output_field=BigIntegerField()),
        fan_post=F("pk"),
        fan_created=F("created_at"),
    )
    return _insert_select(rows)


def backfill(person_id: int) -> int:
    """After a follow or a join: merge the newest CAP posts of the person's home feed into
    their kept list, then trim it; nothing for someone whose list is not kept."""
    person = User.objects.filter(pk=person_id).first()
    if person is None or not is_active_member(person):
        return 0
    if not FeedState.objects.filter(person_id=person_id).exists():
        return 0
    added = _merge_newest(person)
    trim(person_id)
    return added


def build(person_id: int) -> bool:
    """Build the list of someone who has none (or whose build was interrupted). First the
    FeedState row commits (from then on every new post is fanned out to them too), then the
    newest CAP posts of the pull query are merged in and the list is marked built: a post
    committed in between is caught by one or the other. True when it built the list."""
    person = User.objects.filter(pk=person_id).first()
    if person is None or not is_active_member(person):
        return False
    state, _created = FeedState.objects.get_or_create(person_id=person_id)
    if state.built_at is not None:
        return False
    with transaction.atomic():
        _merge_newest(person)
        truncated = trim(person_id) or _holds_at_least(person_id, CAP)
        FeedState.objects.filter(person_id=person_id).update(
            built_at=timezone.now(), truncated=truncated, trimmed_at=timezone.now()
        )
        transaction.on_commit(lambda: remember_built(person_id, True))
    return True


def _holds_at_least(person_id: int, count: int) -> bool:
    return FeedEntry.objects.filter(person_id=person_id).order_by()[count - 1 : count].exists()


def trim(person_id: int) -> bool:
    """Keep the newest CAP entries of one list; True (and the list marked truncated) when
    older ones were removed."""
    last = list(
        FeedEntry.objects.filter(person_id=person_id)
        .order_by("-created_at", "-post_id")
        .values_list("created_at", "post_id")[CAP - 1 : CAP]
    )
    FeedState.objects.filter(person_id=person_id).update(trimmed_at=timezone.now())
    if not last:
        return False
    created_at, post_id = last[0]
    removed, _ = (
        FeedEntry.objects.filter(person_id=person_id).filter(_below(created_at, post_id)).delete()
    )
    if removed:
        FeedState.objects.filter(person_id=person_id).update(truncated=True)
    return bool(removed)


def trim_due(batch: int = TRIM_BATCH) -> int:
    """Trim the lists trimmed longest ago (the periodic job); returns how many were looked at."""
    people = list(
        FeedState.objects.filter(built_at__isnull=False)
        .order_by("trimmed_at")
        .values_list("person_id", flat=True)[:batch]
    )
    for person_id in people:
        with transaction.atomic():
            trim(person_id)
    return len(people)


def drop(person_ids) -> int:
    """Stop keeping these people's lists (entries and state go; rebuilt on their return)."""
    person_ids = list(person_ids)
    with transaction.atomic():
        FeedEntry.objects.filter(person_id__in=person_ids).delete()
        dropped, _ = FeedState.objects.filter(person_id__in=person_ids).delete()
    for person_id in person_ids:
        forget(person_id)
    return dropped


def drop_idle(now: datetime | None = None, batch: int = DROP_BATCH) -> int:
    """Drop the lists of people not seen for ACTIVE_DAYS (the periodic job)."""
    since = (now or timezone.now()) - timedelta(days=ACTIVE_DAYS)
    idle = (
        FeedState.objects.filter(created_at__lt=since)
        .exclude(person_id__in=LastSeen.objects.filter(at__gte=since).values("person_id"))
        .values_list("person_id", flat=True)[:batch]
    )
    return drop(idle)


# --- is this person's list built? (cached: asked on every home page) -----------------


def _state_key(person_id: int) -> str:
    return f"feeds:built:{person_id}"


def remember_built(person_id: int, built: bool) -> None:
    """Cache the answer: an hour when built; while not, BUILD_PENDING_SECONDS, after which
    the next visit looks again (and asks for a build again if the last one did not land)."""
    cache.set(
        _state_key(person_id), 1 if built else 0, STATE_SECONDS if built else BUILD_PENDING_SECONDS
    )


def forget(person_id: int) -> None:
    cache.delete(_state_key(person_id))


def is_built(person) -> bool:
    """Whether the person's list is built, from the cache or else one query; when it is
    not, its build is queued (after commit) and "not built" is cached meanwhile, so a page
    served by the pull query writes nothing."""
    known = cache.get(_state_key(person.pk))
    if known is not None:
        return bool(known)
    built = FeedState.objects.filter(person_id=person.pk, built_at__isnull=False).exists()
    if not built:
        request_build(person)
    remember_built(person.pk, built)
    return built


def request_build(person) -> None:
    """Queue the background build of the person's list (after commit)."""
    enqueue_after_commit(build_home_list, person.pk)


@retrying_task()
def build_home_list(person_id: int, *, attempt: int = 1) -> bool:
    """The task: build the list of someone who came back (or came for the first time)."""
    return build(person_id)


# --- reading -------------------------------------------------------------------------------


def _below(created_at: datetime, post_id: int) -> Q:
    return Q(created_at__lt=created_at) | Q(created_at=created_at, post_id__lt=post_id)


def entries_below(person, position: tuple[datetime, int] | None) -> QuerySet[FeedEntry]:
    """The person's entries older than the cursor position, newest first."""
    entries = FeedEntry.objects.filter(person_id=person.pk)
    if position is not None:
        entries = entries.filter(_below(*position))
    return entries.order_by("-created_at", "-post_id")


def entries_above(person, position: tuple[datetime, int] | None) -> QuerySet[FeedEntry]:
    """The person's entries newer than the cursor position (all of them without one)."""
    entries = FeedEntry.objects.filter(person_id=person.pk)
    if position is not None:
        created_at, post_id = position
        entries = entries.filter(
            Q(created_at__gt=created_at) | Q(created_at=created_at, post_id__gt=post_id)
        )
    return entries


def candidates(person, position, size: int) -> QuerySet:
    """The post ids of the `size` newest entries below the cursor, as a subquery."""
    return entries_below(person, position).values("post_id")[:size]


def list_continues(person, position, size: int) -> tuple[bool, bool, bool]:
    """(built, more, truncated) in one query: is the list built, does it hold more entries
    below the `size` newest under the cursor, does it leave older posts out?"""
    beyond = entries_below(person, position).values("post_id")[size : size + 1]
    row = (
        FeedState.objects.filter(person_id=person.pk)
        .annotate(beyond=Subquery(beyond))
        .values_list("built_at", "beyond", "truncated")
        .first()
    )
    if row is None:
        return False, False, False
    built_at, beyond_id, truncated = row
    return built_at is not None, beyond_id is not None, truncated
