"""The feeds show exactly what the reader may see, minus what they muted, a page at a time."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from townhall.accounts.actions import deactivate_user
from townhall.feeds import lists
from townhall.feeds import selectors as feeds
from townhall.feeds.tests.conftest import add_member, busy_posts
from townhall.groups import actions as groups
from townhall.people import follows
from townhall.posts import actions as posts
from townhall.posts.models import Post, Topic


def bodies(page) -> list[str]:
    return [item.post.body for item in page.items]


def every_feed(office, reader) -> dict[str, list[str]]:
    plans = Topic.objects.get(key="plans")
    return {
        "home": bodies(feeds.home_feed(reader)),
        "company": bodies(feeds.company_feed(reader)),
        "topic": bodies(feeds.topic_feed(reader, plans)),
        "profile": bodies(feeds.profile_feed(reader, office.aria)),
    }


# --- what each feed holds --------------------------------------------------------------


def test_home_shows_my_posts_and_those_of_people_groups_and_topics_i_follow(office):
    bo, aria, cy, di = office.bo, office.aria, office.cy, office.di
    posts.create_post(actor=bo, body="My own note")
    posts.create_post(actor=aria, body="Aria's news")
    posts.create_post(actor=cy, body="Cy on #lunch")
    posts.create_post(actor=di, body="Di elsewhere")
    groups.join_group(actor=bo, group=office.commons)
    posts.create_post(actor=office.olga, group=office.commons, body="In Commons")
    assert bodies(feeds.home_feed(bo)) == ["In Commons", "My own note"]

    follows.follow_person(actor=bo, person=aria)
    follows.follow_topic(actor=bo, topic=Topic.objects.get(key="lunch"))
    assert bodies(feeds.home_feed(bo)) == [
        "In Commons",
        "Cy on #lunch",
        "Aria's news",
        "My own note",
    ]


def test_company_feed_holds_organisation_wide_and_public_group_posts_only(office):
    posts.create_post(actor=office.aria, body="To everyone")
    posts.create_post(actor=office.aria, group=office.commons, body="In Commons")
    posts.create_post(actor=office.aria, group=office.board, body="In Board")
    posts.create_post(actor=office.aria, group=office.skunkworks, body="In Skunkworks")
    # Even a member of Board and Skunkworks finds their posts in those groups, not here.
    assert bodies(feeds.company_feed(office.aria)) == ["In Commons", "To everyone"]
    assert bodies(feeds.company_feed(office.bo)) == ["In Commons", "To everyone"]


@pytest.mark.parametrize("group_name", ["board", "skunkworks"])
def test_a_private_or_secret_group_post_never_reaches_an_outsiders_feeds(office, group_name):
    group = getattr(office, group_name)
    bo = office.bo
    follows.follow_person(actor=bo, person=office.aria)
    posts.create_post(actor=office.aria, body="Open #plans")
    posts.create_post(actor=office.aria, group=group, body="Closed #plans")
    follows.follow_topic(actor=bo, topic=Topic.objects.get(key="plans"))
    assert every_feed(office, bo) == {
        "home": ["Open #plans"],
        "company": ["Open #plans"],
        "topic": ["Open #plans"],
        "profile": ["Open #plans"],
    }
    assert bodies(feeds.group_feed(bo, group)) == []
    assert bodies(feeds.group_feed(office.aria, group)) == ["Closed #plans"]
    # Aria, a member, sees it on every feed but the company feed.
    assert every_feed(office, office.aria)["home"] == ["Closed #plans", "Open #plans"]
    assert every_feed(office, office.aria)["profile"] == ["Closed #plans", "Open #plans"]


def test_a_private_group_post_reaches_a_member_who_joins_and_leaves_when_they_leave(office):
    bo, board = office.bo, office.board
    posts.create_post(actor=office.aria, group=board, body="Board minutes")
    assert bodies(feeds.home_feed(bo)) == []
    add_member(office.olga, board, bo)
    assert bodies(feeds.home_feed(bo)) == ["Board minutes"]
    groups.leave_group(actor=bo, group=board)
    assert bodies(feeds.home_feed(bo)) == []
    assert bodies(feeds.profile_feed(bo, office.aria)) == []


def test_leaving_a_public_group_removes_its_posts_from_home_but_not_from_company(office):
    bo = office.bo
    groups.join_group(actor=bo, group=office.commons)
    posts.create_post(actor=office.olga, group=office.commons, body="Commons chat")
    assert bodies(feeds.home_feed(bo)) == ["Commons chat"]
    groups.leave_group(actor=bo, group=office.commons)
    assert bodies(feeds.home_feed(bo)) == []
    assert bodies(feeds.company_feed(bo)) == ["Commons chat"]


def test_deleted_posts_vanish_from_every_feed(office):
    post = posts.create_post(actor=office.aria, body="Oops #plans")
    follows.follow_person(actor=office.bo, person=office.aria)
    posts.delete_post(actor=office.aria, post=post)
    assert every_feed(office, office.bo) == {"home": [], "company": [], "topic": [], "profile": []}


def test_anonymous_and_deactivated_readers_get_empty_feeds(office, admin_user):
    posts.create_post(actor=office.aria, body="Hello #plans")
    follows.follow_person(actor=office.bo, person=office.aria)
    deactivate_user(actor=admin_user, person=office.bo)
    office.bo.refresh_from_db()
    for reader in (AnonymousUser(), office.bo):
        assert every_feed(office, reader) == {"home": [], "company": [], "topic": [], "profile": []}


# --- mutes ------------------------------------------------------------------------------


def test_muting_a_person_group_or_topic_hides_it_from_home_only(office):
    bo = office.bo
    groups.join_group(actor=bo, group=office.commons)
    follows.follow_person(actor=bo, person=office.aria)
    follows.follow_person(actor=bo, person=office.cy)
    posts.create_post(actor=office.aria, body="Aria speaks")
    posts.create_post(actor=office.olga, group=office.commons, body="Commons chat")
    posts.create_post(actor=office.cy, body="Cy on #lunch")
    posts.create_post(actor=office.cy, body="Cy on work")
    posts.create_post(actor=bo, body="Bo on #lunch")
    lunch = Topic.objects.get(key="lunch")
    everything = ["Bo on #lunch", "Cy on work", "Cy on #lunch", "Commons chat", "Aria speaks"]
    assert bodies(feeds.home_feed(bo)) == everything

    follows.mute(actor=bo, person=office.aria)
    follows.mute(actor=bo, group=office.commons)
    follows.mute(actor=bo, topic=lunch)
    # My own post on a muted topic stays; everything muted is gone.
    assert bodies(feeds.home_feed(bo)) == ["Bo on #lunch", "Cy on work"]
    assert len(bodies(feeds.company_feed(bo))) == 5
    assert bodies(feeds.profile_feed(bo, office.aria)) == ["Aria speaks"]

    follows.unmute(actor=bo, person=office.aria)
    follows.unmute(actor=bo, group=office.commons)
    follows.unmute(actor=bo, topic=lunch)
    assert bodies(feeds.home_feed(bo)) == everything


def test_a_muted_person_stays_hidden_even_in_a_group_i_belong_to(office):
    bo = office.bo
    groups.join_group(actor=bo, group=office.commons)
    groups.join_group(actor=office.cy, group=office.commons)
    posts.create_post(actor=office.cy, group=office.commons, body="Cy in Commons")
    follows.mute(actor=bo, person=office.cy)
    assert bodies(feeds.home_feed(bo)) == []


# --- cursor pages ----------------------------------------------------------------------


def walk(load, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = load(cursor, limit)
        pages.append(bodies(page))
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_pages_have_no_gaps_or_duplicates_while_new_posts_arrive(office):
    bo = office.bo
    follows.follow_person(actor=bo, person=office.aria)
    for n in range(7):
        posts.create_post(actor=office.aria, body=f"Old {n}")
    first = feeds.home_feed(bo, limit=3)
    assert bodies(first) == ["Old 6", "Old 5", "Old 4"]
    for n in range(4):  # arrive while Bo reads the first page
        posts.create_post(actor=office.aria, body=f"New {n}")
    second = feeds.home_feed(bo, cursor=first.next_cursor, limit=3)
    assert bodies(second) == ["Old 3", "Old 2", "Old 1"]
    third = feeds.home_feed(bo, cursor=second.next_cursor, limit=3)
    assert bodies(third) == ["Old 0"] and third.next_cursor is None
    assert feeds.new_posts_count(bo, "home", feeds.top_cursor(first)) == 4


def test_posts_created_in_the_same_instant_are_each_shown_once(office):
    follows.follow_person(actor=office.bo, person=office.aria)
    made = [posts.create_post(actor=office.aria, body=f"Same {n}") for n in range(5)]
    Post.objects.filter(pk__in=[p.pk for p in made]).update(created_at=timezone.now())
    pages = walk(lambda cursor, limit: feeds.home_feed(office.bo, cursor=cursor, limit=limit), 2)
    shown = [body for page in pages for body in page]
    assert sorted(shown) == sorted(p.body for p in made) and len(pages) == 3


def test_a_page_link_that_is_not_ours_is_refused(office):
    with pytest.raises(ValidationError):
        feeds.home_feed(office.bo, cursor="not-a-cursor")
    with pytest.raises(ValidationError):
        feeds.new_posts_count(office.bo, "company", "%%%")


# --- "N new posts" ----------------------------------------------------------------------


def test_new_posts_count_only_counts_what_the_reader_may_see_in_that_feed(office):
    bo = office.bo
    posts.create_post(actor=office.aria, body="Seen #plans")
    top = feeds.top_cursor(feeds.company_feed(bo))
    plans = Topic.objects.get(key="plans")
    posts.create_post(actor=office.aria, body="Another #plans")
    posts.create_post(actor=office.aria, group=office.board, body="Private #plans")
    posts.create_post(actor=office.aria, group=office.skunkworks, body="Secret #plans")
    assert feeds.new_posts_count(bo, "company", top) == 1
    assert feeds.new_posts_count(bo, "topic", top, subject=plans) == 1
    assert feeds.new_posts_count(bo, "profile", top, subject=office.aria) == 1
    assert feeds.new_posts_count(bo, "home", top) == 0
    assert feeds.new_posts_count(office.aria, "home", top) == 3
    assert feeds.new_posts_count(office.aria, "group", top, subject=office.board) == 1
    assert feeds.new_posts_count(bo, "group", top, subject=office.board) == 0
    assert feeds.new_posts_count(bo, "company", None) == 2


def test_new_posts_count_stops_at_the_cap(office):
    for n in range(feeds.NEW_POSTS_CAP + 3):
        posts.create_post(actor=office.aria, body=f"Flood {n}")
    assert feeds.new_posts_count(office.bo, "company", None) == feeds.NEW_POSTS_CAP + 1


def test_new_posts_count_takes_one_query(office, django_assert_num_queries):
    posts.create_post(actor=office.aria, body="One")
    with django_assert_num_queries(1):
        feeds.new_posts_count(office.bo, "home", None)


def test_an_unknown_feed_name_is_a_programming_error(office):
    with pytest.raises(ValueError):
        feeds.feed_posts(office.bo, "topic", subject=None)


# --- query counts ----------------------------------------------------------------------


FEEDS = {
    "home": lambda reader, subject: feeds.home_feed(reader),
    "company": lambda reader, subject: feeds.company_feed(reader),
    "topic": lambda reader, subject: feeds.topic_feed(reader, subject),
    "profile": lambda reader, subject: feeds.profile_feed(reader, subject),
    "group": lambda reader, subject: feeds.group_feed(reader, subject),
}


@pytest.mark.parametrize("feed", sorted(FEEDS))
@pytest.mark.parametrize("size", [1, 20])
def test_a_page_of_1_or_20_busy_posts_takes_the_same_7_queries_on_every_feed(
    office, feed, size, django_assert_num_queries
):
    bo = office.bo
    groups.join_group(actor=bo, group=office.commons)
    follows.follow_person(actor=bo, person=office.aria)
    posts.create_post(actor=office.cy, body="Old #noise")
    follows.mute(actor=bo, topic=Topic.objects.get(key="noise"))
    busy_posts(office, size, group=office.commons)
    subject = {
        "topic": Topic.objects.get(key="plans"),
        "profile": office.aria,
        "group": office.commons,
    }.get(feed)
    lists.is_built(bo)  # home remembers (in the cache) whether bo's list is built
    with django_assert_num_queries(7):  # its cards not cached yet (posts.cards)
        page = FEEDS[feed](bo, subject)
    shown = [item for item in page.items if item.post.group_id == office.commons.pk]
    assert len(shown) == size
    assert all(len(item.first_comments) == 3 for item in shown)
    assert all(item.reaction_counts == {"like": 2, "celebrate": 1} for item in shown)
