"""The feeds in a real browser: follow, read, load more, mute, undo; axe on every page."""

import pytest
from django.conf import settings

from townhall.feeds.selectors import PAGE_SIZE
from townhall.posts import actions as posts


def sign_in(page, client, live_server, person) -> None:
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_follow_a_colleague_read_them_at_home_then_mute_them(
    page, live_server, client, office, assert_accessible
):
    aria, bo = office.aria, office.bo
    for n in range(PAGE_SIZE):
        posts.create_post(actor=aria, body=f"Older note {n:02d}")
    posts.create_post(actor=aria, body="Launch day for the #roadmap")
    sign_in(page, client, live_server, bo)

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Bo Reader"
    assert page.get_by_text("Launch day").count() == 0
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/aria/")
    assert_accessible(page)
    page.get_by_role("button", name="Follow Aria Author").click()
    page.get_by_text("You follow Aria Author.").wait_for()
    assert page.get_by_role("button", name="Unfollow Aria Author").is_visible()

    page.get_by_role("link", name="Feed", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("Launch day for the").is_visible()
    assert page.locator("article.post").count() == PAGE_SIZE
    # "Load more" appends the older posts in place (htmx), without leaving the page.
    page.get_by_role("link", name="Load more posts").click()
    page.get_by_text("Older note 00").wait_for()
    assert page.locator("article.post").count() == PAGE_SIZE + 1
    assert page.url == f"{live_server.url}/"
    assert_accessible(page)

    page.get_by_role("link", name="#roadmap").first.click()
    page.wait_for_url("**/topics/roadmap/")
    assert page.get_by_role("heading", level=1).inner_text() == "#roadmap"
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/aria/")
    page.get_by_role("button", name="Mute Aria Author").click()
    page.get_by_text("Aria Author is muted").wait_for()
    page.goto(f"{live_server.url}/")
    assert page.get_by_text("Launch day for the").count() == 0
    assert page.locator("article.post").count() == 0

    page.get_by_role("link", name="Company", exact=True).click()
    page.wait_for_url("**/company/")
    assert page.get_by_text("Launch day for the").is_visible()  # muted only at home
    assert_accessible(page)

    page.goto(f"{live_server.url}/following/")
    assert_accessible(page)
    page.get_by_role("button", name="Unmute Aria Author").click()
    page.get_by_text("Aria Author is no longer muted.").wait_for()
    page.goto(f"{live_server.url}/")
    assert page.get_by_text("Launch day for the").is_visible()
