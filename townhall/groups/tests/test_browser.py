"""Groups in a real browser: create a private group, invite a colleague who accepts, and an
outsider who cannot reach the group's post by its address. axe checks every page."""

import pytest
from django.conf import settings

from townhall.groups.models import Group


def sign_in(page, client, live_server, person) -> None:
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_a_private_group_is_created_joined_by_invitation_and_closed_to_outsiders(
    page, live_server, client, make_user, assert_accessible
):
    olga = make_user("olga", display_name="Olga Owner")
    kari = make_user("kari", display_name="Kari Nordmann")
    mona = make_user("mona", display_name="Mona Outsider")

    # Olga creates a private group from the directory.
    sign_in(page, client, live_server, olga)
    page.goto(f"{live_server.url}/groups/")
    assert_accessible(page)
    page.get_by_role("link", name="Create group").click()
    page.wait_for_url("**/groups/new/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Name").fill("Product council")
    page.get_by_label("Description").fill("Where roadmap decisions are argued.")
    page.get_by_label("Private").check()
    page.get_by_role("button", name="Create group").click()
    page.wait_for_url("**/groups/product-council/")
    assert page.get_by_role("heading", level=1).inner_text() == "Product council"
    assert page.get_by_text("The group is created. You are its owner.").is_visible()
    assert_accessible(page)

    # She posts in it (htmx puts the post at the top of the feed).
    page.get_by_label("Write a post in Product council").fill("Q3 roadmap draft is ready")
    page.get_by_role("button", name="Post", exact=True).click()
    page.locator("#group-feed .post", has_text="Q3 roadmap draft is ready").wait_for()
    post_id = Group.objects.get(slug="product-council").posts.get().pk

    # ... and invites Kari, found by typing part of her name.
    page.get_by_role("link", name="Members").click()
    page.wait_for_url("**/groups/product-council/members/")
    assert_accessible(page)
    page.get_by_label("Invite a colleague").fill("nord")
    page.locator("#invite-options option[value='kari']").wait_for(state="attached")
    page.get_by_label("Invite a colleague").fill("kari")
    page.get_by_role("button", name="Invite", exact=True).click()
    page.wait_for_url("**/groups/product-council/members/")
    assert page.get_by_text("Kari Nordmann is invited.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/groups/product-council/settings/")
    assert page.get_by_label("Private").is_checked()
    assert_accessible(page)

    # Kari finds the invitation on the groups page and accepts it.
    sign_in(page, client, live_server, kari)
    page.goto(f"{live_server.url}/groups/")
    invitations = page.get_by_role("region", name="My invitations")
    assert "Product council" in invitations.inner_text()
    assert_accessible(page)
    invitations.get_by_role("button", name="Accept").click()
    page.wait_for_url("**/groups/product-council/")
    assert page.get_by_text("Welcome to Product council.").is_visible()
    assert page.get_by_text("Q3 roadmap draft is ready").is_visible()
    assert_accessible(page)

    # Mona, not a member, sees the group listed but neither its posts nor the post's address.
    sign_in(page, client, live_server, mona)
    page.goto(f"{live_server.url}/groups/product-council/")
    assert page.get_by_role("heading", level=1).inner_text() == "Product council"
    assert page.get_by_role("button", name="Ask to join").is_visible()
    assert page.get_by_text("Q3 roadmap draft").count() == 0
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/posts/{post_id}/")
    assert response.status == 404
    assert page.get_by_text("Q3 roadmap draft").count() == 0
    missing = page.goto(f"{live_server.url}/posts/999999/")
    assert missing.status == 404

    page.goto(f"{live_server.url}/groups/product-council/")
    page.get_by_role("button", name="Ask to join").click()
    page.wait_for_url("**/groups/product-council/")
    assert page.get_by_text("Your request to join is waiting for a group admin.").is_visible()
    assert_accessible(page)
