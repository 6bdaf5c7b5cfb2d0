import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
)

from townhall.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    """What Mona's authenticator app shows right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def member_with_totp(client, member, sign_in):
    """Mona turns on an authenticator app from her Security page, then signs out."""
    sign_in("mona@northwind.example")
    security = client.get("/accounts/security/")
    assert 'href="/accounts/2fa/"' in security.text
    confirm = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert "Confirm Access" in confirm.text  # allauth asks for the password again first
    page = client.post(confirm.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert "Activate Authenticator App" in page.text
    secret = page.context["form"].secret
    activated = client.post(
        "/accounts/2fa/totp/activate/", {"code": current_code(secret)}, follow=True
    )
    assert activated.status_code == 200
    client.post("/accounts/logout/")
    return secret


def test_turning_on_an_authenticator_app_also_creates_recovery_codes(member, member_with_totp):
    kinds = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_signing_in_with_two_factor_asks_for_a_code_after_the_password(
    client, member_with_totp, sign_in
):
    asked = sign_in("mona@northwind.example", PASSWORD)
    assert asked.redirect_chain[-1][0] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302

    home = client.post(
        "/accounts/2fa/authenticate/", {"code": current_code(member_with_totp)}, follow=True
    )

    assert "Welcome, Mona Member" in home.text


def test_a_wrong_code_does_not_sign_you_in(client, member_with_totp, sign_in):
    sign_in("mona@northwind.example", PASSWORD)

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"}, follow=True)

    assert "Incorrect code." in response.text
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_you_in_once(client, member, member_with_totp, sign_in):
    codes = RecoveryCodes(Authenticator.objects.get(user=member, type="recovery_codes"))
    code = codes.get_unused_codes()[0]
    sign_in("mona@northwind.example", PASSWORD)

    home = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)
    assert "Welcome, Mona Member" in home.text

    client.post("/accounts/logout/")
    sign_in("mona@northwind.example", PASSWORD)
    again = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)
    assert "Incorrect code." in again.text
