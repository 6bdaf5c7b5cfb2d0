"""Who may read the audit log, manage sign-in and provisioning, and end which sessions."""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.roles import is_active_member, is_admin
from townhall.identity.models import AuditEntry, ScimToken, SignedInSession


def can_read_audit_log(actor) -> bool:
    return is_admin(actor)


def visible_audit_entries(actor, queryset: QuerySet[AuditEntry] | None = None):
    queryset = AuditEntry.objects.all() if queryset is None else queryset
    return queryset if can_read_audit_log(actor) else queryset.none()


def can_manage_identity(actor) -> bool:
    """Sign-in methods, SSO options, SCIM tokens, CSV import: admins."""
    return is_admin(actor)


def visible_scim_tokens(actor, queryset: QuerySet[ScimToken] | None = None):
    queryset = ScimToken.objects.all() if queryset is None else queryset
    if not can_manage_identity(actor):
        return queryset.none()
    return queryset.filter(revoked_at__isnull=True)


def get_scim_token_or_404(actor, token_id: int) -> ScimToken:
    token = visible_scim_tokens(actor).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


def can_end_session(actor, session: SignedInSession) -> bool:
    """Only one's own sessions (an admin ends someone's sessions by deactivating them)."""
    return is_active_member(actor) and session.user_id == actor.pk


def visible_sessions(actor, queryset: QuerySet[SignedInSession] | None = None):
    queryset = SignedInSession.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(user=actor)


def get_session_or_404(actor, session_id: int) -> SignedInSession:
    session = visible_sessions(actor).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session
