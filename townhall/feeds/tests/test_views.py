"""The feed pages as a reader meets them: what is shown, load more, the new-posts prompt,
follow and mute buttons, and the answers to bad or forbidden requests."""

import pytest
from django.urls import reverse

from townhall.feeds import selectors as feeds
from townhall.feeds.tests.conftest import busy_posts
from townhall.groups import actions as groups
from townhall.people import follows
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts import actions as posts
from townhall.posts.models import Topic

PAGES = ["/", "/company/", "/topics/plans/", "/people/aria/", "/following/"]


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def bo(client, office):
    client.force_login(office.bo)
    return office.bo


# --- who gets in ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*PAGES, "/topics/no-such-topic/", "/feeds/new-posts/?feed=home"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, office, path):
    posts.create_post(actor=office.aria, body="On #plans")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "path",
    [
        "/following/people/aria/",
        "/following/topics/plans/",
        "/muting/people/aria/",
        "/muting/topics/plans/",
        "/muting/groups/1/",
    ],
)
def test_an_anonymous_visitor_cannot_follow_or_mute(client, office, path):
    posts.create_post(actor=office.aria, body="On #plans")
    response = client.post(path, {"do": "follow"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Follow.objects.exists() and not Mute.objects.exists()


# --- home -------------------------------------------------------------------------------


def test_home_greets_the_reader_offers_the_composer_and_shows_followed_posts(client, office, bo):
    posts.create_post(actor=office.aria, body="Aria news")
    posts.create_post(actor=office.cy, body="Cy news")
    follows.follow_person(actor=bo, person=office.aria)
    page = html_of(client.get("/"))
    assert "Welcome, Bo Reader" in page
    assert 'action="/posts/' in page  # the composer
    assert "Aria news" in page and "Cy news" not in page
    assert 'aria-current="page">Feed' in page


def test_an_empty_home_says_what_to_do(client, office, bo):
    assert "follow colleagues and topics" in html_of(client.get("/"))


def test_load_more_continues_with_older_posts_with_and_without_htmx(client, office, bo):
    follows.follow_person(actor=bo, person=office.aria)
    for n in range(feeds.PAGE_SIZE + 5):
        posts.create_post(actor=office.aria, body=f"Note number {n:02d}")
    first = html_of(client.get("/"))
    assert "Note number 24" in first and "Note number 04" not in first
    cursor = feeds.home_feed(bo).next_cursor
    assert f"?after={cursor}" in first and "Load more posts" in first

    more = client.get(f"/?after={cursor}", headers={"HX-Request": "true"})
    partial = html_of(more)
    assert "<html" not in partial and "Welcome" not in partial
    assert "Note number 04" in partial and "Note number 00" in partial
    assert "Note number 05" not in partial
    assert "HX-Request" in more["Vary"]

    plain = html_of(client.get(f"/?after={cursor}"))
    assert "<html" in plain and "Note number 00" in plain and "Back to the newest posts" in plain
    assert "You have reached the end." in plain


def test_a_made_up_page_link_gets_a_clear_400(client, office, bo):
    for path in ("/?after=garbage", "/company/?after=%25%25", "/people/aria/?after=x"):
        response = client.get(path)
        assert response.status_code == 400
        assert "This page link is not valid." in html_of(response)


# --- company, topic, profile ------------------------------------------------------------


def test_company_lists_organisation_and_public_group_posts(client, office, bo):
    posts.create_post(actor=office.aria, body="To everyone")
    posts.create_post(actor=office.aria, group=office.commons, body="In Commons")
    posts.create_post(actor=office.aria, group=office.board, body="In Board")
    page = html_of(client.get("/company/"))
    assert "To everyone" in page and "In Commons" in page and "In Board" not in page
    assert 'aria-current="page">Company' in page


def test_topic_page_shows_name_buttons_and_only_visible_posts(client, office, bo):
    posts.create_post(actor=office.aria, body="Open #Plans")
    posts.create_post(actor=office.aria, group=office.board, body="Closed #plans")
    page = html_of(client.get("/topics/PLANS/"))
    assert "#Plans</h1>" in page
    assert "Open" in page and "Closed" not in page
    assert "Follow #Plans" in page and "Mute #Plans" in page


def test_a_topic_only_used_in_a_secret_group_is_missing_for_outsiders(client, office, bo):
    posts.create_post(actor=office.aria, group=office.skunkworks, body="#moonshot")
    hidden = client.get("/topics/moonshot/")
    missing = client.get("/topics/nothing-like-it/")
    assert hidden.status_code == missing.status_code == 404
    assert html_of(hidden) == html_of(missing)
    assert client.post("/following/topics/moonshot/", {"do": "follow"}).status_code == 404
    assert client.post("/muting/topics/moonshot/", {"do": "mute"}).status_code == 404
    new = client.get("/feeds/new-posts/?feed=topic&subject=moonshot")
    assert new.status_code == 404
    assert not TopicFollow.objects.exists() and not Mute.objects.exists()
    client.force_login(office.aria)
    assert client.get("/topics/moonshot/").status_code == 200


def test_a_profile_shows_only_the_posts_the_viewer_may_see(client, office, bo):
    posts.create_post(actor=office.aria, body="Aria to everyone")
    posts.create_post(actor=office.aria, group=office.board, body="Aria to Board")
    page = html_of(client.get("/people/aria/"))
    assert "Aria to everyone" in page and "Aria to Board" not in page
    assert "Follow Aria Author" in page and "Mute Aria Author" in page
    client.force_login(office.aria)
    own = html_of(client.get("/people/aria/"))
    assert "Aria to Board" in own and "Follow Aria Author" not in own


# --- "N new posts" ----------------------------------------------------------------------


def test_the_page_polls_for_new_posts_and_the_prompt_counts_them(client, office, bo):
    first = posts.create_post(actor=office.aria, body="First")
    page = html_of(client.get("/company/"))
    assert 'hx-trigger="every 30s"' in page
    since = feeds.top_cursor(feeds.company_feed(bo))
    url = f"/feeds/new-posts/?feed=company&since={since}"
    assert url.replace("&", "&amp;") in page
    assert html_of(client.get(url)).strip() == ""
    posts.create_post(actor=office.aria, body="Second")
    posts.create_post(actor=office.cy, body="Third")
    posts.create_post(actor=office.aria, group=office.board, body="Hidden")
    prompt = html_of(client.get(url))
    assert "2 new posts" in prompt and 'href="/company/"' in prompt
    assert first.pk


def test_one_new_post_is_singular_and_a_flood_is_capped(client, office, bo):
    posts.create_post(actor=office.aria, body="Only one")
    assert "1 new post<" in html_of(client.get("/feeds/new-posts/?feed=company"))
    for n in range(feeds.NEW_POSTS_CAP + 1):
        posts.create_post(actor=office.aria, body=f"Flood {n}")
    assert "99+ new posts" in html_of(client.get("/feeds/new-posts/?feed=company"))


def test_the_prompt_links_back_to_the_feed_it_counts(client, office, bo):
    posts.create_post(actor=office.aria, group=office.commons, body="#plans")
    cases = {
        "feed=home": "/",
        "feed=topic&subject=plans": "/topics/plans/",
        "feed=profile&subject=aria": "/people/aria/",
        f"feed=group&subject={office.commons.slug}": f"/groups/{office.commons.slug}/",
    }
    groups.join_group(actor=bo, group=office.commons)
    for query, target in cases.items():
        prompt = html_of(client.get(f"/feeds/new-posts/?{query}"))
        assert f'href="{target}"' in prompt, query


def test_the_prompt_refuses_unknown_feeds_and_bad_cursors(client, office, bo):
    assert client.get("/feeds/new-posts/?feed=everything").status_code == 400
    assert client.get("/feeds/new-posts/?feed=home&since=bad").status_code == 400
    assert client.get("/feeds/new-posts/?feed=profile&subject=nobody").status_code == 404
    secret = f"/feeds/new-posts/?feed=group&subject={office.skunkworks.slug}"
    assert client.get(secret).status_code == 404


# --- follow and mute buttons ------------------------------------------------------------


def test_following_and_unfollowing_a_person_from_their_profile(client, office, bo):
    response = client.post(
        "/following/people/aria/", {"do": "follow", "next": "/people/aria/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/people/aria/"
    page = html_of(response)
    assert "You follow Aria Author." in page and "Unfollow Aria Author" in page
    assert Follow.objects.filter(follower=bo, followed=office.aria).exists()
    client.post("/following/people/aria/", {"do": "follow"})  # a double submission
    assert Follow.objects.filter(follower=bo).count() == 1
    page = html_of(client.post("/following/people/aria/", {"do": "unfollow"}, follow=True))
    assert "You no longer follow Aria Author." in page
    assert not Follow.objects.exists()


def test_follow_and_mute_buttons_refuse_bad_requests_and_change_nothing(client, office, bo):
    assert client.get("/following/people/aria/").status_code == 405
    bad = client.post("/following/people/aria/", {"do": "befriend"})
    assert bad.status_code == 400 and "Choose what to do." in html_of(bad)
    own = client.post("/following/people/bo/", {"do": "follow"})
    assert own.status_code == 400 and "You cannot follow yourself." in html_of(own)
    assert client.post("/following/people/nobody/", {"do": "follow"}).status_code == 404
    secret = f"/muting/groups/{office.skunkworks.pk}/"
    assert client.post(secret, {"do": "mute"}).status_code == 404
    assert client.post("/muting/groups/999999/", {"do": "mute"}).status_code == 404
    assert not Follow.objects.exists() and not Mute.objects.exists()


def test_a_foreign_next_address_is_ignored(client, office, bo):
    response = client.post(
        "/following/people/aria/", {"do": "follow", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/people/aria/"


def test_muting_from_a_topic_page_and_undoing_it_on_the_following_page(client, office, bo):
    posts.create_post(actor=office.aria, body="About #plans")
    follows.follow_topic(actor=bo, topic=Topic.objects.get(key="plans"))
    assert "About" in html_of(client.get("/"))
    page = html_of(client.post("/muting/topics/plans/", {"do": "mute"}, follow=True))
    assert "#plans is muted" in page and "Unmute #plans" in page
    assert "About" not in html_of(client.get("/"))
    following = html_of(client.get("/following/"))
    assert "Topics you follow" in following and "Unmute #plans" in following
    client.post("/muting/topics/plans/", {"do": "unmute", "next": "/following/"})
    assert "About" in html_of(client.get("/"))


def test_a_group_can_be_muted_and_unmuted(client, office, bo):
    groups.join_group(actor=bo, group=office.commons)
    posts.create_post(actor=office.olga, group=office.commons, body="Commons chat")
    url = f"/muting/groups/{office.commons.pk}/"
    client.post(url, {"do": "mute"})
    assert "Commons chat" not in html_of(client.get("/"))
    assert "Unmute Commons" in html_of(client.get("/following/"))
    client.post(url, {"do": "unmute"})
    assert "Commons chat" in html_of(client.get("/"))


def test_the_following_page_lists_people_topics_and_mutes_with_undo(client, office, bo):
    posts.create_post(actor=office.aria, body="#plans")
    follows.follow_person(actor=bo, person=office.aria)
    follows.follow_topic(actor=bo, topic=Topic.objects.get(key="plans"))
    follows.mute(actor=bo, person=office.cy)
    page = html_of(client.get("/following/"))
    for text in ("Unfollow Aria Author", "Unfollow #plans", "Unmute Cy Commenter"):
        assert text in page
    assert "Nothing muted." not in page
    follows.unmute(actor=bo, person=office.cy)
    assert "Nothing muted." in html_of(client.get("/following/"))


# --- query counts -----------------------------------------------------------------------

# session, user, the site settings (cached), the unread notifications in the nav and
# feed_page's 3 once the cards are cached (the page, my reactions, files); home adds the
# composer's groups and the pinned announcements, a topic page the topic and follow/mute
# state, a profile the org chart and follow/mute state.
PAGE_QUERIES = {"/": 8, "/company/": 6, "/topics/plans/": 9, "/people/aria/": 10}


@pytest.mark.parametrize("path", sorted(PAGE_QUERIES))
@pytest.mark.parametrize("size", [1, 20])
def test_each_feed_page_takes_the_same_queries_for_1_or_20_busy_posts(
    client, office, bo, path, size, django_assert_num_queries
):
    groups.join_group(actor=bo, group=office.commons)
    follows.follow_person(actor=bo, person=office.aria)
    busy_posts(office, size, group=office.commons)
    client.get(path)  # the site settings and the posts' cards reach the cache
    with django_assert_num_queries(PAGE_QUERIES[path]):
        response = client.get(path)
    assert response.status_code == 200
    assert html_of(response).count('class="card post"') == size


def test_the_following_page_takes_the_same_queries_however_much_is_followed(
    client, office, bo, make_user, django_assert_num_queries
):
    def load():
        with django_assert_num_queries(8):  # 7 + the unread notifications in the nav
            assert client.get("/following/").status_code == 200

    client.get("/following/")  # the site settings reach the cache
    load()
    for n in range(5):
        person = make_user(f"p{n}", password=None)
        follows.follow_person(actor=bo, person=person)
        follows.mute(actor=bo, person=person)
    load()
