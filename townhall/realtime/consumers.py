"""Outbox consumer: with TOWNHALL_REDIS_URL, every event id goes to the realtime processes.

Registered only when Redis is configured, twice: `instant` publishes from the web process
right after commit (fast), the outbox consumer again from a worker (in case the first was
lost); each realtime process sends an event at most once. Without Redis each realtime
process follows the event table itself (townhall/realtime/hub.py). The message carries the
event id alone: each realtime process reads the event and decides its audience through
townhall.access.

Both paths send through one asyncio loop per process, in a daemon thread of its own, that
keeps one channels-redis layer (and so its Redis connections) open between events: the
instant path hands the ids over and returns at once, so the author's request never waits
for Redis (it used to open and close a connection per event, 20-35 ms); the worker waits
for Redis's answer. The loop is started on first use and again in a forked child; a layer
that fails is closed and made afresh for the next event.
(WebSocket consumers are in sockets.py; this module is the outbox's `consumers.py`.)
"""

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import threading

from django.conf import settings
from django.db import transaction

from townhall.events.models import Event
from townhall.events.outbox import consumer, instant
from townhall.realtime.hub import REDIS_GROUP, redis_layer

logger = logging.getLogger(__name__)

SEND_SECONDS = 5.0  # a Redis that takes longer counts as down
BATCH = 200  # ids waiting together go out in one message (the hub takes lists)
WAITING = 10_000  # beyond this many waiting publishes (Redis hangs), new ones are refused


class _Sender:
    """The process's publishing loop (a daemon thread): one coroutine takes the waiting ids
    and sends them one message at a time, over one channels-redis layer per Redis URL (the
    layers are only touched from the loop's own thread). One at a time, because a burst of
    events (an import, a script) sent at once would ask for more Redis connections than
    the layer's pool holds."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.queue: asyncio.Queue = asyncio.Queue(WAITING)
        self.layers: dict = {}
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="realtime-publish", daemon=True
        )
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._send_waiting(), self.loop)

    def send(self, url: str, event_ids: list[int]) -> concurrent.futures.Future:
        future = concurrent.futures.Future()
        self.loop.call_soon_threadsafe(self._put, (url, event_ids, future))
        return future

    def _put(self, item) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            item[2].set_exception(RuntimeError("too many events waiting for Redis"))

    async def _send_waiting(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while not self.queue.empty() and len(batch) < BATCH:
                batch.append(self.queue.get_nowait())
            for url in dict.fromkeys(url for url, _, _ in batch):
                items = [(ids, future) for each, ids, future in batch if each == url]
                error = None
                try:
                    await self._group_send(url, [pk for ids, _ in items for pk in ids])
                except Exception as failure:
                    error = failure
                for _, future in items:
                    with contextlib.suppress(concurrent.futures.InvalidStateError):
                        if error is None:
                            future.set_result(None)
                        else:
                            future.set_exception(error)

    async def _group_send(self, url: str, event_ids: list[int]) -> None:
        layer = self.layers.get(url)
        if layer is None:
            layer = self.layers[url] = redis_layer(url)
        message = {"type": "events", "ids": event_ids}
        try:
            await asyncio.wait_for(layer.group_send(REDIS_GROUP, message), SEND_SECONDS)
        except Exception:
            del self.layers[url]  # the next message starts on fresh connections
            try:
                await layer.close_pools()
            except Exception:
                logger.debug("could not close a failed Redis layer", exc_info=True)
            raise


_sender: _Sender | None = None
_sender_lock = threading.Lock()


def _forget_sender_after_fork() -> None:
    global _sender, _sender_lock
    _sender, _sender_lock = None, threading.Lock()  # the parent's thread did not come along


os.register_at_fork(after_in_child=_forget_sender_after_fork)


def send(event_ids: list[int], redis_url: str) -> concurrent.futures.Future:
    """Hand these ids to the process's publishing loop and return at once; the future holds
    the outcome. Safe from any thread, also one that runs an event loop of its own (a
    test's browser driver does)."""
    global _sender
    with _sender_lock:
        if _sender is None or not _sender.thread.is_alive():
            _sender = _Sender()
        sender = _sender
    return sender.send(redis_url, [int(pk) for pk in event_ids])


def publish(event_ids: list[int], redis_url: str | None = None) -> bool:
    """Tell every realtime process about these events and wait until Redis took them; False
    (and a log line) when Redis does not answer: the processes then follow the event table
    and find them there."""
    url = redis_url or settings.TOWNHALL_REDIS_URL
    if not url:
        return False
    try:
        send(event_ids, url).result(timeout=SEND_SECONDS + 1)
    except Exception as error:
        logger.warning("could not publish events %s to Redis: %r", event_ids, error)
        return False
    return True


def publish_soon(event_ids: list[int]) -> None:
    """`publish` without waiting (the author's request goes on at once); a failure is
    logged when it happens."""
    url = settings.TOWNHALL_REDIS_URL
    if not url:
        return

    def log_failure(future: concurrent.futures.Future) -> None:
        if not future.cancelled() and (error := future.exception()) is not None:
            logger.warning("could not publish events %s to Redis: %r", event_ids, error)

    send(event_ids, url).add_done_callback(log_failure)


def publish_event(event: Event) -> None:
    transaction.on_commit(lambda: publish([event.pk]))


if settings.TOWNHALL_REDIS_URL:
    instant(publish_soon)  # at once from the process that committed the event
    consumer("realtime")(publish_event)  # and durably from the worker (processes dedupe ids)
