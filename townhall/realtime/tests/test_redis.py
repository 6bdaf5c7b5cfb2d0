"""Redis as the way events travel, and what happens when it is down."""

import asyncio
import contextlib
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from channels.db import database_sync_to_async as db

from townhall.config import load_config
from townhall.core.tests.isolated import free_port
from townhall.posts import actions as posts
from townhall.realtime import hub as hubs
from townhall.realtime.consumers import publish
from townhall.realtime.tests.conftest import connect, heard_nothing, next_message, run

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


@pytest.fixture
def quick_recovery(monkeypatch):
    monkeypatch.setattr(hubs, "HEARTBEAT_SECONDS", 0.5)
    monkeypatch.setattr(hubs, "RETRY_SECONDS", 0.3)
    monkeypatch.setattr(hubs, "OVERLAP_SECONDS", 1.0)


def test_with_redis_down_the_pages_keep_serving(client, office, settings):
    settings.TOWNHALL_REDIS_URL = closed_port_url()
    environment = {**os.environ, "TOWNHALL_REDIS_URL": settings.TOWNHALL_REDIS_URL}
    settings.CACHES = {"default": load_config(environment).cache}  # as configured in production
    client.force_login(office.bo)
    assert client.get("/").status_code == 200
    assert client.get("/company/").status_code == 200
    assert publish([1]) is False  # the outbox consumer shrugs (and logs); nothing raises


def test_with_redis_down_realtime_follows_the_event_table(office, settings, quick_recovery):
    settings.TOWNHALL_REDIS_URL = closed_port_url()

    async def scenario():
        bo = await connect(office.bo, "feed=1")
        hub = hubs.get_hub()
        for _ in range(50):
            if hub.mode == "table (redis down)":
                break
            await asyncio.sleep(0.05)
        assert hub.mode == "table (redis down)"
        post = await db(posts.create_post)(actor=office.aria, body="Still arrives")
        assert (await next_message(bo))["post"] == post.pk
        await bo.disconnect()

    run(scenario)


class Proxy:
    """A TCP proxy to the real Redis that the test can switch off and on again."""

    def __init__(self, target: str):
        parts = urlsplit(target)
        self.target, self.host, self.port = parts, parts.hostname, parts.port or 6379
        self.listen_port = free_port()
        self.server = None
        self.writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return urlunsplit(self.target._replace(netloc=f"127.0.0.1:{self.listen_port}"))

    async def start(self):
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.listen_port)

    async def stop(self):
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        self.writers.clear()
        await self.server.wait_closed()

    async def _handle(self, reader, writer):
        up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        self.writers |= {writer, up_writer}

        async def pipe(source, sink):
            with contextlib.suppress(Exception):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def wait_for_mode(hub, mode: str, seconds: float = 10):
    for _ in range(int(seconds / 0.05)):
        if hub.mode == mode:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the hub stayed {hub.mode!r}, not {mode!r}")


@pytest.mark.redis
def test_events_travel_through_redis_and_realtime_recovers_when_redis_returns(
    office, settings, quick_recovery
):
    proxy = Proxy(os.environ["TOWNHALL_REDIS_URL"])

    async def scenario():
        await proxy.start()
        settings.TOWNHALL_REDIS_URL = proxy.url
        bo = await connect(office.bo, "feed=1")
        hub = hubs.get_hub()
        await wait_for_mode(hub, "redis")
        assert not hub._table_follower_running()  # so this one can only come through Redis:
        first = await db(posts.create_post)(actor=office.aria, body="Through Redis")
        assert (await next_message(bo))["post"] == first.pk

        await proxy.stop()  # Redis goes away: the site and the sockets carry on
        await wait_for_mode(hub, "table (redis down)")
        second = await db(posts.create_post)(actor=office.aria, body="Through the table")
        assert (await next_message(bo))["post"] == second.pk

        await proxy.start()  # Redis is back
        await wait_for_mode(hub, "redis")
        third = await db(posts.create_post)(actor=office.aria, body="Through Redis again")
        assert (await next_message(bo))["post"] == third.pk
        assert await heard_nothing(bo, 1.5)  # each event once, though both paths saw it
        await bo.disconnect()
        await proxy.stop()

    run(scenario)
