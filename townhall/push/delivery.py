"""Sending one Web Push message (RFC 8030/8291/8292) through the guarded outbound client.

The payload is encrypted for the browser's keys (aes128gcm, by pywebpush's encoder) and
signed with the site's VAPID key. The request goes through townhall.core.outbound like
every other request to an address someone gave us: a subscription is data a browser sent,
and its endpoint could name an internal machine. A push service answering 404 or 410 has
forgotten the subscription, so we forget it too.
"""

import json
import time
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from pywebpush import WebPusher

from townhall.core.outbound import OutboundError, fetch
from townhall.push.models import PushSubscription
from townhall.push.vapid import site_key

TIME_TO_LIVE = 24 * 3600  # a push service keeps an undelivered message this long
GONE = (404, 410)


def _contact() -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"mailto:{address}" if address else settings.TOWNHALL_BASE_URL


def _vapid_headers(endpoint: str) -> dict[str, str]:
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + 12 * 3600,
        "sub": _contact(),
    }
    return site_key().sign(claims)


def encrypt(subscription: PushSubscription, payload: dict) -> bytes:
    info = {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    body = json.dumps(payload, separators=(",", ":")).encode()
    return WebPusher(info).encode(body, content_encoding="aes128gcm")["body"]


def deliver(subscription: PushSubscription, payload: dict) -> str:
    """'sent' or 'expired' (subscription deleted); raises OutboundError to be retried."""
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "TTL": str(TIME_TO_LIVE),
        "Urgency": "normal",
        **_vapid_headers(subscription.endpoint),
    }
    response = fetch(
        subscription.endpoint,
        method="POST",
        content=encrypt(subscription, payload),
        headers=headers,
        max_bytes=4096,
    )
    if response.status_code in GONE:
        subscription.delete()
        return "expired"
    if not response.ok:
        raise OutboundError(f"push service answered {response.status_code}")
    PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return "sent"
