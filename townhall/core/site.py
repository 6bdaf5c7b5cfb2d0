"""The organisation's site settings, read through the cache (every process sees an edit)."""

from django.conf import settings
from django.core.cache import cache

from townhall.core.models import SiteSettings

CACHE_KEY = "site-settings:v1"


def current_site_settings() -> SiteSettings:
    site = cache.get(CACHE_KEY)
    if site is None:
        site, _ = SiteSettings.objects.get_or_create(pk=1)
        cache.set(CACHE_KEY, site, timeout=300)
    return site


def forget_site_settings() -> None:
    cache.delete(CACHE_KEY)


def allowed_email_domains() -> set[str]:
    """Domains set by the environment plus those an admin added in the admin area."""
    configured = set(settings.TOWNHALL_ALLOWED_EMAIL_DOMAINS)
    return configured | {d.lower() for d in current_site_settings().allowed_email_domains}


def email_domain_allowed(email: str) -> bool:
    domain = email.rpartition("@")[2].strip().lower()
    return bool(domain) and domain in allowed_email_domains()
