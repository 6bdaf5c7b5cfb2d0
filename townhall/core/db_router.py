"""Read-only queries of read-only requests go to a PostgreSQL read replica, when there is one.

Active only with TOWNHALL_DATABASE_REPLICA_URL (townhall.config): settings then add the
database alias "replica", this router and `ReplicaMiddleware`. Without it nothing here runs
and every query goes to "default", as before.

The rule (read-your-writes), in order:
1. Only a web request marked by `ReplicaMiddleware` may read from the replica: the task
   worker, the realtime process, management commands and anything outside a request read
   from the primary (they act on what was just committed).
2. A request that may change something (POST, PUT, PATCH, DELETE) reads from the primary
   from its first query.
3. A read inside a transaction (`transaction.atomic`, every action) goes to the primary.
4. From the moment a request writes (the router is asked where to write), every later read
   of that request goes to the primary.
5. A response to a request that wrote sets the cookie `townhall_primary` for PIN_SECONDS;
   requests that bring it back read from the primary, so the page after a form's redirect,
   or the htmx refresh after a click, shows the change even while the replica lags. (API
   clients keep read-your-writes across requests by sending that cookie back; otherwise a
   GET right after their POST may answer from a replica up to its lag behind.)
Writes always go to the primary; migrations run on the primary only.
"""

import contextvars

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "townhall_primary"
PIN_SECONDS = 10  # longer than the replication lag a healthy replica shows (well under 1 s)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# None: not in a request that may use the replica. "replica": it may read from the replica.
# "primary": it reads from the primary (rule 2, 4 or 5). "wrote": it wrote (rule 4, 5).
_state: contextvars.ContextVar[str | None] = contextvars.ContextVar("townhall_db", default=None)


def reads_from() -> str:
    """The alias the next read-only query of this context goes to."""
    if _state.get() != "replica" or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


class ReplicaRouter:
    """DATABASE_ROUTERS entry (townhall.settings adds it with the replica)."""

    def db_for_read(self, model, **hints) -> str:
        return reads_from()

    def db_for_write(self, model, **hints) -> str:
        if _state.get() is not None:
            _state.set("wrote")
        return PRIMARY

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the same rows on both aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY


class ReplicaMiddleware:
    """Marks each request as allowed to read from the replica or not (the rule above), and
    sets the pin cookie on the response of a request that wrote. First in MIDDLEWARE, so it
    decides before any query runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        may_use_replica = request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        token = _state.set("replica" if may_use_replica else "primary")
        try:
            response = self.get_response(request)
            wrote = _state.get() == "wrote"
        finally:
            _state.reset(token)
        if wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
