"""Realtime in a real browser: two people, two browser contexts, the real realtime process."""

import pytest
from django.conf import settings
from django.test import Client

from townhall.people import follows
from townhall.posts import actions as posts


def signed_in_page(browser, live_server, person):
    client = Client()
    client.force_login(person)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def wait_connected(page):
    page.locator("html[data-realtime='connected']").wait_for(state="attached", timeout=10_000)


@pytest.mark.browser
def test_a_post_by_aria_appears_on_bos_open_feed_and_a_secret_one_never_does(
    browser, live_server, realtime_server, office, assert_accessible
):
    follows.follow_person(actor=office.bo, person=office.aria)
    bo = signed_in_page(browser, live_server, office.bo)
    aria = signed_in_page(browser, live_server, office.aria)
    bo.goto(f"{live_server.url}/")
    wait_connected(bo)
    aria.goto(f"{live_server.url}/")

    # Aria posts in the secret group first, then to everyone, through the page's composer.
    aria.get_by_label("Post to").select_option(label="Skunkworks")
    aria.get_by_label("Write a post").fill("Codename Falcon is go")
    aria.get_by_role("button", name="Post", exact=True).click()
    aria.get_by_text("Codename Falcon is go").wait_for()
    aria.get_by_label("Post to").select_option(index=0)
    aria.get_by_label("Write a post").fill("Coffee machine fixed on floor 3")
    aria.get_by_role("button", name="Post", exact=True).click()

    card = bo.locator("article.post", has_text="Coffee machine fixed on floor 3")
    card.wait_for(timeout=10_000)  # without reloading Bo's page
    assert bo.get_by_text("Codename Falcon").count() == 0
    assert bo.locator("#feed-items article.post").first.inner_text().count("Coffee machine") == 1
    assert_accessible(bo)
    # Aria's own page got the post from her form and from her socket: it shows it once.
    aria.wait_for_timeout(500)
    assert aria.locator("article.post", has_text="Coffee machine fixed on floor 3").count() == 1

    # Comments and reactions on an open post arrive too.
    post = posts.create_post(actor=office.aria, body="Where shall we have lunch?")
    bo.goto(f"{live_server.url}/posts/{post.pk}/")
    wait_connected(bo)
    comment = posts.create_comment(actor=office.olga, post=post, body="The canteen")
    bo.locator(f"#comment-{comment.pk}").wait_for(timeout=10_000)
    posts.react(actor=office.olga, target=post, kind="like")
    bo.locator(f"#reactions-post-{post.pk} .reaction-count").wait_for(timeout=10_000)
    assert_accessible(bo)
