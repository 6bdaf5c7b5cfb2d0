"""The `townhall` command: serve, run workers, manage users and tokens, check configuration."""

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
    from townhall.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as error:
        sys.exit(f"townhall: configuration problem: {error}")


def _call(*args, **options):
    from django.core.management import call_command

    call_command(*args, **options)


def prepare_database(verbosity: int = 1) -> None:
    """Apply migrations and create the cache table; safe to run every start."""
    _call("migrate", interactive=False, verbosity=verbosity)
    _call("createcachetable", verbosity=0)


def cmd_migrate(args) -> None:
    _django()
    prepare_database()


def cmd_demo(args) -> None:
    _django()
    prepare_database(verbosity=0)
    from townhall.demo.load import load_demo

    print(load_demo())


def cmd_worker(args) -> None:
    """Run background tasks; beside them a clock thread runs the periodic jobs."""
    _django()
    from townhall.core import schedule

    # verbosity 0: no line per task (failures are logged by retrying_task and kept in the table)
    options = {"queue_name": "*", "interval": args.interval, "reload": False, "verbosity": 0}
    if args.batch:
        schedule.run_due()
        _call("db_worker", batch=True, **options)
        return
    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"
    stop = threading.Event()
    schedule.start_clock(worker_id, stop)
    try:
        _call("db_worker", worker_id=worker_id, **options)
    finally:
        stop.set()


def _granian() -> str:
    candidate = Path(sys.executable).with_name("granian")
    return str(candidate) if candidate.exists() else "granian"


def cmd_serve(args) -> None:
    _django()
    from django.conf import settings

    from townhall.config import load_config

    prepare_database(verbosity=0)
    _call("collectstatic", interactive=False, verbosity=0)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104
    url = f"http://{shown}:{args.port}/"
    if args.demo:
        from townhall.demo.load import demo_loaded, demo_needed, load_demo

        # An empty site gets the demo; a demo site gets any demo steps added since.
        if demo_needed() or demo_loaded():
            print(load_demo(url), flush=True)
    for warning in load_config().warnings:
        print(f"Note: {warning}", flush=True)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "townhall.settings"}
    if not os.environ.get("TOWNHALL_BASE_URL"):
        # Links in emails and the WebSocket's Origin check follow the port actually served.
        environment["TOWNHALL_BASE_URL"] = url.rstrip("/")
    realtime_port = args.realtime_port or args.port + 1
    if args.with_realtime and not os.environ.get("TOWNHALL_REALTIME_URL"):
        # Pages open their WebSocket on this port of the host they came from; behind a
        # load balancer, leave it unset and route /ws/ here instead (docs/realtime.md).
        environment["TOWNHALL_REALTIME_URL"] = f":{realtime_port}"
    server = [
        _granian(),
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        "townhall.wsgi:application",
    ]
    children = [_start(server, environment)]
    if args.with_realtime:
        children.append(_start(realtime_server(args.host, realtime_port), environment))
    if args.with_worker:
        worker = [sys.executable, "-m", "townhall.cli", "worker"]
        children.append(_start(worker, environment))
    print(f"Townhall is serving at {url} (Ctrl-C stops it)", flush=True)
    if args.with_realtime:
        print(f"Realtime (WebSockets) on port {realtime_port}", flush=True)
    print(f"Data directory: {settings.DATA_DIR}", flush=True)
    _supervise(children)


def realtime_server(host: str, port: int, workers: int = 1) -> list[str]:
    """The thin ASGI process that holds the WebSockets (townhall/realtime): uvicorn on the
    standard asyncio loop and h11, the websockets library's sans-I/O protocol, no
    per-message compression: ~34 KB per idle socket with Townhall's own share (granian's
    WebSocket read buffer alone took 148 KB, a compressor per socket ~100 KB; measured with
    bench/realtime_sockets.py, docs/scaling.md)."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "asyncio",
        "--http",
        "h11",
        "--ws",
        "websockets-sansio",
        "--ws-per-message-deflate",
        "false",
        "--ws-max-size",
        "65536",  # the page sends only small JSON (pings)
        "--log-level",
        "warning",
        "townhall.asgi:application",
    ]


def _start(command: list[str], environment: dict) -> subprocess.Popen:
    """Start a child in its own process group, so stopping it also stops its own workers."""
    return subprocess.Popen(command, env=environment, start_new_session=True)  # noqa: S603


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)


def _supervise(children: list[subprocess.Popen]) -> None:
    """Run until Ctrl-C/SIGTERM or until a child dies; then stop all of them and theirs."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        for child in children:
            if child.poll() is not None:
                print(f"townhall: {child.args[0]} exited with {child.returncode}", flush=True)
                code = child.returncode or 1
                stopping = True
        time.sleep(0.2)
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"townhall: {child.args[0]} did not stop in 20 s; killing it", flush=True)
        _signal_group(child, signal.SIGKILL)  # whatever of its group is left
    sys.exit(code)


