"""Sign-in success and failure reach the audit log through Django's sign-in signals.

(The only entries written from signals: a sign-in goes through Django's and allauth's own
code, not through an action of ours. Every other entry is written by its action.)
A successful sign-in also records the browser session, for the sessions page.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from townhall.identity import audit, sessions


def _method(request) -> str:
    """How the person just proved who they are (allauth keeps a record in the session)."""
    records = request.session.get("account_authentication_methods") if request else None
    if not isinstance(records, list) or not records or not isinstance(records[-1], dict):
        return "other"
    last = records[-1]
    if last.get("method") == "socialaccount":
        return f"sso:{last.get('provider', '')}"[:40]
    return str(last.get("method") or "other")[:40]


@receiver(user_logged_in, dispatch_uid="identity-sign-in")
def _signed_in(sender, request, user, **kwargs):
    method = _method(request)
    audit.record(audit.SIGN_IN, actor=user, target=user, method=method)
    if request is not None:
        sessions.remember_session(request=request, user=user, method=method)


@receiver(user_logged_out, dispatch_uid="identity-sign-out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None and getattr(user, "pk", None):
        audit.record(audit.SIGN_OUT, actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="identity-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    tried = str(credentials.get("email") or credentials.get("username") or "")[:200]
    reason = credentials.get("reason")  # e.g. "sso_only" (accounts.adapter); never a password
    extra = {"reason": str(reason)[:40]} if reason else {}
    audit.record(audit.SIGN_IN_FAILED, actor=None, tried=tried, **extra)
