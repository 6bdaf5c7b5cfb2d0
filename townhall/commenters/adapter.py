"""External sign-in (django-allauth social accounts) makes commenter identities only.

The member sign-up rules (townhall.accounts.adapter: email domains, invitations) do not
apply here, because nothing here makes a member:

- a first sign-in creates a `User` with the role `commenter`, a random username and a
  placeholder address, and a `CommenterIdentity` with the address the provider gave;
- it never links to an existing account by email address (allauth's email
  authentication is off, and the provider's addresses never become `EmailAddress` rows);
- connecting an external account to a signed-in member is refused, and so is signing in
  through an external account that somehow belongs to a member.
"""

import uuid

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from townhall.access.roles import is_commenter
from townhall.accounts.models import User
from townhall.commenters.models import CommenterIdentity
from townhall.commenters.text import clean_line

PLACEHOLDER_DOMAIN = "commenters.invalid"


def _provider_email(sociallogin) -> str:
    for address in sociallogin.email_addresses:
        email = (address.email or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            continue
        if "\n" not in email and "\r" not in email:
            return email
    return ""


def _refuse(request, message: str):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("commenters:signin_refused"))


class CommenterSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process") == "connect":
            _refuse(request, _("External accounts are for commenting on public articles only."))
        # Keep the provider's address for follow-up emails, never as an account address.
        sociallogin.commenter_email = _provider_email(sociallogin)
        sociallogin.email_addresses = []
        if sociallogin.is_existing:
            if not is_commenter(sociallogin.user):
                _refuse(request, _("This external account cannot be used to comment here."))
            CommenterIdentity.objects.update_or_create(
                user=sociallogin.user,
                defaults={
                    "provider": sociallogin.account.provider,
                    "email": sociallogin.commenter_email,
                },
            )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = clean_line(data.get("name") or "", 120)
        if not name:
            name = clean_line(
                " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p), 120
            )
        user.display_name = name or clean_line(data.get("username") or "", 120)
        return user

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        handle = f"commenter-{uuid.uuid4().hex[:16]}"
        user.username = handle
        user.email = f"{handle}@{PLACEHOLDER_DOMAIN}"
        user.role = User.Role.COMMENTER
        user.display_name = user.display_name or _("Visitor")
        user.first_name = user.first_name[:150]
        user.last_name = user.last_name[:150]
        user.set_unusable_password()
        sociallogin.save(request)
        CommenterIdentity.objects.create(
            user=user,
            provider=sociallogin.account.provider,
            email=getattr(sociallogin, "commenter_email", ""),
        )
        return user
