"""Writes to groups and memberships. HTML views, the API, the CLI and tasks all call these.

Every function takes keyword-only arguments with the acting person as `actor`, runs in one
transaction and re-checks access itself (townhall.access.groups), so a caller cannot
forget to. Errors, for views and the API to map:

- ``Http404``: the actor cannot see the object (identical to it not existing);
- ``PermissionDenied``: the actor can see it but may not do this;
- ``ValidationError``: the request itself is wrong (bad input, wrong state).

Repeating a request that already took effect (joining twice, inviting twice) returns the
existing row instead of failing, so a double submission changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.access import groups as access
from townhall.access.posts import can_pin_post, can_view_post
from townhall.access.roles import is_active_member
from townhall.accounts.models import User, fold
from townhall.events.outbox import emit
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership
from townhall.identity import audit
from townhall.posts.models import Post

Role = Membership.Role


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _joined(actor, membership: Membership, created: bool) -> Membership:
    """Tell others (webhooks, notifications) that someone joined, if they just did."""
    if created:
        emit(
            "group.member_joined",
            actor=actor,
            subject=membership.group,
            group=membership.group_id,
            person=membership.user_id,
        )
    return membership


@transaction.atomic
def admit_invited_person(*, actor, group: Group, person: User) -> Membership | None:
    """`person` accepted an organisation invitation naming `group` (the inviting admin,
    `actor`, chose it; for an external guest these are their only groups): they become a
    plain member. A group the inviter can no longer see, or an archived one, is skipped."""
    if actor is None or not access.can_view_group(actor, group) or group.is_archived:
        return None
    membership, created = Membership.objects.get_or_create(
        group=group, user=person, defaults={"role": Role.MEMBER}
    )
    return _joined(person, membership, created)


def _left(actor, membership: Membership) -> None:
    emit(
        "group.member_left",
        actor=actor,
        subject=membership.group,
        group=membership.group_id,
        person=membership.user_id,
    )


def _visible_group(actor, group: Group, *, for_update: bool = False) -> Group:
    """The group's current row (locked if asked), or Http404 if the actor cannot see it."""
    rows = Group.objects.select_for_update() if for_update else Group.objects
    current = rows.filter(pk=group.pk).first()
    if current is None or not access.can_view_group(actor, current):
        raise Http404
    return current


# Addresses the group pages use themselves (/groups/new/ creates a group).
RESERVED_SLUGS = {"new"}


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70] or "group"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_kind(kind: str) -> str:
    if kind not in Group.Kind.values:
        raise ValidationError(_("Choose public, private or secret."), code="kind")
    return kind


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the group a name."), code="name")
    if len(name) > 80:
        raise ValidationError(_("A group name has at most 80 characters."), code="name")
    return name


def _clean_description(description: str) -> str:
    if len(description) > 2000:
        raise ValidationError(_("A description has at most 2,000 characters."), code="description")
    return description.strip()


@transaction.atomic
def create_group(*, actor, name: str, description: str = "", kind: str = "public") -> Group:
    """Create a group; the creator becomes its owner."""
    _require(is_active_member(actor), _("Only active members can create groups."))
    _require(access.can_create_group(actor), _("External guests cannot create groups."))
    name = _clean_name(name)
    group = Group.objects.create(
        name=name,
        name_key=fold(name),
        slug=_unique_slug(name),
        description=_clean_description(description),
        kind=_clean_kind(kind),
        created_by=actor,
    )
    Membership.objects.create(group=group, user=actor, role=Role.OWNER)
    return group


@transaction.atomic
def update_group(
    *, actor, group: Group, name: str, description: str, kind: str | None = None
) -> Group:
    """Rename a group, change its description and (optionally) its kind in one go. The
    address stays, so links keep working; a new kind applies at once, as in change_kind."""
    group = _visible_group(actor, group, for_update=True)
    _require(access.can_manage_group(actor, group), _("Only the group's admins can do this."))
    group.name = _clean_name(name)
    group.name_key = fold(group.name)
    group.description = _clean_description(description)
    previous = group.kind
    if kind is not None:
        group.kind = _clean_kind(kind)
    group.save(update_fields=["name", "name_key", "description", "kind"])
    if group.kind != previous:
        audit.record(audit.GROUP_KIND_CHANGE, actor=actor, target=group, old=previous, new=kind)
        emit("group.kind_changed", actor=actor, subject=group, old=previous, new=group.kind)
    return group


