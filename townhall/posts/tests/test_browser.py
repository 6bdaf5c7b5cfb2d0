"""Writing, commenting and reacting in a real browser (htmx and composer.js), with axe."""

import re

import pytest
from playwright.sync_api import expect

from townhall.posts import actions
from townhall.posts.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_write_a_post_with_a_mention_and_topic_comment_and_react(
    page, live_server, assert_accessible, make_user
):
    make_user("mona", display_name="Mona Member")
    make_user("bo", display_name="Bo Builder")
    sign_in(page, live_server, "mona@northwind.example")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/posts/new/")
    assert_accessible(page)
    box = page.get_by_label("Write a post")
    box.click()
    box.press_sequentially("Planning with @Bo", delay=30)
    option = page.get_by_role("option", name="Bo Builder (@bo)")
    expect(option).to_be_visible()
    assert_accessible(page)  # with the suggestions open
    box.press("Enter")
    expect(box).to_have_value("Planning with @bo ")
    box.press_sequentially("about #Roadmap", delay=10)
    page.get_by_role("button", name="Post").click()

    post = Post.objects.get()
    page.wait_for_url(re.compile(rf"/posts/{post.pk}/$"))
    article = page.locator(f"#post-{post.pk}")
    expect(article.get_by_role("link", name="@bo")).to_have_attribute("href", "/people/bo/")
    expect(article.get_by_role("link", name="#Roadmap").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Write a comment").fill("First! @bo")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comment-list")).to_contain_text("First!")
    expect(page.get_by_label("Write a comment")).to_have_value("")

    like = article.locator("button[data-kind=like]")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    like = article.locator("button[data-kind=like]")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator(".reaction-count")).to_have_text("1")
    assert_accessible(page)
    like.click()
    expect(article.locator("button[data-kind=like]")).to_have_attribute("aria-pressed", "false")
    expect(article.locator("button[data-kind=like] .reaction-count")).to_have_count(0)

    article.locator("button[data-kind=celebrate]").click()
    expect(article.get_by_role("link", name="Who reacted")).to_be_visible()
    article.get_by_role("link", name="Who reacted").click()
    expect(page.get_by_role("heading", name="Celebrate (1)")).to_be_visible()
    assert_accessible(page)
    assert errors == []


def test_reply_edit_history_move_and_delete_pages_pass_axe(
    page, live_server, assert_accessible, make_user
):
    from townhall.groups import actions as groups

    mona = make_user("mona", display_name="Mona Member")
    bo = make_user("bo", display_name="Bo Builder")
    groups.create_group(actor=mona, name="Crew", kind="public")
    post = actions.create_post(actor=mona, body="Draft one")
    actions.edit_post(actor=mona, post=post, body="Draft two")
    top = actions.create_comment(actor=bo, post=post, body="Nice")
    sign_in(page, live_server, "mona@northwind.example")

    page.goto(f"{live_server.url}/posts/{post.pk}/")
    expect(page.locator(".edited-mark").first).to_have_text("edited")
    page.locator(f"#reply-{top.pk} summary").click()
    page.get_by_label("Reply to Bo Builder").fill("Thanks")
    page.locator(f"#reply-{top.pk}").get_by_role("button", name="Reply").click()
    expect(page.locator(f"#replies-{top.pk}")).to_contain_text("Thanks")
    assert_accessible(page)

    for path, heading in [
        ("edit/", "Edit post"),
        ("history/", "Edit history"),
        ("move/", "Move this post"),
        ("delete/", "Delete this post?"),
    ]:
        page.goto(f"{live_server.url}/posts/{post.pk}/{path}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)

    page.get_by_role("button", name="Delete post").click()
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    assert "Draft two" not in page.content()
