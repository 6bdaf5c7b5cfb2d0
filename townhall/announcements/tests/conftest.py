"""A small organisation for announcement tests, built through the real actions."""

from dataclasses import dataclass

import pytest

from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups


@dataclass
class Office:
    lee: object  # leader, Leadership
    alma: object  # organisation admin, IT
    gale: object  # owner of the Design group (a plain member of the organisation)
    mona: object  # member, Sales
    sam: object  # member, Sales
    eve: object  # member, Engineering
    nora: object  # member, no department
    design: object  # a private group: gale (owner), eve, lee


@pytest.fixture
def office(make_user) -> Office:
    make = lambda *a, **k: make_user(*a, password=None, **k)  # noqa: E731
    lee = make("lee", role="leader", display_name="Lee Leader", department="Leadership")
    alma = make("alma", role="admin", display_name="Alma Admin", department="IT")
    gale = make("gale", display_name="Gale Owner", department="Design")
    mona = make("mona", display_name="Mona Member", department="Sales")
    sam = make("sam", display_name="Sam Seller", department="Sales")
    eve = make("eve", display_name="Eve Engineer", department="Engineering")
    nora = make("nora", display_name="Nora Nodept")
    design = groups.create_group(actor=gale, name="Design", kind="private", description="UX.")
    for person in (eve, lee):
        invitation = groups.invite_to_group(actor=gale, group=design, invitee=person)
        groups.accept_invitation(actor=person, invitation=invitation)
    return Office(lee, alma, gale, mona, sam, eve, nora, design)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(execute=True):` runs what the actions enqueue after commit."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def api_as():
    from townhall.accounts.tokens import create_token

    def make(user, scope: str = "write") -> ApiClient:
        _token, secret = create_token(user=user, name=f"{scope} token", scope=scope)
        return ApiClient(secret)

    return make


def sign_in_browser(page, client, live_server, person) -> None:
    from django.conf import settings

    client.force_login(person)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
