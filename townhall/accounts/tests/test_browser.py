"""The sign-up and account pages in a real browser, checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from townhall.accounts.tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_sign_up_explains_itself_next_to_the_email_field(
    page, live_server, assert_accessible
):
    page.goto(live_server.url + "/accounts/signup/")
    assert_accessible(page)

    page.get_by_label("Your name").fill("Nina Outside")
    page.get_by_label("Email").fill("nina@gmail.example")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_errors")).to_contain_text(
        "Sign-up is open to addresses at this organisation's email domains only. "
        "Use your work address, or ask an admin for an invitation."
    )
    assert_accessible(page)


def test_the_account_settings_pages_pass_axe(page, live_server, assert_accessible, make_user):
    make_user("mona", display_name="Mona Member", password=PASSWORD)
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill("mona@northwind.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, Mona Member")).to_be_visible()

    page.get_by_role("link", name="Security").first.click()
    expect(page.get_by_role("heading", name="Security", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Turn on two-factor authentication").click()
    assert_accessible(page)
    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/accounts/tokens/")
    page.get_by_label("Name").fill("build server")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("Your new token")).to_have_value(re.compile("^th_"))
    assert_accessible(page)
    page.get_by_role("link", name="Back to API tokens").click()
    expect(page.get_by_role("cell", name="build server", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke build server").click()
    expect(page.get_by_text("The token “build server” no longer works.")).to_be_visible()
    assert_accessible(page)
