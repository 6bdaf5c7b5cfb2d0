import re

import pytest
from django.conf import settings
from django.test import Client

from townhall.accounts.invitations import create_invitation
from townhall.core.models import OutgoingEmail


def sign_in(page, live_server, person) -> None:
    client = Client()
    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_admin_deactivates_a_member_from_the_members_page(
    page, live_server, admin_user, member, assert_accessible
):
    create_invitation(actor=admin_user, email="newcomer@partner.example")
    OutgoingEmail.objects.create(
        message=b"", recipients="x@northwind.example", subject="Stuck", last_error="Timeout"
    )
    sign_in(page, live_server, admin_user)

    page.goto(f"{live_server.url}/admin-area/")
    assert_accessible(page)
    page.get_by_label("Name or email").fill("MONA")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/admin-area/\?q=MONA&"))
    row = page.get_by_role("row", name="Mona Member")
    assert row.get_by_role("cell", name="Active").is_visible()

    row.get_by_role("link", name="Deactivate… Mona Member").click()
    page.get_by_role("heading", level=1, name="Deactivate Mona Member?").wait_for()
    assert "/deactivate/" in page.url
    assert_accessible(page)
    page.get_by_role("button", name="Deactivate Mona Member").click()

    page.get_by_text("Mona Member is deactivated and signed out.").wait_for()
    assert "/admin-area/?q=MONA&" in page.url  # back to the same search
    row = page.get_by_role("row", name="Mona Member")
    assert row.get_by_role("cell", name="Deactivated").is_visible()
    assert row.get_by_role("button", name="Reactivate Mona Member").is_visible()
    assert_accessible(page)
    member.refresh_from_db()
    assert not member.is_active

    for link, heading in [
        ("Invitations", "Invitations"),
        ("Settings", "Settings"),
        ("Background tasks", "Background tasks"),
    ]:
        page.get_by_role("navigation", name="Admin area").get_by_role("link", name=link).click()
        page.get_by_role("heading", level=1, name=heading).wait_for()
        assert_accessible(page)
    page.get_by_text("Stuck").wait_for()
