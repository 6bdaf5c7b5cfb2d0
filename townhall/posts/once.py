"""Double submission: the same form posted twice creates one thing.

Every composer and comment form carries a hidden one-time token (`{% form_token %}`,
fresh on each render). `run_once` claims the token for the person with an atomic
`cache.add` (the database cache's primary key, or Redis' SET NX, so it holds across
processes), runs the action, and records what it created for 24 hours. A repeat of the
same token -- a double click, a resent form, a retry after a lost response -- gets the
first result's id back and creates nothing. A failed action releases the token, so the
corrected form can be sent again. (The API's Idempotency-Key header is the same idea for
API clients.)
"""

import time
from collections.abc import Callable

from django.core.cache import cache

TOKEN_SECONDS = 24 * 60 * 60
_PENDING = "pending"
_WAIT_STEPS = 60  # x 50 ms: how long a repeat waits for the first request to finish


class StillRunning(Exception):
    """The first submission has not finished yet."""


def run_once(person, scope: str, token: str, create: Callable):
    """(thing, True) after creating it, or (first_id, False) for a repeated token."""
    if not token:
        return create(), True
    key = f"townhall:once:{scope}:{person.pk}:{token}"
    if not cache.add(key, _PENDING, TOKEN_SECONDS):
        for _step in range(_WAIT_STEPS):
            value = cache.get(key)
            if value is None:  # the first attempt failed and let go: try it ourselves
                return run_once(person, scope, token, create)
            if value != _PENDING:
                return value, False
            time.sleep(0.05)
        raise StillRunning
    try:
        thing = create()
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, thing.pk, TOKEN_SECONDS)
    return thing, True
