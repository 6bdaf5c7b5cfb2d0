"""One social-account adapter for two kinds of sign-in, chosen by the provider's purpose.

- Commenter providers (townhall.commenters): unchanged, `CommenterSocialAccountAdapter`.
- Member providers (townhall.identity.providers.MEMBER): single sign-on for members, by
  OpenID Connect or SAML 2.0 (the same path for both; SAML's subject is the NameID).
  A sign-in links by the provider's stable subject (`sub` / NameID) only:
    1. a SocialAccount with this provider and subject exists -> that member;
    2. a member whose `ExternalId` (SCIM externalId, CSV import, admin) equals the
       subject -> linked now (audit "sso.link") and signed in;
    3. otherwise, a new member just in time, only if the provider allows the email's domain
       and the provider says the address is verified, and nobody has that address yet.
  An address alone never links; an unverified address never links nor creates; a
  commenter or deactivated account is never signed in through member SSO.
  Name, title, department and manager follow the provider at every sign-in (claims.py).
"""

import uuid

from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from townhall.access.roles import is_active_member, is_commenter
from townhall.accounts.models import User
from townhall.commenters.adapter import CommenterSocialAccountAdapter
from townhall.commenters.text import clean_line
from townhall.identity import audit, claims, providers, saml
from townhall.identity.models import ExternalId


def _app_of(sociallogin):
    try:
        return sociallogin.account.get_provider().app
    except Exception:  # an unknown provider id: not a member provider
        return None


def is_member_login(sociallogin) -> bool:
    return providers.is_member_app(_app_of(sociallogin))


def _refuse(request, sociallogin, reason: str, message: str):
    audit.record(
        audit.SSO_REFUSED,
        actor=None,
        reason=reason,
        provider=sociallogin.account.provider,
        subject=str(sociallogin.account.uid)[:255],
    )
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("identity:sso_refused"))


def _verified_email(sociallogin) -> str:
    if saml.is_saml_app(_app_of(sociallogin)):
        return saml.email_of(sociallogin)
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return ""


def _unique_username(email: str) -> str:
    from django.utils.text import slugify

    base = slugify(email.split("@")[0])[:30] or "member"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{uuid.uuid4().hex[:4]}"
    return candidate


class SocialAccountAdapter(CommenterSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        if not is_member_login(sociallogin):
            return super().pre_social_login(request, sociallogin)
        if sociallogin.state.get("process") == "connect":
            _refuse(request, sociallogin, "connect", _("Sign in with your organisation instead."))
        if sociallogin.is_existing:
            self._check_member(request, sociallogin, sociallogin.user)
            claims.sync_profile(sociallogin.user, claims.profile_values(sociallogin))
            return None
        subject = str(sociallogin.account.uid)
        linked = ExternalId.objects.select_related("user").filter(external_id=subject).first()
        if linked is not None:
            self._check_member(request, sociallogin, linked.user)
            with transaction.atomic():
                sociallogin.user = linked.user
                sociallogin.save(request, connect=True)
                audit.record(
                    audit.SSO_LINK,
                    actor=linked.user,
                    target=linked.user,
                    provider=sociallogin.account.provider,
                    how="external_id",
                )
                claims.sync_profile(linked.user, claims.profile_values(sociallogin))
            return None
        email = _verified_email(sociallogin)
        if not email:
            _refuse(
                request,
                sociallogin,
                "unverified_email",
                _(
                    "Your identity provider did not confirm your email address, so no account "
                    "was linked or created. Ask your IT department to check your account."
                ),
            )
        if User.objects.filter(email__iexact=email).exists():
            _refuse(
                request,
                sociallogin,
                "existing_account",
                _(
                    "An account with this address exists already, but it is not linked to "
                    "your organisation's sign-in. Ask an admin to link it."
                ),
            )
        domain = email.rsplit("@", 1)[-1]
        if domain not in providers.jit_domains(_app_of(sociallogin)):
            _refuse(
                request,
                sociallogin,
                "domain_not_allowed",
                _("There is no account for you here yet. Ask an admin to add you."),
            )
        sociallogin.member_email = email
        return None

    def _check_member(self, request, sociallogin, user) -> None:
        if is_commenter(user) or not is_active_member(user):
            _refuse(
                request,
                sociallogin,
                "not_an_active_member",
                _("This account cannot sign in. Ask an admin if you think it should."),
            )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        if not is_member_login(sociallogin):
            return super().is_open_for_signup(request, sociallogin)
        return bool(getattr(sociallogin, "member_email", ""))

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        if not is_member_login(sociallogin):
            return super().is_auto_signup_allowed(request, sociallogin)
        return bool(getattr(sociallogin, "member_email", ""))

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        if not is_member_login(sociallogin):
            return super().save_user(request, sociallogin, form)
        from townhall.accounts.actions import create_user

        email = sociallogin.member_email
        values = claims.profile_values(sociallogin)
        user = create_user(
            username=_unique_username(email),
            email=email,
            display_name=values.get("display_name")
            or clean_line(sociallogin.user.display_name or "", 120)
            or email.split("@")[0],
            job_title=values.get("job_title", ""),
            department=values.get("department", ""),
        )
        ExternalId.objects.create(
            user=user, external_id=str(sociallogin.account.uid), source=ExternalId.Source.SSO
        )
        sociallogin.user = user
        sociallogin.save(request, connect=True)
        provider = sociallogin.account.provider
        audit.record(audit.USER_CREATED, actor=None, target=user, via=f"sso:{provider}")
        audit.record(audit.SSO_LINK, actor=user, target=user, provider=provider, how="jit")
        claims.sync_profile(user, values)  # the manager, now that the account exists
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A member provider's answer that did not check out (a SAML Response with a bad
        or missing signature, another audience, expired; an OpenID Connect error): one
        clear page and an `sso.refused` entry; nobody is signed in, linked or created."""
        if not providers.is_member_app(getattr(provider, "app", None)):
            return super().on_authentication_error(
                request, provider, error=error, exception=exception, extra_context=extra_context
            )
        context = extra_context or {}
        detail = context.get("saml_last_error_reason") or (str(exception) if exception else "")
        audit.record(
            audit.SSO_REFUSED,
            actor=None,
            reason="invalid_response",
            provider=provider.sub_id,
            error=str(error or ""),
            detail=str(detail)[:300],
        )
        messages.error(
            request,
            _(
                "The answer from your organisation's sign-in could not be verified, so you "
                "were not signed in. Try again; if it keeps happening, tell your IT department."
            ),
        )
        raise ImmediateHttpResponse(redirect("identity:sso_refused"))
