"""/api/v1/groups, join requests and invitations: the group life cycle over JSON.

Every lookup goes through townhall.access.groups (a secret group you are not in is a 404,
exactly like a missing one); every change through townhall.groups.actions. Something you
can see but may not change is a 403 `forbidden` with the action's reason; a request that
no longer fits the state of things (already decided, last owner) is a 409.
"""

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from townhall.access import groups as access
from townhall.access.people import visible_people
from townhall.access.posts import visible_posts
from townhall.accounts.models import fold
from townhall.api import present
from townhall.api.acting import action_errors
from townhall.api.auth import require_scope
from townhall.api.errors import ApiError
from townhall.api.group_schemas import (
    ArchiveIn,
    GroupChanges,
    GroupDetailOut,
    GroupIn,
    GroupPage,
    GroupParams,
    InvitationOut,
    InvitationPage,
    JoinRequestIn,
    JoinRequestOut,
    JoinRequestPage,
    KindIn,
    MemberPage,
    MembershipOut,
    PersonIdIn,
    PinIn,
    RoleIn,
)
from townhall.api.pagination import PageParams, paginate
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.groups import actions
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership

router = Router(tags=["groups"])

READ = {400: Error, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: ValidationErrorOut}
FIELDS = {"name": "name", "description": "description", "kind": "kind", "message": "message"}


# --- presenting -----------------------------------------------------------------------


def group_json(group: Group, my_role: str | None) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "slug": group.slug,
        "description": group.description,
        "kind": group.kind,
        "archived_at": group.archived_at,
        "created_at": group.created_at,
        "my_role": my_role,
    }


def _detail(request, group_id: int) -> dict:
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    membership = access.membership_of(actor, group)
    pinned = group.pinned_post_id
    if pinned and not visible_posts(actor).filter(pk=pinned).exists():
        pinned = None
    return {
        **group_json(group, membership.role if membership else None),
        "member_count": access.member_count(actor, group),
        "pinned_post_id": pinned,
    }


def _with_my_role(actor, groups):
    mine = Membership.objects.filter(group=OuterRef("pk"), user=actor).values("role")[:1]
    return groups.annotate(my_role=Subquery(mine))


def _person(actor, person_id: int, field: str = "person_id"):
    person = visible_people(actor).filter(pk=person_id).first()
    if person is None:
        raise ValidationError({field: [_("There is no colleague with this id.")]})
    return person


