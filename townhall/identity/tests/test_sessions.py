"""A member sees where they are signed in and their API tokens, and ends them; a password
change ends the other sessions, a password reset all of them."""

import re

import pytest
from django.test import Client

from townhall.accounts.tokens import create_token
from townhall.identity.models import SignedInSession

pytestmark = pytest.mark.django_db


def test_a_member_sees_both_browsers_and_ends_the_other_one(signed_in, member):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop"), Client(HTTP_USER_AGENT="Phone")
    signed_in(member, client=laptop)
    signed_in(member, client=phone)
    page = laptop.get("/identity/sessions/")
    assert page.status_code == 200
    assert b"Laptop" in page.content and b"Phone" in page.content
    other = SignedInSession.objects.get(user_agent="Phone")
    response = laptop.post(f"/identity/sessions/{other.pk}/end/")
    assert response.status_code == 302
    assert phone.get("/identity/sessions/").status_code == 302  # signed out
    assert laptop.get("/identity/sessions/").status_code == 200


def test_nobody_ends_someone_elses_session(signed_in, member, make_user):
    signed_in(member)
    other = make_user("otto")
    intruder = Client()
    signed_in(other, client=intruder)
    session = SignedInSession.objects.get(user=member)
    assert intruder.post(f"/identity/sessions/{session.pk}/end/").status_code == 404
    assert SignedInSession.objects.filter(pk=session.pk).exists()


def test_a_password_change_ends_every_other_session(signed_in, member):
    here, there = Client(), Client()
    signed_in(member, client=here)
    signed_in(member, client=there)
    response = here.post(
        "/accounts/password/change/",
        {
            "oldpassword": "correct-horse-9",
            "password1": "new-horse-battery-7",
            "password2": "new-horse-battery-7",
        },
    )
    assert response.status_code == 302, response.content[:300]
    assert here.get("/identity/sessions/").status_code == 200
    assert there.get("/identity/sessions/").status_code == 302
    assert SignedInSession.objects.filter(user=member).count() == 1


def test_a_password_reset_ends_every_session(
    signed_in, member, mailoutbox, django_capture_on_commit_callbacks
):
    laptop, phone, stranger = Client(), Client(), Client()
    signed_in(member, client=laptop)
    signed_in(member, client=phone)
    with django_capture_on_commit_callbacks(execute=True):  # the email leaves after commit
        stranger.post("/accounts/password/reset/", {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    form = stranger.get(link.group(1), follow=True)
    assert 'name="password1"' in form.content.decode()
    response = stranger.post(
        form.redirect_chain[-1][0],
        {"password1": "new-horse-battery-7", "password2": "new-horse-battery-7"},
    )
    assert response.status_code == 302, response.content[:300]
    assert laptop.get("/identity/sessions/").status_code == 302  # signed out
    assert phone.get("/identity/sessions/").status_code == 302
    assert not SignedInSession.objects.filter(user=member).exists()
    signed_in(member, "new-horse-battery-7", client=Client())  # the new password works


def test_a_member_sees_their_api_tokens_beside_the_sessions_and_revokes_one(signed_in, member):
    browser = signed_in(member, client=Client())
    token, secret = create_token(user=member, name="nightly-export")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me").status_code == 200
    page = browser.get("/identity/sessions/").content.decode()
    assert "nightly-export" in page and f"<code>{token.prefix}…</code>" in page
    browser.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me").status_code == 401
    page = browser.get("/identity/sessions/").content.decode()
    assert f"<code>{token.prefix}…</code>" not in page
