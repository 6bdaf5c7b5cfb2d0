from allauth.account.adapter import get_adapter
from allauth.core import context
from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.accounts.adapter import forget_invitation, invitation_from_session, signup_refusal
from townhall.accounts.invitations import accept_invitation
from townhall.accounts.models import ApiToken


class SignupDetailsForm(forms.Form):
    """The base of allauth's sign-up form: our extra field and who may sign up.

    allauth builds its SignupForm on top of this class (ACCOUNT_SIGNUP_FORM_CLASS), so
    `clean()` here runs for sign-up only, never for password reset or adding an address.
    """

    field_order = ["display_name", "email", "password1", "password2"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if email:
            refusal = signup_refusal(email, invitation_from_session(context.request))
            if refusal:
                self.add_error("email", refusal)
        return cleaned_data

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.refresh_search_text()
        user.save(update_fields=["display_name", "search_text"])
        invitation = invitation_from_session(request)
        if invitation is not None and invitation.email == user.email.lower():
            if accept_invitation(invitation=invitation, user=user):
                # The invitation reached this address, so allauth counts it as verified.
                get_adapter(request).stash_verified_email(request, user.email)
            forget_invitation(request)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “build server” or “calendar sync”."),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)

    def __init__(self, *args, allow_admin_scope: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_admin_scope:
            self.fields["scope"].choices = [
                choice for choice in ApiToken.Scope.choices if choice[0] != ApiToken.Scope.ADMIN
            ]