def cmd_createuser(args) -> None:
    _django()
    from townhall.accounts.actions import create_user

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if args.password_stdin and not password:
        sys.exit("townhall: --password-stdin was given but standard input was empty")
    try:
        user = create_user(
            username=args.username,
            email=args.email,
            display_name=args.name or args.username,
            password=password,
            role="admin" if args.admin else "member",
        )
    except ValueError as error:
        sys.exit(f"townhall: {error}")
    kind = "admin" if args.admin else "member"
    print(f"Created {kind} {user.username} <{user.email}>")
    if password is None:
        print("No password set: they sign in after 'Forgot password?' or through SSO.")


def cmd_token(args) -> None:
    _django()
    from townhall.accounts import tokens

    try:
        if args.token_command == "create":
            token, secret = tokens.create_token_for_username(
                username=args.username, name=args.name, scope=args.scope
            )
            print(secret)
            print(
                f"Token {token.prefix}… ({token.scope}) for {args.username}. "
                "Copy it now: it is not shown again.",
                file=sys.stderr,
            )
        else:
            token = tokens.revoke_token_by_prefix(username=args.username, prefix=args.prefix)
            print(f"Revoked token {token.prefix}… ({token.name})")
    except ValueError as error:
        sys.exit(f"townhall: {error}")


def cmd_check(args) -> None:
    from townhall.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as error:
        sys.exit(f"Problem: {error}")
    _django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    problems = list(config.warnings)
    try:
        from django.db import connection

        connection.ensure_connection()
    except Exception as error:
        problems.append(f"The database does not answer: {error}")
    if config.redis_url:
        from django.core.cache import cache

        try:
            cache.set("townhall-check", "1", timeout=5)
        except Exception as error:
            problems.append(f"Redis at TOWNHALL_REDIS_URL does not answer: {error}")
    try:
        call_command("check", deploy=config.https, fail_level="WARNING")
    except SystemCheckError as error:
        problems.append(str(error))
    for problem in problems:
        print(f"- {problem}")
    if any(not p.startswith("TOWNHALL_EMAIL_URL") for p in problems):
        sys.exit(1)
    print("Configuration looks right.")


def cmd_manage(args) -> None:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["townhall manage", *args.arguments])


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="townhall", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate if needed, then serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2, help="WSGI worker processes")
    serve.add_argument("--demo", action="store_true", help="load the demo org into an empty site")
    serve.add_argument(
        "--no-worker",
        dest="with_worker",
        action="store_false",
        help="do not start a background-task worker beside the web server",
    )
    serve.add_argument(
        "--realtime-port",
        type=int,
        default=0,
        help="port of the realtime (WebSocket) process (default: --port + 1)",
    )
    serve.add_argument(
        "--no-realtime",
        dest="with_realtime",
        action="store_false",
        help="do not start the realtime process (pages then poll for new posts)",
    )
    serve.set_defaults(func=cmd_serve)

    worker = commands.add_parser("worker", help="run background tasks")
    worker.add_argument("--interval", type=float, default=0.5, help="seconds between polls")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.set_defaults(func=cmd_worker)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    commands.add_parser("demo", help="load the demo organisation").set_defaults(func=cmd_demo)

    createuser = commands.add_parser("createuser", help="create a person's account")
    createuser.add_argument("username")
    createuser.add_argument("--email", required=True)
    createuser.add_argument("--name", help="display name (default: the username)")
    createuser.add_argument("--admin", action="store_true", help="give the admin role")
    createuser.add_argument("--password-stdin", action="store_true")
    createuser.set_defaults(func=cmd_createuser)

    token = commands.add_parser("token", help="create or revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="print a new token once")
    create.add_argument("username")
    create.add_argument("--scope", choices=["read", "write", "admin"], default="read")
    create.add_argument("--name", default="command line")
    revoke = token_commands.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("username")
    revoke.add_argument("prefix", help="the first characters of the token, as listed")
    token.set_defaults(func=cmd_token)

    commands.add_parser("check", help="explain any misconfiguration").set_defaults(func=cmd_check)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return top


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
