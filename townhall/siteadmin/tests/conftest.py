import pytest


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
