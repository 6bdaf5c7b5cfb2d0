"""People for the notification tests, and a way to read what someone was notified of."""

import pytest

from townhall.api.tests.conftest import token_for  # noqa: F401 (a fixture the API tests use)
from townhall.notifications import selectors


@pytest.fixture
def ann(make_user):
    return make_user("ann", display_name="Ann Author")


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def cy(make_user):
    return make_user("cy", display_name="Cy Commenter")


@pytest.fixture
def texts():
    """texts(person) -> the sentences on their notifications page, newest first."""

    def read(person, **options):
        return [item.text for item in selectors.notification_page(person, **options).items]

    return read
