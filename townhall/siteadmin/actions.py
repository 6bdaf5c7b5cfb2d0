"""Writes made from the admin area. Each checks the actor is an admin, in one transaction."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.access.groups import can_view_group
from townhall.access.roles import can_use_admin_area
from townhall.access.siteadmin import can_import_members
from townhall.accounts.actions import change_role, create_user
from townhall.accounts.invitations import create_invitation
from townhall.accounts.models import Invitation, User
from townhall.core.models import SiteSettings
from townhall.core.site import current_site_settings, forget_site_settings
from townhall.groups.models import Group
from townhall.identity import audit
from townhall.identity.actions import set_external_id
from townhall.identity.models import ExternalId, IdentitySettings
from townhall.people.actions import update_profile
from townhall.siteadmin import logo, member_csv
from townhall.siteadmin.models import MemberImport


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
def invite_people(
    *, actor: User, emails: list[str], role: str, groups: Iterable[Group] = ()
) -> list[Invitation]:
    """Invite each address (each gets its link by email once the transaction commits).
    `groups`: the groups they enter on accepting; an external guest needs at least one
    (they see nothing else)."""
    _require_admin(actor)
    groups = list(groups)
    if any(not can_view_group(actor, g) or g.is_archived for g in groups):
        raise ValidationError(_("Choose groups from the list."), code="groups")
    if role == User.Role.GUEST and not groups:
        raise ValidationError(
            _("An external guest sees only the groups they are invited to: choose at least one."),
            code="guest_without_groups",
        )
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
    ids = [g.pk for g in groups]
    return [
        create_invitation(actor=actor, email=email, role=role, group_ids=ids)[0] for email in emails
    ]


# --- Importing members from CSV (member_csv.py reads and plans; these write) ----------------

MEMBER_IMPORT_AUDIT = "members.import"
MEMBER_IMPORT_REPORT_AUDIT = "members.import_report"


def _require_importer(actor) -> None:
    # None: the command line (`townhall manage import_members`), run by the server's operator.
    if actor is not None and not can_import_members(actor):
        raise PermissionDenied


@transaction.atomic
def preview_member_import(*, actor: User | None, filename: str, data: bytes) -> MemberImport:
    """Keep the file and its plan (what each row would do) until the admin imports it."""
    _require_importer(actor)
    plan = member_csv.plan_import(data)
    return MemberImport.objects.create(
        created_by=actor,
        filename=(filename or "")[:200],
        content=b"" if plan.file_errors else data,
        file_errors=plan.file_errors,
        rows=[row.as_report() for row in plan.rows],
        counts=plan.counts(),
    )


def run_member_import(
    *, actor: User | None, member_import: MemberImport, send_invitations: bool
) -> MemberImport:
    """Import the good rows of a previewed file, each row in its own savepoint: a row that
    fails changes nothing and is reported; the others are imported. The plan is made again
    first (people may have changed since the preview). One audit entry for the import,
    plus those of what each row did (account created, role changed, single sign-on linked)."""
    _require_importer(actor)
    with transaction.atomic():
        member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
        if member_import.status != MemberImport.Status.PREVIEWED or member_import.file_errors:
            raise ValidationError(
                _("This file was already imported; upload it again to import it again."),
                code="already_imported",
            )
        plan = member_csv.plan_import(bytes(member_import.content))
        failed: set[str] = set()
        for row in member_csv.managers_first(plan.good_rows()):
            if row.manager_email in failed:
                row.fail(_("The manager's own row could not be imported."))
                failed.add(row.email)
                continue
            try:
                with transaction.atomic():
                    person = _import_row(actor, row)
            except (ValidationError, ValueError, PermissionDenied) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                row.changes = []
                for message in messages:
                    row.fail(message)
                failed.add(row.email)
                continue
            row.person_id = person.pk
            if row.action == member_csv.Action.CREATE and send_invitations:
                _welcome(actor, person)
        member_import.status = MemberImport.Status.IMPORTED
        member_import.imported_at = timezone.now()
        member_import.send_invitations = send_invitations
        member_import.content = b""
        member_import.rows = [row.as_report() for row in plan.rows]
        member_import.counts = plan.counts()
        member_import.save()
        audit.record(
            MEMBER_IMPORT_AUDIT,
            actor=actor,
            target=member_import,
            filename=member_import.filename,
            invitations=send_invitations,
            **member_import.counts,
        )
    return member_import


def record_import_report_download(*, actor: User, member_import: MemberImport) -> None:
    """A downloaded report names people and their addresses: it is an export, so recorded."""
    _require_importer(actor)
    audit.record(
        MEMBER_IMPORT_REPORT_AUDIT,
        actor=actor,
        target=member_import,
        filename=member_import.filename,
        status=member_import.status,
    )


def _import_row(actor, row: member_csv.PlannedRow) -> User:
    values = row.values
    person = None
    if row.person_id is not None:
        person = User.objects.select_related("external_id").get(pk=row.person_id)
    if person is None:
        person = create_user(
            username=values.get("username") or member_csv.free_username(row.email),
            email=row.email,
            display_name=values.get("name") or row.email.split("@")[0],
            role=values.get("role") or User.Role.MEMBER,
        )
        audit.record(audit.USER_CREATED, actor=actor, target=person, via="csv")
    elif row.email != person.email.lower():
        EmailAddress.objects.filter(user=person).delete()
        EmailAddress.objects.create(user=person, email=row.email, verified=True, primary=True)
        person.email = row.email
        person.save(update_fields=["email"])
    changes = {
        field: values[column]
        for column, field in member_csv.PROFILE_FIELDS.items()
        if values.get(column) and values[column] != getattr(person, field)
    }
    if row.manager_email:
        manager = User.objects.filter(email__iexact=row.manager_email).first()
        if manager is None:
            raise ValidationError(
                _("The manager %(email)s was not found.") % {"email": row.manager_email}
            )
        if manager.pk != person.manager_id:
            changes["manager"] = manager
    if changes:
        update_profile(actor=actor, person=person, changes=changes)
    if values.get("username") and values["username"] != person.username:
        person.username = values["username"]
        person.refresh_search_text()
        person.save(update_fields=["username", "search_text"])
    if values.get("role") and values["role"] != person.role:
        change_role(actor=actor, person=person, role=values["role"])
    subject = values.get("external_id", "")
    if subject:
        try:
            current = person.external_id.external_id
        except ExternalId.DoesNotExist:
            current = ""
        if subject != current:
            set_external_id(actor=actor, person=person, external_id=subject, source="csv")
    return person


def _welcome(actor, person: User) -> None:
    """The invitation of an imported member: their account exists; they sign in (with the
    organisation's single sign-on, or by choosing a password through the reset page)."""
    base = settings.TOWNHALL_BASE_URL
    inviter = actor.display_name if actor is not None else current_site_settings().name
    sso_only = IdentitySettings.objects.filter(pk=1, sso_only=True).exists()
    how = (
        _("Sign in with your organisation's account here:\n%(url)s\n")
        % {"url": base + reverse("account_login")}
        if sso_only
        else _(
            "Sign in here:\n%(login)s\n\nTo choose your password first, ask for a link "
            "with this address (%(email)s) here:\n%(reset)s\n"
        )
        % {
            "login": base + reverse("account_login"),
            "email": person.email,
            "reset": base + reverse("account_reset_password"),
        }
    )
    send_mail(
        subject=_("%(name)s invites you to Townhall") % {"name": inviter},
        message=_("%(name)s has added you to Townhall, where your colleagues are.\n\n")
        % {"name": inviter}
        + how,
        from_email=None,
        recipient_list=[person.email],
    )


# --- The logo ----------------------------------------------------------------------------------


def set_logo(*, actor: User, upload=None) -> SiteSettings:
    """Replace the logo with `upload` (an image file), or remove it (None)."""
    _require_admin(actor)
    data = logo.process_logo(upload) if upload is not None else None
    new_name = logo.store_logo(data) if data is not None else ""
    try:
        with transaction.atomic():
            site, _created = SiteSettings.objects.select_for_update().get_or_create(pk=1)
            old_name = site.logo.name
            site.logo.name = new_name
            site.save(update_fields=["logo", "updated_at"])
            audit.record(
                audit.SETTINGS_CHANGE,
                actor=actor,
                target=site,
                section="logo",
                changed={"logo": "removed" if not new_name else "uploaded"},
            )
            forget_site_settings()
            transaction.on_commit(forget_site_settings)
            transaction.on_commit(lambda: logo.delete_logo(old_name))
    except Exception:
        logo.delete_logo(new_name)  # no orphan file when the row was not written
        raise
    return site
