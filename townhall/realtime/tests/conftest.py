"""Realtime test helpers: people and groups, signed-in sockets on the real ASGI application."""

import asyncio
import json
import sys
import threading
import types
from dataclasses import dataclass
from functools import partial

import pytest
from asgiref.sync import async_to_sync

try:
    import daphne.testing  # noqa: F401
except ImportError:
    # channels.testing imports daphne for its live-server TestCase only, which we do not
    # use (the browser test runs the real realtime process); WebsocketCommunicator needs
    # nothing from it.
    stub = types.ModuleType("daphne.testing")
    stub.DaphneProcess = object
    sys.modules.setdefault("daphne", types.ModuleType("daphne"))
    sys.modules.setdefault("daphne.testing", stub)
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.conf import settings
from django.test import Client

from townhall.groups import actions as groups
from townhall.realtime import hub


@dataclass
class Office:
    """Aria writes; Bo reads; Olga owns Skunkworks, a secret group Aria belongs to."""

    aria: object
    bo: object
    olga: object
    skunkworks: object


@pytest.fixture
def office(make_user) -> Office:
    make = partial(make_user, password=None)
    aria, bo = make("aria", display_name="Aria Author"), make("bo", display_name="Bo Reader")
    olga = make("olga", display_name="Olga Owner")
    secret = groups.create_group(actor=olga, name="Skunkworks", kind="secret")
    invitation = groups.invite_to_group(actor=olga, group=secret, invitee=aria)
    groups.accept_invitation(actor=aria, invitation=invitation)
    return Office(aria, bo, olga, secret)


@pytest.fixture(autouse=True)
def _quick_hub(monkeypatch):
    monkeypatch.setattr(hub, "POLL_SECONDS", 0.02)


def session_cookie(person) -> str:
    client = Client()
    client.force_login(person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def site_origin() -> str:
    return settings.TOWNHALL_BASE_URL


def communicator(query: str = "feed=1", *, cookie: str = "", origin: str | None = None):
    from townhall.asgi import application

    headers = [(b"host", b"127.0.0.1:8001")]
    if origin is None:
        origin = site_origin()
    if origin:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/?{query}", headers=headers)


async def connect(person, query: str = "feed=1"):
    """A socket of `person`, connected and past its catch-up ("ready")."""
    from channels.db import database_sync_to_async

    cookie = await database_sync_to_async(session_cookie)(person)
    socket = communicator(query, cookie=cookie)
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from(timeout=5))["type"] == "ready"
    return socket


async def next_message(socket, seconds: float = 5) -> dict:
    return await socket.receive_json_from(timeout=seconds)


async def heard_nothing(socket, seconds: float = 0.5) -> bool:
    return await socket.receive_nothing(timeout=seconds)


def run(coroutine_function):
    """Run an async test body (sockets and all) from a sync pytest test, in a thread of its
    own: the browser tests' Playwright keeps an event loop in the main thread."""
    outcome = {}

    def body():
        from django.db import connections

        try:
            outcome["value"] = async_to_sync(coroutine_function)()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


async def settle():
    await asyncio.sleep(0)


def decode(frame: str) -> dict:
    return json.loads(frame)


def _database_url() -> str:
    """The test database, as TOWNHALL_DATABASE_URL for a process of our own."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def realtime_server(live_server, settings, tmp_path):
    """The real realtime process (uvicorn, as `townhall serve` starts it) on the test
    database, with the live server's pages pointing their sockets at it. Yields its port."""
    import contextlib
    import os
    import signal
    import subprocess
    import time
    import urllib.request

    from townhall.cli import realtime_server
    from townhall.core.tests.isolated import ROOT, free_port

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "townhall.settings",
        "TOWNHALL_DATA_DIR": str(settings.DATA_DIR),  # the same secret key as the pages
        "TOWNHALL_DATABASE_URL": _database_url(),
        "TOWNHALL_BASE_URL": live_server.url,
        "PYTHONPATH": str(ROOT),
    }
    log = (tmp_path / "realtime.log").open("wb")
    process = subprocess.Popen(
        realtime_server("127.0.0.1", port),
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ws/health", timeout=2):  # noqa: S310
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the realtime process did not start:\n"
                    + (tmp_path / "realtime.log").read_text()
                )
            time.sleep(0.2)
    settings.TOWNHALL_REALTIME_URL = f":{port}"
    policy = {**settings.CONTENT_SECURITY_POLICY}
    directives = {**policy["DIRECTIVES"]}
    directives["connect-src"] = ["'self'", f"ws://localhost:{port}", f"ws://127.0.0.1:{port}"]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
    yield port
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    log.close()
