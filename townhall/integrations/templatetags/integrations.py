"""{% load integrations %}: `person|is_bot` — is this author a group's bot?

Costs no query for an active author (bots' users are deactivated, townhall.integrations.Bot)
and one cached lookup per deactivated author, so feeds keep their pinned query counts.
"""

from django import template
from django.core.cache import cache

from townhall.integrations.models import Bot

register = template.Library()


@register.filter
def is_bot(user) -> bool:
    if user is None or getattr(user, "is_active", True):
        return False
    key = f"integrations:is-bot:{user.pk}"
    found = cache.get(key)
    if found is None:
        found = Bot.objects.filter(user_id=user.pk).exists()
        cache.set(key, found, 24 * 3600)
    return found
