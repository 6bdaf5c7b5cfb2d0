"""Who may see and change people's profiles.

- Signed-in members see active colleagues, external guests included (marked as external
  wherever their name appears); admins also see deactivated accounts.
- An external guest (townhall.access.roles.is_guest) sees themselves and the active people
  they share a group with: no directory beyond that, no profile, mention or follow of
  anyone else.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from townhall.access.roles import (
    is_active_member,
    is_admin,
    is_commenter,
    is_guest,
    organisation_people,
)
from townhall.accounts.models import User
from townhall.groups.models import Membership


def _shares_a_group_filter(guest) -> Q:
    """Q matching the guest and the people in a group with them."""
    their_groups = Membership.objects.filter(user=guest).values("group_id")
    companions = Membership.objects.filter(group_id__in=their_groups).values("user_id")
    return Q(pk=guest.pk) | Q(pk__in=companions)


def can_view_person(actor, person: User) -> bool:
    """Signed-in members see active colleagues; admins also see deactivated accounts; a
    guest sees themselves and the people they share a group with."""
    if not is_active_member(actor) or is_commenter(person):
        return False
    if is_guest(actor):
        if not person.is_active:
            return False
        return User.objects.filter(_shares_a_group_filter(actor), pk=person.pk).exists()
    return person.is_active or is_admin(actor)


def visible_people(actor, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    queryset = User.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    queryset = organisation_people(queryset)  # commenter identities have no profile
    if is_guest(actor):
        return queryset.filter(_shares_a_group_filter(actor), is_active=True)
    if is_admin(actor):
        return queryset
    return queryset.filter(is_active=True)


def get_person_or_404(actor, **lookup) -> User:
    person = visible_people(actor).filter(**lookup).first()
    if person is None:
        raise Http404
    return person


def can_edit_profile(actor, person: User) -> bool:
    return is_active_member(actor) and (actor.pk == person.pk or is_admin(actor))
