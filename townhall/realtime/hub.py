"""The hub of one realtime process: its open sockets, and where it hears about new events.

One hub per process (per event loop). While at least one socket is open it runs one loop
that hears about new events and hands each batch to `audience.route`, which asks the
permission layer once per event about all connected people, then sends each message to
the sockets of those people that show what it is about.

Where events come from:
- Without Redis (the default): the hub follows the event table (townhall.events.Event),
  reading rows with an id above the last one it read, every POLL_SECONDS. Ids that were
  skipped (a transaction still open when its neighbour committed) are asked for again for
  GAP_SECONDS, so a slow transaction is not missed.
- With TOWNHALL_REDIS_URL: the outbox consumer in townhall/realtime/consumers.py publishes
  each event id to one channels-redis group that every realtime process on every machine
  joins. If Redis stops answering, the hub follows the table instead (the site keeps
  working, realtime keeps working, a little slower) and goes back to Redis when it answers
  again, following the table for OVERLAP_SECONDS more so nothing falls between the two.
Every event is sent at most once per process (ids already sent are remembered).

`user.deactivated` (an admin or the identity provider through SCIM deactivated someone)
closes every open socket of that person in this process with code 4401 (the page stops
trying), whichever way the event arrived; their sessions are already gone.
"""

import asyncio
import contextlib
import logging
import time
import weakref
from collections import OrderedDict
from typing import Protocol

from channels.db import database_sync_to_async
from django.conf import settings
from django.db.models import Max, Q

from townhall.events.models import Event
from townhall.realtime.audience import Watchers, route

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.25
GAP_SECONDS = 10.0
BATCH = 500
REDIS_GROUP = "townhall-events"
REDIS_PREFIX = "townhall-realtime"
HEARTBEAT_SECONDS = 5.0
RETRY_SECONDS = 5.0
OVERLAP_SECONDS = 10.0
REMEMBERED = 10_000
DEACTIVATED = "user.deactivated"
CLOSE_DEACTIVATED = 4401  # the same code as "not signed in": the page stops reconnecting


class Socket(Protocol):
    user_id: int
    topics: set[str]

    async def deliver(self, body: dict) -> None: ...

    async def end(self, code: int) -> None: ...


# --- database work (run in Django's sync thread) ----------------------------------------


def newest_event_id() -> int:
    return Event.objects.aggregate(newest=Max("pk"))["newest"] or 0


def events_after(position: int, gaps: list[int], limit: int = BATCH) -> list[Event]:
    condition = Q(pk__gt=position)
    if gaps:
        condition |= Q(pk__in=gaps)
    return list(Event.objects.filter(condition).order_by("pk")[:limit])


def events_by_id(ids: list[int]) -> list[Event]:
    return list(Event.objects.filter(pk__in=ids).order_by("pk"))


def redis_layer(url: str):
    from channels_redis.core import RedisChannelLayer

    return RedisChannelLayer(hosts=[url], prefix=REDIS_PREFIX, capacity=1000, expiry=30)


# --- the hub --------------------------------------------------------------------------


