"""In a real browser (htmx, no mocks), with axe on every page: ask a question with a poll
from the composer, vote and change the vote, accept an answer, see the open list."""

import re

import pytest
from playwright.sync_api import expect

from townhall.posts import actions as posts
from townhall.posts.models import Post
from townhall.questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_ask_with_a_poll_vote_change_the_vote_and_accept_an_answer(
    page, live_server, assert_accessible, make_user
):
    make_user("mona", display_name="Mona Member")
    bo = make_user("bo", display_name="Bo Builder")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, live_server, "mona@northwind.example")
    page.get_by_label("Write a post").fill("Where do we hold the offsite?")
    page.get_by_label("This is a question").check()
    page.get_by_text("Add a poll").click()
    page.get_by_label("Option 1", exact=True).fill("Oslo")
    page.get_by_label("Option 2", exact=True).fill("Bergen")
    page.get_by_label("Show who voted for what").check()
    assert_accessible(page)
    page.get_by_role("button", name="Post", exact=True).click()
    article = page.locator("article.post").filter(has_text="Where do we hold the offsite?")
    expect(article.get_by_text("Open question")).to_be_visible()
    post = Post.objects.get()
    assert Question.objects.filter(post=post).exists()

    # Bo answers and votes (htmx), then changes his vote.
    posts.create_comment(actor=bo, post=post, body="Bergen has the fjords.")
    sign_in(page, live_server, "bo@northwind.example")
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    poll = page.locator(".poll")
    expect(poll).to_contain_text("The results appear once you vote")
    assert_accessible(page)
    poll.get_by_role("radio", name="Oslo").check()
    poll.get_by_role("button", name="Vote").click()
    expect(page.locator(".poll")).to_contain_text("1 vote in all.")
    expect(page.locator(".poll").get_by_role("button", name="Change my vote")).to_be_visible()
    page.locator(".poll").get_by_role("radio", name="Bergen").check()
    page.locator(".poll").get_by_role("button", name="Change my vote").click()
    expect(page.locator(".poll .poll-option-chosen")).to_contain_text("Bergen")
    assert_accessible(page)
    page.locator(".poll").get_by_role("link", name="Who voted").click()
    expect(page.get_by_role("heading", name="Bergen (1)")).to_be_visible()
    assert_accessible(page)

    # Mona accepts Bo's answer; it is marked and the question leaves the open list.
    sign_in(page, live_server, "mona@northwind.example")
    page.goto(f"{live_server.url}/questions/")
    expect(page.get_by_text("Where do we hold the offsite?")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("Accepted answer", exact=True)).to_be_visible()
    expect(page.get_by_text("Answered question")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/questions/")
    expect(page.get_by_text("No open questions here")).to_be_visible()
    assert Question.objects.get().accepted_comment.author == bo
    assert errors == []
