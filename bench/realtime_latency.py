"""How long from posting to the post's message on another person's open socket?

Starts `townhall serve` (WSGI workers, the realtime process and a task worker, as an
operator runs it) on a fresh site, opens Bo's socket on his feed, then has Aria post through
the API N times, one at a time, and times each from the moment the POST is sent to the
moment Bo's socket receives "post <id>". Prints the median, p90 and max.

    .venv/bin/python bench/realtime_latency.py                     # SQLite, event table
    TOWNHALL_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
    TOWNHALL_REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/realtime_latency.py

With PostgreSQL the database in the URL is created (and dropped at the end) under a random
name next to it; Redis is used as given (keys under the townhall-realtime prefix).
Only 127.0.0.1 is contacted; the server it starts is stopped when it ends.
"""

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from processes import answers  # noqa: E402

from townhall.core.tests.isolated import TOWNHALL, free_port, isolated_site  # noqa: E402
from townhall.realtime.tests.test_processes import SESSION  # noqa: E402


def townhall(env, *args) -> str:
    done = subprocess.run(
        [*TOWNHALL, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


async def measure(port: int, session: str, token: str, count: int) -> list[float]:
    import websockets

    def post(n: int) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/posts",
            data=json.dumps({"body": f"Latency probe {n}"}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())["id"]

    timings = []
    async with websockets.connect(
        f"ws://127.0.0.1:{port + 1}/ws/?feed=1",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={session}"},
    ) as socket:
        assert json.loads(await socket.recv())["type"] == "ready"
        for n in range(count):
            started = time.perf_counter()
            post_id = await asyncio.to_thread(post, n)
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), 30))
                if message.get("type") == "post" and message["post"] == post_id:
                    break
            timings.append(time.perf_counter() - started)
            await asyncio.sleep(0.2)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=30)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data, isolated_site(Path(data), "th_bench") as env:
        env["TOWNHALL_SECRET_KEY"] = secrets.token_urlsafe(50)
        env["TOWNHALL_BASE_URL"] = f"http://127.0.0.1:{port}"
        townhall(env, "migrate")
        townhall(env, "createuser", "aria", "--email", "aria@northwind.example")
        townhall(env, "createuser", "bo", "--email", "bo@northwind.example")
        token = townhall(env, "token", "create", "aria", "--scope", "write")
        session = townhall(env, "manage", "shell", "-c", SESSION).splitlines()[-1]
        server = subprocess.Popen(
            [*TOWNHALL, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 90
            while not (
                answers(f"http://127.0.0.1:{port}/readyz")
                and answers(f"http://127.0.0.1:{port + 1}/ws/health")
            ):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("townhall serve did not start")
                time.sleep(0.3)
            timings = asyncio.run(measure(port, session, token, args.posts))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    ms = sorted(t * 1000 for t in timings)
    database = "PostgreSQL" if env.get("TOWNHALL_DATABASE_URL") else "SQLite"
    path = "Redis" if env.get("TOWNHALL_REDIS_URL") else "event table"
    print(f"{database}, events through the {path}: {len(ms)} posts")
    print(
        f"post -> socket: median {statistics.median(ms):.0f} ms, "
        f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
