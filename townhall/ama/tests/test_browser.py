"""An AMA in a real browser: a person asks (anonymously), a colleague upvotes, the host
answers in place; every page passes axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from townhall.ama.models import AmaQuestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-9"


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_ask_anonymously_upvote_and_the_host_answers_in_place(
    page, live_server, assert_accessible, session, leader, asker, peer
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = f"{live_server.url}/ama/{session.pk}/"

    sign_in(page, live_server, "ash@northwind.example")
    page.goto(live_server.url + "/ama/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask the CEO").click()
    page.wait_for_url(url)
    assert_accessible(page)
    page.get_by_label("Your question").fill("Will we hire in *Bergen*?")
    page.get_by_label("Hide my name from others").check()
    page.get_by_role("button", name="Ask", exact=True).click()
    question = page.locator("#question-list > li").first
    expect(question).to_contain_text("Will we hire in Bergen?")
    expect(question).to_contain_text("You asked")
    expect(page.get_by_label("Your question")).to_have_value("")
    expect(question.get_by_role("button", name="Upvote")).to_have_count(0)  # not your own
    asked = AmaQuestion.objects.get()
    assert asked.anonymous and asked.asker == asker
    page.get_by_label("Your question").fill("   ")  # blank: a message, no 500
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("empty")
    assert_accessible(page)

    sign_in(page, live_server, "pia@northwind.example")
    page.goto(url)
    question = page.locator(f"#question-{asked.pk}")
    expect(question).to_contain_text("Anonymous")
    expect(question).not_to_contain_text("Ash")
    question.get_by_role("button", name="Upvote").click()
    question = page.locator(f"#question-{asked.pk}")
    expect(question).to_contain_text("1 vote")
    expect(question.get_by_role("button", name="Upvoted")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    sign_in(page, live_server, "lee@northwind.example")
    page.goto(url)
    question = page.locator(f"#question-{asked.pk}")
    expect(question).not_to_contain_text("Ash")  # the host is not a moderator
    question.get_by_text("Answer", exact=True).click()
    question.get_by_label("Your answer").fill("Yes, **three** engineers this spring.")
    assert_accessible(page)
    question.get_by_role("button", name="Publish answer").click()
    question = page.locator(f"#question-{asked.pk}")
    expect(question).to_contain_text("Lee Leader answered")
    expect(question.locator("strong", has_text="three")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Answered \(")).click()
    expect(page.get_by_role("link", name="Answered (1)")).to_be_visible()
    expect(page.locator("#question-list")).to_contain_text("three engineers")
    assert_accessible(page)
    assert not errors, errors


def test_a_leader_opens_a_session_with_the_form(page, live_server, assert_accessible, leader):
    sign_in(page, live_server, "lee@northwind.example")
    page.goto(live_server.url + "/ama/")
    page.get_by_role("link", name="Open a session").click()
    assert_accessible(page)
    page.get_by_label("Topic").fill("Ask me about the office move")
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    page.get_by_label("Starts").fill(f"{day}T10:00")
    page.get_by_label("Ends").fill(f"{day}T09:00")
    page.get_by_role("button", name="Schedule session").click()
    expect(page.get_by_text("The end must come after the start.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ends").fill(f"{day}T11:00")
    page.get_by_role("button", name="Schedule session").click()
    expect(page.get_by_role("heading", name="Ask me about the office move")).to_be_visible()
    expect(page.get_by_text("Questions open when the session starts.")).to_be_visible()
    assert_accessible(page)
