"""In a real browser: Bo reacts to Ann's post, Ann sees the count and the notification,
opens it, and marks everything read; the pages pass axe."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from townhall.posts import actions as posts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, live_server, person) -> None:
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_reaction_shows_in_the_nav_and_on_the_page_until_marked_read(
    page, live_server, client, ann, bo, cy, assert_accessible
):
    post = posts.create_post(actor=ann, body="Lunch plans for Friday")
    other = posts.create_post(actor=ann, body="Second thought")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Bo reacts in his browser.
    sign_in(page, client, live_server, bo)
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    page.locator(f"#post-{post.pk} button[data-kind=like]").click()
    expect(page.locator(f"#post-{post.pk} button[data-kind=like]")).to_have_attribute(
        "aria-pressed", "true"
    )
    posts.react(actor=cy, target=other, kind="funny")

    # Ann sees the count in the navigation.
    sign_in(page, client, live_server, ann)
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=re.compile(r"^Notifications 2 unread"))
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/notifications/")
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Bo Builder reacted to your post")).to_be_visible()
    expect(page.get_by_role("link", name="Cy Commenter reacted to your post")).to_be_visible()
    assert_accessible(page)

    # Opening one marks it read and leads to the post.
    page.get_by_role("link", name="Bo Builder reacted to your post").click()
    page.wait_for_url(f"**/posts/{post.pk}/")
    expect(nav.get_by_role("link", name=re.compile(r"^Notifications 1 unread"))).to_be_visible()
    expect(page.get_by_role("button", name="Mute notifications about this post")).to_be_visible()
    assert_accessible(page)

    # Mark all read.
    page.goto(live_server.url + "/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("All notifications are marked as read.")).to_be_visible()
    expect(nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Mark as read"))).to_have_count(0)

    # The settings page, linked from the account settings.
    page.get_by_role("link", name="Notification settings").click()
    page.wait_for_url("**/notifications/settings/")
    assert_accessible(page)
    page.get_by_label("Reactions to my posts and comments", exact=True).select_option("off")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Reactions to my posts and comments", exact=True)).to_have_value("off")
    assert errors == []


def test_email_push_and_feed_settings_and_the_unsubscribe_page_work_and_pass_axe(
    page, live_server, client, ann, assert_accessible
):
    from townhall.notifications.emails import INSTANT, unsubscribe_token
    from townhall.notifications.models import MailSettings, PushKind

    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, client, live_server, ann)
    page.goto(live_server.url + "/notifications/settings/")
    page.get_by_label("Push: Someone mentions me").check()
    page.get_by_label("Digest of what I missed").select_option("daily")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Push: Someone mentions me")).to_be_checked()
    expect(page.get_by_label("Email me at once (when I am not using Townhall)")).to_be_checked()
    assert list(PushKind.objects.values_list("kind", flat=True)) == ["mention"]
    assert MailSettings.objects.get(person=ann).digest == "daily"

    page.get_by_role("link", name="private Atom feeds").click()
    page.wait_for_url("**/notifications/feeds/")
    assert_accessible(page)
    page.get_by_role("button", name="Make my feed URLs").click()
    url = page.get_by_role("textbox", name="Home feed").input_value()
    assert url.startswith(live_server.url) and url.endswith("/home.atom")
    assert_accessible(page)
    assert page.request.get(url).status == 200

    # The unsubscribe link of an email, opened signed out: one click on a button.
    page.context.clear_cookies()
    page.goto(live_server.url + f"/notifications/unsubscribe/{unsubscribe_token(ann.pk, INSTANT)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("You will get no more of these")
    assert_accessible(page)
    assert MailSettings.objects.get(person=ann).instant is False
    assert errors == []
