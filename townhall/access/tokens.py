"""Who may see and revoke API tokens: only their owner, and only while the owner is active."""

from django.db.models import QuerySet
from django.http import Http404

from townhall.access.roles import is_active_member
from townhall.accounts.models import ApiToken


def can_manage_token(actor, token: ApiToken) -> bool:
    return is_active_member(actor) and token.user_id == actor.pk and token.revoked_at is None


def visible_tokens(actor, queryset: QuerySet[ApiToken] | None = None) -> QuerySet[ApiToken]:
    """The actor's own tokens that still work, newest first."""
    queryset = ApiToken.objects.all() if queryset is None else queryset
    if not is_active_member(actor):
        return queryset.none()
    return queryset.filter(user=actor, revoked_at__isnull=True).order_by("-created_at")


def get_token_or_404(actor, token_id: int) -> ApiToken:
    """One of the actor's own live tokens; anyone else's token looks like a missing one."""
    token = visible_tokens(actor).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token
