"""Redis as Django's cache, without Redis being able to take the site down.

When Redis does not answer, every cache call behaves as a miss (reads return the default,
writes are dropped) and the first failure is logged; for OUTAGE_SECONDS after a failure
Redis is not even asked, so pages do not each wait for a connection timeout. When Redis
answers again the cache simply works again. While it is down, what relies on the cache
is weaker (sign-in rate limits count nothing, cached values are recomputed), never broken.
(Realtime has its own fallback: townhall/realtime/hub.py follows the event table.)
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_SECONDS = 5.0
FAILURES = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


class Unavailable(Exception):
    pass


def _tolerant(fallback):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except FAILURES as error:
                if not self._down_until:
                    logger.warning("Redis (cache) does not answer: %s; serving without it", error)
                self._down_until = time.monotonic() + OUTAGE_SECONDS
                return fallback(*args, **kwargs)

        return call

    return wrap


def _default(key, default=None, *args, **kwargs):
    return default


def _incr(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found (the cache is unavailable)")


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _tolerant(lambda *a, **k: False)(RedisCache.has_key)
    add = _tolerant(lambda *a, **k: False)(RedisCache.add)
    set = _tolerant(lambda *a, **k: None)(RedisCache.set)
    set_many = _tolerant(lambda *a, **k: [])(RedisCache.set_many)
    touch = _tolerant(lambda *a, **k: False)(RedisCache.touch)
    delete = _tolerant(lambda *a, **k: False)(RedisCache.delete)
    delete_many = _tolerant(lambda *a, **k: None)(RedisCache.delete_many)
    incr = _tolerant(_incr)(RedisCache.incr)
    clear = _tolerant(lambda *a, **k: False)(RedisCache.clear)
