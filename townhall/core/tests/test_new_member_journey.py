"""A new colleague's first visit, end to end in a real browser with a real SMTP server.

Sign up with a work address, confirm it from the email the SMTP server received, sign in,
fill in the profile with a picture, switch to Norwegian, and find yourself in the directory.
"""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-passphrase-9"


@pytest.fixture
def mail_through_smtp(settings, smtp_server):
    """Deliver Townhall's mail to the test's own SMTP server, as production does."""
    port, inbox = smtp_server
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    return inbox


def a_photo(tmp_path):
    path = tmp_path / "me.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 80, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_new_colleague_signs_up_confirms_fills_in_their_profile_and_finds_themselves(
    page, live_server, mail_through_smtp, assert_accessible, tmp_path
):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your name").fill("Ørjan Æsøy")
    page.get_by_label("Email").fill("orjan@northwind.example")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    assert_accessible(page)

    message = mail_through_smtp.wait_for_message(to="orjan@northwind.example")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Welcome, Ørjan Æsøy")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("orjan@northwind.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome, Ørjan Æsøy")).to_be_visible()

    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Edit profile").click()
    assert_accessible(page)
    page.get_by_label("Job title").fill("Platform engineer")
    page.get_by_label("Department").fill("Engineering")
    page.get_by_label("Profile picture").set_input_files(str(a_photo(tmp_path)))
    page.locator("main").get_by_label("Language").select_option("nb")
    page.get_by_role("button", name="Save profile").click()

    # The profile now speaks Norwegian and shows the new picture and title.
    expect(page.get_by_text("Platform engineer")).to_be_visible()
    expect(page.get_by_role("link", name="Personer")).to_be_visible()
    picture = page.locator("img.avatar").first
    expect(picture).to_have_attribute("src", re.compile(r"^/media/avatars/.+\.webp$"))
    assert page.evaluate("img => img.naturalWidth", picture.element_handle()) > 0
    assert_accessible(page)

    page.get_by_role("link", name="Personer").click()
    page.get_by_role("searchbox").fill("ØRJAN")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("link", name="Ørjan Æsøy")).to_be_visible()
    assert_accessible(page)
