"""Praise in a real browser: give it, see it on the profile; axe on every page."""

import pytest

from townhall.announcements.tests.conftest import sign_in_browser


@pytest.mark.browser
def test_praise_a_colleague_from_their_profile(
    page, live_server, client, office, assert_accessible
):
    sign_in_browser(page, client, live_server, office.aria)
    page.goto(f"{live_server.url}/people/bo/")
    section = page.locator("section.praise-received")
    section.get_by_text("No praise for Bo Builder yet.").wait_for()  # htmx loaded it
    assert_accessible(page)
    section.get_by_role("link", name="Praise Bo Builder").click()
    page.wait_for_url("**/praise/new/?to=bo")
    assert_accessible(page)
    assert page.get_by_label("Colleagues to praise").input_value() == "@bo"
    page.get_by_label("Great idea").check()
    page.get_by_label("Message").fill("The cache idea saved us a week.")
    page.get_by_role("button", name="Give praise").click()
    page.get_by_text("Your praise is published.").wait_for()
    assert page.get_by_text("Great idea").first.is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/bo/")
    section.get_by_text("The cache idea saved us a week.").wait_for()
    page.goto(f"{live_server.url}/praise/")
    assert page.get_by_text("The cache idea saved us a week.").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/praise/people/bo/")
    assert_accessible(page)


@pytest.mark.browser
def test_a_mistake_in_the_form_is_announced_next_to_its_field(
    page, live_server, client, office, assert_accessible
):
    sign_in_browser(page, client, live_server, office.aria)
    page.goto(f"{live_server.url}/praise/new/")
    page.get_by_label("Colleagues to praise").fill("@aria")
    page.get_by_label("Thank you").check()
    page.get_by_label("Message").fill("Me!")
    page.get_by_role("button", name="Give praise").click()
    error = page.locator("#praise-recipients-errors")
    assert "You cannot praise yourself" in error.inner_text()
    assert page.get_by_label("Colleagues to praise").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
