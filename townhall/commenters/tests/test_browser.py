"""Visitor comments in a real browser (system Chromium), with axe on every page.

- External sign-in runs against a real OpenID Connect provider started on 127.0.0.1 by
  the test (the oidc-provider-mock package: discovery, authorize page, token endpoint,
  JWKS and userinfo, all over HTTP), through django-allauth's OpenID Connect provider.
- The name/email/website form, its honeypot and the moderation queue run against the
  live server, as a visitor and as the article's author in two browser contexts.
"""

import re

import pytest
from oidc_provider_mock import User as OidcUser
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import expect

from townhall.accounts.models import User
from townhall.blogs.models import ArticleComment
from townhall.commenters import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def oidc_provider():
    """A real OpenID Connect provider on 127.0.0.1 with one predefined person, whose
    address is a member's (mona@northwind.example): the sign-in must not link to her."""
    claims = {"email": "mona@northwind.example", "email_verified": True, "name": "Vera Visitor"}
    with run_server_in_thread(user_claims=[OidcUser(sub="vera-42", claims=claims)]) as server:
        yield f"http://localhost:{server.server_port}"


def approve_as_author(browser, live_server, assert_accessible, author_email, text):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, author_email)
    page.goto(live_server.url + "/moderation/")  # the one review queue
    assert_accessible(page)
    pending = page.locator("article", has_text=text)
    expect(pending).to_be_visible()
    pending.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Comment approved")).to_be_visible()
    expect(page.get_by_text("No visitor comment waits for you.")).to_be_visible()
    context.close()


def test_a_visitor_signs_in_at_an_openid_provider_comments_and_appears_once_approved(
    page,
    browser,
    live_server,
    assert_accessible,
    article,
    author,
    admin_user,
    member,
    oidc_provider,
    quick_form,
):
    actions.add_provider(
        actor=admin_user,
        provider="openid_connect",
        name="Partner ID",
        client_id="townhall-test",
        secret="not-so-secret",
        server_url=oidc_provider,
    )
    article_url = f"{live_server.url}/blogs/{author.username}/{article.slug}/"
    page.goto(article_url)  # the public article, signed out
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with an account you already have").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Partner ID").click()

    page.wait_for_url(re.compile(re.escape(oidc_provider)))  # at the provider
    page.get_by_role("button", name="vera-42").click()

    page.wait_for_url(re.compile(rf"/comments/articles/{article.pk}/"))
    expect(page.get_by_text("You comment as Vera Visitor.")).to_be_visible()
    assert_accessible(page)
    commenter = User.objects.get(role=User.Role.COMMENTER)
    assert commenter.display_name == "Vera Visitor"
    assert commenter.email != member.email  # never linked to Mona by her address
    assert member.socialaccount_set.count() == 0

    page.get_by_role("textbox", name="Comment").fill("Signed in at my own provider. Great read!")
    page.get_by_label("Email me about new comments on this article").check()
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment waits for moderation")).to_be_visible()
    expect(page.locator("#comments")).not_to_contain_text("Great read!")
    comment = ArticleComment.objects.get()
    assert comment.status == "pending" and comment.author == commenter
    assert comment.visitor_email == "mona@northwind.example"  # for follow-ups only

    # Signed in as a commenter, nothing of the organisation opens: the feed sends to sign-in.
    page.goto(live_server.url + "/")
    page.wait_for_url(re.compile(r"/accounts/login/"))

    approve_as_author(browser, live_server, assert_accessible, author.email, "Great read!")

    page.goto(article_url)
    expect(page.locator("#comments")).to_contain_text("Signed in at my own provider.")
    expect(page.locator("#comments")).to_contain_text("Vera Visitor")
    assert_accessible(page)


def test_a_visitor_comments_with_name_email_and_website_and_the_author_approves(
    page, browser, live_server, assert_accessible, article, author, settings
):
    settings.TOWNHALL_COMMENT_MIN_SECONDS = 1
    url = f"{live_server.url}/blogs/{author.username}/{article.slug}/"  # the article page
    page.goto(url)
    assert_accessible(page)
    expect(page.get_by_label("Leave this field empty")).to_be_hidden()  # the honeypot

    # A bot that fills in every field it finds, at once: refused, nothing stored.
    page.get_by_role("textbox", name="Name").fill("Bot")
    page.get_by_label("Email address").fill("bot@example.org")
    page.get_by_role("textbox", name="Comment").fill("Cheap pills")
    page.locator("input[name=homepage]").evaluate("field => field.value = 'https://pills.example'")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("alert")).to_contain_text("looks automated")
    assert not ArticleComment.objects.exists()

    # A person: a javascript: website gets a clear answer, then an https one goes through.
    page.goto(url)
    page.get_by_role("textbox", name="Name").fill("Vera Visitor")
    page.get_by_label("Email address").fill("vera@example.org")
    page.get_by_label("Website (optional)").fill("javascript:alert(1)")
    page.get_by_role("textbox", name="Comment").fill("Thank you for publishing this.")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Post comment").click()
    expect(
        page.get_by_text("Enter a web address starting with http:// or https://.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Website (optional)").fill("https://vera.example")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment waits for moderation")).to_be_visible()
    assert ArticleComment.objects.get().status == "pending"

    approve_as_author(browser, live_server, assert_accessible, author.email, "Thank you")

    page.goto(url)
    link = page.locator("#comments").get_by_role("link", name="Vera Visitor")
    expect(link).to_have_attribute("href", "https://vera.example")
    expect(link).to_have_attribute("rel", "nofollow ugc")
    expect(page.locator("#comments")).not_to_contain_text("vera@example.org")
