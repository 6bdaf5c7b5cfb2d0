"""`{% realtime_head %}` in base.html's <head>: where the page's WebSocket is, and its script.

Signed-in members only. The meta tag carries the address (TOWNHALL_REALTIME_URL, see
townhall/realtime/endpoint.py), the moment the page was rendered (the socket's first
catch-up starts there) and the URLs of the fragments the script fetches. No query.
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from townhall.access.roles import is_active_member

register = template.Library()


@register.simple_tag(takes_context=True)
def realtime_head(context) -> str:
    request = context.get("request")
    url = settings.TOWNHALL_REALTIME_URL
    if request is None or url == "off" or not is_active_member(getattr(request, "user", None)):
        return ""
    return format_html(
        '<meta name="townhall-realtime" content="{}" data-since="{}" data-feed-item="{}" '
        'data-comment="{}" data-reactions="{}" data-unread="{}" data-new-post="{}">'
        '<script src="{}" defer></script>',
        url or "/ws/",
        timezone.now().isoformat(),
        reverse("realtime:feed_item"),
        reverse("realtime:comment", args=[0]),
        reverse("realtime:reactions", args=["TYPE", 0]),
        reverse("realtime:unread"),
        _("New post"),
        static("realtime/realtime.js"),
    )
