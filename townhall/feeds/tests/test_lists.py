"""The precomputed home feed answers exactly what the pull query answers, page by page,
for random organisations and after every change that can add or remove posts from it.

Deliveries run as in production, only at once: every action runs inside
`django_capture_on_commit_callbacks(execute=True)`, so the outbox hands its events to the
feeds consumer (fan-out, backfill) and a first visit's build task runs before the next step.
"""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townhall.access.posts import visible_posts
from townhall.conftest import DatabaseWork
from townhall.feeds import lists
from townhall.feeds import selectors as feeds
from townhall.feeds.models import FeedEntry, FeedState
from townhall.feeds.tests.conftest import add_member
from townhall.groups import actions as groups
from townhall.groups.models import Membership
from townhall.notifications.models import LastSeen
from townhall.people import follows
from townhall.people.models import Follow
from townhall.posts import actions as posts
from townhall.posts.models import Post, Topic
from townhall.posts.selectors import feed_page

REFUSED = (PermissionDenied, Http404, ValidationError)


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """act(action, **arguments): run a real action and everything it queues after commit."""

    def run(action, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                return action(**arguments)
            except REFUSED:
                return None

    return run


@pytest.fixture
def visit(act):
    """visit(person): open the home feed (the first visit builds the list)."""
    return lambda person: act(feeds.home_feed, actor=person)


# --- comparing with the pull query ---------------------------------------------------------


def pages(load, limit: int) -> list[tuple[list[int], str | None]]:
    """Every page of a feed, oldest last, as (post ids, next cursor)."""
    result, cursor = [], None
    for _page in range(200):
        page = load(cursor, limit)
        result.append(([item.post.pk for item in page.items], page.next_cursor))
        cursor = page.next_cursor
        if cursor is None:
            return result
    raise AssertionError("the feed never ended")


def pulled(person, limit: int):
    return pages(lambda cursor, n: feed_page(person, feeds.home_posts(person), cursor, n), limit)


def from_list(person, limit: int):
    return pages(lambda cursor, n: feeds.home_feed(person, cursor, n), limit)


def assert_same_as_pull(people, *, limit: int = 3, built=True) -> None:
    for person in people:
        if built:
            assert lists.is_built(person), f"{person} has no built list"
        assert from_list(person, limit) == pulled(person, limit), person.username
        if lists.CAP <= feeds.NEW_POSTS_CAP:
            continue  # a list shorter than the count's cap cannot count past itself
        pull_count = visible_posts(person, feeds.home_posts(person)).count()
        assert feeds.new_posts_count(person, "home", None) == min(
            pull_count, feeds.NEW_POSTS_CAP + 1
        )


# --- a random organisation -------------------------------------------------------------------


class World:
    """People, groups of the three kinds, memberships, follows, topic follows, mutes and
    posts, chosen by a seeded random generator and made through the real actions."""

    def __init__(self, seed, make_user, act, visit, *, people=8, posts_count=30):
        self.rnd = random.Random(seed)
        self.act, self.visit = act, visit
        self.people = [make_user(f"p{seed}x{n}", password=None) for n in range(people)]
        self.groups, self.owners = [], {}
        for kind in ("public", "private", "secret", "public"):
            owner = self.rnd.choice(self.people)
            group = act(
                groups.create_group,
                actor=owner,
                name=f"{kind} {seed}-{len(self.groups)}",
                kind=kind,
            )
            self.owners[group.pk] = owner
            self.groups.append(group)
            for person in self.rnd.sample(self.people, self.rnd.randint(1, people - 1)):
                if person != owner:
                    act(add_member, owner=owner, group=group, person=person)
        # Some read their feed before anything is posted: their lists grow by fan-out.
        for person in self.people[: people // 2]:
            visit(person)
        for _n in range(people * 2):
            a, b = self.rnd.sample(self.people, 2)
            act(follows.follow_person, actor=a, person=b)
        for n in range(posts_count):
            self.post(n)
        topics = list(Topic.objects.filter(key__startswith="t"))
        for person in self.people:
            for topic in self.rnd.sample(topics, min(len(topics), self.rnd.randint(0, 2))):
                act(follows.follow_topic, actor=person, topic=topic)
            what = self.rnd.choice(["person", "group", "topic", None, None])
            if what == "person":
                act(follows.mute, actor=person, person=self.rnd.choice(self.people))
            elif what == "group":
                act(follows.mute, actor=person, group=self.rnd.choice(self.groups))
            elif what == "topic" and topics:
                act(follows.mute, actor=person, topic=self.rnd.choice(topics))
        # The others read it now: their lists are built from the pull query.
        for person in self.people:
            visit(person)

    def post(self, n):
        author = self.rnd.choice(self.people)
        mine = list(Membership.objects.filter(user=author).values_list("group_id", flat=True))
        group = None
        if mine and self.rnd.random() < 0.6:
            chosen = self.rnd.choice(mine)
            group = next(g for g in self.groups if g.pk == chosen)
        tags = " ".join(f"#t{k}" for k in self.rnd.sample(range(4), self.rnd.randint(0, 2)))
        return self.act(posts.create_post, actor=author, body=f"Post {n} {tags}", group=group)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_list_answers_as_the_pull_query_for_a_random_organisation(seed, make_user, act, visit):
    world = World(seed, make_user, act, visit)
    assert FeedEntry.objects.exists()
    assert_same_as_pull(world.people)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_list_stays_right_through_every_change_of_who_sees_what(seed, make_user, act, visit):
    world = World(seed, make_user, act, visit)
    rnd, people = world.rnd, world.people

    # Unfollow: takes effect at once (the entries stay, the read filters them).
    follow = rnd.choice(list(Follow.objects.filter(follower__in=people)))
    act(follows.unfollow_person, actor=follow.follower, person=follow.followed)
    assert_same_as_pull(people)

    # Leaving a group.
    membership = rnd.choice(
        list(Membership.objects.filter(group__in=world.groups, role=Membership.Role.MEMBER))
    )
    act(groups.leave_group, actor=membership.user, group=membership.group)
    assert_same_as_pull(people)

    # A deleted post.
    victim = rnd.choice(list(Post.objects.filter(author__in=people)))
    act(posts.delete_post, actor=victim.author, post=victim)
    assert_same_as_pull(people)

    # The public group turns secret, the private one public (its posts reach followers).
    public, private = world.groups[0], world.groups[1]
    act(groups.change_kind, actor=world.owners[public.pk], group=public, kind="secret")
    act(groups.change_kind, actor=world.owners[private.pk], group=private, kind="public")
    assert_same_as_pull(people)

    # A post moved to another group of its author, or to the whole organisation.
    movable = list(Post.objects.filter(author__in=people, deleted_at__isnull=True))
    rnd.shuffle(movable)
    for post in movable[:4]:
        targets = [g for g in world.groups if g.pk != post.group_id]
        target = rnd.choice([None, *targets]) if post.group_id else rnd.choice(targets)
        act(posts.move_post, actor=post.author, post=post, group=target)
    assert_same_as_pull(people)

    # Re-follow and re-join: the backfill brings back what the list never received.
    act(follows.follow_person, actor=follow.follower, person=follow.followed)
    act(
        add_member,
        owner=world.owners[membership.group_id],
        group=membership.group,
        person=membership.user,
    )
    for person in people:
        act(follows.follow_person, actor=person, person=rnd.choice(people))
    assert_same_as_pull(people)

    # An edit that adds a #topic reaches that topic's followers.
    post = rnd.choice(list(Post.objects.filter(author__in=people, deleted_at__isnull=True)))
    act(posts.edit_post, actor=post.author, post=post, body=post.body + " #t0 #t3")
    for n in range(10):
        world.post(100 + n)
    assert_same_as_pull(people)


def test_someone_away_for_long_gets_a_correct_feed_on_return(
    make_user, act, visit, django_capture_on_commit_callbacks
):
    world = World(7, make_user, act, visit)
    away = world.people[0]
    long_ago = timezone.now() - timedelta(days=lists.ACTIVE_DAYS + 5)
    LastSeen.objects.update_or_create(person=away, defaults={"at": long_ago})
    LastSeen.objects.exclude(person=away).delete()
    for person in world.people[1:]:
        LastSeen.objects.create(person=person, at=timezone.now())
    FeedState.objects.update(created_at=long_ago)

    assert lists.drop_idle() == 1
    assert not FeedState.objects.filter(person=away).exists()
    assert not FeedEntry.objects.filter(person=away).exists()
    for n in range(12):
        world.post(200 + n)  # nothing is fanned out to the absent
    assert not FeedEntry.objects.filter(person=away).exists()

    # The first visit is served by the pull query and builds the list in the background.
    with django_capture_on_commit_callbacks() as queued:
        assert from_list(away, 3) == pulled(away, 3)
    assert not FeedEntry.objects.filter(person=away).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for task in queued:
            task()
    assert FeedEntry.objects.filter(person=away).exists()
    assert_same_as_pull(world.people)


def test_a_deactivated_person_loses_their_list(make_user, act, visit, admin_user):
    from townhall.accounts.actions import deactivate_user

    world = World(8, make_user, act, visit, people=5, posts_count=10)
    gone = world.people[1]
    act(deactivate_user, actor=admin_user, person=gone)
    assert not FeedState.objects.filter(person=gone).exists()
    assert not FeedEntry.objects.filter(person=gone).exists()


def test_a_capped_list_hands_older_pages_to_the_pull_query(make_user, act, visit, monkeypatch):
    monkeypatch.setattr(lists, "CAP", 7)
    world = World(9, make_user, act, visit, people=6, posts_count=40)
    for n in range(15):
        world.post(300 + n)
    assert lists.trim_due() == len(world.people)
    assert FeedState.objects.filter(truncated=True).exists()
    assert (
        max(FeedEntry.objects.filter(person=person).count() for person in world.people) == lists.CAP
    )
    assert_same_as_pull(world.people, limit=2)
    assert_same_as_pull(world.people, limit=5)


def test_a_list_mostly_muted_reads_further_and_keeps_its_cursor(make_user, act, visit):
    reader, loud, quiet = (make_user(name, password=None) for name in ("reader", "loud", "quiet"))
    visit(reader)
    act(follows.follow_person, actor=reader, person=loud)
    act(follows.follow_person, actor=reader, person=quiet)
    for n in range(3):
        act(posts.create_post, actor=quiet, body=f"Quiet {n}")
        for m in range(30):
            act(posts.create_post, actor=loud, body=f"Loud {n}.{m}")
    act(follows.mute, actor=reader, person=loud)
    assert [len(ids) for ids, _cursor in from_list(reader, 2)] == [2, 1]
    assert from_list(reader, 2) == pulled(reader, 2)


# --- the fan-out is one delivery and one statement per post -----------------------------


def test_a_post_is_fanned_out_once_whatever_the_size_of_its_audience(
    make_user, act, visit, django_capture_on_commit_callbacks
):
    owner = make_user("owner", password=None)
    small = act(groups.create_group, actor=owner, name="Small", kind="public")
    big = act(groups.create_group, actor=owner, name="Big", kind="public")
    members = [make_user(f"m{n}", password=None) for n in range(30)]
    for member in members:
        act(groups.join_group, actor=member, group=big)
        visit(member)
    visit(owner)

    queued = {}
    for group in (small, big):
        with django_capture_on_commit_callbacks() as callbacks:
            post = posts.create_post(actor=owner, body=f"To {group.name}", group=group)
        queued[group.name] = len(callbacks)
        with CaptureQueriesContext(connection) as captured:
            for callback in callbacks:
                callback()
        inserts = [q for q in captured.captured_queries if "INTO feeds_feedentry" in q["sql"]]
        assert len(inserts) == 1
    assert queued["Small"] == queued["Big"]
    holders = set(FeedEntry.objects.filter(post=post).values_list("person_id", flat=True))
    assert holders == {owner.pk, *(m.pk for m in members)}


def test_people_whose_list_is_not_kept_get_no_entries(make_user, act, visit):
    author, keeper, stranger = (make_user(n, password=None) for n in ("au", "keeper", "stranger"))
    for person in (keeper, stranger):
        act(follows.follow_person, actor=person, person=author)
    visit(keeper)
    post = act(posts.create_post, actor=author, body="Hello")
    holders = set(FeedEntry.objects.filter(post=post).values_list("person_id", flat=True))
    assert holders == {keeper.pk}


# --- query counts -----------------------------------------------------------------------------


def test_a_home_page_from_the_list_costs_what_a_pull_page_costs_whatever_the_history(
    make_user, act, visit
):
    reader, author = make_user("reader", password=None), make_user("author", password=None)
    visit(reader)
    act(follows.follow_person, actor=reader, person=author)

    def cost(load) -> int:
        load()  # the same page once before: the state and the page's cards reach the cache
        with CaptureQueriesContext(connection) as captured:
            load()
        return len(DatabaseWork.of(captured))  # the database cache's table left out

    costs = set()
    for batch in (25, 200):
        for n in range(batch):
            act(posts.create_post, actor=author, body=f"Post {n}")
        pull = cost(lambda: feed_page(reader, feeds.home_posts(reader), None, 20))
        first = cost(lambda: feeds.home_feed(reader))
        cursor = feeds.home_feed(reader, limit=200).next_cursor
        deep = cost(lambda after=cursor: feeds.home_feed(reader, after))
        assert (first, deep) == (pull, pull), batch
        costs.add(first)
    assert len(costs) == 1  # the same with 25 or 225 posts behind it


def test_new_posts_count_from_the_list_takes_one_query(
    make_user, act, visit, django_assert_num_queries
):
    reader, author = make_user("reader", password=None), make_user("author", password=None)
    visit(reader)
    act(follows.follow_person, actor=reader, person=author)
    top = feeds.top_cursor(feeds.home_feed(reader))
    for n in range(3):
        act(posts.create_post, actor=author, body=f"New {n}")
    with django_assert_num_queries(1):
        assert feeds.new_posts_count(reader, "home", top) == 3
