"""The group page: header, join / ask / leave, pinned post, composer, feed and load-more."""

import pytest
from django.urls import reverse

from townhall.groups import actions
from townhall.groups.models import Decision, JoinRequest, Membership
from townhall.groups.tests.conftest import url
from townhall.posts.actions import create_comment, create_post, react

MISSING = "/groups/no-such-group/"
# session, user, group, 4 membership checks through townhall.access, 7 for the hydrated
# feed page with its cards not cached yet (posts.cards; the pinned post comes from it),
# member count, site settings, the unread notifications in the nav.
QUERIES_GROUP_PAGE = 16


def body(response) -> str:
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_whether_or_not_the_group_exists(client, make_group):
    secret = make_group("secret", "Skunkworks")
    for path in (url("detail", secret), MISSING, url("members", secret), url("settings", secret)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(url("join", secret))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_colleague_reads_a_public_group_and_joins_it(client, people, make_group):
    group = make_group("public", "Commons", description="Everyone's corner.")
    create_post(actor=people["gus"], group=group, body="Lunch at **noon**")
    client.force_login(people["mona"])
    html = body(client.get(url("detail", group)))
    assert "<h1>Commons</h1>" in html
    assert "Everyone&#x27;s corner." in html or "Everyone's corner." in html
    assert "Public" in html and "3 members" in html
    assert "Lunch at <strong>noon</strong>" in html
    assert "Join group" in html and "Write a post in Commons" not in html

    response = client.post(url("join", group), follow=True)
    html = body(response)
    assert "You joined Commons." in html
    assert "Leave group" in html and "Write a post in Commons" in html
    assert Membership.objects.filter(group=group, user=people["mona"], role="member").exists()


def test_a_private_group_shows_its_name_but_not_its_posts_or_members_to_outsiders(
    client, people, make_group
):
    board = make_group("private", "Board", description="Strategy talk.")
    create_post(actor=people["gus"], group=board, body="Quarterly numbers are in")
    client.force_login(people["mona"])
    html = body(client.get(url("detail", board)))
    assert "<h1>Board</h1>" in html and "Strategy talk." in html and "Private" in html
    assert "Quarterly numbers" not in html
    assert url("members", board) not in html
    assert "Ask to join" in html and "Join group" not in html
    assert client.get(url("members", board)).status_code == 404


def test_asking_to_join_twice_leaves_one_pending_request_and_shows_it(client, people, make_group):
    board = make_group("private", "Board")
    client.force_login(people["mona"])
    for _ in range(2):
        response = client.post(url("request", board), {"message": "I run the budget"})
        assert response.status_code == 302
    requests = JoinRequest.objects.filter(group=board, user=people["mona"])
    assert [(r.status, r.message) for r in requests] == [(Decision.PENDING, "I run the budget")]
    html = body(client.get(url("detail", board)))
    assert "Your request to join is waiting for a group admin." in html
    assert "Ask to join" not in html


def test_a_secret_group_is_missing_for_outsiders_with_the_same_page_as_a_missing_one(
    client, people, make_group
):
    secret = make_group("secret", "Skunkworks")
    client.force_login(people["mona"])
    missing = client.get(MISSING)
    for path in (
        url("detail", secret),
        url("members", secret),
        url("settings", secret),
        url("detail", secret) + "?after=abc",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.content == missing.content
    assert "Skunkworks" not in body(client.get(reverse("groups:directory")))


def test_joining_a_secret_or_private_group_by_posting_changes_nothing(client, people, make_group):
    secret = make_group("secret", "Skunkworks")
    board = make_group("private", "Board")
    client.force_login(people["mona"])
    missing = client.post("/groups/no-such-group/join/")
    assert missing.status_code == 404
    for action in ("join", "request", "leave", "answer_invitation"):
        response = client.post(url(action, secret), {"answer": "accept"})
        assert response.status_code == 404
        assert response.content == missing.content
    response = client.post(url("join", board))
    assert response.status_code == 403
    assert "This group is not open to join; ask to join instead." in body(response)
    assert not Membership.objects.filter(user=people["mona"]).exists()
    assert not JoinRequest.objects.filter(user=people["mona"]).exists()


def test_the_last_owner_leaving_is_told_to_transfer_ownership_first(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["olga"])
    response = client.post(url("leave", group))
    assert response.status_code == 400
    assert "You are the group&#x27;s last owner: transfer ownership before leaving." in body(
        response
    )
    assert Membership.objects.filter(group=group, user=people["olga"], role="owner").exists()


def test_a_member_leaves_a_private_group_and_loses_its_posts(client, people, make_group):
    board = make_group("private", "Board")
    create_post(actor=people["olga"], group=board, body="Budget draft attached")
    client.force_login(people["gus"])
    assert "Budget draft" in body(client.get(url("detail", board)))
    response = client.post(url("leave", board), follow=True)
    assert "You left Board." in body(response)
    assert "Budget draft" not in body(client.get(url("detail", board)))


def test_leaving_a_secret_group_lands_on_the_directory(client, people, make_group):
    secret = make_group("secret", "Skunkworks")
    client.force_login(people["gus"])
    response = client.post(url("leave", secret))
    assert response["Location"] == reverse("groups:directory")
    assert client.get(url("detail", secret)).status_code == 404


def test_an_invitee_sees_a_secret_groups_name_but_nothing_inside_until_accepting(
    client, people, make_group
):
    secret = make_group("secret", "Skunkworks", description="Moonshots.")
    create_post(actor=people["gus"], group=secret, body="Prototype flies")
    actions.invite_to_group(actor=people["olga"], group=secret, invitee=people["mona"])
    client.force_login(people["mona"])
    html = body(client.get(url("detail", secret)))
    assert "Skunkworks" in html and "Moonshots." in html
    assert "Prototype flies" not in html and "members" not in html.lower().split("</h1>")[1][:200]
    assert "Accept invitation" in html
    assert client.get(url("members", secret)).status_code == 404

    response = client.post(url("answer_invitation", secret), {"answer": "accept"}, follow=True)
    html = body(response)
    assert "Welcome to Skunkworks." in html and "Prototype flies" in html


def test_members_see_the_pinned_post_above_the_feed_and_admins_pin_from_the_page(
    client, people, make_group
):
    group = make_group("public", "Commons")
    old = create_post(actor=people["gus"], group=group, body="Read the handbook first")
    create_post(actor=people["gus"], group=group, body="Newer chatter")
    client.force_login(people["gale"])
    html = body(client.get(url("detail", group)))
    assert "Pin to the top" in html
    response = client.post(url("pin", group), {"post": old.pk}, follow=True)
    html = body(response)
    assert "The post is pinned." in html
    assert html.index("Pinned post") < html.index("Read the handbook") < html.index("Newer chatter")
    assert html.count("Read the handbook first") == 1

    client.force_login(people["gus"])  # a plain member sees it pinned, but no pin buttons
    html = body(client.get(url("detail", group)))
    assert html.index("Pinned post") < html.index("Read the handbook")
    assert "Pin to the top" not in html and "Unpin" not in html


def test_a_non_admin_posting_admin_actions_gets_the_missing_page(client, people, make_group):
    group = make_group("public", "Commons")
    post = create_post(actor=people["gus"], group=group, body="Pin me")
    gale = Membership.objects.get(group=group, user=people["gale"])
    client.force_login(people["gus"])
    missing = client.post("/groups/no-such-group/pin/", {"post": post.pk})
    attempts = [
        (url("pin", group), {"post": post.pk}),
        (url("settings", group), {"name": "Mine now", "kind": "secret"}),
        (url("archive", group), {"archived": "1"}),
        (url("invite", group), {"username": "mona"}),
        (url("change_role", group, "gale"), {"role": "member"}),
        (url("remove_member", group, "gale"), {}),
        (url("transfer_ownership", group, "gus"), {}),
    ]
    for path, data in attempts:
        response = client.post(path, data)
        assert response.status_code == 404, path
        assert response.content == missing.content
    group.refresh_from_db()
    gale.refresh_from_db()
    assert (group.name, group.kind, group.pinned_post, group.archived_at) == (
        "Commons",
        "public",
        None,
        None,
    )
    assert gale.role == "admin"


def test_an_archived_group_stays_readable_but_offers_no_composer_and_no_joining(
    client, people, make_group
):
    group = make_group("public", "Commons")
    create_post(actor=people["gus"], group=group, body="Last words")
    actions.archive_group(actor=people["olga"], group=group)
    client.force_login(people["gus"])
    html = body(client.get(url("detail", group)))
    assert "Archived" in html and "Last words" in html
    assert "Write a post in Commons" not in html
    client.force_login(people["mona"])
    html = body(client.get(url("detail", group)))
    assert "Join group" not in html
    assert client.post(url("join", group)).status_code == 403
    assert not Membership.objects.filter(group=group, user=people["mona"]).exists()


def test_the_feed_loads_more_posts_page_by_page_without_repeating_any(client, people, make_group):
    group = make_group("public", "Commons")
    for n in range(25):
        create_post(actor=people["gus"], group=group, body=f"Post number {n:02d}")
    client.force_login(people["mona"])
    html = body(client.get(url("detail", group)))
    shown = [n for n in range(25) if f"Post number {n:02d}" in html]
    assert shown == list(range(5, 25))
    assert "Load more" in html
    more = html.split('class="feed-more"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    partial = body(client.get(more, headers={"HX-Request": "true"}))
    assert "<h1>" not in partial
    assert [n for n in range(25) if f"Post number {n:02d}" in partial] == list(range(5))
    assert "Load more" not in partial
    full = body(client.get(more))  # without JavaScript the link opens a whole page
    assert "<h1>Commons</h1>" in full and "Post number 00" in full


def test_a_broken_feed_cursor_is_a_clear_400(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["mona"])
    response = client.get(url("detail", group) + "?after=%%%not-a-cursor")
    assert response.status_code == 400
    assert "This page link is not valid." in body(response)


def _posts_with_company(people, group, count: int) -> None:
    for n in range(count):
        post = create_post(actor=people["gus"], group=group, body=f"Update {n} #news")
        for who in ("olga", "gale", "mona"):
            create_comment(actor=people[who], post=post, body=f"Reply from {who}")
            react(actor=people[who], target=post, kind="like")


@pytest.mark.parametrize("count", [1, 20])
def test_the_group_page_costs_the_same_number_of_queries_for_1_and_20_posts(
    client, people, make_group, django_assert_num_queries, count
):
    group = make_group("public", "Commons", members=("gus", "mona"))
    _posts_with_company(people, group, count)
    first = create_post(actor=people["gus"], group=group, body="Pinned rules")
    actions.pin_post(actor=people["olga"], group=group, post=first)
    client.force_login(people["mona"])
    client.get(reverse("groups:directory"))  # the site settings are cached from here on
    with django_assert_num_queries(QUERIES_GROUP_PAGE):
        response = client.get(url("detail", group))
    assert response.status_code == 200
    # The pinned post shows once, above the feed (a page holds 20 posts, pinned one included).
    assert body(response).count('class="card post"') == min(count + 1, 20)
