"""How django-allauth decides who may sign up in this organisation."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext as _

from townhall.core.site import email_domain_allowed


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = getattr(self, "request", None)
        signing_up = request is not None and request.path.startswith("/accounts/signup")
        if signing_up and not email_domain_allowed(email):
            raise forms.ValidationError(
                _(
                    "Sign-up is open to addresses at this organisation's email domains "
                    "only. Use your work address, or ask an admin for an invitation."
                )
            )
        return email
