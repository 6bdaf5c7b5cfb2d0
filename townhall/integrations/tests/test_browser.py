import re

import pytest
from django.conf import settings
from django.test import Client

from townhall.integrations import actions


def sign_in(page, live_server, person) -> None:
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_an_admin_adds_a_webhook_sends_a_test_and_reads_the_log(
    page, live_server, admin_user, receiver, assert_accessible
):
    sign_in(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin-area/webhooks/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Radiator")
    page.get_by_label("URL").fill("http://10.0.0.1/hook")
    page.get_by_label("A post is written").check()
    page.get_by_role("button", name="Add webhook").click()
    page.get_by_text("10.0.0.1 is a private address").wait_for()
    assert_accessible(page)

    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("A post is written").check()
    page.get_by_role("button", name="Add webhook").click()
    page.get_by_role("heading", name="Webhook “Radiator” added").wait_for()
    assert page.get_by_label("Signing secret").input_value().startswith("whsec_")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Go to the webhook")).click()
    page.get_by_role("button", name="Send test").click()
    page.get_by_text("A test is on its way.").wait_for()
    log = page.get_by_role("table")
    assert log.get_by_role("cell", name="webhook.test").is_visible()
    assert log.get_by_text("200", exact=True).is_visible()
    assert log.get_by_text("thanks").is_visible()
    assert len(receiver.requests) == 1
    assert_accessible(page)


@pytest.mark.browser
def test_a_group_admin_adds_a_bot_whose_post_shows_as_a_bot_s(
    page, live_server, member, group_of, assert_accessible
):
    group = group_of(member, "Platform")
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/groups/{group.slug}/")
    page.get_by_role("link", name="Webhooks and bots").click()
    assert_accessible(page)
    page.get_by_label("Name").last.fill("Build server")
    page.get_by_role("button", name="Add bot").click()
    token = page.get_by_label("Bot token").input_value()
    assert token.startswith("thb_")
    assert_accessible(page)

    bot = actions.bot_for_token(token)
    actions.post_as_bot(bot=bot, body="Build 1234 passed")
    page.goto(f"{live_server.url}/groups/{group.slug}/")
    post = page.get_by_role("article").filter(has_text="Build 1234 passed")
    assert post.get_by_text("bot", exact=True).is_visible()
    assert_accessible(page)
