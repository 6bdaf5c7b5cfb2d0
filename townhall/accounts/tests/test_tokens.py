import re

import pytest

from townhall.accounts.models import ApiToken
from townhall.accounts.tokens import create_token, user_for_secret

pytestmark = pytest.mark.django_db


@pytest.fixture
def mona(client, member):
    client.force_login(member)
    return member


def create_through_page(client, name="build server", scope="read"):
    response = client.post("/accounts/tokens/", {"name": name, "scope": scope})
    assert response.status_code == 200, response.text
    secret = re.search(r'id="token-secret"[^>]*value="(th_[^"]+)"', response.text).group(1)
    return response, secret


def test_a_new_token_s_secret_is_shown_once_and_works(client, mona):
    response, secret = create_through_page(client)

    assert "it will not be shown again" in response.text
    assert "no-store" in response["Cache-Control"]
    assert user_for_secret(secret)[0] == mona
    listing = client.get("/accounts/tokens/")
    assert secret not in listing.text
    assert secret[:10] in listing.text


def test_the_token_list_shows_name_scope_prefix_and_times(client, mona):
    token, secret = create_token(user=mona, name="calendar sync", scope="write")
    user_for_secret(secret)

    listing = client.get("/accounts/tokens/").text

    row = listing.split("calendar sync", 1)[1].split("</tr>", 1)[0]
    assert "Read and write" in row
    assert f"<code>{token.prefix}…</code>" in row
    assert row.count("<time datetime=") == 2  # created and last used
    assert "Never" not in row


def test_a_token_never_used_says_so(client, mona):
    create_token(user=mona, name="spare")

    assert "Never" in client.get("/accounts/tokens/").text


def test_revoking_a_token_stops_it_working_and_removes_it_from_the_list(client, mona):
    token, secret = create_token(user=mona, name="old laptop")

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)

    assert "The token “old laptop” no longer works." in response.text
    assert "<td>old laptop</td>" not in response.text
    assert user_for_secret(secret) is None


def test_someone_else_s_token_cannot_be_revoked_and_looks_missing(client, mona, make_user):
    otto = make_user("otto")
    token, secret = create_token(user=otto, name="otto's")

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert user_for_secret(secret) is not None
    assert "otto&#x27;s" not in client.get("/accounts/tokens/").text


def test_a_member_cannot_create_an_admin_token(client, mona):
    response = client.post("/accounts/tokens/", {"name": "sneaky", "scope": "admin"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not ApiToken.objects.filter(user=mona).exists()


def test_an_admin_can_create_an_admin_token(client, admin_user):
    client.force_login(admin_user)

    _, secret = create_through_page(client, scope="admin")

    assert user_for_secret(secret)[1].scope == "admin"


def test_a_token_needs_a_name(client, mona):
    response = client.post("/accounts/tokens/", {"name": "", "scope": "read"})

    assert response.status_code == 400
    assert 'id="id_name_errors"' in response.text


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/accounts/tokens/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
