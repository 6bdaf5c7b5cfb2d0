import pytest
from django.core.exceptions import ValidationError

from townhall.accounts.actions import change_role, deactivate_user, reactivate_user

pytestmark = pytest.mark.django_db


def test_the_last_active_admin_cannot_be_deactivated(admin_user):
    with pytest.raises(ValidationError, match="last active admin"):
        deactivate_user(actor=admin_user, person=admin_user)
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_last_active_admin_cannot_be_demoted(admin_user):
    with pytest.raises(ValidationError, match="last active admin"):
        change_role(actor=admin_user, person=admin_user, role="member")
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"


def test_an_admin_can_be_demoted_once_there_is_another_admin(admin_user, member):
    change_role(actor=admin_user, person=member, role="admin")
    change_role(actor=member, person=admin_user, role="leader")
    admin_user.refresh_from_db()
    assert admin_user.role == "leader"


def test_a_deactivated_admin_does_not_count_as_the_other_admin(admin_user, make_user):
    other = make_user("otto", role="admin")
    deactivate_user(actor=admin_user, person=other)
    with pytest.raises(ValidationError):
        deactivate_user(actor=admin_user, person=admin_user)


def test_an_unknown_role_is_refused_with_the_choices(admin_user, member):
    with pytest.raises(ValidationError, match="member, leader, moderator, admin"):
        change_role(actor=admin_user, person=member, role="king")


def test_deactivating_and_reactivating_a_member(admin_user, member):
    deactivate_user(actor=admin_user, person=member)
    member.refresh_from_db()
    assert not member.is_active
    reactivate_user(actor=admin_user, person=member)
    member.refresh_from_db()
    assert member.is_active
