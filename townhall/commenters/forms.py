"""The visitor comment form (with its spam traps) and the admin's forms."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from townhall.blogs.models import MAX_COMMENT_LENGTH
from townhall.commenters import actions
from townhall.commenters.models import CommenterSettings

TIMESTAMP_SALT = "townhall.commenters.form-started"
HONEYPOT = "homepage"  # a tempting name; humans never see the field (it is `hidden`)


def min_seconds() -> float:
    return getattr(settings, "TOWNHALL_COMMENT_MIN_SECONDS", 3.0)


def started_token() -> str:
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


def _field_check(check, value, field: str):
    """Run an action's check for one field; its {field: errors} become this field's errors."""
    try:
        return check(value)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict.get(field) or error.messages) from None
        raise


class VisitorCommentForm(forms.Form):
    """Name, email (only moderators see it) and optional website, as on a WordPress blog.
    A commenter signed in with an external account gives only the text (`signed_in`)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=500)
    email = forms.CharField(
        label=gettext_lazy("Email address"),
        max_length=500,
        help_text=gettext_lazy("Never shown to anyone but the moderators."),
    )
    website = forms.CharField(
        label=gettext_lazy("Website (optional)"), max_length=500, required=False
    )
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    notify_followups = forms.BooleanField(
        label=gettext_lazy("Email me about new comments on this article"), required=False
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=gettext_lazy("Leave this field empty"), required=False, max_length=500
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        if signed_in:
            for name in ("name", "email", "website"):
                del self.fields[name]
        if not self.is_bound:
            self.initial["started"] = started_token()
        self.spam_trap_message = ""

    def clean_name(self):
        return _field_check(actions.clean_visitor_name, self.cleaned_data["name"], "name")

    def clean_email(self):
        return _field_check(actions.clean_visitor_email, self.cleaned_data["email"], "email")

    def clean_website(self):
        return _field_check(actions.clean_visitor_website, self.cleaned_data["website"], "website")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise ValidationError(
                _(
                    "This comment looks automated (a field people never see was filled in). "
                    "It was not saved."
                ),
                code="honeypot",
            )
        try:
            started = float(
                signing.loads(self.data.get("started", ""), salt=TIMESTAMP_SALT, max_age=24 * 3600)
            )
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(
                _("This form has expired. Your text is still here: send it again."),
                code="expired",
            ) from None
        if time.time() - started < min_seconds():
            raise ValidationError(
                _("That was too quick to be typed by a person. Take a moment, then send again."),
                code="too_fast",
            )
        return cleaned


class HoldPolicyForm(forms.Form):
    hold = forms.ChoiceField(
        label=gettext_lazy("Visitor comments"),
        choices=CommenterSettings.Hold.choices,
        widget=forms.RadioSelect,
    )


PROVIDER_CHOICES = [
    ("openid_connect", "OpenID Connect"),
    ("google", "Google"),
    ("facebook", "Facebook"),
    ("twitter_oauth2", "X (Twitter)"),
    ("wordpress_com", "WordPress.com"),
]


class ProviderForm(forms.Form):
    provider = forms.ChoiceField(label=gettext_lazy("Provider"), choices=PROVIDER_CHOICES)
    name = forms.CharField(
        label=gettext_lazy("Name on the button"),
        max_length=40,
        help_text=gettext_lazy("For example “Google” or “Our partners' sign-in”."),
    )
    client_id = forms.CharField(label=gettext_lazy("Client ID"), max_length=191)
    secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    server_url = forms.URLField(
        label=gettext_lazy("Discovery URL (OpenID Connect only)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("The issuer, or its /.well-known/openid-configuration address."),
    )

    def clean_name(self):
        return _field_check(
            lambda value: actions.clean_line_field(value, field="name"),
            self.cleaned_data["name"],
            "name",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("provider") == "openid_connect" and not cleaned.get("server_url"):
            self.add_error("server_url", _("An OpenID Connect provider needs its discovery URL."))
        url = cleaned.get("server_url") or ""
        if url and not url.startswith(("https://", "http://")):
            self.add_error("server_url", _("Enter an http:// or https:// address."))
        return cleaned
