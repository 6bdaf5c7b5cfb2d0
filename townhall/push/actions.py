"""Subscribing a browser to push notifications, and forgetting it."""

import base64
import binascii
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from townhall.access.roles import is_active_member
from townhall.core.outbound import is_allowed_host
from townhall.push.models import PushSubscription


def _key(value: str, length: int, field: str) -> str:
    value = (value or "").strip()
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise ValidationError(
            _("The browser sent an unusable %(field)s key; try turning push off and on again.")
            % {"field": field},
            code="bad_key",
        )
    return value


def _endpoint(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    allowed = parts.scheme == "http" and is_allowed_host(parts.hostname or "", parts.port or 80)
    if not parts.hostname or not (secure or allowed) or len(url) > 1000:
        raise ValidationError(
            _("The push endpoint must be an https address of a push service."), code="endpoint"
        )
    return url


@transaction.atomic
def subscribe(
    *, actor, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Remember this browser for the actor (a browser that re-subscribes moves to them)."""
    if not is_active_member(actor):
        raise ValidationError(_("Sign in to receive push notifications."), code="signed_out")
    endpoint = _endpoint(endpoint)
    values = {
        "person": actor,
        "p256dh": _key(p256dh, 65, "p256dh"),
        "auth": _key(auth, 16, "auth"),
        "user_agent": (user_agent or "")[:300],
    }
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults=values
    )
    return subscription


@transaction.atomic
def unsubscribe(*, actor, endpoint: str) -> bool:
    deleted, _rows = PushSubscription.objects.filter(person=actor, endpoint=endpoint).delete()
    return bool(deleted)
