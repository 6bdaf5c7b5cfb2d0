"""The WebSocket a page opens: /ws/?feed=1&post=7&last=123 (or &since=<ISO time>).

- Origin: only pages of this site may open one (TOWNHALL_BASE_URL, CSRF_TRUSTED_ORIGINS,
  or the allowed host names on the base URL's port); anything else is refused at the
  handshake, so another site cannot ride on a signed-in visitor's cookie.
- Person: the signed-in session (the same cookie as the pages). Anyone else is accepted
  and closed at once with code 4401, which tells the page to stop trying.
- What it shows: `feed=1` (new posts), `post=<id>` (new comments and reactions there);
  every socket also hears "notify" when an event is addressed to its person.
- Deactivation: when an admin or SCIM deactivates the person, the hub closes their open
  sockets with 4401 (townhall/realtime/hub.py, event `user.deactivated`).
- Catching up: `last=<event id>` (the last event the page received) or, on the first
  connection, `since=<the time the page was rendered>`: events after that are sent first,
  filtered like live ones; more than CATCH_UP_LIMIT are summed up as {"type": "stale"}.
"""

import logging
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import validate_host
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from townhall.access.roles import is_active_member
from townhall.events.models import Event
from townhall.notifications.actions import SEEN_EVERY, record_seen
from townhall.realtime.audience import FEED, NOTIFY, Watchers, post_topic, route
from townhall.realtime.hub import get_hub

logger = logging.getLogger(__name__)

CATCH_UP_LIMIT = 200
CATCH_UP_WINDOW = timedelta(hours=1)  # never replay older events than this
SINCE_MARGIN = timedelta(seconds=2)  # a transaction that began before the page rendered
CLOSE_SIGNED_OUT = 4401


# --- Origin ---------------------------------------------------------------------------


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins() -> set[str]:
    base = urlsplit(settings.TOWNHALL_BASE_URL)
    origins = {_origin_of(settings.TOWNHALL_BASE_URL)}
    origins |= {_origin_of(url) for url in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}
    port = f":{base.port}" if base.port else ""
    for host in settings.ALLOWED_HOSTS:
        if host != "*" and not host.startswith("."):
            origins.add(f"{base.scheme}://{host}{port}".lower())
    return origins


def origin_allowed(scope) -> bool:
    """Is the handshake's Origin one of this site's pages (or the host it connected to)?"""
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin-1").strip().lower()
    if not origin or origin == "null":
        return False
    if origin in allowed_origins():
        return True
    # Same origin as the socket itself (a load balancer sends /ws/ here from the page's host).
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    hostname = urlsplit(f"//{host}").hostname or ""
    return (
        bool(host)
        and origin == f"{scheme}://{host}"
        and validate_host(hostname, settings.ALLOWED_HOSTS)
    )


# --- what the socket asked for --------------------------------------------------------


def _int(values: dict, name: str) -> int | None:
    value = (values.get(name) or [""])[0]
    return int(value) if value.isdigit() and len(value) < 19 else None


def _topics(values: dict) -> set[str]:
    topics = {NOTIFY}
    if (values.get("feed") or [""])[0] == "1":
        topics.add(FEED)
    post_id = _int(values, "post")
    if post_id is not None:
        topics.add(post_topic(post_id))
    return topics


def _since(values: dict) -> datetime | None:
    try:
        moment = parse_datetime((values.get("since") or [""])[0])
    except ValueError:
        return None
    if moment is None or timezone.is_naive(moment):
        return None
    return moment


def catch_up(
    user_id: int, topics: set[str], last: int | None, since: datetime | None
) -> tuple[list[dict], bool]:
    """The messages this person missed after event `last` (or since `since`), filtered as
    live ones are; and whether there were more than CATCH_UP_LIMIT events to look at."""
    if last is None and since is None:
        return [], False
    oldest = timezone.now() - CATCH_UP_WINDOW
    events = Event.objects.filter(created_at__gte=oldest)
    if last is not None:
        events = events.filter(pk__gt=last)
    else:
        events = events.filter(created_at__gte=since - SINCE_MARGIN)
    found = list(events.order_by("pk")[: CATCH_UP_LIMIT + 1])
    watchers = Watchers(everyone={user_id})
    for topic in topics:
        if topic == FEED:
            watchers.feed.add(user_id)
        elif topic.startswith("post:"):
            watchers.posts[int(topic[5:])] = {user_id}
    messages = route(found[:CATCH_UP_LIMIT], watchers)
    bodies = [m.body for m in messages if m.topic in topics and m.user_id == user_id]
    return bodies, len(found) > CATCH_UP_LIMIT


# --- the consumer ---------------------------------------------------------------------


class RealtimeSocket(AsyncJsonWebsocketConsumer):
    # Sockets hear of events through the hub, never through a channel layer of their own:
    # so a socket works (and can fall back to the event table) whether Redis answers or not.
    channel_layer_alias = "townhall-realtime-sockets-have-no-layer"

    user_id: int
    topics: set[str]

    async def connect(self):
        self.joined = False
        if not origin_allowed(self.scope):
            logger.info("refused a websocket from origin %r", dict(self.scope["headers"]))
            await self.close()  # before accept: the handshake is refused (HTTP 403)
            return
        user = self.scope.get("user")
        if not is_active_member(user):
            await self.accept()
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        values = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.user_id, self.topics = user.pk, _topics(values)
        await self.accept()
        hub = get_hub()
        await hub.join(self)  # first: so nothing falls between the catch-up and live events
        self.joined = True
        last, since = _int(values, "last"), _since(values)
        missed, stale = await database_sync_to_async(catch_up)(
            self.user_id, self.topics, last, since
        )
        for body in missed:
            await self.send_json(body)
        if stale:
            await self.send_json({"type": "stale"})
        await self.send_json({"type": "ready", "event": hub.position})
        await self.seen()

    async def seen(self) -> None:
        """An open page counts as using Townhall (no email at once meanwhile): record it on
        connect and on the page's pings, at most once a minute per socket."""
        now = time.monotonic()
        if now - getattr(self, "seen_at", -1e9) < SEEN_EVERY.total_seconds():
            return
        self.seen_at = now
        try:
            await database_sync_to_async(record_seen)(actor=self.scope["user"])
        except Exception:
            logger.exception("could not record that person %s is active", self.user_id)

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            self.joined = False
            await get_hub().leave(self)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None  # not JSON: ignored, like any message the page does not send

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
            if getattr(self, "joined", False):
                await self.seen()

    async def deliver(self, body: dict) -> None:
        await self.send_json(body)

    async def end(self, code: int) -> None:
        """Close this socket from the server (its person was deactivated)."""
        await self.close(code=code)
