"""What each organisation-wide role may do, as the admin area's Roles page lists it.

The table is not a copy of the rules: each row names one question and answers it by
asking the real rule in this package for a person holding each role. Change a rule and
the page follows. (Group roles, owner/admin/member, are decided per group in groups.py.)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from townhall.access.ama import can_open_ama
from townhall.access.announcements import can_announce
from townhall.access.articles import can_publish_publicly, can_view_leadership
from townhall.access.feeds import can_view_company_feed
from townhall.access.groups import can_create_group, can_hold_group_role, can_post_in_group
from townhall.access.roles import (
    can_use_admin_area,
    is_active_member,
    is_guest,
    is_moderator,
    sees_organisation,
)
from townhall.accounts.models import User
from townhall.groups.models import Membership

# The roles a member account may hold, in the order the page shows them (a commenter is a
# visitor with an external sign-in, not a member: townhall.commenters).
MEMBER_ROLES = [r for r in User.Role if r != User.Role.COMMENTER]


@dataclass(frozen=True)
class Power:
    label: str | Promise
    holds: Callable[[User], bool]


POWERS: list[Power] = [
    Power(
        _("Reads organisation-wide posts, the company feed and the whole directory"),
        lambda p: sees_organisation(p) and can_view_company_feed(p),
    ),
    Power(
        _("Reads and posts in the groups they belong to"),
        is_active_member,
    ),
    Power(_("Posts to the whole organisation"), lambda p: can_post_in_group(p, None)),
    Power(_("Sees and joins public groups they are not in"), sees_organisation),
    Power(_("Creates groups"), can_create_group),
    Power(
        _("Can be made owner or admin of a group"),
        lambda p: can_hold_group_role(p, Membership.Role.OWNER),
    ),
    Power(_("Sees the Leadership page"), can_view_leadership),
    Power(_("Announces to everyone"), lambda p: can_announce(p, None)),
    Power(_("Opens organisation-wide Ask me anything sessions"), lambda p: can_open_ama(p, None)),
    Power(_("Publishes articles to the public internet (blog setting)"), can_publish_publicly),
    Power(_("Reviews reported content and reads edit histories"), is_moderator),
    Power(_("Uses the admin area"), can_use_admin_area),
    Power(_("Is marked as External wherever their name appears"), is_guest),
]


@dataclass(frozen=True)
class PowerRow:
    label: str | Promise
    held: list[bool]  # one per role, in MEMBER_ROLES order


def role_powers() -> tuple[list, list[PowerRow]]:
    """(the roles, one row per power saying which role holds it), asked of the real rules
    for an active person of each role."""
    people = [User(role=role, is_active=True) for role in MEMBER_ROLES]
    rows = [PowerRow(power.label, [bool(power.holds(p)) for p in people]) for power in POWERS]
    return MEMBER_ROLES, rows
