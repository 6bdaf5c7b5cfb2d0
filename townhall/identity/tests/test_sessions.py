"""A member sees where they are signed in and ends sessions; a password change ends the rest."""

import pytest
from django.test import Client

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
