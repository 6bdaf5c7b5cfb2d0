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

VALID_FOR = timedelta(days=14)


@transaction.atomic
def create_invitation(*, actor: User, email: str, role: str = User.Role.MEMBER):
    """Create an invitation and email its link. Returns (invitation, url)."""
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        key_hash=Invitation.hash_key(key),
        role=role,
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
