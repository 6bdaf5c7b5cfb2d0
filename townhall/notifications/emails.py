"""Building and sending notification emails: the person's language and time zone, an HTML
and a plain-text part, and a one-click unsubscribe link (RFC 8058).

Messages go through Django's EMAIL_BACKEND, which is townhall.core.mail's queue: the
message is stored in the caller's transaction and delivered by a retrying task, so an SMTP
outage delays mail and loses none, and setting `emailed_at` commits with the message.

Unsubscribe links carry a signed token (Django's signing, salted for this use) naming the
person and what to stop ("instant" emails or the "digest"): the token is the permission,
so no sign-in is needed. The link's page asks for one click on a button (a GET never
changes anything: mail scanners follow links); mail programs POST to the same URL.
"""

import contextlib
import zoneinfo
from collections.abc import Iterator

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from townhall.core.site import current_site_settings

UNSUBSCRIBE_SALT = "townhall.notifications.unsubscribe"
INSTANT, DIGEST = "instant", "digest"
STOPPABLE = (INSTANT, DIGEST)


def absolute(path: str | None) -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + (path or "/")


def site_name() -> str:
    return current_site_settings().name


def unsubscribe_token(person_id: int, what: str) -> str:
    return signing.dumps({"u": person_id, "w": what}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person id, what) of a token this site signed, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        person_id, what = int(data["u"]), str(data["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (person_id, what) if what in STOPPABLE else None


def zone_of(person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@contextlib.contextmanager
def as_seen_by(person) -> Iterator[None]:
    """Render in the person's language and time zone."""
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(zone_of(person)):
        yield


def send(person, *, subject: str, template: str, context: dict, what: str) -> None:
    """One message to `person` from templates notifications/email/<template>.txt and .html.
    Call inside `as_seen_by(person)` (and inside the transaction that records the sending)."""
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(person.pk, what)])
    )
    context = {
        **context,
        "person": person,
        "site_name": site_name(),
        "language": translation.get_language(),
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    message.send()
