from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from townhall.accounts.invitations import create_invitation
from townhall.accounts.models import Invitation, User
from townhall.accounts.tests.conftest import last_link
from townhall.core.models import SiteSettings
from townhall.core.site import forget_site_settings

pytestmark = pytest.mark.django_db

REFUSAL = "Sign-up is open to addresses at this organisation&#x27;s email domains only"


def invite(admin, email, django_capture_on_commit_callbacks, role="member"):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, url = create_invitation(actor=admin, email=email, role=role)
    return invitation, urlsplit(url).path


def test_signing_up_with_a_work_address_sends_a_link_that_signs_you_in(client, sign_up):
    response = sign_up("nina@northwind.example")

    assert response.redirect_chain[-1][0] == "/accounts/confirm-email/"
    assert "Verify Your Email Address" in response.text
    assert client.get("/").status_code == 302  # not signed in before confirming
    confirm_path = last_link("nina@northwind.example", "/accounts/confirm-email/")

    page = client.get(confirm_path)
    assert "Confirm Email Address" in page.text
    home = client.post(confirm_path, follow=True)

    assert "Welcome, Nina New" in home.text
    assert EmailAddress.objects.get(email="nina@northwind.example").verified


def test_an_address_at_another_domain_is_refused_with_what_to_do(client, sign_up):
    response = sign_up("nina@gmail.example")

    assert response.status_code == 200
    errors_next_to_email = response.text.split('id="id_email_errors"', 1)[1].split("</ul>")[0]
    assert REFUSAL in errors_next_to_email
    assert 'aria-describedby="id_email_errors"' in response.text
    assert "ask an admin for an invitation" in response.text
    assert not User.objects.filter(email="nina@gmail.example").exists()
    assert mail.outbox == []


def test_a_domain_an_admin_added_in_site_settings_may_sign_up(sign_up):
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"allowed_email_domains": ["partner.example"]}
    )
    forget_site_settings()

    response = sign_up("pia@partner.example")

    assert "Verify Your Email Address" in response.text
    assert User.objects.filter(email="pia@partner.example").exists()


def test_the_domain_check_ignores_letter_case(sign_up):
    response = sign_up("Nina@NorthWind.Example")

    assert "Verify Your Email Address" in response.text
    assert User.objects.filter(email="nina@northwind.example").exists()


def test_an_invited_outsider_signs_up_and_is_signed_in_at_once_with_the_invited_role(
    client, admin_user, sign_up, django_capture_on_commit_callbacks
):
    invitation, path = invite(
        admin_user, "olga@outside.example", django_capture_on_commit_callbacks, role="leader"
    )
    assert last_link("olga@outside.example", "/accounts/invite/") == path

    landing = client.get(path, follow=True)
    assert landing.redirect_chain[-1][0].startswith("/accounts/signup/")
    assert 'value="olga@outside.example"' in landing.text

    home = sign_up("olga@outside.example", name="Olga Outside")

    assert "Welcome, Olga Outside" in home.text
    olga = User.objects.get(email="olga@outside.example")
    assert olga.role == "leader"
    assert EmailAddress.objects.get(user=olga).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == olga and invitation.accepted_at is not None


def test_an_invitation_does_not_open_sign_up_for_another_outside_address(
    client, admin_user, sign_up, django_capture_on_commit_callbacks
):
    _, path = invite(admin_user, "olga@outside.example", django_capture_on_commit_callbacks)
    client.get(path)

    response = sign_up("someone.else@outside.example")

    assert "Your invitation is for olga@outside.example" in response.text
    assert not User.objects.filter(email="someone.else@outside.example").exists()


def test_an_invitation_link_opened_in_another_browser_does_not_help_this_one(
    client, admin_user, sign_up, django_capture_on_commit_callbacks
):
    invite(admin_user, "olga@outside.example", django_capture_on_commit_callbacks)

    response = sign_up("olga@outside.example")

    assert REFUSAL in response.text


def test_an_expired_invitation_shows_a_page_saying_so(
    client, admin_user, django_capture_on_commit_callbacks
):
    invitation, path = invite(
        admin_user, "olga@outside.example", django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    response = client.get(path)

    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    assert "send a new invitation" in response.text


def test_a_used_invitation_cannot_sign_up_a_second_person(
    client, admin_user, sign_up, django_capture_on_commit_callbacks
):
    _, path = invite(admin_user, "olga@outside.example", django_capture_on_commit_callbacks)
    client.get(path)
    sign_up("olga@outside.example")
    client.post("/accounts/logout/")

    response = client.get(path)

    assert response.status_code == 410
    assert "This invitation has already been used" in response.text


def test_an_unknown_invitation_key_shows_a_page_not_an_error(client, db):
    response = client.get("/accounts/invite/not-a-real-key/")

    assert response.status_code == 404
    assert "This invitation link does not work" in response.text


def test_sign_up_is_closed_without_allowed_domains_or_an_invitation(client, settings, db):
    settings.TOWNHALL_ALLOWED_EMAIL_DOMAINS = []

    response = client.get("/accounts/signup/")

    assert "Sign-up is by invitation only" in response.text


def test_an_invitation_opens_sign_up_even_without_allowed_domains(
    client, settings, admin_user, sign_up, django_capture_on_commit_callbacks
):
    settings.TOWNHALL_ALLOWED_EMAIL_DOMAINS = []
    _, path = invite(admin_user, "olga@outside.example", django_capture_on_commit_callbacks)
    client.get(path)

    home = sign_up("olga@outside.example", name="Olga Outside")

    assert "Welcome, Olga Outside" in home.text
