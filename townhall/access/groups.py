"""Who may see groups, their member lists, and manage them.

The rules (docs/permissions.md has the table):

- Anonymous visitors and deactivated people see no group at all.
- *public*: every active person sees the group, its posts and its member list, and may join.
- *private*: every active person sees the group's name and description (it is listed);
  its posts and member list are for members only; others ask to join.
- *secret*: invisible to non-members everywhere. The only exception is a person holding a
  pending invitation, who sees the group's name and description so they can accept it;
  never its posts or members.
- Organisation admins and moderators get NO extra sight into private or secret groups
  they are not members of (as in HumHub and Zulip: administrators do not read private
  conversations they were not part of). Their powers apply to what they can see.
- A group's size (its count of active members) goes with its listing: every active
  person sees it for public and private groups; a secret group's size is for its members
  only (a person invited to a secret group learns its name, not its size).
- Archived groups stay readable by whoever could read them; nobody posts, comments or
  reacts in them, and nobody joins them.
- Group management (members, requests, invitations, kind, archive, pin) belongs to the
  group's owners and admins; transferring ownership to its owners.
- An external guest (townhall.access.roles.is_guest) sees only the groups they are a
  member of (and a secret or private group's name while invited to it): no public group
  they are not in, nothing organisation-wide. They never create, join or ask to join a
  group, and never become an owner or admin of one.

Every visibility rule is a pair: `can_view_*` for one object, `visible_*` for a queryset;
the matrix test in townhall/access/tests proves they agree. Missing and forbidden look
alike: `get_*_or_404` raises Http404 for both.

For feeds: `member_group_ids(actor)` is a subquery of the groups a person belongs to, so
"posts in my groups" can be combined with follows and mutes without another query.
"""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from townhall.access.roles import is_active_member, is_guest, sees_organisation
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership

LISTED_KINDS = (Group.Kind.PUBLIC, Group.Kind.PRIVATE)
ADMIN_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


def membership_of(actor, group: Group | None) -> Membership | None:
    """The actor's membership in `group`, or None (also for anonymous and deactivated)."""
    if group is None or not is_active_member(actor):
        return None
    return Membership.objects.filter(group=group, user=actor).first()


def member_group_ids(actor) -> QuerySet:
    """Subquery: ids of the groups the actor belongs to (none unless active)."""
    if not is_active_member(actor):
        return Membership.objects.none().values("group_id")
    return Membership.objects.filter(user=actor).values("group_id")


def _invited_group_ids(actor) -> QuerySet:
    return GroupInvitation.objects.filter(invitee=actor, status=Decision.PENDING).values("group_id")


# --- seeing the group itself (name, description) --------------------------------------


def can_view_group(actor, group: Group) -> bool:
    if not is_active_member(actor):
        return False
    listed = group.kind in LISTED_KINDS and sees_organisation(actor)
    if listed or membership_of(actor, group) is not None:
        return True
    return GroupInvitation.objects.filter(
        group=group, invitee=actor, status=Decision.PENDING
    ).exists()


def visible_groups(actor, queryset: QuerySet[Group] | None = None) -> QuerySet[Group]:
    queryset = Group.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    listed = Q(kind__in=LISTED_KINDS) if sees_organisation(actor) else Q(pk__in=[])
    return queryset.filter(
        listed | Q(pk__in=member_group_ids(actor)) | Q(pk__in=_invited_group_ids(actor))
    )


def get_group_or_404(actor, **lookup) -> Group:
    group = visible_groups(actor).filter(**lookup).first()
    if group is None:
        raise Http404
    return group


# --- reading inside the group (posts, member list) ------------------------------------


def can_read_group_content(actor, group: Group) -> bool:
    """Posts, comments and the member list: everyone for public groups, else members
    (a guest: only their own groups)."""
    if not is_active_member(actor):
        return False
    public = group.kind == Group.Kind.PUBLIC and sees_organisation(actor)
    return public or membership_of(actor, group) is not None


def readable_group_filter(actor, prefix: str = "") -> Q:
    """Q matching rows whose group (`<prefix>group`) the actor may read inside.
    Callers must first check `is_active_member(actor)`."""
    mine = Q(**{f"{prefix}group_id__in": member_group_ids(actor)})
    if is_guest(actor):
        return mine
    return Q(**{f"{prefix}group__kind": Group.Kind.PUBLIC}) | mine


# --- "organisation-wide or in a group": where posts, AMAs and the like are placed --------


def can_read_in(actor, group: Group | None) -> bool:
    """May the actor read what is placed in `group` (None: organisation-wide)? The object
    check of `readable_place_filter`. Guests never read organisation-wide things."""
    if group is None:
        return sees_organisation(actor)
    return can_read_group_content(actor, group)


def readable_place_filter(actor, prefix: str = "") -> Q:
    """Q matching rows placed organisation-wide (`<prefix>group` null) or in a group the
    actor may read inside; for a guest, only their own groups. Callers must first check
    `is_active_member(actor)`."""
    if is_guest(actor):
        return readable_group_filter(actor, prefix)
    return Q(**{f"{prefix}group__isnull": True}) | readable_group_filter(actor, prefix)


def can_view_group_members(actor, group: Group) -> bool:
    return can_read_group_content(actor, group)


def visible_memberships(
    actor, queryset: QuerySet[Membership] | None = None
) -> QuerySet[Membership]:
    queryset = Membership.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(readable_group_filter(actor))


# --- the group's size -------------------------------------------------------------------


