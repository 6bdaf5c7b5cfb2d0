"""Showing people anywhere in Townhall: `{% load people %}{% avatar person 48 %}`."""

import zlib
import zoneinfo

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html

register = template.Library()

# Sizes the stylesheet knows (.avatar-size-N); a request is rounded up to the next one.
SIZES = (24, 32, 48, 64, 96, 128, 160)
COLOURS = 8  # .avatar-colour-0 … .avatar-colour-7


def _size_class(size) -> int:
    try:
        wanted = int(size)
    except (TypeError, ValueError):
        wanted = 48
    return next((s for s in SIZES if s >= wanted), SIZES[-1])


def initials(person) -> str:
    """ "Mona Member" -> "MM", "ørjan" -> "Ø"."""
    words = (getattr(person, "display_name", "") or getattr(person, "username", "")).split()
    if not words:
        return "?"
    last = words[-1][0] if len(words) > 1 else ""
    return (words[0][0] + last).upper()


def colour_index(person) -> int:
    """A stable colour per person, from a hash of the id (neighbours' ids differ in colour)."""
    return zlib.crc32(str(person.pk).encode()) % COLOURS


@register.simple_tag(takes_context=True)
def avatar(context, person, size=48):
    """The person's picture, or their initials on a coloured circle when they have none.

    Pictures are served to signed-in people only (core.views.media), so a signed-out
    reader of a public article sees initials rather than a broken image."""
    px = _size_class(size)
    name = str(person)
    request = context.get("request")
    signed_in = request is None or request.user.is_authenticated
    if signed_in and getattr(person, "avatar", None):
        return format_html(
            '<img class="avatar avatar-size-{}" src="{}" alt="{}" width="{}" height="{}" '
            'loading="lazy" decoding="async">',
            px,
            person.avatar.url,
            name,
            px,
            px,
        )
    return format_html(
        '<span class="avatar avatar-initials avatar-size-{} avatar-colour-{}" role="img" '
        'aria-label="{}"><span aria-hidden="true">{}</span></span>',
        px,
        colour_index(person),
        name,
        initials(person),
    )


@register.simple_tag
def local_time(person) -> str:
    """The time now where the person is ("14:05"), or "" when they set no time zone."""
    if not getattr(person, "time_zone", ""):
        return ""
    try:
        zone = zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    return dateformat.format(timezone.now().astimezone(zone), "H:i")
