"""Invitations: an admin invites an address; its link lets that person sign up."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import Invitation, User
from townhall.groups.actions import admit_invited_person
from townhall.groups.models import Group

VALID_FOR = timedelta(days=14)


@transaction.atomic
def create_invitation(
    *, actor: User, email: str, role: str = User.Role.MEMBER, group_ids: list[int] | None = None
):
    """Create an invitation and email its link. Returns (invitation, url). `group_ids`:
    the groups the person enters on accepting (the caller checked the actor may choose them).

    Inviting an address again replaces its pending invitation: only the newest link works.
    """
    email = email.strip().lower()
    Invitation.objects.filter(email=email, accepted_at__isnull=True).delete()
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        key_hash=Invitation.hash_key(key),
        role=role,
        group_ids=sorted(set(group_ids or [])),
        invited_by=actor,
        expires_at=timezone.now() + VALID_FOR,
    )
    url = settings.TOWNHALL_BASE_URL + reverse("accounts:accept_invitation", args=[key])
    send_mail(
        subject=_("%(name)s invites you to Townhall") % {"name": actor.display_name},
        message=_(
            "%(name)s has invited you to join your colleagues on Townhall.\n\n"
            "Sign up here (the link works for 14 days):\n%(url)s\n"
        )
        % {"name": actor.display_name, "url": url},
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation, url


def find_open_invitation(key: str) -> Invitation | None:
    return Invitation.objects.filter(
        key_hash=Invitation.hash_key(key),
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def revoke_invitation(*, actor: User, invitation_id: int) -> bool:
    """Withdraw an invitation nobody has accepted yet: its link stops working at once.

    Returns False when there was nothing left to revoke (already accepted or gone).
    """
    deleted, _counts = Invitation.objects.filter(
        pk=invitation_id, accepted_at__isnull=True
    ).delete()
    return bool(deleted)


class InvitationState:
    OPEN = "open"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def invitation_state(key: str) -> tuple[Invitation | None, str]:
    """What a link's key leads to: the invitation (if any) and whether it can still be used."""
    invitation = Invitation.objects.filter(key_hash=Invitation.hash_key(key)).first()
    if invitation is None:
        return None, InvitationState.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, InvitationState.ACCEPTED
    if invitation.expires_at <= timezone.now():
        return invitation, InvitationState.EXPIRED
    return invitation, InvitationState.OPEN


def open_invitation_by_id(invitation_id) -> Invitation | None:
    if not isinstance(invitation_id, int):
        return None
    return Invitation.objects.filter(
        pk=invitation_id, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> bool:
    """Mark the invitation used by `user`, give them the invited role, and let them into
    the invitation's groups.

    Returns False (and changes nothing) if the invitation was used or withdrawn meanwhile.
    """
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_by=user, accepted_at=timezone.now())
    if not updated:
        return False
    if user.role != invitation.role:
        user.role = invitation.role
        user.save(update_fields=["role"])
    for group in Group.objects.filter(pk__in=invitation.group_ids).order_by("pk"):
        admit_invited_person(actor=invitation.invited_by, group=group, person=user)
    return True
