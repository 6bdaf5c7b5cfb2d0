"""Who holds which organisation-wide power. Every role question in Townhall is answered here."""

from townhall.accounts.models import User


def is_active_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user) -> bool:
    return is_active_member(user) and user.role == User.Role.ADMIN


def is_moderator(user) -> bool:
    return is_active_member(user) and user.role in (User.Role.MODERATOR, User.Role.ADMIN)


def is_leader(user) -> bool:
    return is_active_member(user) and user.role == User.Role.LEADER


def can_use_admin_area(user) -> bool:
    return is_admin(user)
