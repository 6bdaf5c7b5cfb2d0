"""Realtime at 1,000 sockets: time from a post's commit to its message on every socket, and
the memory the realtime process spends per idle connection.

    .venv/bin/python bench/realtime_sockets.py                     # SQLite, event table
    TOWNHALL_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
    TOWNHALL_REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/realtime_sockets.py

What it does, on a fresh site (a temporary data directory; with PostgreSQL a database created
under a random name next to the one in the URL, dropped at the end; Redis used as given):

1. makes `--sockets` people (1,000) through the real actions (accounts.create_user), who
   are all members of one private group (groups.request_to_join + decide_join_request;
   `--audience group`, the default) or all follow one author (people.follows.follow_person;
   `--audience follow`, public posts), plus, for the group, `--outsiders` people (20) who
   are not members: their sockets must hear nothing, which checks that the audience filter
   still applies at this size; a
   signed-in session for each (django.contrib.auth's session store) and an API token for
   the author;
2. starts the processes `townhall serve` starts, one each, so it knows their ids: the WSGI
   web process (granian), the realtime process (as townhall.cli.realtime_server runs it;
   `--servers granian,uvicorn-wsproto,...` measures other ASGI servers one after the other
   on the same site and prints them side by side: bench/realtime_servers.py) and, with
   Redis, the task worker;
3. opens one socket, reads the realtime process's RSS (VmRSS in /proc, the process and its
   children together), opens the 1,000 sockets (`?feed=1`, each with its own person's
   cookie), waits until it settles, reads the RSS again: (after - before) / 1,000 is the
   memory per idle connection;
4. has the author post `--posts` times through POST /api/v1/posts (the group's id with
   `--audience group`), one at a time, and for each post takes the moment the last of the
   1,000 sockets received {"type": "post", "post": id}, measured from the post's
   `created_at` (written inside the transaction, so a little before the commit: the figure
   is an upper bound of commit -> delivery) and from the moment the request was sent.

Prints a table per server and writes JSON keyed by server (`--json`, default
bench-realtime-sockets.json). Targets (issue #7): p95 under 500 ms; under 50 KB per idle
connection. Only 127.0.0.1 is contacted; every process it starts is stopped at the end, also
on Ctrl-C.
"""

import argparse
import asyncio
import contextlib
import json
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from processes import answers, load_average, raise_file_limit, rss_kb, start, stop  # noqa: E402
from realtime_report import report, summarize  # noqa: E402
from realtime_servers import SERVERS, server_command  # noqa: E402

from townhall.core.tests.isolated import TOWNHALL, free_port, isolated_site  # noqa: E402

# --- inside Django: the people, their sessions, the author's token -----------------------


def prepare(out: str, count: int, outsiders: int, audience: str) -> None:
    """Run in a child process with Django set up (`realtime_sockets.py --prepare ...`)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from townhall.accounts.actions import create_user
    from townhall.accounts.models import ApiToken
    from townhall.accounts.tokens import create_token
    from townhall.groups.actions import create_group, decide_join_request, request_to_join
    from townhall.people.follows import follow_person

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    def person(name: str):
        return create_user(username=name, email=f"{name}@northwind.example", display_name=name)

    author = person("author")
    group = None
    if audience == "group":
        group = create_group(actor=author, name="Everyone who listens", kind="private")
    readers, others = [], []
    for number in range(count):
        reader = person(f"reader{number:05d}")
        if group is None:
            follow_person(actor=reader, person=author)
        else:
            asked = request_to_join(actor=reader, group=group)
            decide_join_request(actor=author, join_request=asked, approve=True)
        readers.append(session_for(reader))
    for number in range(outsiders if group else 0):  # a followed author's post is public
        others.append(session_for(person(f"outsider{number:03d}")))
    _token, secret = create_token(user=author, name="bench", scope=ApiToken.Scope.WRITE)
    Path(out).write_text(
        json.dumps(
            {
                "readers": readers,
                "outsiders": others,
                "token": secret,
                "group": group.pk if group else None,
            }
        )
    )


def backlog() -> None:
    """Print how many events the worker has not yet dispatched (`--backlog`)."""
    import django

    django.setup()
    from townhall.events.models import Event

    print(Event.objects.filter(dispatched_at__isnull=True).count())


def wait_for_worker(env: dict, seconds: float = 900) -> None:
    """With Redis the worker publishes every event again (the durable path) once it gets to
    it. Measuring while it works through the thousands of membership events `prepare` made,
    or the previous server's posts, would time its audience queries too: wait for it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = subprocess.run(
            [sys.executable, __file__, "--backlog"], env=env, cwd=ROOT, capture_output=True
        )
        if left.stdout.strip() == b"0":
            return
        print(f"waiting for the worker: {left.stdout.decode().strip()} events left", flush=True)
        time.sleep(10)
    raise SystemExit("the worker did not catch up")


