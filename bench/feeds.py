"""Home feed speed at scale: first page and page 50, HTML and API, beside a trivial JSON
view of the same app (same server, middleware and authentication, same run), while new
posts keep arriving; and a post into the largest group (5,000 members at --people 10000).

    townhall manage generate --people 10000 --posts 1000000      # the data, once
    apt-get install wrk                                           # or --python-load
    .venv/bin/python bench/feeds.py                               # table + bench-feeds.json

It serves the database of the current TOWNHALL_DATA_DIR (SQLite) or TOWNHALL_DATABASE_URL
with one granian WSGI worker pinned to CPU 1, exactly as `townhall serve` starts it, and
loads it from CPU 0 with wrk (bench/rotate.lua rotates over --people people's cookies or
tokens). Ratio = feed req/s / baseline req/s, both medians of interleaved runs: the HTML
page against GET /api/v1/me with the same session cookies, the API page against
GET /api/v1/me with the same tokens. Rules: bench/README.md.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serving  # noqa: E402  (bench/serving.py: the server, pinning and CPU accounting)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
HOST = serving.HOST


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    bad: int
    other_cpu: float = 0.0


# What is measured: name -> (kind of credential, path pattern, baseline it is divided by).
CASES = {
    "baseline, session": ("session", "/api/v1/me", None),
    "baseline, token": ("token", "/api/v1/me", None),
    "HTML home, page 1": ("session", "/", "baseline, session"),
    "HTML home, page 50": ("session", "/?after={deep}", "baseline, session"),
    "API home, page 1": ("token", "/api/v1/feeds/home", "baseline, token"),
    "API home, page 50": ("token", "/api/v1/feeds/home?cursor={deep}", "baseline, token"),
}


def request_lines(people: list[dict], credential: str, pattern: str) -> list[str]:
    lines = []
    for person in people:
        if "{deep}" in pattern and not person["deep"]:
            continue
        path = pattern.format(deep=_quote(person["deep"] or ""))
        if credential == "session":
            header = f"Cookie: sessionid={person['session']}"
        else:
            header = f"Authorization: Bearer {person['token']}"
        lines.append(f"{path}\t{header}")
    return lines


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


_SCALE = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, lines_file: str, seconds: float, connections: int) -> Result:
    whole = max(1, round(seconds))
    command = [
        *("wrk", "-t1", f"-c{connections}", f"-d{whole}s", "--timeout", "10s", "--latency"),
        *("-s", str(HERE / "rotate.lua"), f"http://{HOST}:{port}", "--", lines_file),
    ]
    output = subprocess.run(
        serving.pinned(command, 0), capture_output=True, text=True, check=True, timeout=whole + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad += sum(int(n) for n in errors.groups()) if errors else 0

    def percentile(name: str) -> float:
        found = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(found.group(1)) * _SCALE[found.group(2)] if found else 0.0

    return Result(rps, percentile("50"), percentile("99"), bad)


def python_load(port: int, lines_file: str, seconds: float, connections: int) -> Result:
    """Threads, each with a keep-alive connection, rotating over the same lines as wrk."""
    lines = [line.split("\t", 1) for line in Path(lines_file).read_text().splitlines()]
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()

    def client(offset: int):
        mine, errors = [], 0
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        position = offset
        while time.monotonic() < deadline:
            path, header = lines[position % len(lines)]
            name, value = header.split(": ", 1)
            position += 1
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={name: value})
                response = connection.getresponse()
                response.read()
                errors += not 200 <= response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                errors += 1
            mine.append(time.perf_counter() - began)
        connection.close()
        with lock:
            latencies.extend(mine)
            bad[0] += errors

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i * 37,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def at(share):
        return (
            latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000
            if latencies
            else 0.0
        )

    return Result(len(latencies) / elapsed, at(0.5), at(0.99), bad[0])


def drain(port: int, limit: float = 180) -> None:
    """Wait until the server has finished the requests a load run left queued (a closed
    wrk connection does not cancel them), so one case never pays for the previous one."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            serving.fetch(port, "/healthz")
        except OSError:
            continue
        if time.perf_counter() - began < 0.2:
            return


