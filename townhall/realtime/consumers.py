"""Outbox consumer: with TOWNHALL_REDIS_URL, every event id goes to the realtime processes.

Registered only when Redis is configured, twice: `instant` publishes from the web process
right after commit (fast), the outbox consumer again from a worker (in case the first was
lost); each realtime process sends an event at most once. Without Redis each realtime
process follows the event table itself (townhall/realtime/hub.py). The message carries the
event id alone: each realtime process reads the event and decides its audience through
townhall.access.
(WebSocket consumers are in sockets.py; this module is the outbox's `consumers.py`.)
"""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction

from townhall.events.models import Event
from townhall.events.outbox import consumer, instant
from townhall.realtime.hub import REDIS_GROUP, redis_layer

logger = logging.getLogger(__name__)


def publish(event_ids: list[int], redis_url: str | None = None) -> bool:
    """Tell every realtime process about these events; False (and a log line) when Redis
    does not answer: the processes then follow the event table and find them there."""
    url = redis_url or settings.TOWNHALL_REDIS_URL
    if not url:
        return False

    async def send():
        layer = redis_layer(url)
        try:
            await layer.group_send(REDIS_GROUP, {"type": "events", "ids": list(event_ids)})
        finally:
            await layer.close_pools()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        running = False
    else:
        running = True  # (a test's browser driver runs one here): use a thread of our own
    try:
        if running:
            with ThreadPoolExecutor(max_workers=1) as executor:
                executor.submit(asyncio.run, send()).result()
        else:
            asyncio.run(send())
    except Exception as error:
        logger.warning("could not publish events %s to Redis: %s", event_ids, error)
        return False
    return True


def publish_event(event: Event) -> None:
    transaction.on_commit(lambda: publish([event.pk]))


if settings.TOWNHALL_REDIS_URL:
    instant(publish)  # at once from the process that committed the event
    consumer("realtime")(publish_event)  # and durably from the worker (processes dedupe ids)
