"""The people visibility rule as a pair: the object check and the queryset filter agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from townhall.access.people import can_edit_profile, can_view_person, visible_people
from townhall.accounts.models import User


@pytest.fixture
def personas(make_user):
    people = {
        "member": make_user("mona"),
        "admin": make_user("alma", role="admin"),
        "moderator": make_user("mads", role="moderator"),
        "deactivated": make_user("dina"),
    }
    User.objects.filter(pk=people["deactivated"].pk).update(is_active=False)
    people["deactivated"].refresh_from_db()
    return people


@pytest.mark.parametrize("actor_name", ["anonymous", "member", "admin", "moderator", "deactivated"])
def test_can_view_person_and_visible_people_agree_for_every_persona(personas, actor_name):
    actor = AnonymousUser() if actor_name == "anonymous" else personas[actor_name]
    visible = set(visible_people(actor).values_list("pk", flat=True))
    for person in User.objects.all():
        assert can_view_person(actor, person) == (person.pk in visible), (actor_name, person)


def test_only_admins_see_deactivated_people(personas):
    gone = personas["deactivated"]
    assert not can_view_person(personas["member"], gone)
    assert not can_view_person(personas["moderator"], gone)
    assert can_view_person(personas["admin"], gone)


def test_profiles_are_edited_by_their_owner_or_an_admin(personas):
    member, admin, moderator = personas["member"], personas["admin"], personas["moderator"]
    assert can_edit_profile(member, member)
    assert can_edit_profile(admin, member)
    assert not can_edit_profile(moderator, member)
    assert not can_edit_profile(AnonymousUser(), member)
    assert not can_edit_profile(personas["deactivated"], personas["deactivated"])
