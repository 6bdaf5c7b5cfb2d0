from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.identity.audit import ACTIONS
from townhall.identity.models import IdentitySettings


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Who or what"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *ACTIONS.items()]
    )
    ip = forms.GenericIPAddressField(label=_("IP address"), required=False)
    since = forms.DateField(
        label=_("From (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class MemberProviderForm(forms.Form):
    name = forms.CharField(label=_("Name on the button"), max_length=40)
    server_url = forms.URLField(
        label=_("Discovery URL"),
        assume_scheme="https",
        help_text=_("The issuer, or its /.well-known/openid-configuration address."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=191)
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )
    jit_domains = forms.CharField(
        label=_("Create members on first sign-in for these email domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line. Empty: only people who already have an account sign in."),
    )

    def clean_jit_domains(self):
        return _lines(self.cleaned_data["jit_domains"])


class SignInOptionsForm(forms.Form):
    sso_only = forms.BooleanField(
        label=_("Single sign-on only: members cannot sign in with a password"), required=False
    )
    scim_groups_map_to = forms.ChoiceField(
        label=_("SCIM groups become"), choices=IdentitySettings.GroupMapping.choices
    )


class ScimTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
