"""The demo's external guest (a step for load.py), through the real actions.

Freya Lund of Lumen Agency, the agency preparing the spring launch, is an external guest:
invited into the private group "Product launch Q1" only, where she posts and Emma answers.
Whoever is in that group (Ada, the demo admin, is) sees the **External** badge by her
name; outside it she sees nothing of Northwind (docs/permissions.md, "External guests").
"""

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile

from townhall.accounts.actions import create_user
from townhall.accounts.models import User
from townhall.demo.avatars import draw_avatar
from townhall.groups import actions as group_actions
from townhall.groups.models import Group
from townhall.notifications.models import MailSettings
from townhall.people.avatars import process_avatar, store_avatar
from townhall.posts import actions as post_actions

GUEST_USERNAME = "freya"
GUEST_GROUP = "Product launch Q1"
GUEST_POST = (
    "Hi everyone, Freya from Lumen Agency here. The first drafts of the launch film and "
    "the landing page are ready for review; comments by Thursday would be perfect. #launch"
)
WELCOME = "Welcome aboard, Freya! The product team will go through the drafts on Wednesday."


def add_external_guest(password: str) -> str | None:
    group = Group.objects.filter(name=GUEST_GROUP).first()
    if group is None or User.objects.filter(username=GUEST_USERNAME).exists():
        return None
    freya = create_user(
        username=GUEST_USERNAME,
        email="freya@lumen-agency.example",
        display_name="Freya Lund",
        role=User.Role.GUEST,
        job_title="Creative Director, Lumen Agency",
        location="Copenhagen",
        phone="+45 31 12 34 56",
        bio="External partner for the spring launch: film, landing page and launch kit.",
        expertise=["brand", "video", "campaigns"],
        pronouns="she/her",
        language="en",
        time_zone="Europe/Copenhagen",
    )
    freya.password = make_password(password)
    picture = ContentFile(draw_avatar(freya.username, freya.display_name), name="avatar.png")
    freya.avatar.name = store_avatar(process_avatar(picture))
    freya.save(update_fields=["password", "avatar"])
    MailSettings.objects.update_or_create(person=freya, defaults={"instant": False})
    owner = group.memberships.get(role="owner").user
    invitation = group_actions.invite_to_group(actor=owner, group=group, invitee=freya)
    group_actions.accept_invitation(actor=freya, invitation=invitation)
    post = post_actions.create_post(actor=freya, group=group, body=GUEST_POST)
    post_actions.create_comment(actor=owner, post=post, body=WELCOME)
    return f"1 external guest ({freya.display_name}) in {group.name}"
