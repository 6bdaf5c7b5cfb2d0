"""Who may see and change people's profiles."""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.roles import is_active_member, is_admin, is_commenter, organisation_people
from townhall.accounts.models import User


def can_view_person(actor, person: User) -> bool:
    """Signed-in members see active colleagues; admins also see deactivated accounts."""
    if not is_active_member(actor) or is_commenter(person):
        return False
    return person.is_active or is_admin(actor)


def visible_people(actor, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    queryset = User.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    queryset = organisation_people(queryset)  # commenter identities have no profile
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
