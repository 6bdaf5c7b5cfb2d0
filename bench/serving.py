"""Requests per second for the same Django views under WSGI and under ASGI, one worker each.

WSGI is granian in WSGI mode, started exactly as `townhall serve` starts it (townhall/cli.py);
ASGI is uvicorn (uvloop + httptools), or granian's ASGI interface, on Django's ASGI handler
(townhall.asgi:django_application). Both
serve a fresh demo site (SQLite in a temporary data directory unless --database-url is given).
Pages: GET /healthz (JSON, no database) and GET /people/ as a signed-in demo user.

    .venv/bin/pip install -e '.[bench]'   # uvicorn; wrk comes from `apt-get install wrk`
    .venv/bin/python bench/serving.py     # about 90 seconds

Runs interleave the servers (A B A B ...) so drift in the machine's load hits both; each
run is preceded by a short warm-up. The load generator is wrk; without it, a small Python
client (threads + keep-alive) stands in, which measures far lower absolute figures: compare
the ratio only. With two or more cores the server is pinned to CPU 1 and the load to CPU 0.
"other CPU" is the share of all cores busy outside the server and the load generator during
a run: above 0.10, the machine was noisy and the run says so.

Only 127.0.0.1 is contacted; every server this script starts is stopped when it ends.
"""

import argparse
import contextlib
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
NOISY = 0.10
# path -> sent with the demo admin's session cookie?
PAGES = {"/healthz": False, "/people/": True}


def server_command(kind: str, port: int) -> list[str]:
    granian = str(BIN / "granian") if (BIN / "granian").exists() else "granian"
    if kind == "wsgi":  # the same flags as `townhall serve --workers 1` (townhall/cli.py)
        return [
            *(granian, "--interface", "wsgi", "--host", HOST, "--port", str(port)),
            *("--workers", "1", "--blocking-threads", "1", "--no-ws"),
            *("--log-level", "warning", "townhall.wsgi:application"),
        ]
    if kind == "uvicorn":
        return [
            *(PYTHON, "-m", "uvicorn", "townhall.asgi:django_application", "--host", HOST),
            *("--port", str(port), "--workers", "1", "--loop", "uvloop", "--http", "httptools"),
            *("--lifespan", "off", "--no-access-log", "--log-level", "warning"),
        ]
    if kind == "granian-asgi":  # asginl: ASGI without lifespan, which Django does not speak
        return [
            *(granian, "--interface", "asginl", "--host", HOST, "--port", str(port)),
            *("--workers", "1", "--no-ws", "--log-level", "warning"),
            "townhall.asgi:django_application",
        ]
    raise SystemExit(f"unknown server {kind!r}: use wsgi, uvicorn or granian-asgi")


LABELS = {"wsgi": "WSGI granian", "uvicorn": "ASGI uvicorn", "granian-asgi": "ASGI granian"}


@dataclass
class Server:
    kind: str
    port: int
    process: subprocess.Popen | None = None
    label: str = field(init=False)

    def __post_init__(self):
        self.label = LABELS[self.kind]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def pinned(command: list[str], cpu: int) -> list[str]:
    if os.cpu_count() and os.cpu_count() >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", str(cpu), *command]
    return command


def start(server: Server, env: dict) -> None:
    command = pinned(server_command(server.kind, server.port), 1)
    # A process group of its own, so stopping it stops granian's worker processes too.
    server.process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.label} exited with {server.process.returncode}")
        with contextlib.suppress(OSError):
            if fetch(server.port, "/healthz")[0] == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{server.label} did not answer /healthz within 60 s")


def stop(server: Server) -> None:
    process = server.process
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- CPU accounting: how busy the machine was outside the measured processes -------------
TICK = os.sysconf("SC_CLK_TCK")


def machine_busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq + steal