@transaction.atomic
def join_group(*, actor, group: Group) -> Membership:
    """Join a public group at once. Private groups take a request; secret ones an invitation."""
    group = _visible_group(actor, group)
    existing = access.membership_of(actor, group)
    if existing is not None:
        return existing
    _require(
        access.can_join_group(actor, group),
        _("This group is not open to join; ask to join instead.")
        if group.kind == Group.Kind.PRIVATE and not group.is_archived
        else _("This group cannot be joined."),
    )
    membership, created = Membership.objects.get_or_create(
        group=group, user=actor, defaults={"role": Role.MEMBER}
    )
    return _joined(actor, membership, created)


@transaction.atomic
def request_to_join(*, actor, group: Group, message: str = "") -> JoinRequest:
    group = _visible_group(actor, group)
    pending = JoinRequest.objects.filter(group=group, user=actor, status=Decision.PENDING).first()
    if pending is not None:
        return pending
    if access.membership_of(actor, group) is not None:
        raise ValidationError(_("You are already a member of this group."), code="member")
    _require(access.can_request_to_join(actor, group), _("This group does not take requests."))
    if len(message) > 1000:
        raise ValidationError(_("A message has at most 1,000 characters."), code="message")
    join_request = JoinRequest.objects.create(group=group, user=actor, message=message.strip())
    admins = Membership.objects.filter(group=group, role__in=(Role.OWNER, Role.ADMIN))
    emit(
        "group.join_requested",
        actor=actor,
        subject=join_request,
        recipients=admins.values_list("user_id", flat=True),
        group=group.pk,
    )
    return join_request


