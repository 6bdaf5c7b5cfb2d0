"""Searching in a real browser: type in the header box, pick a suggestion, search, filter
by tab and open a result, with axe on the results page."""

import re

import pytest
from playwright.sync_api import expect

from townhall.posts import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_pick_a_suggestion_search_filter_and_open_a_result(
    page, live_server, assert_accessible, make_user
):
    mona = make_user("mona", display_name="Mona Member")
    make_user("bo", display_name="Bo Builder")
    post = actions.create_post(actor=mona, body="The zephyr budget is ready for Bo")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("mona@northwind.example")
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))

    page.locator("body").press("/")  # the keyboard shortcut puts the cursor in the box
    box = page.get_by_role("search").first.get_by_label("Search")
    expect(box).to_be_focused()
    page.keyboard.type("Bo B", delay=30)
    suggestion = page.get_by_role("link", name=re.compile("Bo Builder"))
    expect(suggestion).to_be_visible()
    suggestion.click()
    page.wait_for_url(re.compile(r"/people/bo/$"))

    box = page.get_by_role("search").first.get_by_label("Search")
    box.fill("zeph")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=zeph"))
    expect(page.locator("mark").first).to_have_text("zephyr")
    assert_accessible(page)

    page.get_by_role("link", name="Newest first").click()
    expect(page.get_by_role("link", name="Newest first")).to_have_attribute("aria-current", "true")
    page.get_by_role("navigation", name="Result types").get_by_role("link", name="Articles").click()
    expect(page.get_by_text("Nothing found.")).to_be_visible()
    page.get_by_role("navigation", name="Result types").get_by_role("link", name="People").click()
    expect(page.get_by_role("link", name="Posts and comments")).to_be_visible()
    page.get_by_role("link", name="Posts and comments").click()
    expect(page).to_have_url(re.compile(r"sort=newest"))  # the order chosen stays
    page.get_by_role("link", name="Post by Mona Member").click()
    page.wait_for_url(re.compile(rf"/posts/{post.pk}/$"))

    page.goto(live_server.url + "/search/discover/?about=zephyr")
    expect(page.get_by_role("heading", name="Trending topics this week")).to_be_visible()
    expect(page.get_by_role("link", name="Mona Member")).to_be_visible()
    assert_accessible(page)


def test_slash_does_not_steal_a_slash_typed_into_a_text_field(page, live_server, make_user):
    make_user("mona", display_name="Mona Member")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("mona@northwind.example")
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(live_server.url + "/search/?q=x")
    field = page.get_by_label("Search for")
    field.fill("")
    field.press_sequentially("a/b")
    expect(field).to_have_value("a/b")
