"""A small organisation for permission tests, built only through the real actions.

Personas (the names the matrix uses):
  anonymous     not signed in
  member        Mona: active, in no group
  group_member  Gus: member of all three groups
  group_admin   Gale: admin of all three groups
  moderator     Max: organisation moderator, in no group
  leader        Lee: organisation leader, in no group
  org_admin     Alma: organisation admin, in no group
  author        Aria: member of all three groups; wrote every post and comment
  deactivated   Dee: was a member of all three groups, then was deactivated
  guest         Gwen: an external guest, invited into Board (private) only -- only in the
                worlds built with `guest=True` (test_matrix.py; PERSONAS_WITH_GUEST)
Olga owns the three groups (Commons: public, Board: private, Skunkworks: secret).
Objects: a post and a comment in the organisation and in each group, each group itself
and each group's member list. Aria and Gale react to every post and comment.
"""

from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth.models import AnonymousUser

from townhall.accounts.actions import deactivate_user
from townhall.groups import actions as groups
from townhall.groups.models import Group, Membership
from townhall.posts import actions as posts

PERSONAS = [
    "anonymous",
    "member",
    "group_member",
    "group_admin",
    "moderator",
    "leader",
    "org_admin",
    "author",
    "deactivated",
]
PERSONAS_WITH_GUEST = [*PERSONAS, "guest"]


@dataclass
class World:
    people: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)  # "public" | "private" | "secret" -> Group
    posts: dict = field(default_factory=dict)  # "org" | "public" | ... -> Post
    comments: dict = field(default_factory=dict)

    def actor(self, persona: str):
        if persona == "anonymous":
            return AnonymousUser()
        person = self.people[persona]
        person.refresh_from_db()
        return person


def add_to_group(owner, group: Group, person, *, role: str = Membership.Role.MEMBER) -> None:
    if group.kind == Group.Kind.PUBLIC:
        groups.join_group(actor=person, group=group)
    else:
        invitation = groups.invite_to_group(actor=owner, group=group, invitee=person)
        groups.accept_invitation(actor=person, invitation=invitation)
    if role != Membership.Role.MEMBER:
        membership = Membership.objects.get(group=group, user=person)
        groups.set_member_role(actor=owner, membership=membership, role=role)


def build_world(make_user, *, guest: bool = False) -> World:
    world = World()
    people = world.people
    make_user = partial(make_user, password=None)  # no password hashing: the tests run fast
    people["member"] = make_user("mona", display_name="Mona Member")
    people["group_member"] = make_user("gus", display_name="Gus Groupmember")
    people["group_admin"] = make_user("gale", display_name="Gale Groupadmin")
    people["moderator"] = make_user("max", role="moderator", display_name="Max Moderator")
    people["leader"] = make_user("lee", role="leader", display_name="Lee Leader")
    people["org_admin"] = make_user("alma", role="admin", display_name="Alma Admin")
    people["author"] = make_user("aria", display_name="Aria Author")
    people["deactivated"] = make_user("dee", display_name="Dee Deactivated")
    if guest:
        people["guest"] = make_user("gwen", role="guest", display_name="Gwen Guest")
    owner = make_user("olga", display_name="Olga Owner")
    for kind, name in (("public", "Commons"), ("private", "Board"), ("secret", "Skunkworks")):
        group = groups.create_group(actor=owner, name=name, kind=kind, description=f"{name}.")
        world.groups[kind] = group
        add_to_group(owner, group, people["group_member"])
        add_to_group(owner, group, people["group_admin"], role=Membership.Role.ADMIN)
        add_to_group(owner, group, people["author"])
        add_to_group(owner, group, people["deactivated"])
        if guest and kind == "private":
            add_to_group(owner, group, people["guest"])
    author = people["author"]
    for where in ("org", "public", "private", "secret"):
        group = world.groups.get(where)
        post = posts.create_post(actor=author, group=group, body=f"News for {where} #plans")
        world.posts[where] = post
        world.comments[where] = posts.create_comment(actor=author, post=post, body="Agreed.")
        for target in (post, world.comments[where]):  # counts to read: two kinds, two people
            posts.react(actor=author, target=target, kind="celebrate")
            posts.react(actor=people["group_admin"], target=target, kind="like")
    deactivate_user(actor=people["org_admin"], person=people["deactivated"])
    return world