def can_view_member_count(actor, group: Group) -> bool:
    """A listed group's size is public; a secret group's is for its members (a guest
    learns only their own groups' sizes)."""
    if not is_active_member(actor):
        return False
    listed = group.kind in LISTED_KINDS and sees_organisation(actor)
    return listed or membership_of(actor, group) is not None


def with_member_counts(actor, queryset: QuerySet[Group] | None = None) -> QuerySet[Group]:
    """`queryset` annotated with `member_count`: its active members where
    `can_view_member_count` allows, else None. No extra query (a correlated subquery)."""
    queryset = Group.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.annotate(member_count=Value(None, output_field=IntegerField()))
    active = (
        Membership.objects.filter(group=OuterRef("pk"), user__is_active=True)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    size = Coalesce(Subquery(active, output_field=IntegerField()), 0)
    listed = Q(kind__in=LISTED_KINDS) if sees_organisation(actor) else Q(pk__in=[])
    allowed = listed | Q(pk__in=member_group_ids(actor))
    return queryset.annotate(
        member_count=Case(When(allowed, then=size), default=None, output_field=IntegerField())
    )


def member_count(actor, group: Group) -> int | None:
    """The group's size as `actor` may know it: active members, or None."""
    if not can_view_member_count(actor, group):
        return None
    return Membership.objects.filter(group=group, user__is_active=True).count()


# --- acting in and on the group --------------------------------------------------------


def is_group_admin(actor, group: Group | None) -> bool:
    membership = membership_of(actor, group)
    return membership is not None and membership.role in ADMIN_ROLES


def is_group_owner(actor, group: Group | None) -> bool:
    membership = membership_of(actor, group)
    return membership is not None and membership.role == Membership.Role.OWNER


def can_manage_group(actor, group: Group) -> bool:
    """Approve requests, invite, remove members, change kind, archive, pin: owners and admins."""
    return is_group_admin(actor, group)


def can_post_in_group(actor, group: Group | None) -> bool:
    """Organisation-wide (group None): every active person but guests. A group: its
    members, unless the group is archived."""
    if not is_active_member(actor):
        return False
    if group is None:
        return sees_organisation(actor)
    return not group.is_archived and membership_of(actor, group) is not None


def can_create_group(actor) -> bool:
    """Every active member but guests (a guest only enters groups they are invited to)."""
    return sees_organisation(actor)


def can_join_group(actor, group: Group) -> bool:
    return (
        sees_organisation(actor)
        and group.kind == Group.Kind.PUBLIC
        and not group.is_archived
        and membership_of(actor, group) is None
    )


def can_request_to_join(actor, group: Group) -> bool:
    return (
        sees_organisation(actor)
        and group.kind == Group.Kind.PRIVATE
        and not group.is_archived
        and membership_of(actor, group) is None
    )


def can_invite_to_group(actor, group: Group) -> bool:
    return not group.is_archived and is_group_admin(actor, group)


def can_remove_member(actor, membership: Membership) -> bool:
    """Owners remove anyone but themselves; admins remove plain members."""
    mine = membership_of(actor, membership.group)
    if mine is None or mine.pk == membership.pk:
        return False
    if mine.role == Membership.Role.OWNER:
        return True
    return mine.role == Membership.Role.ADMIN and membership.role == Membership.Role.MEMBER


def can_change_member_role(actor, membership: Membership) -> bool:
    """Owners make other members admins or plain members (ownership moves by transfer)."""
    return membership.user_id != getattr(actor, "pk", None) and is_group_owner(
        actor, membership.group
    )


def can_transfer_ownership(actor, group: Group) -> bool:
    return is_group_owner(actor, group)


def can_hold_group_role(person, role: str) -> bool:
    """May `person` be made an owner or admin of a group? Not an external guest: guests
    are plain members of the groups they were invited to."""
    return role == Membership.Role.MEMBER or not is_guest(person)


def manages_any_group(person) -> bool:
    """Does `person` own or run a group (which a guest may not)?"""
    return Membership.objects.filter(user=person, role__in=ADMIN_ROLES).exists()


# --- join requests and invitations -----------------------------------------------------


def visible_join_requests(
    actor, queryset: QuerySet[JoinRequest] | None = None
) -> QuerySet[JoinRequest]:
    """A person sees their own requests; group owners and admins see their group's."""
    queryset = JoinRequest.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    managed = Membership.objects.filter(user=actor, role__in=ADMIN_ROLES).values("group_id")
    return queryset.filter(Q(user=actor) | Q(group_id__in=managed))


def can_view_join_request(actor, join_request: JoinRequest) -> bool:
    if not is_active_member(actor):
        return False
    return join_request.user_id == actor.pk or is_group_admin(actor, join_request.group)


def get_join_request_or_404(actor, **lookup) -> JoinRequest:
    join_request = visible_join_requests(actor).select_related("group").filter(**lookup).first()
    if join_request is None:
        raise Http404
    return join_request


def visible_group_invitations(
    actor, queryset: QuerySet[GroupInvitation] | None = None
) -> QuerySet[GroupInvitation]:
    """The invitee sees their invitations; group owners and admins see their group's."""
    queryset = GroupInvitation.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    managed = Membership.objects.filter(user=actor, role__in=ADMIN_ROLES).values("group_id")
    return queryset.filter(Q(invitee=actor) | Q(group_id__in=managed))


def can_view_group_invitation(actor, invitation: GroupInvitation) -> bool:
    if not is_active_member(actor):
        return False
    return invitation.invitee_id == actor.pk or is_group_admin(actor, invitation.group)


def get_group_invitation_or_404(actor, **lookup) -> GroupInvitation:
    invitation = visible_group_invitations(actor).select_related("group").filter(**lookup).first()
    if invitation is None:
        raise Http404
    return invitation
