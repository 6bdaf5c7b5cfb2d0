"""/api/v1 feeds, follows, mutes, topics and mention suggestions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from townhall.accounts.actions import deactivate_user
from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups
from townhall.people import follows
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return {
        name: make_user(name, display_name=f"{name.capitalize()} {surname}")
        for name, surname in (
            ("mona", "Member"),
            ("carl", "Colleague"),
            ("olga", "Owner"),
            ("pia", "Poster"),
            ("ruth", "Reactor"),
        )
    }


def bodies(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [post["body"] for post in response.json()["items"]]


def test_home_shows_followed_people_my_groups_and_followed_topics_minus_mutes(people, api_as):
    mona, carl, olga, pia = (people[n] for n in ("mona", "carl", "olga", "pia"))
    club = groups.create_group(actor=olga, name="Club")
    groups.join_group(actor=mona, group=club)
    posts.create_post(actor=carl, body="From Carl")
    posts.create_post(actor=olga, body="In the club", group=club)
    posts.create_post(actor=pia, body="About #lunch")
    posts.create_post(actor=pia, body="Unrelated")
    api = api_as(mona)
    assert bodies(api.get("/api/v1/feeds/home")) == ["In the club"]
    assert api.post(f"/api/v1/people/{carl.pk}/follow").json() == {
        "following": True,
        "muted": False,
    }
    assert api.post("/api/v1/topics/LUNCH/follow").json()["following"] is True
    assert bodies(api.get("/api/v1/feeds/home")) == ["About #lunch", "In the club", "From Carl"]
    api.post(f"/api/v1/groups/{club.pk}/mute")
    api.post("/api/v1/topics/lunch/mute")
    assert bodies(api.get("/api/v1/feeds/home")) == ["From Carl"]
    api.delete(f"/api/v1/groups/{club.pk}/mute")
    api.delete(f"/api/v1/people/{carl.pk}/follow")
    assert bodies(api.get("/api/v1/feeds/home")) == ["In the club"]


def test_my_follows_and_mutes_are_listed(people, api_as):
    mona, carl = people["mona"], people["carl"]
    posts.create_post(actor=carl, body="#Møte at noon")
    api = api_as(mona)
    api.post(f"/api/v1/people/{carl.pk}/follow")
    api.post("/api/v1/topics/MØTE/follow")
    api.post(f"/api/v1/people/{people['pia'].pk}/mute")
    listed = api.get("/api/v1/me/following").json()
    assert [p["username"] for p in listed["people"]] == ["carl"]
    assert listed["topics"] == [{"key": "møte", "name": "Møte"}]
    assert [p["username"] for p in listed["muted_people"]] == ["pia"]
    assert listed["muted_groups"] == [] and listed["muted_topics"] == []


def test_following_or_muting_oneself_is_refused(people, api_as):
    mona = people["mona"]
    api = api_as(mona)
    for verb in ("follow", "mute"):
        response = api.post(f"/api/v1/people/{mona.pk}/{verb}")
        assert response.status_code == 409
        assert response.json()["code"] == "not_yourself"


def test_following_unknown_or_deactivated_people_is_a_404(people, admin_user, api_as):
    deactivate_user(actor=admin_user, person=people["pia"])
    api = api_as(people["mona"])
    assert api.post("/api/v1/people/987654/follow").status_code == 404
    assert api.post(f"/api/v1/people/{people['pia'].pk}/follow").status_code == 404
    assert api.post("/api/v1/topics/nothing-here/follow").status_code == 404


def test_the_company_feed_has_org_and_public_group_posts_only(people, api_as):
    olga = people["olga"]
    commons = groups.create_group(actor=olga, name="Commons")
    board = groups.create_group(actor=olga, name="Board", kind="private")
    posts.create_post(actor=olga, body="Org")
    posts.create_post(actor=olga, body="Public", group=commons)
    posts.create_post(actor=olga, body="Private", group=board)
    assert bodies(api_as(people["mona"]).get("/api/v1/feeds/company")) == ["Public", "Org"]
    assert bodies(api_as(olga).get("/api/v1/feeds/company")) == ["Public", "Org"]


def test_a_group_feed_is_for_readers_of_the_group(people, api_as):
    olga = people["olga"]
    board = groups.create_group(actor=olga, name="Board", kind="private")
    secret = groups.create_group(actor=olga, name="Skunkworks", kind="secret")
    posts.create_post(actor=olga, body="Minutes", group=board)
    assert bodies(api_as(olga).get(f"/api/v1/groups/{board.pk}/feed")) == ["Minutes"]
    mona = api_as(people["mona"])
    assert mona.get(f"/api/v1/groups/{board.pk}/feed").status_code == 404
    assert mona.get(f"/api/v1/groups/{secret.pk}/feed").json() == (
        mona.get("/api/v1/groups/987654/feed").json()
    )


def test_a_topic_is_found_in_any_letter_case_and_its_feed_too(people, api_as):
    posts.create_post(actor=people["carl"], body="#MØTE today")
    posts.create_post(actor=people["pia"], body="Another #møte")
    api = api_as(people["mona"])
    for name in ("møte", "MØTE", "Møte", "%23MØTE"):
        topic = api.get(f"/api/v1/topics/{name}")
        assert topic.status_code == 200, name
        assert topic.json() == {
            "key": "møte",
            "name": "MØTE",
            "post_count": 2,
            "following": False,
            "muted": False,
        }
    assert bodies(api.get("/api/v1/topics/MøTe/feed")) == ["Another #møte", "#MØTE today"]


def test_a_topic_used_only_in_a_secret_group_is_unknown_to_outsiders(people, api_as):
    secret = groups.create_group(actor=people["olga"], name="Skunkworks", kind="secret")
    posts.create_post(actor=people["olga"], body="#codename", group=secret)
    mona = api_as(people["mona"])
    assert mona.get("/api/v1/topics/codename").status_code == 404
    assert mona.get("/api/v1/topics/codename/feed").status_code == 404
    assert mona.post("/api/v1/topics/codename/follow").status_code == 404
    assert api_as(people["olga"]).get("/api/v1/topics/codename").json()["post_count"] == 1


def test_a_profile_feed_shows_only_what_the_viewer_may_see(people, api_as):
    olga = people["olga"]
    secret = groups.create_group(actor=olga, name="Skunkworks", kind="secret")
    posts.create_post(actor=olga, body="Hidden", group=secret)
    posts.create_post(actor=olga, body="Open")
    assert bodies(api_as(people["mona"]).get(f"/api/v1/people/{olga.pk}/feed")) == ["Open"]
    assert bodies(api_as(olga).get(f"/api/v1/people/{olga.pk}/feed")) == ["Open", "Hidden"]
    assert api_as(olga).get("/api/v1/people/987654/feed").status_code == 404


def test_feed_pages_walk_every_post_once_newest_first(people, api_as):
    for n in range(7):
        posts.create_post(actor=people["carl"], body=f"p{n}")
    api = api_as(people["mona"])
    seen, cursor = [], None
    while True:
        page = api.get(
            "/api/v1/feeds/company", {"limit": 3, **({"cursor": cursor} if cursor else {})}
        )
        seen += bodies(page)
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"p{n}" for n in reversed(range(7))]


def test_home_is_read_from_the_precomputed_list_once_it_is_built(
    people, api_as, django_capture_on_commit_callbacks
):
    mona, carl = people["mona"], people["carl"]
    follows.follow_person(actor=mona, person=carl)
    api = api_as(mona)
    with django_capture_on_commit_callbacks(execute=True):
        assert bodies(api.get("/api/v1/feeds/home")) == []  # the first visit builds the list
        posts.create_post(actor=carl, body="Old news")
    with django_capture_on_commit_callbacks(execute=True):
        posts.create_post(actor=carl, body="Fresh news")  # fanned out into the list
    with CaptureQueriesContext(connection) as captured:
        assert bodies(api.get("/api/v1/feeds/home", {"limit": 1})) == ["Fresh news"]
        cursor = api.get("/api/v1/feeds/home", {"limit": 1}).json()["next_cursor"]
        assert bodies(api.get("/api/v1/feeds/home", {"cursor": cursor})) == ["Old news"]
    # the page query reads the list (a primary-key window), not the whole feed's history
    assert sum("feeds_feedentry" in q["sql"] for q in captured.captured_queries) >= 3


@pytest.mark.parametrize("cursor", ["x", "bm9wZQ", "MjAyMC0wMS0wMXwx", "%00", "A" * 500])
def test_broken_feed_cursors_are_a_400(people, api_as, cursor):
    response = api_as(people["mona"]).get("/api/v1/feeds/home", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"


def test_each_feed_item_carries_author_group_reactions_and_first_comments(people, api_as):
    olga, mona = people["olga"], people["mona"]
    commons = groups.create_group(actor=olga, name="Commons")
    post = posts.create_post(actor=olga, body="News", group=commons)
    posts.react(actor=mona, target=post, kind="like")
    comment = posts.create_comment(actor=people["carl"], post=post, body="Nice")
    posts.react(actor=mona, target=comment, kind="funny")
    item = api_as(mona).get("/api/v1/feeds/company").json()["items"][0]
    assert item["author"]["display_name"] == "Olga Owner"
    assert item["group"]["name"] == "Commons"
    assert item["reaction_counts"] == {"like": 1} and item["my_reactions"] == ["like"]
    assert item["comment_count"] == 1
    assert item["first_comments"][0]["body"] == "Nice"
    assert item["first_comments"][0]["my_reactions"] == ["funny"]


def _busy_posts(people, count: int, group=None) -> None:
    """`count` posts, each with 3 comments and reactions by different people."""
    reactors = [people["mona"], people["ruth"], people["pia"]]
    for n in range(count):
        post = posts.create_post(actor=people["carl"], body=f"Post {n} #busy", group=group)
        for person, kind in zip(reactors, ("like", "celebrate", "funny"), strict=True):
            posts.react(actor=person, target=post, kind=kind)
            comment = posts.create_comment(actor=person, post=post, body=f"{person} on {n}")
            posts.react(actor=people["carl"], target=comment, kind="support")


FEEDS = [
    ("home", "/api/v1/feeds/home"),
    ("company", "/api/v1/feeds/company"),
    ("group", "/api/v1/groups/{group}/feed"),
    ("topic", "/api/v1/topics/busy/feed"),
    ("profile", "/api/v1/people/{carl}/feed"),
]


@pytest.mark.parametrize(("feed", "path"), FEEDS)
def test_a_feed_page_of_1_post_and_of_20_posts_take_the_same_queries(
    people, django_assert_num_queries, feed, path
):
    mona = people["mona"]
    olga = people["olga"]
    club = groups.create_group(actor=olga, name="Club")
    for person in (mona, people["carl"], people["ruth"], people["pia"]):
        groups.join_group(actor=person, group=club)
    follows.follow_person(actor=mona, person=people["carl"])
    client = Client()
    client.force_login(mona)
    api = ApiClient(client=client)
    url = path.format(group=club.pk, carl=people["carl"].pk)
    _busy_posts(people, 1, group=club)
    api.get(url)  # warm up: session and language look-ups cached per process, the card
    with django_assert_num_queries(QUERIES[feed]) as one:
        assert len(api.get(url, {"limit": 20}).json()["items"]) == 1
    _busy_posts(people, 19, group=club)
    with django_assert_num_queries(QUERIES[feed] + CARD_QUERIES):  # 19 cards not cached
        api.get(url, {"limit": 20})
    with django_assert_num_queries(QUERIES[feed]) as twenty:
        page = api.get(url, {"limit": 20}).json()["items"]
    assert len(page) == 20
    assert all(len(item["first_comments"]) == 3 for item in page)
    assert len(one.captured_queries) == len(twenty.captured_queries)


# Session + user (2) + what the route looks up +
# feed_page's 2 with its cards cached (the page, my reactions; posts.cards: the API leaves
# out the HTML card's files, polls and praise); 4 more for posts whose cards are not
# (topics, first comments, comment and reaction counts).
QUERIES = {"home": 4, "company": 4, "group": 5, "topic": 5, "profile": 5}
CARD_QUERIES = 4


# --- mention suggestions --------------------------------------------------------------


def usernames(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [person["username"] for person in response.json()["items"]]


def test_mention_suggestions_match_the_start_of_names_in_any_case(people, make_user, api_as):
    make_user("orjan", display_name="Ørjan Ås")
    api = api_as(people["mona"])
    assert usernames(api.get("/api/v1/mentions", {"q": "CA"})) == ["carl"]
    assert usernames(api.get("/api/v1/mentions", {"q": "@car"})) == ["carl"]
    assert usernames(api.get("/api/v1/mentions", {"q": "øRJ"})) == ["orjan"]
    assert usernames(api.get("/api/v1/mentions", {"q": "ås"})) == ["orjan"]
    assert usernames(api.get("/api/v1/mentions", {"q": "zzz"})) == []


def test_mention_suggestions_never_offer_deactivated_people(people, admin_user, api_as):
    deactivate_user(actor=admin_user, person=people["pia"])
    assert usernames(api_as(admin_user).get("/api/v1/mentions", {"q": "pia"})) == []


def test_mention_suggestions_for_a_private_post_offer_only_its_readers(people, api_as):
    olga = people["olga"]
    board = groups.create_group(actor=olga, name="Board", kind="private")
    invitation = groups.invite_to_group(actor=olga, group=board, invitee=people["carl"])
    groups.accept_invitation(actor=people["carl"], invitation=invitation)
    post = posts.create_post(actor=olga, body="Minutes", group=board)
    api = api_as(olga)
    assert usernames(api.get("/api/v1/mentions", {"group_id": board.pk})) == ["carl", "olga"]
    assert usernames(api.get("/api/v1/mentions", {"post_id": post.pk})) == ["carl", "olga"]
    assert api_as(people["mona"]).get("/api/v1/mentions", {"post_id": post.pk}).status_code == 404
    # Board is listed, but who is in it is not Mona's to learn.
    assert api_as(people["mona"]).get("/api/v1/mentions", {"group_id": board.pk}).status_code == 404


def test_mention_suggestions_for_a_secret_group_are_a_404_for_outsiders(people, api_as):
    secret = groups.create_group(actor=people["olga"], name="Skunkworks", kind="secret")
    response = api_as(people["mona"]).get("/api/v1/mentions", {"group_id": secret.pk})
    assert response.status_code == 404