def tree_ticks(root_pid: int) -> int:
    """utime + stime of a process and its live descendants."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(rest[1])
        ticks[int(entry.name)] = int(rest[11]) + int(rest[12])
    wanted, total = {root_pid}, 0
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += ticks.get(pid, 0)
    return total


def own_seconds() -> float:
    """CPU used by this script and its finished children (the load generator)."""
    seconds = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        seconds += usage.ru_utime + usage.ru_stime
    return seconds


# --- load generators ----------------------------------------------------------------------
@dataclass
class Result:
    rps: float
    p50_ms: float
    bad: int
    other_cpu: float = 0.0


def wrk(port: int, path: str, cookie: str, seconds: float, connections: int) -> Result:
    whole = max(1, round(seconds))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{whole}s", "--timeout", "10s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        pinned([*command, f"http://{HOST}:{port}{path}"], 0),
        capture_output=True,
        text=True,
        check=True,
        timeout=whole + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return Result(rps, float(p50.group(1)) * scale[p50.group(2)] if p50 else 0.0, bad)


def python_load(port: int, path: str, cookie: str, seconds: float, connections: int) -> Result:
    """Threads, each with one keep-alive connection, until the time is up."""
    headers = {"Cookie": cookie} if cookie else {}
    deadline = time.monotonic() + seconds
    counts: list[tuple[int, int, list[float]]] = []
    lock = threading.Lock()

    def client():
        done = bad = 0
        latencies: list[float] = []
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = 200 <= response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                ok = False
            latencies.append(time.perf_counter() - began)
            done, bad = done + ok, bad + (not ok)
        connection.close()
        with lock:
            counts.append((done, bad, latencies))

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies = [x for _, _, some in counts for x in some]
    return Result(
        rps=sum(done for done, _, _ in counts) / elapsed,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        bad=sum(bad for _, bad, _ in counts),
    )


def measure(load, server: Server, path: str, cookie: str, seconds: float, connections: int):
    before = (machine_busy_ticks(), tree_ticks(server.process.pid), own_seconds())
    began = time.monotonic()
    result = load(server.port, path, cookie, seconds, connections)
    elapsed = time.monotonic() - began
    busy = (machine_busy_ticks() - before[0]) / TICK
    ours = (tree_ticks(server.process.pid) - before[1]) / TICK + own_seconds() - before[2]
    result.other_cpu = max(0.0, busy - ours) / (elapsed * (os.cpu_count() or 1))
    return result


# --- the site under test ------------------------------------------------------------------
def prepare_site(env: dict) -> str:
    """Load the demo organisation; return a session cookie of its first admin."""
    subprocess.run([PYTHON, "-m", "townhall.cli", "demo"], env=env, cwd=ROOT, check=True)
    collect = [PYTHON, "-m", "townhall.cli", "manage", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=env, cwd=ROOT, check=True)
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from townhall.accounts.models import User\n"
        "client = Client()\n"
        "client.force_login(User.objects.filter(role='admin', is_active=True).first())\n"
        "print(client.cookies['sessionid'].value)\n"
    )
    session = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return f"sessionid={session}"


def versions() -> str:
    names = ["Django", "granian", "uvicorn"]
    found = []
    for name in names:
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return f"Python {sys.version.split()[0]}, " + ", ".join(found)


def spread(values: list[float]) -> str:
    return f"{min(values):,.0f}–{max(values):,.0f}"


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # unwinds through main()'s `finally`, which stops the servers


def main() -> None:
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)  # also when started in the background
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--duration", type=float, default=5, help="seconds per run (5; whole seconds for wrk)"
    )
    parser.add_argument("--warmup", type=float, default=1, help="seconds before each run (1)")
    parser.add_argument("--runs", type=int, default=3, help="runs per server and page (3)")
    parser.add_argument("--connections", type=int, default=64, help="open connections (64)")
    parser.add_argument(
        "--servers",
        default="wsgi,uvicorn",
        help="comma-separated, first is the baseline: wsgi, uvicorn, granian-asgi",
    )
    parser.add_argument("--database-url", default="", help="TOWNHALL_DATABASE_URL to serve from")
    parser.add_argument("--python-load", action="store_true", help="use the Python client")
    args = parser.parse_args()

    load = wrk
    if args.python_load or not shutil.which("wrk"):
        if not args.python_load:
            print("wrk is not installed (apt-get install wrk): using the Python load generator,")
            print("whose absolute figures are much lower; read the ratio, not the req/s.")
        load = python_load
    kinds = [kind.strip() for kind in args.servers.split(",") if kind.strip()]
    data_dir = tempfile.mkdtemp(prefix="townhall-bench-")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TOWNHALL_DATABASE_URL", "TOWNHALL_REDIS_URL", "TOWNHALL_DEBUG")
    }
    env.update(TOWNHALL_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="townhall.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if args.database_url:
        env["TOWNHALL_DATABASE_URL"] = args.database_url
    servers = [Server(kind, free_port()) for kind in kinds]
    results: dict[tuple[str, str], list[Result]] = {}
    try:
        session = prepare_site(env)
        for server in servers:
            start(server, env)
            status, _ = fetch(server.port, "/people/", session)
            if status != 200:
                raise SystemExit(f"{server.label}: /people/ answered {status} with the session")
        generator = "wrk -t1" if load is wrk else "Python threads"
        print(f"\n{versions()}; {os.cpu_count()} CPUs; database: {args.database_url or 'SQLite'}")
        print(
            f"Load: {generator}, {args.connections} connections, {args.duration:g} s per run "
            f"after {args.warmup:g} s warm-up, {args.runs} runs each, interleaved"
        )
        print(
            f"\n{'run':>3}  {'page':<9} {'server':<13} {'req/s':>8} {'p50 ms':>7}"
            f" {'errors':>6} {'other CPU':>9}"
        )
        for run in range(1, args.runs + 1):
            for path, signed_in in PAGES.items():
                cookie = session if signed_in else ""
                for server in servers:
                    if args.warmup:
                        load(server.port, path, cookie, args.warmup, args.connections)
                    result = measure(load, server, path, cookie, args.duration, args.connections)
                    results.setdefault((path, server.kind), []).append(result)
                    note = "  noisy" if result.other_cpu > NOISY else ""
                    print(
                        f"{run:>3}  {path:<9} {server.label:<13} {result.rps:>8,.0f} "
                        f"{result.p50_ms:>7.1f} {result.bad:>6} {result.other_cpu:>9.2f}{note}",
                        flush=True,
                    )
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(data_dir, ignore_errors=True)

    baseline = servers[0]
    print("\nMedian req/s (range over runs); ratio = baseline median / this median")
    header = f"{'page':<9}" + "".join(f" {s.label + ' median (range)':>30}" for s in servers)
    header += "".join(f" {baseline.kind + '/' + s.kind:>18}" for s in servers[1:])
    print(header)
    for path in PAGES:
        medians = {}
        line = f"{path:<9}"
        for server in servers:
            values = [r.rps for r in results[(path, server.kind)]]
            medians[server.kind] = statistics.median(values)
            line += f" {f'{medians[server.kind]:,.0f} ({spread(values)})':>30}"
        for server in servers[1:]:
            line += f" {medians[baseline.kind] / medians[server.kind]:>17.1f}×"
        print(line)
    noisy = sum(r.other_cpu > NOISY for rs in results.values() for r in rs)
    if noisy:
        print(
            f"\n{noisy} run(s) had other CPU above {NOISY}: rerun on a quiet machine to trust "
            "absolute figures; the interleaved ratio is the robust result."
        )
    errors = sum(r.bad for rs in results.values() for r in rs)
    if errors:
        print(f"\n{errors} responses were errors or not 2xx/3xx: the figures above are suspect.")
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted; the servers this script started are stopped.")
