"""People, groups, questions and polls for these tests, built through the real actions."""

import pytest

from townhall.groups import actions as groups


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def cy(make_user):
    return make_user("cy", display_name="Cy Colleague")


@pytest.fixture
def moderator(make_user):
    return make_user("mo", role="moderator", display_name="Mo Moderator")


@pytest.fixture
def secret_group(bo):
    """A secret group Bo owns; nobody else is in it."""
    return groups.create_group(actor=bo, name="Skunkworks", kind="secret")


@pytest.fixture
def public_group(bo):
    return groups.create_group(actor=bo, name="Open Kitchen", kind="public")
