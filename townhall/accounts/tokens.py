"""API tokens: created once, stored only as a hash, scoped, revocable."""

import secrets

from django.db import transaction
from django.utils import timezone

from townhall.accounts.models import ApiToken, User
from townhall.identity import audit

TOKEN_PREFIX = "th_"


@transaction.atomic
def create_token(*, user: User, name: str, scope: str = ApiToken.Scope.READ, actor=None):
    """Return (token, secret). The secret is never stored and cannot be shown again."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiToken.Scope.values)}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80] or "token",
        scope=scope,
        prefix=secret[:10],
        key_hash=ApiToken.hash_secret(secret),
    )
    audit.record(audit.TOKEN_CREATED, actor=actor or user, target=token, owner=user.pk, scope=scope)
    return token, secret


def create_token_for_username(*, username: str, name: str, scope: str):
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValueError(f"there is no user {username!r}")
    if not user.is_active:
        raise ValueError(f"{username} is deactivated; reactivate them first")
    return create_token(user=user, name=name, scope=scope)


@transaction.atomic
def revoke_token(*, token: ApiToken, actor=None) -> ApiToken:
    """Stop the token working. `actor` is who asked (None: the command line)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(audit.TOKEN_REVOKED, actor=actor, target=token, owner=token.user_id)
    return token


def revoke_token_by_prefix(*, username: str, prefix: str) -> ApiToken:
    matches = list(ApiToken.objects.filter(user__username=username, prefix__startswith=prefix[:10]))
    if not matches:
        raise ValueError(f"{username} has no token starting with {prefix!r}")
    if len(matches) > 1:
        raise ValueError(f"{prefix!r} matches {len(matches)} tokens; give more characters")
    return revoke_token(token=matches[0])


def user_for_secret(secret: str) -> tuple[User, ApiToken] | None:
    """The active owner of a live token, or None. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
