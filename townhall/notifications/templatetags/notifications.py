from django import template

from townhall.access.roles import is_active_member
from townhall.notifications.selectors import is_thread_muted, unread_count

register = template.Library()

CACHE_ATTRIBUTE = "_townhall_unread_notifications"


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in person's unread, visible notifications: one query, once per request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not is_active_member(user):
        return 0
    if not hasattr(request, CACHE_ATTRIBUTE):
        setattr(request, CACHE_ATTRIBUTE, unread_count(user))
    return getattr(request, CACHE_ATTRIBUTE)


@register.simple_tag(takes_context=True)
def thread_muted(context, post) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return is_active_member(user) and is_thread_muted(user, post)
