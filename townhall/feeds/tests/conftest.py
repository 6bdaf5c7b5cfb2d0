"""People, groups and busy posts for the feed tests, built through the real actions."""

from dataclasses import dataclass
from functools import partial

import pytest

from townhall.groups import actions as groups
from townhall.posts import actions as posts


@dataclass
class Office:
    """Aria writes; Bo reads; Cy and Di react and comment; Olga owns the groups.
    Commons is public, Board private (Aria and Olga), Skunkworks secret (Aria and Olga)."""

    aria: object
    bo: object
    cy: object
    di: object
    olga: object
    commons: object
    board: object
    skunkworks: object


def add_member(owner, group, person) -> None:
    if group.kind == "public":
        groups.join_group(actor=person, group=group)
    else:
        invitation = groups.invite_to_group(actor=owner, group=group, invitee=person)
        groups.accept_invitation(actor=person, invitation=invitation)


@pytest.fixture
def office(make_user) -> Office:
    make = partial(make_user, password=None)
    aria, bo = make("aria", display_name="Aria Author"), make("bo", display_name="Bo Reader")
    cy, di = make("cy", display_name="Cy Commenter"), make("di", display_name="Di Reactor")
    olga = make("olga", display_name="Olga Owner")
    made = {}
    for kind, name in (("public", "Commons"), ("private", "Board"), ("secret", "Skunkworks")):
        made[kind] = groups.create_group(actor=olga, name=name, kind=kind)
        add_member(olga, made[kind], aria)
    return Office(aria, bo, cy, di, olga, made["public"], made["private"], made["secret"])


def busy_posts(office: Office, count: int, *, author=None, group=None, body="Post") -> list:
    """`count` posts, each with 3 comments and reactions by three different people (who
    must be able to see them: the organisation or a public group)."""
    author = author or office.aria
    made = []
    for n in range(count):
        post = posts.create_post(actor=author, group=group, body=f"{body} {n} #plans")
        for person, kind in ((office.olga, "like"), (office.cy, "celebrate"), (office.di, "like")):
            posts.react(actor=person, target=post, kind=kind)
            comment = posts.create_comment(actor=person, post=post, body=f"{person} agrees")
            posts.react(actor=author, target=comment, kind="support")
        made.append(post)
    return made
