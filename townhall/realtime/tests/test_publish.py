"""The author's request hands its events to Redis without waiting for Redis."""

import asyncio
import contextlib
import logging
import os
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from townhall.core.tests.isolated import free_port
from townhall.events import outbox
from townhall.posts.models import Post
from townhall.realtime import consumers
from townhall.realtime import hub as hubs
from townhall.realtime.tests.conftest import connect, heard_nothing, next_message, run

pytestmark = pytest.mark.django_db(transaction=True)

GUARD_SECONDS = 30  # only a request that waits for Redis gets anywhere near this


class HeldRedis:
    """A TCP server on 127.0.0.1, in a thread of its own, that takes what a Redis client
    sends and keeps it (answering nothing) until the test lets it go: then it forwards
    everything to `target` (a real Redis), or hangs up when there is none."""

    def __init__(self, target: str | None = None):
        self.target = urlsplit(target) if target else None
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.released = asyncio.Event()
        self.received = threading.Event()  # a client connected and sent something
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def url(self, db: str = "/0") -> str:
        path = self.target.path if self.target else db
        return urlunsplit(("redis", f"127.0.0.1:{self.port}", path, "", ""))

    def __enter__(self):
        self.thread.start()
        start = asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.server = asyncio.run_coroutine_threadsafe(start, self.loop).result()
        return self

    def release(self) -> None:
        self.loop.call_soon_threadsafe(self.released.set)

    def __exit__(self, *exc):
        async def stop():
            self.server.close()
            self.released.set()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def _handle(self, reader, writer):
        first = await reader.read(65536)
        if first:
            self.received.set()
        await self.released.wait()
        if self.target is None or not first:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection(
            self.target.hostname, self.target.port or 6379
        )
        up_writer.write(first)

        async def pipe(source, sink):
            with contextlib.suppress(Exception):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


@pytest.fixture
def worker_elsewhere(settings, monkeypatch):
    """Tasks wait for a worker (another process in production) instead of running inside
    the request, and the instant publish is on whether or not Redis was configured when
    the test run started."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    if consumers.publish_soon not in outbox.INSTANT:
        monkeypatch.setattr(outbox, "INSTANT", [*outbox.INSTANT, consumers.publish_soon])


def post_in_a_thread(person, body: str) -> dict:
    """POST /posts/new/ as `person` from a thread of its own; the outcome lands in the
    returned dict when the response is back."""
    outcome = {}

    def request():
        from django.db import connections

        try:
            client = Client()
            client.force_login(person)
            outcome["status"] = client.post("/posts/new/", {"body": body}).status_code
        finally:
            connections.close_all()

    thread = threading.Thread(target=request)
    thread.start()
    outcome["thread"] = thread
    return outcome


def test_the_authors_request_does_not_wait_for_a_redis_that_does_not_answer(
    office, settings, worker_elsewhere, caplog
):
    with HeldRedis() as redis:
        settings.TOWNHALL_REDIS_URL = redis.url()
        with caplog.at_level(logging.WARNING, logger=consumers.__name__):
            outcome = post_in_a_thread(office.aria, "Nobody at Redis answers")
            outcome["thread"].join(GUARD_SECONDS)
            assert not outcome["thread"].is_alive(), "the request waited for Redis"
            assert outcome["status"] == 302  # back to the author, while Redis holds the event
            assert redis.received.wait(GUARD_SECONDS)  # the publish did go out, after commit
            assert "could not publish" not in caplog.text, "the request waited until it gave up"
            redis.release()  # Redis hangs up: the failure is logged, nothing else happens
            for _ in range(GUARD_SECONDS * 20):
                if "could not publish" in caplog.text:
                    break
                threading.Event().wait(0.05)
            assert "could not publish events" in caplog.text


def test_the_worker_waits_until_redis_answers_and_says_whether_it_took_the_event(settings):
    with HeldRedis() as redis:
        answer = {}
        url = redis.url()
        worker = threading.Thread(target=lambda: answer.update(ok=consumers.publish([1], url)))
        worker.start()
        assert redis.received.wait(GUARD_SECONDS)
        assert worker.is_alive()  # still waiting for Redis
        redis.release()  # it hangs up
        worker.join(GUARD_SECONDS)
        assert answer == {"ok": False}  # the worker's consumer logs it and moves on


@pytest.mark.redis
def test_a_burst_of_events_all_go_out_through_one_connection(caplog):
    with caplog.at_level(logging.WARNING, logger=consumers.__name__):
        for pk in range(1, 301):  # an import or a script: more at once than the pool's 100
            consumers.publish_soon([pk])
        assert consumers.publish([301])  # sent after all of them: they are settled now
    assert "could not publish" not in caplog.text


@pytest.fixture
def quick_recovery(monkeypatch):
    monkeypatch.setattr(hubs, "HEARTBEAT_SECONDS", 0.5)
    monkeypatch.setattr(hubs, "RETRY_SECONDS", 0.3)
    monkeypatch.setattr(hubs, "OVERLAP_SECONDS", 0.5)


@pytest.mark.redis
def test_a_post_reaches_an_open_socket_through_redis_after_the_request_returned(
    office, settings, worker_elsewhere, quick_recovery
):
    real = os.environ["TOWNHALL_REDIS_URL"]

    async def scenario():
        settings.TOWNHALL_REDIS_URL = real  # the realtime process listens on the real Redis
        bo = await connect(office.bo, "feed=1")
        hub = hubs.get_hub()
        for _ in range(200):
            if hub.mode == "redis" and not hub._table_follower_running():
                break
            await asyncio.sleep(0.05)
        assert hub.mode == "redis" and not hub._table_follower_running()  # Redis alone

        with HeldRedis(real) as redis:
            settings.TOWNHALL_REDIS_URL = redis.url()  # the web process publishes through it
            outcome = post_in_a_thread(office.aria, "Held, then delivered")
            await asyncio.to_thread(outcome["thread"].join, GUARD_SECONDS)
            assert outcome.get("status") == 302, "the request waited for Redis"
            assert await heard_nothing(bo, 0.3)  # Redis has not taken it yet
            redis.release()
            message = await next_message(bo, GUARD_SECONDS)
            newest = await database_sync_to_async(Post.objects.latest)("pk")
            assert (message["type"], message["post"]) == ("post", newest.pk)
            assert newest.body == "Held, then delivered"
            assert await heard_nothing(bo, 0.5)  # once
            await bo.disconnect()

    run(scenario)