class Hub:
    def __init__(self, redis_url: str = ""):
        self.redis_url = redis_url
        self.sockets: set[Socket] = set()
        self.by_user: dict[int, set[Socket]] = {}  # the same sockets, by person: one lookup
        self.mode = "idle"  # "table", "redis", "table (redis down)"
        self.position = 0  # highest event id read from the table
        self.gaps: dict[int, float] = {}  # skipped ids -> when first skipped
        self.sent: OrderedDict[int, None] = OrderedDict()  # event ids already handled
        self.follow_table_until: float | None = None  # None: follow it for as long as running
        self.tasks: list[asyncio.Task] = []

    # sockets come and go -------------------------------------------------------------

    async def join(self, socket: Socket) -> None:
        self.sockets.add(socket)
        self.by_user.setdefault(socket.user_id, set()).add(socket)
        if not self.tasks:
            await self._start()

    async def leave(self, socket: Socket) -> None:
        self._forget(socket)
        if not self.sockets:
            await self.stop()

    def _forget(self, socket: Socket) -> None:
        self.sockets.discard(socket)
        mine = self.by_user.get(socket.user_id)
        if mine is not None:
            mine.discard(socket)
            if not mine:
                del self.by_user[socket.user_id]

    def watchers(self) -> Watchers:
        watchers = Watchers()
        for socket in self.sockets:
            watchers.everyone.add(socket.user_id)
            for topic in socket.topics:
                if topic == "feed":
                    watchers.feed.add(socket.user_id)
                elif topic.startswith("post:"):
                    post_id = int(topic[5:])
                    watchers.posts.setdefault(post_id, set()).add(socket.user_id)
        return watchers

    def status(self) -> dict:
        return {"mode": self.mode, "sockets": len(self.sockets), "position": self.position}

    # running -------------------------------------------------------------------------

    async def _start(self) -> None:
        self.position = await database_sync_to_async(newest_event_id)()
        self.gaps.clear()
        if self.redis_url:
            self.tasks = [asyncio.create_task(self._follow_redis())]
        else:
            self.mode = "table"
            self.follow_table_until = None
            self.tasks = [asyncio.create_task(self._follow_table(), name="table")]

    async def stop(self) -> None:
        tasks, self.tasks = self.tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.mode = "idle"

    async def dispatch(self, events: list[Event]) -> int:
        """Send each new event to the sockets allowed to hear of it; returns messages sent."""
        arrived = time.time()
        fresh = [event for event in events if event.pk not in self.sent]
        for event in fresh:
            self.sent[event.pk] = None
            self.position = max(self.position, event.pk)
        while len(self.sent) > REMEMBERED:
            self.sent.popitem(last=False)
        if not fresh or not self.sockets:
            return 0
        await self._close_deactivated(fresh)
        if not self.sockets:
            return 0
        began = time.perf_counter()
        messages = await database_sync_to_async(route)(fresh, self.watchers())
        routed = time.perf_counter()
        # Each socket gets its messages in order; the sockets are written to side by side.
        # (Awaiting 1,000 sends one after the other took 300-470 ms on the 2-core machine:
        # each send waits for the server's write; bench/realtime_sockets.py.)
        outbox: dict[Socket, list[dict]] = {}
        for message in messages:
            for socket in self.by_user.get(message.user_id, ()):
                if message.topic in socket.topics:
                    outbox.setdefault(socket, []).append(message.body)
        sent = await asyncio.gather(
            *(_deliver(socket, bodies) for socket, bodies in outbox.items())
        )
        logger.debug(
            "%d events: here %.1f ms after the first was written, audience %.1f ms, "
            "%d messages sent in %.1f ms",
            len(fresh),
            (arrived - min(event.created_at for event in fresh).timestamp()) * 1000,
            (routed - began) * 1000,
            sum(sent),
            (time.perf_counter() - routed) * 1000,
        )
        return sum(sent)

    async def _close_deactivated(self, events: list[Event]) -> None:
        """Close the sockets of the people these events deactivated (code 4401)."""
        gone = {
            event.subject_id
            for event in events
            if event.kind == DEACTIVATED and event.subject_type == "accounts.user"
        }
        if not gone:
            return
        for socket in list(self.sockets):
            if socket.user_id in gone:
                self._forget(socket)  # hears nothing more, even before it is closed
                try:
                    await socket.end(CLOSE_DEACTIVATED)
                except Exception:
                    logger.debug("could not close a closing socket", exc_info=True)

    # the event table -----------------------------------------------------------------

    async def poll_table(self) -> int:
        """Read what is new in the event table once and dispatch it."""
        events = await database_sync_to_async(events_after)(self.position, list(self.gaps))
        now = time.monotonic()
        expected = self.position + 1
        for event in events:
            self.gaps.pop(event.pk, None)
            if event.pk >= expected:
                if event.pk - expected <= BATCH:  # a huge jump is a restored backup, not gaps
                    for missing in range(expected, event.pk):
                        self.gaps.setdefault(missing, now)
                expected = event.pk + 1
        self.gaps = {pk: at for pk, at in self.gaps.items() if now - at < GAP_SECONDS}
        return await self.dispatch(events)

    async def _follow_table(self) -> None:
        while True:
            if self.follow_table_until is not None and time.monotonic() > self.follow_table_until:
                return
            try:
                sent = await self.poll_table()
            except Exception:
                logger.exception("reading the event table failed; trying again")
                sent = 0
            if not sent:
                await asyncio.sleep(POLL_SECONDS)

    def _table_follower_running(self) -> bool:
        return any(not task.done() and task.get_name() == "table" for task in self.tasks)

    def _follow_table_for_now(self) -> None:
        self.follow_table_until = None
        if not self._table_follower_running():
            self.tasks.append(asyncio.create_task(self._follow_table(), name="table"))

    # Redis ---------------------------------------------------------------------------

    async def _follow_redis(self) -> None:
        warned = False
        while True:
            try:
                await self._listen_to_redis()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if not warned:
                    logger.warning("Redis does not answer (%s); following the event table", error)
                warned = True
            else:
                warned = False
            self.mode = "table (redis down)"
            self._follow_table_for_now()
            await asyncio.sleep(RETRY_SECONDS)

    async def _listen_to_redis(self) -> None:
        layer = redis_layer(self.redis_url)
        channel = await layer.new_channel()
        try:
            await asyncio.wait_for(layer.group_add(REDIS_GROUP, channel), HEARTBEAT_SECONDS)
            if self.mode != "redis":
                logger.info("realtime hears of events through Redis")
            self.mode = "redis"
            if self._table_follower_running():
                self.follow_table_until = time.monotonic() + OVERLAP_SECONDS
            receiver = asyncio.create_task(self._receive(layer, channel))
            try:
                while not receiver.done():
                    await asyncio.wait({receiver}, timeout=HEARTBEAT_SECONDS)
                    if not receiver.done():  # still there? (also renews the membership)
                        await asyncio.wait_for(
                            layer.group_add(REDIS_GROUP, channel), HEARTBEAT_SECONDS
                        )
                receiver.result()
            finally:
                receiver.cancel()
                with contextlib.suppress(BaseException):
                    await receiver
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(layer.group_discard(REDIS_GROUP, channel), 1)
            with contextlib.suppress(Exception):
                await layer.close_pools()

    async def _receive(self, layer, channel: str) -> None:
        while True:
            message = await layer.receive(channel)
            ids = [int(pk) for pk in message.get("ids", [])]
            if ids:
                events = await database_sync_to_async(events_by_id)(ids)
                await self.dispatch(events)


async def _deliver(socket: Socket, bodies: list[dict]) -> int:
    """Send one socket its messages in order; how many went out (a closing socket stops)."""
    for count, body in enumerate(bodies):
        try:
            await socket.deliver(body)
        except Exception:  # a socket that just closed; the others go on
            logger.debug("could not send to a closing socket", exc_info=True)
            return count
    return len(bodies)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub]" = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    """The hub of the running event loop (a process normally has one loop)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub(redis_url=settings.TOWNHALL_REDIS_URL)
    return hub
