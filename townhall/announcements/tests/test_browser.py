"""Announcements in a real browser: pinned at home, "Got it" removes it; axe on every page."""

import pytest

from townhall.announcements import actions
from townhall.announcements.models import Acknowledgement
from townhall.announcements.tests.conftest import sign_in_browser


@pytest.mark.browser
def test_got_it_removes_the_pinned_announcement_and_the_author_sees_it_read(
    page, live_server, client, office, assert_accessible
):
    a = actions.publish_announcement(actor=office.lee, body="The office moves on **Monday**.")
    actions.publish_announcement(actor=office.lee, body="Second notice.")
    sign_in_browser(page, client, live_server, office.mona)

    page.goto(f"{live_server.url}/")
    pinned = page.locator("article.pinned-announcement")
    assert pinned.count() == 2
    assert pinned.first.get_by_text("Second notice.").is_visible()
    assert_accessible(page)
    first = page.locator(f"#pinned-{a.pk}")
    first.get_by_role("button", name="Got it").click()
    first.wait_for(state="detached")  # htmx swapped the card for nothing, in place
    assert page.url == f"{live_server.url}/"
    assert pinned.count() == 1
    assert Acknowledgement.objects.filter(person=office.mona, announcement=a).exists()

    page.reload()
    assert page.locator(f"#pinned-{a.pk}").count() == 0
    assert page.locator("article.pinned-announcement").count() == 1

    page.goto(f"{live_server.url}/announcements/")
    assert page.get_by_role("heading", name="Announcements", level=1).is_visible()
    assert_accessible(page)

    sign_in_browser(page, client, live_server, office.lee)
    page.goto(f"{live_server.url}/announcements/{a.pk}/")
    assert page.get_by_text("1 of 6 have read it (17%).").is_visible()
    assert page.get_by_role("row", name="Sales").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remind the 5 people who have not read it").click()
    page.get_by_text("A reminder is on its way").first.wait_for()
    assert_accessible(page)

    page.goto(f"{live_server.url}/announcements/new/")
    assert_accessible(page)
    page.get_by_label("Announcement", exact=True).fill("Pizza on Friday")
    page.get_by_role("button", name="Publish the announcement").click()
    page.get_by_text("Your announcement is published").wait_for()
    assert page.get_by_text("Pizza on Friday").first.is_visible()


@pytest.mark.browser
def test_got_it_works_without_javascript(browser, live_server, client, office):
    actions.publish_announcement(actor=office.lee, body="No script needed.")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_browser(page, client, live_server, office.sam)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Got it").click()
    page.get_by_text("Got it: the announcement is no longer pinned.").wait_for()
    assert page.locator("article.pinned-announcement").count() == 0
    context.close()
