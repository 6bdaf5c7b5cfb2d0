"""ID tokens that must not sign anyone in: a wrong or missing nonce, another audience, a
signature by a key the provider does not publish, no signature at all, and a token
replayed from an earlier sign-in. Over real HTTP against a small OpenID Connect provider
on 127.0.0.1 (oidc_forger.py: discovery, JWKS, token, userinfo) whose token endpoint
answers with the token each test forged, through Townhall's sign-in and callback views
(identity/oidc.py) and Django's test client. A well-made token is the control: it signs
the newcomer in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from townhall.accounts.models import User
from townhall.identity import actions, audit
from townhall.identity.models import AuditEntry
from townhall.identity.tests.oidc_forger import ForgingProvider

pytestmark = pytest.mark.django_db
CLIENT_ID = "townhall-web"
NINA = {
    "sub": "emp-nina",
    "email": "nina@northwind.example",
    "email_verified": True,
    "name": "Nina Newcomer",
}


@pytest.fixture
def op():
    with ForgingProvider() as provider:
        provider.claims = dict(NINA)
        yield provider


@pytest.fixture
def app(admin_user, op):
    return actions.add_member_oidc_provider(
        actor=admin_user,
        name="Northwind ID",
        server_url=op.url,
        client_id=CLIENT_ID,
        secret="client-secret",
        jit_domains=["northwind.example"],
    )


def start_sign_in(browser: Client, app) -> tuple[str, str]:
    """Press "Sign in with Northwind ID": the state and nonce sent to the provider."""
    response = browser.post(f"/accounts/oidc/{app.provider_id}/login/")
    assert response.status_code == 302, response.content[:300]
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["state"][0], query["nonce"][0]


def come_back(browser: Client, app, state: str):
    """The provider sends the browser back with a code; Townhall fetches the token."""
    return browser.get(
        f"/accounts/oidc/{app.provider_id}/login/callback/", {"code": "c0de", "state": state}
    )


def signed_in(browser: Client) -> bool:
    return browser.get("/identity/sessions/").status_code == 200


def test_a_well_made_token_signs_the_newcomer_in(op, app):
    browser = Client()
    state, nonce = start_sign_in(browser, app)
    op.next_id_token = op.id_token(nonce=nonce, aud=CLIENT_ID)
    response = come_back(browser, app, state)
    assert response.status_code == 302 and "sign-in-refused" not in response["Location"]
    assert signed_in(browser)
    assert User.objects.get(email="nina@northwind.example").external_id.external_id == "emp-nina"
    assert not AuditEntry.objects.filter(action=audit.SSO_REFUSED).exists()


def test_each_sign_in_sends_its_own_nonce(app):
    _state, first = start_sign_in(Client(), app)
    _state, second = start_sign_in(Client(), app)
    assert len(first) >= 32 and first != second


@pytest.mark.parametrize(
    "forge, why",
    [
        (lambda op, nonce: op.id_token(nonce="not-" + nonce, aud=CLIENT_ID), "nonce"),
        (lambda op, nonce: op.id_token(nonce=None, aud=CLIENT_ID), "nonce"),
        (lambda op, nonce: op.id_token(nonce=nonce, aud="another-client"), "Invalid id_token"),
        (lambda op, nonce: op.id_token(nonce=nonce, aud=CLIENT_ID, sign_with="other"), "Invalid"),
        (lambda op, nonce: op.id_token(nonce=nonce, aud=CLIENT_ID, sign_with="none"), "signed"),
        (lambda op, nonce: "", "no ID token"),
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-aud", "foreign-signature", "unsigned", "no-id-token"],
)
def test_a_bad_id_token_is_refused_and_nobody_is_signed_in_or_created(op, app, forge, why):
    browser = Client()
    state, nonce = start_sign_in(browser, app)
    op.next_id_token = forge(op, nonce)
    response = come_back(browser, app, state)
    assert op.token_requests == 1  # the token was fetched, then refused by our checks
    assert response.status_code == 302 and response["Location"] == "/identity/sign-in-refused/"
    page = browser.get(response["Location"]).content.decode()
    assert "could not be verified" in page
    assert not signed_in(browser)
    assert not User.objects.filter(email="nina@northwind.example").exists()
    refusal = AuditEntry.objects.get(action=audit.SSO_REFUSED)
    assert refusal.data["reason"] == "invalid_response" and why in refusal.data["detail"]


def test_a_token_from_an_earlier_sign_in_is_refused_when_replayed(op, app):
    first = Client()
    state, nonce = start_sign_in(first, app)
    op.next_id_token = op.id_token(nonce=nonce, aud=CLIENT_ID)
    come_back(first, app, state)
    assert signed_in(first)
    attacker = Client()
    state, _their_nonce = start_sign_in(attacker, app)  # same token, another sign-in
    response = come_back(attacker, app, state)
    assert response["Location"] == "/identity/sign-in-refused/"
    assert not signed_in(attacker)
