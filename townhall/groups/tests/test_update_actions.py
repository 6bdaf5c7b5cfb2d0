"""The group actions the pages added: update_group, co-owners, reserved addresses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from townhall.access.groups import visible_groups
from townhall.access.posts import visible_posts
from townhall.groups import actions
from townhall.groups.models import Membership
from townhall.posts.actions import create_post


def test_update_group_renames_describes_and_changes_kind_in_one_go(people, make_group):
    group = make_group("public", "Commons")
    post = create_post(actor=people["gus"], group=group, body="Hello")
    assert visible_posts(people["mona"]).filter(pk=post.pk).exists()
    group = actions.update_group(
        actor=people["gale"], group=group, name=" ÆØÅ  Club ", description=" Hi ", kind="secret"
    )
    group.refresh_from_db()
    assert (group.name, group.name_key, group.description, group.kind, group.slug) == (
        "ÆØÅ Club",
        "æøå club",
        "Hi",
        "secret",
        "commons",
    )
    assert not visible_posts(people["mona"]).filter(pk=post.pk).exists()
    assert not visible_groups(people["mona"]).filter(pk=group.pk).exists()


def test_update_group_refuses_bad_input_and_outsiders_and_changes_nothing(people, make_group):
    group = make_group("public", "Commons")
    with pytest.raises(ValidationError, match="Give the group a name"):
        actions.update_group(actor=people["olga"], group=group, name="  ", description="")
    with pytest.raises(ValidationError, match="2,000 characters"):
        actions.update_group(actor=people["olga"], group=group, name="X", description="d" * 2001)
    with pytest.raises(ValidationError, match="public, private or secret"):
        actions.update_group(
            actor=people["olga"], group=group, name="X", description="", kind="open"
        )
    with pytest.raises(PermissionDenied):
        actions.update_group(actor=people["gus"], group=group, name="Mine", description="")
    secret = make_group("secret", "Skunkworks", admins=(), members=())
    with pytest.raises(Http404):
        actions.update_group(actor=people["mona"], group=secret, name="Found", description="")
    group.refresh_from_db()
    secret.refresh_from_db()
    assert (group.name, secret.name) == ("Commons", "Skunkworks")


def test_an_owner_makes_a_co_owner_who_cannot_then_be_demoted_by_role(people, make_group):
    group = make_group("public", "Commons")
    gale = Membership.objects.get(group=group, user=people["gale"])
    actions.set_member_role(actor=people["olga"], membership=gale, role="owner")
    gale.refresh_from_db()
    assert gale.role == "owner"
    with pytest.raises(ValidationError, match="transferring ownership"):
        actions.set_member_role(actor=people["olga"], membership=gale, role="member")
    actions.leave_group(actor=people["olga"], group=group)  # another owner remains
    assert not Membership.objects.filter(group=group, user=people["olga"]).exists()


def test_a_group_never_gets_an_address_the_pages_use(people):
    group = actions.create_group(actor=people["mona"], name="new")
    assert group.slug == "new-2"
