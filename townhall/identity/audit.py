"""Writing the audit log: `record()` from inside the action that made the change.

    record(SIGN_IN_FAILED, actor=None, target=user, email="x@...")

The IP address comes from the request being served (`AuditContextMiddleware` keeps it in a
context variable for the request's duration), so actions need no request argument. Work
done outside a request (the CLI, a task) is recorded with no IP.
"""

import contextvars
import ipaddress

from django.db import models
from django.utils.translation import gettext_lazy as _

from townhall.identity.models import AuditEntry

SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in.failed"
SIGN_OUT = "sign_out"
SSO_LINK = "sso.link"
SSO_REFUSED = "sso.refused"
ROLE_CHANGE = "role.change"
DEACTIVATION = "user.deactivate"
REACTIVATION = "user.reactivate"
USER_CREATED = "user.create"
TOKEN_CREATED = "token.create"
TOKEN_REVOKED = "token.revoke"
SCIM_TOKEN_CREATED = "scim_token.create"
SCIM_TOKEN_REVOKED = "scim_token.revoke"
SCIM_CALL = "scim.call"
GROUP_KIND_CHANGE = "group.kind_change"
SETTINGS_CHANGE = "settings.change"
SESSION_ENDED = "session.end"
EXPORT = "audit.export"

ACTIONS = {
    SIGN_IN: _("Signed in"),
    SIGN_IN_FAILED: _("Sign-in failed"),
    SIGN_OUT: _("Signed out"),
    SSO_LINK: _("Single sign-on linked"),
    SSO_REFUSED: _("Single sign-on refused"),
    ROLE_CHANGE: _("Role changed"),
    DEACTIVATION: _("Deactivated"),
    REACTIVATION: _("Reactivated"),
    USER_CREATED: _("Account created"),
    TOKEN_CREATED: _("API token created"),
    TOKEN_REVOKED: _("API token revoked"),
    SCIM_TOKEN_CREATED: _("SCIM token created"),
    SCIM_TOKEN_REVOKED: _("SCIM token revoked"),
    SCIM_CALL: _("SCIM call"),
    GROUP_KIND_CHANGE: _("Group kind changed"),
    SETTINGS_CHANGE: _("Settings changed"),
    SESSION_ENDED: _("Session ended"),
    EXPORT: _("Audit log exported"),
}

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


class AuditContextMiddleware:
    """Remember the client address of the request being served, for `record()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


def client_ip(request) -> str | None:
    """REMOTE_ADDR (already rewritten by TrustedProxyMiddleware behind a trusted proxy)."""
    address = (request.META.get("REMOTE_ADDR") or "").strip() if request is not None else ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _label(obj) -> str:
    if obj is None:
        return ""
    username = getattr(obj, "username", None)
    if username:
        name = getattr(obj, "display_name", "") or ""
        return f"{name} ({username})"[:200] if name else username[:200]
    return str(obj)[:200]


def record(action: str, *, actor=None, target: models.Model | None = None, ip=None, **data):
    """Append one entry. `actor` is who did it (None for the system or an unknown visitor)."""
    actor = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor.pk if actor else None,
        actor_label=_label(actor),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=_label(target),
        ip=ip if ip is not None else _request_ip.get(),
        data=data,
    )
