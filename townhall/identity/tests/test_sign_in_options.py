"""SSO only, chosen in the admin area (Sign-in and provisioning): members can no longer
sign in with a password or sign up, admins still can (a way in when the provider is
down). Through the real admin page and the real sign-in and sign-up pages."""

import pytest
from django.test import Client

from townhall.identity import audit
from townhall.identity.models import AuditEntry

pytestmark = pytest.mark.django_db
OPTIONS = "/admin-area/sign-in/"


def sign_in(browser: Client, person) -> bool:
    browser.post("/accounts/login/", {"login": person.email, "password": "correct-horse-9"})
    return "_auth_user_id" in browser.session


def test_an_admin_turns_on_sso_only_and_members_passwords_stop_working(admin_user, member):
    admin = Client()
    assert sign_in(admin, admin_user)
    saved = admin.post(
        OPTIONS,
        {"form": "options", "options-sso_only": "on", "options-scim_groups_map_to": "groups"},
    )
    assert saved.status_code == 302
    change = AuditEntry.objects.get(action=audit.SETTINGS_CHANGE)
    assert change.actor_id == admin_user.pk and change.data["changed"]["sso_only"] == [False, True]
    assert not sign_in(Client(), member)
    refused = AuditEntry.objects.filter(action=audit.SIGN_IN_FAILED).latest("id")
    assert refused.data["reason"] == "sso_only"
    assert sign_in(Client(), admin_user)  # admins keep a way in
    signup = Client().get("/accounts/signup/")
    assert "account/signup_closed.html" in [t.name for t in signup.templates]
    admin.post(OPTIONS, {"form": "options", "options-scim_groups_map_to": "groups"})
    assert sign_in(Client(), member)  # turned off again: passwords work
