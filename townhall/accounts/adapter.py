"""How django-allauth decides who may sign up in this organisation.

Sign-up is open to addresses at the allowed email domains (the environment's plus those an
admin stores in SiteSettings), and to the exact address an invitation was sent to. An
invitation link remembers the invitation in the session (see `remember_invitation`); the
sign-up form (townhall.accounts.forms) checks the address, and on sign-up the invitation is
marked accepted, its role applied and the address counted as verified.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext as _

from townhall.accounts.invitations import open_invitation_by_id
from townhall.accounts.models import Invitation
from townhall.core.site import allowed_email_domains, email_domain_allowed

INVITATION_SESSION_KEY = "townhall_invitation_id"


def remember_invitation(request: HttpRequest, invitation: Invitation) -> None:
    request.session[INVITATION_SESSION_KEY] = invitation.pk


def invitation_from_session(request: HttpRequest | None) -> Invitation | None:
    """The open invitation whose link this browser followed, if any."""
    if request is None or not hasattr(request, "session"):
        return None
    return open_invitation_by_id(request.session.get(INVITATION_SESSION_KEY))


def forget_invitation(request: HttpRequest) -> None:
    request.session.pop(INVITATION_SESSION_KEY, None)


def signup_refusal(email: str, invitation: Invitation | None) -> str | None:
    """Why `email` may not sign up here (a sentence saying what to do), or None if it may."""
    if email_domain_allowed(email):
        return None
    if invitation is not None:
        if invitation.email == email.strip().lower():
            return None
        return _(
            "Your invitation is for %(invited)s. Sign up with that address, or with an "
            "address at this organisation's email domains."
        ) % {"invited": invitation.email}
    return _(
        "Sign-up is open to addresses at this organisation's email domains only. "
        "Use your work address, or ask an admin for an invitation."
    )


def _sso_only() -> bool:
    from townhall.identity.selectors import sso_only  # TOWNHALL_SSO_ONLY or the admin area

    return sso_only()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Closed only when no domain is allowed and this browser holds no invitation, or
        when members sign in through the identity provider only (townhall.identity)."""
        if _sso_only():
            return False
        return bool(allowed_email_domains()) or invitation_from_session(request) is not None

    def authenticate(self, request: HttpRequest, **credentials):
        """Password sign-in. With "single sign-on only" on, only admins may still use a
        password (a way in when the identity provider is down); everyone else is refused
        as if the password were wrong, and the attempt is in the audit log."""
        user = super().authenticate(request, **credentials)
        if user is not None and _sso_only() and user.role != user.Role.ADMIN:
            from django.contrib.auth.signals import user_login_failed

            user_login_failed.send(
                sender=__name__,
                credentials={"email": credentials.get("email", ""), "reason": "sso_only"},
                request=request,
            )
            return None
        return user

    def set_password(self, user, password: str) -> None:
        """A password change or reset ends every other session of the person (the browser
        that changed it stays signed in; after a reset, none is)."""
        from allauth.core import context

        from townhall.identity.sessions import end_other_sessions

        super().set_password(user, password)
        request = context.request
        keep = None
        if request is not None and getattr(request, "user", None) == user:
            keep = request.session.session_key
        end_other_sessions(user=user, keep=keep)
