"""Writes made from the admin area. Each checks the actor is an admin, in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import ngettext

from townhall.access.roles import can_use_admin_area
from townhall.accounts.invitations import create_invitation
from townhall.accounts.models import Invitation, User
from townhall.core.models import SiteSettings
from townhall.core.site import forget_site_settings
from townhall.identity import audit


def _require_admin(actor) -> None:
    if not can_use_admin_area(actor):
        raise PermissionDenied


@transaction.atomic
def update_site_settings(
    *, actor: User, name: str, allowed_email_domains: list[str]
) -> SiteSettings:
    """Save the site name and sign-up domains; every process reads the new values at once."""
    _require_admin(actor)
    domains = sorted({d.strip().lower() for d in allowed_email_domains if d.strip()})
    site, _created = SiteSettings.objects.select_for_update().get_or_create(pk=1)
    before = {"name": site.name, "allowed_email_domains": site.allowed_email_domains}
    site.name = name.strip()
    site.allowed_email_domains = domains
    site.save()
    after = {"name": site.name, "allowed_email_domains": site.allowed_email_domains}
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    audit.record(audit.SETTINGS_CHANGE, actor=actor, target=site, section="site", changed=changed)
    # Now, for this process, and again after commit, so no reader caches the old row.
    forget_site_settings()
    transaction.on_commit(forget_site_settings)
    return site


@transaction.atomic
def invite_people(*, actor: User, emails: list[str], role: str) -> list[Invitation]:
    """Invite each address (each gets its link by email once the transaction commits)."""
    _require_admin(actor)
    emails = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    taken = sorted(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    )
    if taken:
        raise ValidationError(
            ngettext(
                "This address already has an account: %(emails)s",
                "These addresses already have an account: %(emails)s",
                len(taken),
            )
            % {"emails": ", ".join(taken)},
            code="has_account",
        )
    return [create_invitation(actor=actor, email=email, role=role)[0] for email in emails]
