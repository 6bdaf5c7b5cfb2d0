"""A small organisation for praise tests, built through the real actions."""

from dataclasses import dataclass

import pytest

from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups


@dataclass
class Office:
    aria: object
    bo: object
    cy: object
    dee: object
    olga: object  # owns Skunkworks (secret): aria and olga only
    skunkworks: object


@pytest.fixture
def office(make_user) -> Office:
    make = lambda *a, **k: make_user(*a, password=None, **k)  # noqa: E731
    aria = make("aria", display_name="Aria Author")
    bo = make("bo", display_name="Bo Builder")
    cy = make("cy", display_name="Cy Coder")
    dee = make("dee", display_name="Dee Designer")
    olga = make("olga", display_name="Olga Owner")
    secret = groups.create_group(actor=olga, name="Skunkworks", kind="secret", description=".")
    invitation = groups.invite_to_group(actor=olga, group=secret, invitee=aria)
    groups.accept_invitation(actor=aria, invitation=invitation)
    return Office(aria, bo, cy, dee, olga, secret)


@pytest.fixture
def api_as():
    from townhall.accounts.tokens import create_token

    def make(user, scope: str = "write") -> ApiClient:
        _token, secret = create_token(user=user, name=f"{scope} token", scope=scope)
        return ApiClient(secret)

    return make
