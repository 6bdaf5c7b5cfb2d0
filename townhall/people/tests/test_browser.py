import pytest
from django.conf import settings

from townhall.people.tests.images import photo_bytes


def sign_in(page, client, live_server, person) -> None:
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_member_edits_profile_with_a_picture_and_finds_it_everywhere(
    page, live_server, client, make_user, assert_accessible
):
    mona = make_user("mona", display_name="Mona Member")
    make_user("bodil", display_name="Bodil Boss", job_title="Head of product")
    sign_in(page, client, live_server, mona)

    page.goto(f"{live_server.url}/people/mona/")
    assert_accessible(page)
    page.get_by_role("link", name="Edit profile").click()
    page.wait_for_url("**/people/mona/edit/")
    assert_accessible(page)

    page.get_by_label("Display name").fill("Mona Ørnes")
    page.get_by_label("Job title").fill("Product owner")
    page.get_by_label("Department").fill("Payments")
    page.get_by_label("About me").fill("Ask me about payments.\nAnd <b>cake</b>.")
    page.get_by_label("Expertise").fill("Payments, Kotlin")
    page.get_by_label("Manager").fill("bodil")
    page.get_by_label("Time zone").select_option("Europe/Oslo")
    page.get_by_label("Profile picture").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/people/mona/")

    assert page.get_by_role("heading", level=1).inner_text().startswith("Mona Ørnes")
    assert page.get_by_text("The profile is saved.").is_visible()
    assert page.get_by_text("And <b>cake</b>.").is_visible()  # shown as text, not markup
    assert page.get_by_role("link", name="Bodil Boss").is_visible()
    picture = page.locator(".profile-head img.avatar")
    assert picture.get_attribute("alt") == "Mona Ørnes"
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 256
    assert_accessible(page)

    page.get_by_role("link", name="Kotlin").click()
    page.wait_for_url("**/people/?q=Kotlin")
    assert page.locator(".person-card-name").all_inner_texts() == ["Mona Ørnes"]
    assert_accessible(page)

    # Live search: typing narrows the list without a page load.
    page.get_by_label("Search people").fill("BOSS")
    page.locator(".person-card-name", has_text="Bodil Boss").wait_for()
    assert page.locator(".person-card-name").all_inner_texts() == ["Bodil Boss"]
    assert "q=BOSS" in page.url
