"""`{% realtime_head %}` in base.html's <head>: where the page's WebSocket is, and its script.

Signed-in members only. The meta tag carries the address (TOWNHALL_REALTIME_URL, see
townhall/realtime/endpoint.py), the moment the page was rendered (the socket's first
catch-up starts there) and the URLs of the fragments the script fetches. No query.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from townhall.access.roles import is_active_member

register = template.Library()


@register.simple_tag(takes_context=True)
def realtime_head(context) -> str:
    request = context.get("request")
    url = settings.TOWNHALL_REALTIME_URL
    if request is None or url == "off" or not is_active_member(getattr(request, "user", None)):
        return ""
    before, after = _head(url or "/ws/", get_script_prefix(), get_language())
    return mark_safe(f"{before}{timezone.now().isoformat()}{after}")  # noqa: S308 (format_html)


@lru_cache(maxsize=32)
def _head(url: str, _prefix: str, _language: str) -> tuple[str, str]:
    """The tag's text around the render time: the same for every page of this process."""
    return tuple(
        format_html(
            '<meta name="townhall-realtime" content="{}" data-since="{}" data-feed-item="{}" '
            'data-comment="{}" data-reactions="{}" data-unread="{}" data-new-post="{}">'
            '<script src="{}" defer></script>',
            url,
            _SINCE,
            reverse("realtime:feed_item"),
            reverse("realtime:comment", args=[0]),
            reverse("realtime:reactions", args=["TYPE", 0]),
            reverse("realtime:unread"),
            _("New post"),
            static("realtime/realtime.js"),
        ).split(_SINCE)
    )


_SINCE = "\u27e6since\u27e7"  # where the render time goes