def _membership(actor, group: Group, person_id: int) -> Membership:
    found = (
        access.visible_memberships(actor, Membership.objects.filter(group=group, user_id=person_id))
        .select_related("group", "user")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _members_or_404(actor, group: Group) -> None:
    if not access.can_view_group_members(actor, group):
        raise Http404


def _member_json(request, membership: Membership) -> dict:
    return {
        "person": present.person(request, membership.user),
        "role": membership.role,
        "joined_at": membership.created_at,
    }


def _join_request_json(request, join_request: JoinRequest) -> dict:
    return {
        "id": join_request.pk,
        "group_id": join_request.group_id,
        "person": present.person(request, join_request.user),
        "message": join_request.message,
        "status": join_request.status,
        "created_at": join_request.created_at,
        "decided_at": join_request.decided_at,
    }


def _invitation_json(request, invitation: GroupInvitation, my_role: str | None = None) -> dict:
    inviter = invitation.invited_by
    return {
        "id": invitation.pk,
        "group": group_json(invitation.group, my_role),
        "invited_by": present.person(request, inviter) if inviter else None,
        "status": invitation.status,
        "created_at": invitation.created_at,
    }


# --- groups ---------------------------------------------------------------------------


@router.get("/groups", response={200: GroupPage, **READ}, summary="Groups you can see")
def list_groups(request, params: Query[GroupParams]):
    """Public and private groups, and the secret groups you belong to, A to Z."""
    actor = request.auth
    groups = _with_my_role(actor, access.visible_groups(actor))
    for word in fold(params.q).split():
        groups = groups.filter(name_key__contains=word)
    if params.mine:
        groups = groups.filter(pk__in=access.member_group_ids(actor))
    page = paginate(groups, order=("name", "id"), cursor=params.cursor, limit=params.limit)
    return {
        "items": [group_json(g, g.my_role) for g in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/groups", response={201: GroupDetailOut, **WRITE}, summary="Create a group")
def create_group(request, data: GroupIn):
    """You become its owner."""
    require_scope(request, "write")
    with action_errors(**FIELDS):
        group = actions.create_group(
            actor=request.auth, name=data.name, description=data.description, kind=data.kind
        )
    return Status(201, _detail(request, group.pk))


@router.get("/groups/{id:group_id}", response={200: GroupDetailOut, **READ}, summary="A group")
def get_group(request, group_id: int):
    return _detail(request, group_id)


@router.patch(
    "/groups/{id:group_id}", response={200: GroupDetailOut, **WRITE}, summary="Rename a group"
)
def update_group(request, group_id: int, changes: GroupChanges):
    """Name and description; the group's owners and admins."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    wanted = changes.model_dump(exclude_unset=True)
    with action_errors(**FIELDS):
        actions.update_group(
            actor=request.auth,
            group=group,
            name=wanted.get("name", group.name),
            description=wanted.get("description", group.description),
        )
    return _detail(request, group_id)


@router.post(
    "/groups/{id:group_id}/kind", response={200: GroupDetailOut, **WRITE}, summary="Change kind"
)
def change_kind(request, group_id: int, data: KindIn):
    """public, private or secret: who may see the group and its posts changes at once."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    with action_errors(**FIELDS):
        actions.change_kind(actor=request.auth, group=group, kind=data.kind)
    return _detail(request, group_id)


@router.post(
    "/groups/{id:group_id}/archive", response={200: GroupDetailOut, **WRITE}, summary="Archive"
)
def archive_group(request, group_id: int, data: ArchiveIn):
    """Archived groups stay readable; nobody posts, comments, reacts or joins."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    with action_errors():
        actions.archive_group(actor=request.auth, group=group, archived=data.archived)
    return _detail(request, group_id)


@router.put(
    "/groups/{id:group_id}/pin", response={200: GroupDetailOut, **WRITE}, summary="Pin a post"
)
def pin_post(request, group_id: int, data: PinIn):
    """One of the group's posts above its feed; `post_id: null` unpins."""
    require_scope(request, "write")
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    post = None
    if data.post_id is not None:
        post = visible_posts(actor).filter(pk=data.post_id).first()
        if post is None:
            raise ValidationError({"post_id": [_("There is no post with this id.")]})
    with action_errors(post="post_id"):
        actions.pin_post(actor=actor, group=group, post=post)
    return _detail(request, group_id)


# --- membership -----------------------------------------------------------------------


@router.post("/groups/{id:group_id}/join", response={200: MembershipOut, **WRITE}, summary="Join")
def join_group(request, group_id: int):
    """Public groups only; ask to join a private group instead. Joining twice is fine."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    with action_errors():
        membership = actions.join_group(actor=request.auth, group=group)
    return {"group_id": group.pk, "role": membership.role, "joined_at": membership.created_at}


@router.post("/groups/{id:group_id}/leave", response={204: None, **WRITE}, summary="Leave")
def leave_group(request, group_id: int):
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    with action_errors():
        actions.leave_group(actor=request.auth, group=group)
    return Status(204, None)


@router.get("/groups/{id:group_id}/members", response={200: MemberPage, **READ}, summary="Members")
def list_members(request, group_id: int, page: Query[PageParams]):
    """Oldest member first. For public groups everyone; otherwise members only."""
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    _members_or_404(actor, group)
    members = access.visible_memberships(
        actor, Membership.objects.filter(group=group, user__in=visible_people(actor))
    ).select_related("user")
    found = paginate(members, order=("created_at", "id"), cursor=page.cursor, limit=page.limit)
    return {
        "items": [_member_json(request, m) for m in found.items],
        "next_cursor": found.next_cursor,
    }


@router.patch(
    "/groups/{id:group_id}/members/{id:person_id}",
    response={200: MembershipOut, **WRITE},
    summary="Change a member's role",
)
def change_role(request, group_id: int, person_id: int, data: RoleIn):
    """Owners only. An owner steps down by transferring ownership."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    membership = _membership(request.auth, group, person_id)
    with action_errors(role="role"):
        membership = actions.set_member_role(
            actor=request.auth, membership=membership, role=data.role
        )
    return {"group_id": group.pk, "role": membership.role, "joined_at": membership.created_at}


@router.delete(
    "/groups/{id:group_id}/members/{id:person_id}",
    response={204: None, **WRITE},
    summary="Remove a member",
)
def remove_member(request, group_id: int, person_id: int):
    """Owners remove anyone but themselves; admins remove plain members."""
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    membership = _membership(request.auth, group, person_id)
    with action_errors():
        actions.remove_member(actor=request.auth, membership=membership)
    return Status(204, None)


@router.post(
    "/groups/{id:group_id}/transfer",
    response={200: GroupDetailOut, **WRITE},
    summary="Transfer ownership",
)
def transfer_ownership(request, group_id: int, data: PersonIdIn):
    """To another member; you stay on as an admin."""
    require_scope(request, "write")
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    new_owner = _person(actor, data.person_id)
    with action_errors(new_owner="person_id"):
        actions.transfer_ownership(actor=actor, group=group, new_owner=new_owner)
    return _detail(request, group_id)


# --- join requests --------------------------------------------------------------------


@router.post(
    "/groups/{id:group_id}/join-requests",
    response={201: JoinRequestOut, **WRITE},
    summary="Ask to join a private group",
)
def request_to_join(request, group_id: int, data: JoinRequestIn):
    require_scope(request, "write")
    group = access.get_group_or_404(request.auth, pk=group_id)
    with action_errors(**FIELDS):
        join_request = actions.request_to_join(
            actor=request.auth, group=group, message=data.message
        )
    return Status(201, _join_request_json(request, join_request))


@router.get(
    "/groups/{id:group_id}/join-requests",
    response={200: JoinRequestPage, **READ},
    summary="Requests to join a group (its owners and admins)",
)
def list_join_requests(request, group_id: int, page: Query[PageParams]):
    """Pending requests, oldest first."""
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    if not access.can_manage_group(actor, group):
        raise ApiError(
            403, "forbidden", _("Only the group's owners and admins decide on requests.")
        )
    requests = access.visible_join_requests(
        actor, JoinRequest.objects.filter(group=group, status=Decision.PENDING)
    ).select_related("user")
    found = paginate(requests, order=("created_at", "id"), cursor=page.cursor, limit=page.limit)
    return {
        "items": [_join_request_json(request, r) for r in found.items],
        "next_cursor": found.next_cursor,
    }


def _decide(request, request_id: int, *, approve: bool) -> dict:
    require_scope(request, "write")
    join_request = access.get_join_request_or_404(request.auth, pk=request_id)
    with action_errors():
        join_request = actions.decide_join_request(
            actor=request.auth, join_request=join_request, approve=approve
        )
    return _join_request_json(request, join_request)


@router.post(
    "/join-requests/{id:request_id}/approve",
    response={200: JoinRequestOut, **WRITE},
    summary="Approve a request to join",
)
def approve_join_request(request, request_id: int):
    return _decide(request, request_id, approve=True)


@router.post(
    "/join-requests/{id:request_id}/decline",
    response={200: JoinRequestOut, **WRITE},
    summary="Decline a request to join",
)
def decline_join_request(request, request_id: int):
    return _decide(request, request_id, approve=False)


# --- invitations ----------------------------------------------------------------------


@router.post(
    "/groups/{id:group_id}/invitations",
    response={201: InvitationOut, **WRITE},
    summary="Invite a colleague",
)
def invite(request, group_id: int, data: PersonIdIn):
    """The group's owners and admins; the only way into a secret group."""
    require_scope(request, "write")
    actor = request.auth
    group = access.get_group_or_404(actor, pk=group_id)
    invitee = _person(actor, data.person_id)
    with action_errors(invitee="person_id"):
        invitation = actions.invite_to_group(actor=actor, group=group, invitee=invitee)
    return Status(201, _invitation_json(request, invitation))


@router.get(
    "/invitations", response={200: InvitationPage, **READ}, summary="Your pending invitations"
)
def my_invitations(request, page: Query[PageParams]):
    actor = request.auth
    invitations = access.visible_group_invitations(
        actor, GroupInvitation.objects.filter(invitee=actor, status=Decision.PENDING)
    ).select_related("group", "invited_by")
    found = paginate(
        invitations, order=("-created_at", "-id"), cursor=page.cursor, limit=page.limit
    )
    return {
        "items": [_invitation_json(request, i) for i in found.items],
        "next_cursor": found.next_cursor,
    }


def _own_invitation(request, invitation_id: int) -> GroupInvitation:
    require_scope(request, "write")
    invitation = access.get_group_invitation_or_404(request.auth, pk=invitation_id)
    if invitation.invitee_id != request.auth.pk:
        raise Http404  # a group admin sees it, but only the invitee answers it
    return invitation


@router.post(
    "/invitations/{id:invitation_id}/accept",
    response={200: MembershipOut, **WRITE},
    summary="Accept an invitation",
)
def accept_invitation(request, invitation_id: int):
    invitation = _own_invitation(request, invitation_id)
    with action_errors():
        membership = actions.accept_invitation(actor=request.auth, invitation=invitation)
    return {
        "group_id": membership.group_id,
        "role": membership.role,
        "joined_at": membership.created_at,
    }


@router.post(
    "/invitations/{id:invitation_id}/decline",
    response={200: InvitationOut, **WRITE},
    summary="Decline an invitation",
)
def decline_invitation(request, invitation_id: int):
    invitation = _own_invitation(request, invitation_id)
    with action_errors():
        invitation = actions.decline_invitation(actor=request.auth, invitation=invitation)
    return _invitation_json(request, invitation)
