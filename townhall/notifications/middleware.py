"""Remember when each signed-in person was last active (for "email only if away")."""

import time

from townhall.notifications.actions import SEEN_EVERY, record_seen

SESSION_KEY = "_townhall_seen"


class LastSeenMiddleware:
    """At most one write a minute per session: the time of the last write rides in the
    session (already loaded for authentication), so other requests cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            now = time.time()
            last = session.get(SESSION_KEY)
            if not isinstance(last, int | float) or now - last >= SEEN_EVERY.total_seconds():
                record_seen(actor=user)
                session[SESSION_KEY] = now
        return self.get_response(request)
