"""Two servers on one PostgreSQL + Redis, as on two machines: a post made through server 1
reaches a socket connected to server 2's realtime process."""

import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets

from townhall.core.tests.isolated import ROOT, TOWNHALL, free_port, isolated_site

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from townhall.accounts.models import User
user = User.objects.get(username="bo")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - 127.0.0.1
            return response.status == 200
    except OSError:
        return False


def townhall(env, *args, stdin: str = "") -> str:
    done = subprocess.run(
        [*TOWNHALL, *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_post_made_through_server_1_reaches_a_socket_on_server_2(tmp_path):
    servers, logs = [], []
    with isolated_site(tmp_path / "one", "th_two") as env:
        env["TOWNHALL_SECRET_KEY"] = secrets.token_urlsafe(50)  # the same on every machine
        ports = [free_port(), free_port()]
        try:
            for n, port in enumerate(ports):
                machine = {
                    **env,
                    "TOWNHALL_DATA_DIR": str(tmp_path / f"machine{n}"),
                    "TOWNHALL_BASE_URL": f"http://127.0.0.1:{ports[0]}",
                }
                log = (tmp_path / f"serve{n}.log").open("wb")
                logs.append(log)
                servers.append(
                    subprocess.Popen(
                        [*TOWNHALL, "serve", "--port", str(port), "--workers", "1"],
                        env=machine,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
                deadline = time.monotonic() + 90
                while not (
                    answers(f"http://127.0.0.1:{port}/readyz")
                    and answers(f"http://127.0.0.1:{port + 1}/ws/health")
                ):
                    assert servers[-1].poll() is None and time.monotonic() < deadline, (
                        tmp_path / f"serve{n}.log"
                    ).read_text()
                    time.sleep(0.5)
            machine0 = {**env, "TOWNHALL_DATA_DIR": str(tmp_path / "machine0")}
            townhall(machine0, "createuser", "aria", "--email", "aria@northwind.example")
            townhall(machine0, "createuser", "bo", "--email", "bo@northwind.example")
            token = townhall(machine0, "token", "create", "aria", "--scope", "write")
            session = townhall(machine0, "manage", "shell", "-c", SESSION).splitlines()[-1]

            with ThreadPoolExecutor(max_workers=1) as thread:  # no loop of Playwright's there
                listening = listen_on_server_2_while_posting_on_server_1(ports, session, token)
                received = thread.submit(asyncio.run, listening).result()
            assert received["type"] == "post"
            assert received["health"]["mode"] == "redis", received  # it travelled through Redis
        finally:
            for server in servers:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGTERM)
            for server in servers:
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            for log in logs:
                log.close()


async def listen_on_server_2_while_posting_on_server_1(ports, session, token) -> dict:
    origin = f"http://127.0.0.1:{ports[0]}"
    async with websockets.connect(
        f"ws://127.0.0.1:{ports[1] + 1}/ws/?feed=1",
        origin=origin,
        additional_headers={"Cookie": f"sessionid={session}"},
    ) as socket:
        assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "ready"
        body = json.dumps({"body": "Made on machine one"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{ports[0]}/api/v1/posts",
            data=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = await asyncio.to_thread(urllib.request.urlopen, request, timeout=10)
        post = json.loads(response.read())
        message = json.loads(await asyncio.wait_for(socket.recv(), 20))
        assert message["post"] == post["id"], message
        health = await asyncio.to_thread(
            urllib.request.urlopen, f"http://127.0.0.1:{ports[1] + 1}/ws/health", timeout=3
        )
        return {**message, "health": json.loads(health.read())}
