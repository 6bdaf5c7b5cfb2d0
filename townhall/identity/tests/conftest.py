import pytest


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def signed_in(client):
    """signed_in(user): sign in through the real sign-in page (records the session)."""

    def sign_in(user, password="correct-horse-9", *, client=client):
        response = client.post("/accounts/login/", {"login": user.email, "password": password})
        assert response.status_code == 302, response.content[:500]
        return client

    return sign_in
