"""People for moderation tests: an author, a reader, a moderator, a group with its admin."""

from dataclasses import dataclass

import pytest
from django.test import Client

from townhall.accounts.tokens import create_token
from townhall.groups import actions as groups


@dataclass
class Town:
    ada: object  # writes
    ben: object  # reads and reports
    mo: object  # org moderator
    alma: object  # org admin
    gina: object  # owns the group "Garden" (public) and the secret "Vault"
    garden: object
    vault: object


@pytest.fixture
def town(make_user) -> Town:
    ada = make_user("ada", display_name="Ada Author")
    ben = make_user("ben", display_name="Ben Reader")
    mo = make_user("mo", role="moderator", display_name="Mo Moderator")
    alma = make_user("alma", role="admin", display_name="Alma Admin")
    gina = make_user("gina", display_name="Gina Groupadmin")
    garden = groups.create_group(actor=gina, name="Garden", kind="public")
    groups.join_group(actor=ada, group=garden)
    groups.join_group(actor=ben, group=garden)
    vault = groups.create_group(actor=gina, name="Vault", kind="secret")
    for person in (ada, ben):
        invitation = groups.invite_to_group(actor=gina, group=vault, invitee=person)
        groups.accept_invitation(actor=person, invitation=invitation)
    return Town(ada, ben, mo, alma, gina, garden, vault)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def api(person) -> Client:
    _token, secret = create_token(user=person, name="read")
    return Client(headers={"Authorization": f"Bearer {secret}"})
