import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from townhall.accounts.actions import deactivate_user, reactivate_user
from townhall.accounts.models import User
from townhall.accounts.tests.conftest import NEW_PASSWORD, PASSWORD, last_link

pytestmark = pytest.mark.django_db

SHARED_CACHES = {
    "django.core.cache.backends.db.DatabaseCache",
    "townhall.core.redis_cache.TolerantRedisCache",  # Redis, as configured with TOWNHALL_REDIS_URL
}
RATE_LIMITED = "Too many failed login attempts. Try again later."


def test_a_member_signs_in_and_out(client, member, sign_in):
    home = sign_in("mona@northwind.example")
    assert "Welcome, Mona Member" in home.text

    client.post("/accounts/logout/")

    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_next_to_the_form(client, member, sign_in):
    response = sign_in("mona@northwind.example", "not-the-password")

    assert "The email address and/or password you specified are not correct." in response.text
    assert client.get("/").status_code == 302


def test_a_deactivated_person_cannot_sign_in_and_is_told_why(client, admin_user, member, sign_in):
    deactivate_user(actor=admin_user, person=member)

    response = sign_in("mona@northwind.example")

    assert "This account is deactivated" in response.text
    assert "ask one of your organisation" in response.text
    assert client.get("/").status_code == 302


def test_deactivation_ends_the_person_s_open_sessions_at_once(admin_user, member, sign_in):
    browser = Client()
    sign_in("mona@northwind.example", browser=browser)
    assert browser.get("/").status_code == 200

    deactivate_user(actor=admin_user, person=member)

    assert browser.get("/").status_code == 302
    assert browser.get("/accounts/tokens/").status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]


def test_an_inactive_person_s_session_stops_working_even_if_it_survived(client, member, sign_in):
    """Django's auth backends refuse inactive users on every request, not only at sign-in."""
    sign_in("mona@northwind.example")
    # Deliberately bypass deactivate_user (which deletes sessions) to prove the second guard.
    User.objects.filter(pk=member.pk).update(is_active=False)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_reactivated_person_can_sign_in_again(client, admin_user, member, sign_in):
    deactivate_user(actor=admin_user, person=member)
    reactivate_user(actor=admin_user, person=member)

    assert "Welcome, Mona Member" in sign_in("mona@northwind.example").text


def test_too_many_failed_sign_ins_for_one_address_are_refused_everywhere(member, sign_in, settings):
    assert settings.CACHES["default"]["BACKEND"] in SHARED_CACHES
    for _attempt in range(5):
        sign_in("mona@northwind.example", "wrong-password-1")

    refused = sign_in("mona@northwind.example", PASSWORD)
    assert RATE_LIMITED in refused.text

    # Another browser, from another address, hits the same limit: the counter is kept per
    # email address in the shared cache (database or Redis), not in a session or a process.
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert RATE_LIMITED in sign_in("mona@northwind.example", PASSWORD, browser=elsewhere).text

    cache.clear()
    assert "Welcome, Mona Member" in sign_in("mona@northwind.example", browser=elsewhere).text


def test_failed_sign_ins_for_one_address_do_not_lock_out_another(make_user, sign_in):
    make_user("mona")
    make_user("otto")
    for _attempt in range(6):
        sign_in("mona@northwind.example", "wrong-password-1")

    assert "Welcome, Otto" in sign_in("otto@northwind.example", browser=Client()).text


def test_a_forgotten_password_is_reset_through_an_emailed_link(
    client, member, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/accounts/password/reset/", {"email": "mona@northwind.example"}, follow=True
        )
    assert "Password Reset" in sent.text
    link = last_link("mona@northwind.example", "/accounts/password/reset/key/")

    form = client.get(link, follow=True)
    assert 'name="password1"' in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password is now changed." in done.text

    assert "Welcome, Mona Member" in sign_in("mona@northwind.example", NEW_PASSWORD).text


def test_a_signed_in_member_changes_their_password(client, member, sign_in):
    sign_in("mona@northwind.example")

    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post("/accounts/logout/")

    assert "not correct" in sign_in("mona@northwind.example", PASSWORD).text
    assert "Welcome, Mona Member" in sign_in("mona@northwind.example", NEW_PASSWORD).text