@transaction.atomic
def decide_join_request(*, actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().filter(pk=join_request.pk).first()
    if join_request is None or not access.can_view_join_request(actor, join_request):
        raise Http404
    _require(
        access.can_manage_group(actor, join_request.group),
        _("Only the group's owners and admins decide on requests."),
    )
    if join_request.status != Decision.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    join_request.status = Decision.APPROVED if approve else Decision.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    emit(
        "group.join_decided",
        actor=actor,
        subject=join_request,
        recipients=[join_request.user_id],
        group=join_request.group_id,
        approved=approve,
    )
    if approve and join_request.user.is_active:
        membership, created = Membership.objects.get_or_create(
            group=join_request.group, user=join_request.user
        )
        _joined(actor, membership, created)
    return join_request


@transaction.atomic
def invite_to_group(*, actor, group: Group, invitee: User) -> GroupInvitation:
    group = _visible_group(actor, group)
    _require(
        access.can_invite_to_group(actor, group),
        _("Only the group's owners and admins can invite."),
    )
    if not invitee.is_active:
        raise ValidationError(_("This person's account is not active."), code="invitee")
    if Membership.objects.filter(group=group, user=invitee).exists():
        raise ValidationError(_("This person is already a member."), code="member")
    invitation, created = GroupInvitation.objects.get_or_create(
        group=group, invitee=invitee, status=Decision.PENDING, defaults={"invited_by": actor}
    )
    if created:
        emit(
            "group.invited",
            actor=actor,
            subject=invitation,
            recipients=[invitee.pk],
            group=group.pk,
        )
    return invitation


def _pending_invitation_for(actor, invitation: GroupInvitation) -> GroupInvitation:
    invitation = GroupInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None or not is_active_member(actor) or invitation.invitee_id != actor.pk:
        raise Http404
    if invitation.status != Decision.PENDING:
        raise ValidationError(_("This invitation has already been answered."), code="answered")
    return invitation


@transaction.atomic
def accept_invitation(*, actor, invitation: GroupInvitation) -> Membership:
    invitation = _pending_invitation_for(actor, invitation)
    _require(not invitation.group.is_archived, _("This group is archived."))
    invitation.status = Decision.ACCEPTED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    JoinRequest.objects.filter(group=invitation.group, user=actor, status=Decision.PENDING).update(
        status=Decision.APPROVED, decided_at=invitation.decided_at
    )
    membership, created = Membership.objects.get_or_create(group=invitation.group, user=actor)
    return _joined(actor, membership, created)


@transaction.atomic
def decline_invitation(*, actor, invitation: GroupInvitation) -> GroupInvitation:
    invitation = _pending_invitation_for(actor, invitation)
    invitation.status = Decision.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    return invitation


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    """Owners remove anyone but themselves; admins remove plain members."""
    group = _visible_group(actor, membership.group, for_update=True)
    membership = Membership.objects.filter(pk=membership.pk, group=group).first()
    if membership is None or not access.can_view_group_members(actor, group):
        raise Http404
    _require(
        access.can_remove_member(actor, membership),
        _("You cannot remove this member."),
    )
    _left(actor, membership)
    membership.delete()


@transaction.atomic
def set_member_role(*, actor, membership: Membership, role: str) -> Membership:
    """An owner makes another member a co-owner, an admin or a plain member (an owner steps
    down only by transferring ownership)."""
    group = _visible_group(actor, membership.group, for_update=True)
    membership = Membership.objects.filter(pk=membership.pk, group=group).first()
    if membership is None or not access.can_view_group_members(actor, group):
        raise Http404
    _require(
        access.can_change_member_role(actor, membership),
        _("Only an owner can change another member's role."),
    )
    if role not in Role.values:
        raise ValidationError(_("Choose owner, admin or member."), code="role")
    if membership.role == Role.OWNER:
        raise ValidationError(_("Owners step down by transferring ownership."), code="role")
    if not access.can_hold_group_role(membership.user, role):
        raise ValidationError(_("External guests can only be members of a group."), code="role")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _other_owners(group: Group, person) -> bool:
    return Membership.objects.filter(group=group, role=Role.OWNER).exclude(user=person).exists()


@transaction.atomic
def leave_group(*, actor, group: Group) -> None:
    group = _visible_group(actor, group, for_update=True)
    membership = access.membership_of(actor, group)
    if membership is None:
        raise ValidationError(_("You are not a member of this group."), code="not_member")
    if membership.role == Role.OWNER and not _other_owners(group, actor):
        raise ValidationError(
            _("You are the group's last owner: transfer ownership before leaving."),
            code="last_owner",
        )
    _left(actor, membership)
    membership.delete()


@transaction.atomic
def transfer_ownership(*, actor, group: Group, new_owner: User) -> Membership:
    """`new_owner` (already a member) becomes an owner; the actor steps down to admin."""
    group = _visible_group(actor, group, for_update=True)
    _require(
        access.can_transfer_ownership(actor, group),
        _("Only an owner can transfer ownership."),
    )
    target = Membership.objects.filter(group=group, user=new_owner).first()
    if target is None or not new_owner.is_active:
        raise ValidationError(
            _("Ownership can only go to an active member of the group."), code="new_owner"
        )
    if target.user_id == actor.pk:
        raise ValidationError(_("You already own this group."), code="new_owner")
    if not access.can_hold_group_role(new_owner, Role.OWNER):
        raise ValidationError(_("An external guest cannot own a group."), code="new_owner")
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    Membership.objects.filter(group=group, user=actor).update(role=Role.ADMIN)
    return target


@transaction.atomic
def change_kind(*, actor, group: Group, kind: str) -> Group:
    """Public/private/secret. Every visibility rule follows at once: access reads `kind`."""
    group = _visible_group(actor, group, for_update=True)
    _require(access.can_manage_group(actor, group), _("Only the group's admins can do this."))
    previous = group.kind
    group.kind = _clean_kind(kind)
    group.save(update_fields=["kind"])
    if group.kind != previous:
        audit.record(audit.GROUP_KIND_CHANGE, actor=actor, target=group, old=previous, new=kind)
        emit("group.kind_changed", actor=actor, subject=group, old=previous, new=group.kind)
    return group


@transaction.atomic
def archive_group(*, actor, group: Group, archived: bool = True) -> Group:
    """Archive (read-only for everyone) or, with archived=False, reopen a group."""
    group = _visible_group(actor, group, for_update=True)
    _require(access.can_manage_group(actor, group), _("Only the group's admins can do this."))
    if archived and group.archived_at is None:
        group.archived_at = timezone.now()
    elif not archived:
        group.archived_at = None
    group.save(update_fields=["archived_at"])
    return group


@transaction.atomic
def pin_post(*, actor, group: Group, post: Post | None) -> Group:
    """Pin one of the group's posts above its feed; `post=None` unpins."""
    group = _visible_group(actor, group, for_update=True)
    _require(access.can_manage_group(actor, group), _("Only the group's admins can pin posts."))
    _require(not group.is_archived, _("This group is archived."))
    if post is not None:
        post = Post.objects.select_related("group").filter(pk=post.pk).first()
        if post is None or not can_view_post(actor, post):
            raise Http404
        if post.group_id != group.pk:
            raise ValidationError(_("Only a post in this group can be pinned here."), code="post")
        _require(can_pin_post(actor, post), _("You cannot pin this post."))
    group.pinned_post = post
    group.save(update_fields=["pinned_post"])
    return group
