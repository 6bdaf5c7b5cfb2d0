from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.identity import saml
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


class MemberSamlProviderForm(forms.Form):
    name = forms.CharField(label=_("Name on the button"), max_length=40)
    metadata_url = forms.URLField(
        label=_("Identity provider metadata URL"),
        assume_scheme="https",
        required=False,
        help_text=_("Townhall reads it now and again every four hours (certificate changes)."),
    )
    metadata_xml = forms.CharField(
        label=_("Or the metadata XML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    idp_entity_id = forms.CharField(
        label=_("Identity provider entity ID"),
        required=False,
        max_length=400,
        help_text=_("Only when the metadata describes several identity providers."),
    )
    attribute_mapping = forms.CharField(
        label=_("Attribute mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional, one per line: “field = attribute name”. Fields: %(fields)s. "
            "Common names (Entra ID, Okta, Keycloak) are understood without it."
        )
        % {"fields": ", ".join(saml.MAPPED_FIELDS)},
    )
    jit_domains = forms.CharField(
        label=_("Create members on first sign-in for these email domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line. Empty: only people who already have an account sign in."),
    )

    def clean_jit_domains(self):
        return _lines(self.cleaned_data["jit_domains"])

    def clean_attribute_mapping(self):
        return saml.parse_mapping(self.cleaned_data["attribute_mapping"])

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("metadata_url")) == bool((cleaned.get("metadata_xml") or "").strip()):
            raise forms.ValidationError(_("Give either the metadata URL or the metadata XML."))
        return cleaned


class SignInOptionsForm(forms.Form):
    sso_only = forms.BooleanField(
        label=_("Single sign-on only: members cannot sign in with a password"), required=False
    )
    scim_groups_map_to = forms.ChoiceField(
        label=_("SCIM groups become"), choices=IdentitySettings.GroupMapping.choices
    )

    def __init__(self, *args, sso_only_from_environment: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sso_only_from_environment is not None:
            field = self.fields["sso_only"]
            field.disabled = True
            field.initial = sso_only_from_environment
            field.help_text = _("Set by TOWNHALL_SSO_ONLY in the environment; change it there.")


class ScimTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
