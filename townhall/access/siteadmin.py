"""What the admin area shows only to admins: member imports and the overview of all groups.

- Member imports (CSV, townhall.siteadmin): admins (`can_manage_identity`), and each admin
  sees every import (an import is the organisation's, not one admin's).
- The groups overview lists every group, secret ones included, with its kind, size, owners
  and whether it is archived: names and sizes only. It gives admins no sight of a secret
  group's posts or members (townhall.access.groups still decides that).
"""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.identity import can_manage_identity
from townhall.access.roles import can_use_admin_area
from townhall.groups.models import Group
from townhall.siteadmin.models import MemberImport


def can_import_members(actor) -> bool:
    return can_manage_identity(actor)


def visible_member_imports(actor, queryset: QuerySet[MemberImport] | None = None):
    queryset = MemberImport.objects.all() if queryset is None else queryset
    return queryset if can_import_members(actor) else queryset.none()


def get_member_import_or_404(actor, pk: int) -> MemberImport:
    found = visible_member_imports(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_see_groups_overview(actor) -> bool:
    return can_use_admin_area(actor)


def overview_groups(actor, queryset: QuerySet[Group] | None = None) -> QuerySet[Group]:
    """Every group (secret ones included) for an admin's overview; nothing for others."""
    queryset = Group.objects.all() if queryset is None else queryset
    return queryset if can_see_groups_overview(actor) else queryset.none()
