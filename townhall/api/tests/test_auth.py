"""Who may call the API: tokens with scopes, and browser sessions with CSRF."""

import pytest
from django.test import Client

from townhall.accounts.actions import deactivate_user
from townhall.accounts.models import ApiToken
from townhall.accounts.tokens import create_token, revoke_token
from townhall.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_a_read_token_opens_your_profile(member, api_as):
    response = api_as(member, "read").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "mona"


def test_no_credentials_is_a_401_with_a_bearer_challenge(anonymous_api):
    response = anonymous_api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_a_401_and_says_the_token_is_invalid():
    response = ApiClient("th_not-a-real-token").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize(
    "header", ["Basic bW9uYTpwdw==", "Bearer", "Bearer   ", "th_abc", "Token x"]
)
def test_a_malformed_authorization_header_is_a_401_not_a_session_fallback(member, header):
    client = Client()
    client.force_login(member)
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_stops_working(member):
    token, secret = create_token(user=member, name="laptop", scope="write")
    api = ApiClient(secret)
    assert api.get("/api/v1/me").status_code == 200
    revoke_token(token=token)
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "WWW-Authenticate" in response


def test_a_deactivated_persons_token_stops_working(member, admin_user, api_as):
    api = api_as(member, "write")
    assert api.get("/api/v1/me").status_code == 200
    deactivate_user(actor=admin_user, person=member)
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_read_token_cannot_change_your_profile(member, api_as):
    response = api_as(member, "read").patch("/api/v1/me", {"job_title": "Chief Reader"})
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "write" in response.json()["message"]
    member.refresh_from_db()
    assert member.job_title == ""


@pytest.mark.parametrize("scope", ["write", "admin"])
def test_write_and_admin_tokens_can_change_your_profile(member, api_as, scope):
    response = api_as(member, scope).patch("/api/v1/me", {"job_title": "Editor"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.job_title == "Editor"


def test_require_scope_admin_refuses_a_write_token_and_lets_sessions_through(member, rf):
    from townhall.api.auth import require_scope
    from townhall.api.errors import ApiError

    token, _secret = create_token(user=member, name="ci", scope="write")
    request = rf.get("/")
    request.api_token = token
    with pytest.raises(ApiError) as refused:
        require_scope(request, "admin")
    assert (refused.value.status, refused.value.code) == (403, "insufficient_scope")
    request.api_token = None
    require_scope(request, "admin")  # a session: the person's role decides, not a scope


def test_using_a_token_records_when_it_was_last_used(member):
    token, secret = create_token(user=member, name="script")
    assert token.last_used_at is None
    ApiClient(secret).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_secret_is_not_stored_only_its_hash(member):
    _token, secret = create_token(user=member, name="script")
    stored = ApiToken.objects.get(user=member)
    assert secret not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == ApiToken.hash_secret(secret)


# Sessions ---------------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_signed_in_browser_reads_without_a_token(member):
    response = signed_in(member).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "mona@northwind.example"


def test_a_session_patch_without_csrf_is_refused_with_a_json_code(member):
    response = signed_in(member).patch(
        "/api/v1/me", data={"job_title": "Hacked"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    member.refresh_from_db()
    assert member.job_title == ""


def test_a_session_patch_with_the_csrf_token_works(member):
    client = signed_in(member)
    client.get("/api/docs")  # the page sets the csrftoken cookie, as a browser would see
    csrf = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/v1/me",
        data={"job_title": "Pilot"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200
    assert response.json()["job_title"] == "Pilot"


def test_a_signed_out_patch_is_a_401_not_a_csrf_error():
    response = Client(enforce_csrf_checks=True).patch(
        "/api/v1/me", data={}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_token_request_needs_no_csrf_even_with_a_session_cookie(member, token_for):
    client = signed_in(member)
    response = client.patch(
        "/api/v1/me",
        data={"job_title": "Automator"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(member, 'write')}"},
    )
    assert response.status_code == 200
