"""Fixtures for the group pages: a few colleagues and one group of each kind, built
through the real actions."""

from functools import partial

import pytest
from django.urls import reverse

from townhall.groups import actions
from townhall.groups.models import Group


@pytest.fixture
def people(make_user):
    make = partial(make_user, password=None)
    return {
        "olga": make("olga", display_name="Olga Owner"),
        "gale": make("gale", display_name="Gale Admin"),
        "gus": make("gus", display_name="Gus Member"),
        "mona": make("mona", display_name="Mona Outsider"),
    }


def add_member(owner, group: Group, person, role: str = "member") -> None:
    """Into any kind of group the way a person really gets in: join, or an accepted invitation."""
    if group.kind == Group.Kind.PUBLIC:
        actions.join_group(actor=person, group=group)
    else:
        invitation = actions.invite_to_group(actor=owner, group=group, invitee=person)
        actions.accept_invitation(actor=person, invitation=invitation)
    if role != "member":
        membership = group.memberships.get(user=person)
        actions.set_member_role(actor=owner, membership=membership, role=role)


@pytest.fixture
def make_group(people):
    def make(
        kind: str,
        name: str | None = None,
        description: str = "",
        admins=("gale",),
        members=("gus",),
    ):
        owner = people["olga"]
        group = actions.create_group(
            actor=owner, name=name or f"{kind.title()} club", description=description, kind=kind
        )
        for username in admins:
            add_member(owner, group, people[username], role="admin")
        for username in members:
            add_member(owner, group, people[username])
        return group

    return make


def url(name: str, group: Group, *args) -> str:
    return reverse(f"groups:{name}", args=[group.slug, *args])
