"""Forms of the admin area: they parse and validate; the actions write."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator, validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from townhall.access.groups import visible_groups
from townhall.accounts.models import User
from townhall.core.models import SiteSettings
from townhall.siteadmin.member_csv import MAX_BYTES

MAX_INVITATIONS = 50


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MemberFilterForm(forms.Form):
    """The search and filters above the members table (GET)."""

    STATUS_CHOICES = [
        ("", _("Any status")),
        ("active", _("Active")),
        ("deactivated", _("Deactivated")),
    ]

    q = forms.CharField(label=_("Name or email"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *User.Role.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)


# Roles a member account may hold (a commenter identity is not a member: townhall.commenters).
MEMBER_ROLES = [(v, label) for v, label in User.Role.choices if v != User.Role.COMMENTER]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES)


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES, initial=User.Role.MEMBER)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "They join these groups on accepting. An external guest sees only these groups "
            "and the people in them, so choose at least one for a guest."
        ),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = (
            visible_groups(actor).filter(archived_at__isnull=True).order_by("name", "id")
        )
        self.fields["emails"].help_text = _(
            "One address per line, up to %(max)s at a time. People who already have an "
            "account cannot be invited."
        ) % {"max": MAX_INVITATIONS}

    def clean_emails(self) -> list[str]:
        emails = list(dict.fromkeys(line.lower() for line in _lines(self.cleaned_data["emails"])))
        if not emails:
            raise ValidationError(_("Enter at least one email address."))
        if len(emails) > MAX_INVITATIONS:
            raise ValidationError(
                _("You can invite at most %(max)s people at a time; you entered %(count)s.")
                % {"max": MAX_INVITATIONS, "count": len(emails)}
            )
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(
                ngettext(
                    "This is not a valid email address: %(emails)s",
                    "These are not valid email addresses: %(emails)s",
                    len(bad),
                )
                % {"emails": ", ".join(bad)}
            )
        return emails


class SiteSettingsForm(forms.Form):
    name = forms.CharField(
        label=_("Site name"), max_length=SiteSettings._meta.get_field("name").max_length
    )
    allowed_email_domains = forms.CharField(
        label=_("Allowed email domains"),
        required=False,
        help_text=_(
            "One domain per line, such as example.com (no @). People with an address at "
            "one of these domains may sign up without an invitation."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_allowed_email_domains(self) -> list[str]:
        domains = list(
            dict.fromkeys(
                line.lower() for line in _lines(self.cleaned_data["allowed_email_domains"])
            )
        )
        validator = DomainNameValidator()
        bad = []
        for domain in domains:
            try:
                if "@" in domain:
                    raise ValidationError("@")
                validator(domain)
            except ValidationError:
                bad.append(domain)
        if bad:
            raise ValidationError(
                ngettext(
                    "This is not a domain name: %(domains)s",
                    "These are not domain names: %(domains)s",
                    len(bad),
                )
                % {"domains": ", ".join(bad)}
            )
        return domains


class MemberImportForm(forms.Form):
    """Step 1 of the CSV import: the file (member_csv.py says what it may hold)."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header row. Columns: email (required), name, username, title, "
            "department, manager_email, role, external_id. At most 5 MB and 5000 rows."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB. Split it into smaller files.")
                % {"limit": MAX_BYTES // 1024 // 1024}
            )
        return upload


class RunMemberImportForm(forms.Form):
    """Step 2: import the good rows, telling new members or not."""

    invitations = forms.ChoiceField(
        label=_("New members"),
        choices=[
            ("send", _("Send each new member an invitation email")),
            ("none", _("Send no email (they sign in through single sign-on, or you tell them)")),
        ],
        initial="send",
        widget=forms.RadioSelect,
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "PNG, JPEG, WebP or GIF, at most 2 MB. It is shown in the header beside the site "
            "name, at most 240 × 48 pixels (a wide logo with a transparent background fits best)."
        ),
    )
    remove = forms.BooleanField(label=_("Remove the logo"), required=False)
