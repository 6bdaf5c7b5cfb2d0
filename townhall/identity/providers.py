"""Which sign-in providers are for members and which for commenters.

Every allauth provider app (a `SocialApp` row, or an app given in settings from the
environment) carries its purpose in its settings: ``{"townhall": {"purpose": "member",
"jit_domains": [...]}}``. No purpose means "commenter" (townhall.commenters' providers
predate member sign-in). The social-account adapter (townhall.identity.adapter) dispatches
on it: a member provider signs members in, a commenter provider makes commenter identities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # settings.py imports this module (environment apps) before models load
    from allauth.socialaccount.models import SocialApp
    from django.db.models import QuerySet

MEMBER = "member"
COMMENTER = "commenter"


def townhall_options(app) -> dict:
    options = (getattr(app, "settings", None) or {}).get("townhall") or {}
    return options if isinstance(options, dict) else {}


def purpose_of(app) -> str:
    return MEMBER if townhall_options(app).get("purpose") == MEMBER else COMMENTER


def is_member_app(app) -> bool:
    return app is not None and purpose_of(app) == MEMBER


def jit_domains(app) -> list[str]:
    domains = townhall_options(app).get("jit_domains") or []
    return [str(d).strip().lower() for d in domains if str(d).strip()]


# Filtered in Python: an organisation has a handful of providers, and a JSON-key exclude
# drops rows without the key on SQLite (NULL comparisons).
def commenter_apps(queryset: QuerySet[SocialApp] | None = None) -> list[SocialApp]:
    from allauth.socialaccount.models import SocialApp

    queryset = SocialApp.objects.all() if queryset is None else queryset
    return [app for app in queryset if purpose_of(app) == COMMENTER]


def member_apps(queryset: QuerySet[SocialApp] | None = None) -> list[SocialApp]:
    from allauth.socialaccount.models import SocialApp

    queryset = SocialApp.objects.order_by("name", "id") if queryset is None else queryset
    return [app for app in queryset if purpose_of(app) == MEMBER]


def member_providers(request) -> list:
    """allauth provider instances for member sign-in (database and environment apps)."""
    from allauth.socialaccount.adapter import get_adapter

    return [p for p in get_adapter().list_providers(request) if is_member_app(p.app)]


def origin_of(provider) -> str:
    """Where the sign-in button's form leads (CSP form-action): the OpenID Connect issuer,
    or the SAML IdP's sign-in address (its metadata's host when only that is known)."""
    app = provider.app
    settings = app.settings or {}
    idp = settings.get("idp") or {}
    url = settings.get("server_url") or idp.get("sso_url") or idp.get("metadata_url") or ""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""