# --- the sockets ------------------------------------------------------------------------


class Listener:
    """One person's open feed socket: remembers when each post's message arrived."""

    def __init__(self, session: str):
        self.session = session
        self.socket = None
        self.arrived: dict[int, float] = {}
        self.task = None

    async def open(self, realtime: str, origin: str) -> None:
        import websockets

        self.socket = await websockets.connect(
            f"{realtime}/ws/?feed=1",
            origin=origin,
            additional_headers={"Cookie": f"sessionid={self.session}"},
            open_timeout=60,
            ping_interval=None,  # idle means idle: no traffic while memory is measured
            max_queue=None,
        )
        first = json.loads(await asyncio.wait_for(self.socket.recv(), 60))
        if first.get("type") != "ready":
            raise SystemExit(f"the socket answered {first} instead of ready")
        self.task = asyncio.create_task(self.listen())

    async def listen(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.socket:
                now = time.time()
                message = json.loads(raw)
                if message.get("type") == "post":
                    self.arrived.setdefault(message["post"], now)

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.socket:
            with contextlib.suppress(Exception):
                await self.socket.close()


async def open_all(listeners: list[Listener], realtime: str, origin: str, at_once: int) -> None:
    gate = asyncio.Semaphore(at_once)

    async def one(listener: Listener):
        async with gate:
            await listener.open(realtime, origin)

    await asyncio.gather(*(one(listener) for listener in listeners))


def post(web: str, token: str, body: str, group: int | None) -> dict:
    data = {"body": body} | ({"group_id": group} if group else {})
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        f"{web}/api/v1/posts",
        data=json.dumps(data).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1
        return json.loads(response.read())


async def measure(args, setup: dict, web: str, realtime: str, realtime_pid: int) -> dict:
    origin = web
    probe = Listener(setup["readers"][0])
    await probe.open(realtime, origin)
    await asyncio.sleep(2)
    before = rss_kb(realtime_pid)
    listeners = [Listener(session) for session in setup["readers"][1:]]
    outsiders = [Listener(session) for session in setup["outsiders"]]
    began = time.monotonic()
    await open_all(listeners, realtime, origin, args.at_once)
    opened_in = time.monotonic() - began
    await asyncio.sleep(args.settle)
    after = rss_kb(realtime_pid)
    per_socket_kb = (after - before) / len(listeners)
    load_idle = load_average()
    await open_all(outsiders, realtime, origin, args.at_once)
    everyone = [probe, *listeners]
    rows = []
    for number in range(args.posts):
        sent = time.time()
        body = f"Socket benchmark post {number}"
        created = await asyncio.to_thread(post, web, setup["token"], body, setup["group"])
        answered = time.time()
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            if all(created["id"] in listener.arrived for listener in everyone):
                break
            await asyncio.sleep(0.005)
        times = [listener.arrived.get(created["id"]) for listener in everyone]
        got = [t for t in times if t is not None]
        committed = datetime.fromisoformat(created["created_at"]).timestamp()
        rows.append(
            {
                "post": created["id"],
                "delivered": len(got),
                "request_ms": (answered - sent) * 1000,
                "commit_to_all_ms": (max(got) - committed) * 1000 if got else None,
                "commit_to_first_ms": (min(got) - committed) * 1000 if got else None,
                "sent_to_all_ms": (max(got) - sent) * 1000 if got else None,
                "load": load_average(),
            }
        )
        print(
            f"post {number + 1:>2}: {len(got):>5}/{len(everyone)} sockets, "
            f"commit -> all {rows[-1]['commit_to_all_ms'] or float('nan'):>7.0f} ms, "
            f"commit -> first {rows[-1]['commit_to_first_ms'] or float('nan'):>6.0f} ms, "
            f"request {rows[-1]['request_ms']:>5.0f} ms  (load {rows[-1]['load']})",
            flush=True,
        )
        await asyncio.sleep(args.pause)
    leaked = sum(len(listener.arrived) for listener in outsiders)
    for listener in [*everyone, *outsiders]:
        await listener.close()
    return {
        "sockets": len(everyone),
        "outsider_sockets": len(outsiders),
        "messages_to_outsiders": leaked,
        "opened_in_s": opened_in,
        "rss_before_kb": before,
        "rss_after_kb": after,
        "kb_per_idle_socket": per_socket_kb,
        "load_when_idle_measured": load_idle,
        "posts": rows,
    }


def floor(args) -> None:
    """Each server of --servers serving bench/realtime_floor.py (nothing of Townhall): the
    memory the server alone spends per idle WebSocket."""
    raise_file_limit(4 * args.sockets + 1024)
    found = {}
    for name in args.servers:
        port = free_port()
        command = server_command(name, "127.0.0.1", port, "realtime_floor:app")
        server = subprocess.Popen(
            command, cwd=HERE, stdout=subprocess.DEVNULL, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 30
            while not answers(f"http://127.0.0.1:{port}/"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{name} did not start")
                time.sleep(0.2)

            async def hold(port=port, server=server) -> tuple[int, int]:
                import websockets  # offers permessage-deflate, as browsers do

                async def one():
                    socket = await websockets.connect(f"ws://127.0.0.1:{port}/", ping_interval=None)
                    await socket.recv()
                    return socket

                first = [await one()]
                await asyncio.sleep(2)
                before = rss_kb(server.pid)
                sockets = [await one() for _ in range(args.sockets)]
                await asyncio.sleep(args.settle)
                after = rss_kb(server.pid)
                for socket in first + sockets:
                    await socket.close()
                return before, after

            before, after = asyncio.run(hold())
        finally:
            stop(server)
        found[name] = (after - before) / args.sockets
        print(
            f"{name:<16} (bench/realtime_floor.py), {args.sockets} idle sockets: "
            f"{found[name]:.1f} KB each (RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB; "
            f"load {load_average()})",
            flush=True,
        )
    Path(args.json).write_text(
        json.dumps({"server_alone_kb_per_idle_socket": found, "sockets": args.sockets})
    )


# --- main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=1000, help="sockets, one person each")
    parser.add_argument("--posts", type=int, default=10, help="posts measured (10)")
    parser.add_argument("--audience", choices=["group", "follow"], default="group")
    parser.add_argument(
        "--outsiders", type=int, default=20, help="non-members whose sockets must hear nothing"
    )
    parser.add_argument("--at-once", type=int, default=50, help="handshakes in flight (50)")
    parser.add_argument("--settle", type=float, default=5, help="seconds before the RSS (5)")
    parser.add_argument("--pause", type=float, default=1, help="seconds between posts (1)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait per post")
    parser.add_argument("--json", default="bench-realtime-sockets.json")
    parser.add_argument("--log", help="keep the processes' output in this file")
    parser.add_argument(
        "--servers",
        type=lambda text: text.split(","),
        default=["townhall"],
        help=f"realtime servers to compare, one after the other ({','.join(SERVERS)}); "
        "townhall (the default) is what `townhall serve` runs",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="only measure the servers' own memory per idle socket (bench/realtime_floor.py)",
    )
    parser.add_argument("--prepare", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--backlog", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backlog:
        backlog()
        return
    if args.prepare:
        out, count, outsiders, audience = args.prepare
        prepare(out, int(count), int(outsiders), audience)
        return
    if args.floor:
        floor(args)
        return

    limit = raise_file_limit(4 * (args.sockets + args.outsiders) + 1024)  # children inherit it
    web_port, realtime_port = free_port(), free_port()
    web, realtime = f"http://127.0.0.1:{web_port}", f"ws://127.0.0.1:{realtime_port}"
    processes: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with (
        tempfile.TemporaryDirectory(prefix="townhall-bench-sockets-") as data,
        isolated_site(Path(data), "th_sockets") as env,
    ):
        env["TOWNHALL_SECRET_KEY"] = secrets.token_urlsafe(50)
        env["TOWNHALL_BASE_URL"] = web
        env["TOWNHALL_REALTIME_URL"] = f":{realtime_port}"
        log = Path(args.log) if args.log else Path(data) / "processes.log"
        database = "PostgreSQL" if env.get("TOWNHALL_DATABASE_URL") else "SQLite"
        path = "Redis" if env.get("TOWNHALL_REDIS_URL") else "event table"
        try:
            subprocess.run(
                [*TOWNHALL, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True
            )
            began = time.monotonic()
            setup_file = Path(data) / "setup.json"
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--prepare",
                    str(setup_file),
                    str(args.sockets),
                    str(args.outsiders),
                    args.audience,
                ],
                env=env,
                cwd=ROOT,
                check=True,
            )
            setup = json.loads(setup_file.read_text())
            print(f"{database}, events through the {path}; file limit {limit}")
            print(
                f"Made {args.sockets} + {args.outsiders} people in {time.monotonic() - began:.0f} s"
            )
            granian = str(Path(sys.executable).with_name("granian"))
            processes.append(
                start(
                    [
                        *(granian, "--interface", "wsgi", "--host", "127.0.0.1"),
                        *("--port", str(web_port), "--workers", "1", "--blocking-threads", "1"),
                        *("--no-ws", "--log-level", "warning", "townhall.wsgi:application"),
                    ],
                    env,
                    log,
                )
            )
            if env.get("TOWNHALL_REDIS_URL"):
                processes.append(start([*TOWNHALL, "worker"], env, log))
            results = {}
            for name in args.servers:  # one realtime process at a time, the same site
                command = server_command(
                    name, "127.0.0.1", realtime_port, "townhall.asgi:application"
                )
                if env.get("TOWNHALL_REDIS_URL"):
                    wait_for_worker(env)
                rt = start(command, env, log)
                try:
                    deadline = time.monotonic() + 90
                    while not (
                        answers(f"{web}/readyz")
                        and answers(f"http://127.0.0.1:{realtime_port}/ws/health")
                    ):
                        if any(p.poll() is not None for p in [*processes, rt]) or (
                            time.monotonic() > deadline
                        ):
                            raise SystemExit(f"the servers did not start; see {log}")
                        time.sleep(0.3)
                    print(f"\n{name}: {' '.join(command)}", flush=True)
                    result = asyncio.run(measure(args, setup, web, realtime, rt.pid))
                finally:
                    stop(rt)
                results[name] = summarize(result, args)
        finally:
            for process in processes:
                stop(process)

    for name, summary in results.items():
        report(name, summary, f"{database}, {path}", args)
    if len(results) > 1:
        print(f"\n{'server':<18} {'KB/idle socket':>14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, summary in results.items():
            c2a = summary["commit_to_all_ms"]
            print(
                f"{name:<18} {summary['kb_per_idle_socket']:>14.1f} {c2a['p50']:>8.0f} "
                f"{c2a['p95']:>8.0f} {c2a['max']:>8.0f}"
            )
    for summary in results.values():
        summary |= {"database": database, "events_through": path}
    Path(args.json).write_text(json.dumps(results, indent=2))
    print(f"Wrote {args.json}")
    if any(summary["messages_to_outsiders"] for summary in results.values()):
        sys.exit("An outsider's socket heard of a post it may not see.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted; the processes this script started are stopped.")
