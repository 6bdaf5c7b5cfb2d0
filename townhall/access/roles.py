"""Who holds which organisation-wide power. Every role question in Townhall is answered here."""

from townhall.accounts.models import User


def is_active_member(user) -> bool:
    """A signed-in, active person of the organisation (a commenter identity is not one)."""
    return bool(
        user and user.is_authenticated and user.is_active and user.role != User.Role.COMMENTER
    )


def is_commenter(user) -> bool:
    """A visitor signed in with an external account to comment on public articles."""
    return bool(user and user.is_authenticated and user.role == User.Role.COMMENTER)


def is_guest(user) -> bool:
    """An external guest: a real member, limited to the groups they were invited to
    (docs/permissions.md, "External guests"). Never organisation-wide."""
    return is_active_member(user) and user.role == User.Role.GUEST


def sees_organisation(user) -> bool:
    """An active member who reaches what is shared with the whole organisation (the
    company feed, organisation-wide posts, public groups, the directory): not a guest."""
    return is_active_member(user) and user.role != User.Role.GUEST


def organisation_people(queryset):
    """`queryset` of users without commenter identities (they belong to no audience)."""
    return queryset.exclude(role=User.Role.COMMENTER)


def outside_guests(queryset):
    """`queryset` of users without external guests (for organisation-wide audiences)."""
    return queryset.exclude(role=User.Role.GUEST)


def is_admin(user) -> bool:
    return is_active_member(user) and user.role == User.Role.ADMIN


def is_moderator(user) -> bool:
    return is_active_member(user) and user.role in (User.Role.MODERATOR, User.Role.ADMIN)


def is_leader(user) -> bool:
    return is_active_member(user) and user.role == User.Role.LEADER


def can_use_admin_area(user) -> bool:
    return is_admin(user)