def measure(load, server, lines_file: str, seconds: float, connections: int) -> Result:
    before = (
        serving.machine_busy_ticks(),
        serving.tree_ticks(server.process.pid) if server.process else 0,
        serving.own_seconds(),
    )
    began = time.monotonic()
    result = load(server.port, lines_file, seconds, connections)
    elapsed = time.monotonic() - began
    busy = (serving.machine_busy_ticks() - before[0]) / serving.TICK
    ours = (
        (serving.tree_ticks(server.process.pid) - before[1]) / serving.TICK if server.process else 0
    )
    ours += serving.own_seconds() - before[2]
    result.other_cpu = max(0.0, busy - ours) / (elapsed * (os.cpu_count() or 1))
    drain(server.port)
    return result


def post_into_group(port: int, setup: dict, env: dict, posts: int = 5) -> dict:
    """A post into the largest group through POST /api/v1/posts, `posts` times, one after
    the other: the author's request time, and the time from the post's creation (inside its
    transaction, just before the commit) until every kept home list it belongs to holds it,
    read from FeedEntry directly by `feeds_setup.py watch` (no feed request is timed)."""
    group = setup["group"]
    watcher = subprocess.Popen(
        [PYTHON, str(HERE / "feeds_setup.py"), "watch"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    author_ms, listed_ms, after_response_ms, lists = [], [], [], []
    try:
        for number in range(-1, posts):  # -1: untimed, the worker and the server warmed up
            body = json.dumps(
                {"body": f"Group-wide benchmark post {number}", "group_id": group["id"]}
            )
            connection = http.client.HTTPConnection(HOST, port, timeout=120)
            began = time.perf_counter()
            connection.request(
                "POST",
                "/api/v1/posts",
                body=body,
                headers={
                    "Authorization": f"Bearer {setup['group_writer']}",
                    "Content-Type": "application/json",
                },
            )
            response = connection.getresponse()
            created = json.loads(response.read())
            author_ms.append((time.perf_counter() - began) * 1000)
            returned = time.time()
            connection.close()
            if response.status != 201:
                raise SystemExit(f"posting into the group answered {response.status}: {created}")
            watcher.stdin.write(f"{created['id']}\n")
            watcher.stdin.flush()
            seen = json.loads(watcher.stdout.readline())
            if seen["delivered"] < seen["lists"]:
                missing = f"in {seen['delivered']} of {seen['lists']} lists after 120 s"
                raise SystemExit(f"post {created['id']}: {missing}")
            if number < 0:
                author_ms.pop()
                continue
            listed_ms.append(seen["after_created_ms"])
            after_response_ms.append((seen["seen_at"] - returned) * 1000)
            lists.append(seen["lists"])
            time.sleep(1)  # the worker idle again before the next post
    finally:
        watcher.stdin.close()
        watcher.wait(timeout=30)
    return {
        "group_size": group["size"],
        "group_kind": group["kind"],
        "posts": posts,
        "lists_per_post": lists,
        "author_request_ms_p50": statistics.median(author_ms),
        "author_request_ms": author_ms,
        "in_every_list_ms_p50": statistics.median(listed_ms),
        "in_every_list_ms": listed_ms,
        "in_every_list_after_response_ms": after_response_ms,
    }


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=8, help="seconds per run (8)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before each run (2)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (3)")
    parser.add_argument("--connections", type=int, default=32, help="open connections (32)")
    parser.add_argument("--people", type=int, default=1000, help="people rotated over (1000)")
    parser.add_argument(
        "--deep-people", type=int, default=200, help="of them, with a page 50 cursor (200)"
    )
    parser.add_argument("--write-rate", type=float, default=5, help="new posts per second (5)")
    parser.add_argument("--json", default="bench-feeds.json", help="where to write results")
    parser.add_argument("--python-load", action="store_true", help="use the Python client")
    parser.add_argument(
        "--group-posts", type=int, default=5, help="posts into the largest group, timed (5)"
    )
    parser.add_argument(
        "--group-post-only",
        action="store_true",
        help="measure only the posts into the largest group (no feed load runs)",
    )
    parser.add_argument(
        "--build-lists",
        action="store_true",
        help="first build the home list of every rotated person who has none (the steady "
        "state of daily visitors; by default the ~30%% a generated organisation has not seen "
        "for a month get the pull query on their first visit while the worker builds theirs)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="start no task worker (nothing is fanned out and no home list is built: with "
        "the lists emptied, every home page comes from the pull query)",
    )
    parser.add_argument(
        "--url",
        help="load this running server (http://127.0.0.1:PORT, e.g. a load balancer: "
        "bench/multi_machine.py) instead of starting one; other CPU then includes it",
    )
    args = parser.parse_args()

    load = wrk
    if args.python_load or not shutil.which("wrk"):
        if not args.python_load:
            print("wrk is not installed (apt-get install wrk): using the Python load generator;")
            print("its absolute figures are much lower, read the ratios.")
        load = python_load
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="townhall.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("TOWNHALL_DEBUG", None)
    work = Path(tempfile.mkdtemp(prefix="townhall-bench-feeds-"))
    server = serving.Server(
        "wsgi", int(args.url.rstrip("/").rsplit(":", 1)[1]) if args.url else serving.free_port()
    )
    writer = worker = None
    results: dict[str, list[Result]] = {}
    try:
        began = time.monotonic()
        setup_file = work / "setup.json"
        subprocess.run(
            [
                PYTHON,
                str(HERE / "feeds_setup.py"),
                "prepare",
                str(setup_file),
                str(args.people),
                str(args.deep_people),
                *(["build"] if args.build_lists else []),
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        setup = json.loads(setup_file.read_text())
        people = setup["people"]
        deep = sum(1 for p in people if p["deep"])
        print(
            f"Prepared {len(people)} people ({deep} with a page 50) in {time.monotonic() - began:.0f} s"  # noqa: E501
        )
        files = {}
        for name, (credential, pattern, _base) in CASES.items():
            lines = request_lines(people, credential, pattern)
            random.Random(1).shuffle(lines)
            files[name] = str(work / f"{len(files)}.txt")
            Path(files[name]).write_text("\n".join(lines) + "\n")
        subprocess.run(
            [PYTHON, "-m", "townhall.cli", "manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        if not args.url:
            serving.start(server, env)
        if not args.no_worker:
            # Tasks only (the outbox: posts fanned out into the home lists, lists built), on
            # CPU 0 with the load; no periodic jobs (digests, trimming) to bill the run.
            command = [PYTHON, "-m", "townhall.cli", "manage", "db_worker"]
            command += ["--queue-name", "*", "--interval", "0.2", "--verbosity", "0"]
            worker = subprocess.Popen(
                serving.pinned(command, 0),
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
        for name in CASES:
            if not Path(files[name]).read_text().strip():
                continue  # no page 50 in a small organisation (--group-post-only runs)
            path, header = Path(files[name]).read_text().splitlines()[0].split("\t")
            key, value = header.split(": ", 1)
            connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
            connection.request("GET", path, headers={key: value})
            status = connection.getresponse().status
            if status != 200:
                raise SystemExit(f"{name}: {path} answered {status}")
        total = args.runs * len(CASES) * (args.duration + args.warmup) + 30
        writer = (
            None
            if args.group_post_only
            else subprocess.Popen(
                [
                    PYTHON,
                    str(HERE / "feeds_setup.py"),
                    "write",
                    str(total),
                    str(args.write_rate),
                    str(setup_file),
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        )
        print(
            f"\nLoad: {'wrk -t1' if load is wrk else 'Python threads'}, {args.connections} connections, "  # noqa: E501
            f"{args.duration:g} s runs after {args.warmup:g} s warm-up, {args.runs} runs, interleaved; "  # noqa: E501
            f"{args.write_rate:g} new posts/s meanwhile"
        )
        print(
            f"\n{'run':>3}  {'case':<20} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'other CPU':>9}"  # noqa: E501
        )
        for run in range(1, args.runs + 1) if not args.group_post_only else ():
            for name in CASES:
                if args.warmup:
                    load(server.port, files[name], args.warmup, args.connections)
                    drain(server.port)
                result = measure(load, server, files[name], args.duration, args.connections)
                results.setdefault(name, []).append(result)
                note = "  noisy" if result.other_cpu > serving.NOISY else ""
                print(
                    f"{run:>3}  {name:<20} {result.rps:>8,.0f} {result.p50_ms:>7.1f} {result.p99_ms:>7.1f} "  # noqa: E501
                    f"{result.bad:>6} {result.other_cpu:>9.2f}{note}",
                    flush=True,
                )
        group = (
            post_into_group(server.port, setup, env, args.group_posts) if args.group_posts else None
        )
    finally:
        for helper in (writer, worker):
            if helper is not None and helper.poll() is None:
                os.killpg(helper.pid, signal.SIGTERM)
                helper.wait(timeout=30)
        serving.stop(server)
        shutil.rmtree(work, ignore_errors=True)

    summary = {}
    print(
        f"\n{'case':<20} {'median req/s (range)':>22} {'p50 ms':>7} {'p99 ms':>7} {'÷ baseline':>10}"  # noqa: E501
    )
    for name, (_credential, _pattern, base) in CASES.items():
        if name not in results:
            continue
        rps = [r.rps for r in results[name]]
        median = statistics.median(rps)
        ratio = median / statistics.median(r.rps for r in results[base]) if base else None
        p50 = statistics.median(r.p50_ms for r in results[name])
        p99 = statistics.median(r.p99_ms for r in results[name])
        summary[name] = {
            "rps_median": median,
            "rps_runs": rps,
            "p50_ms": p50,
            "p99_ms": p99,
            "ratio_to_baseline": ratio,
            "runs": [asdict(r) for r in results[name]],
        }
        shown = f"{ratio:.0%}" if ratio is not None else "—"
        print(
            f"{name:<20} {f'{median:,.0f} ({min(rps):,.0f}–{max(rps):,.0f})':>22} {p50:>7.1f} {p99:>7.1f} {shown:>10}"  # noqa: E501
        )
    if group:
        print(
            f"\nPost into the largest group ({group['group_kind']}, {group['group_size']:,} members), "  # noqa: E501
            f"{group['posts']} posts through POST /api/v1/posts: author's request p50 "
            f"{group['author_request_ms_p50']:.0f} ms ({', '.join(f'{t:.0f}' for t in group['author_request_ms'])}); "  # noqa: E501
            f"in all {max(group['lists_per_post']):,} kept home lists (FeedEntry) p50 "
            f"{group['in_every_list_ms_p50']:.0f} ms after the post's creation "
            f"({', '.join(f'{t:.0f}' for t in group['in_every_list_ms'])}), an upper bound of commit -> every list"  # noqa: E501
        )
    noisy = sum(r.other_cpu > serving.NOISY for rs in results.values() for r in rs)
    if noisy:
        print(f"{noisy} run(s) had other CPU above {serving.NOISY}: trust the ratios, not req/s.")
    Path(args.json).write_text(
        json.dumps(
            {
                "database": os.environ.get("TOWNHALL_DATABASE_URL")
                or f"SQLite in {os.environ.get('TOWNHALL_DATA_DIR', './var')}",
                "people_rotated": len(people),
                "connections": args.connections,
                "write_rate": args.write_rate,
                "load": "wrk" if load is wrk else "python",
                "worker": not args.no_worker,
                "lists_built_first": args.build_lists,
                "cases": summary,
                "group_post": group,
            },
            indent=2,
        )
    )
    print(f"Wrote {args.json}")
    if sum(r.bad for rs in results.values() for r in rs):
        sys.exit("Some responses were errors: the figures above are suspect.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted; the server and writer this script started are stopped.")
