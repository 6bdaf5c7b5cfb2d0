"""Writing, previewing (htmx) and publishing an article in a real browser, with axe; then
reading it signed out."""

import re

import pytest
from playwright.sync_api import expect

from townhall.blogs.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_leader_writes_previews_and_publishes_a_public_article_anyone_can_read(
    page, browser, live_server, assert_accessible, make_user
):
    make_user("lee", role="leader", display_name="Lee Leader")
    sign_in(page, live_server, "lee@northwind.example")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/blogs/write/")
    assert_accessible(page)
    page.get_by_label("Title").fill("Why we are open")
    page.get_by_label("Summary").fill("Openness, explained.")
    page.get_by_label("Text").fill("We share **everything** we can.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#article-preview")
    expect(preview.locator("strong")).to_have_text("everything")
    assert not Article.objects.exists()  # previewing saves nothing
    assert_accessible(page)

    page.get_by_label("Who may read it").select_option("public")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/blogs/lee/why-we-are-open/$"))
    expect(page.get_by_role("heading", name="Why we are open")).to_be_visible()
    expect(page.locator(".badge-leader").first).to_have_text("Leader")
    assert_accessible(page)
    article = Article.objects.get()
    assert article.status == "published" and article.audience == "public"

    page.goto(live_server.url + "/blogs/")
    expect(page.get_by_role("link", name="Why we are open")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/leadership/")
    expect(page.get_by_role("link", name="Why we are open")).to_be_visible()
    assert_accessible(page)

    visitor = browser.new_page()
    visitor.goto(live_server.url + "/blogs/lee/why-we-are-open/")
    expect(visitor.get_by_role("heading", name="Why we are open")).to_be_visible()
    expect(visitor.get_by_role("navigation", name="Main")).to_have_count(0)
    assert_accessible(visitor)
    visitor.goto(live_server.url + "/blogs/lee/")
    assert_accessible(visitor)
    visitor.close()

    page.goto(live_server.url + "/blogs/lee/why-we-are-open/edit/")
    assert_accessible(page)
    page.locator("#id_body").fill("We share **nearly everything** we can.")
    page.get_by_role("button", name="Save and keep published").click()
    page.wait_for_url(re.compile(r"/blogs/lee/why-we-are-open/$"))
    page.get_by_role("link", name="Edit history").click()
    expect(page.get_by_text("We share **everything** we can.")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/blogs/lee/why-we-are-open/")
    page.get_by_label("Write a comment").fill("Thanks for reading")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#article-comment-list")).to_contain_text("Thanks for reading")
    assert_accessible(page)
    page.locator("#article-comment-list").get_by_role("link", name="Edit").click()
    assert_accessible(page)
    page.goto(live_server.url + "/blogs/lee/why-we-are-open/delete/")
    assert_accessible(page)
    assert not errors


def test_an_admin_sets_who_publishes_publicly(page, live_server, assert_accessible, make_user):
    make_user("alma", role="admin", display_name="Alma Admin")
    sign_in(page, live_server, "alma@northwind.example")
    page.goto(live_server.url + "/admin-area/blogs/")
    assert_accessible(page)
    page.get_by_label("Everyone").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Blog settings saved.")).to_be_visible()
    expect(page.get_by_label("Everyone")).to_be_checked()
