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

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
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


class _ReusedClients(RedisCacheClient):
    """Django makes a new redis.Redis for every cache call (~50 µs: it copies the client's
    table of response handlers); one per connection pool does, as a client is thread-safe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

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
