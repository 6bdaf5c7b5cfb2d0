"""People and places for the posts page tests, built through the real actions."""

import pytest

from townhall.groups import actions as groups


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def secret_group(bo):
    """A secret group Bo owns; Mona (member) is not in it."""
    return groups.create_group(actor=bo, name="Skunkworks", kind="secret")


@pytest.fixture
def my_group(member):
    """A public group Mona owns."""
    return groups.create_group(actor=member, name="Mona's crew", kind="public")
