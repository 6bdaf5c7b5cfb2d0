"""The figures of bench/realtime_sockets.py: percentiles from one run's raw measurements,
the targets of issue #7, and the printed table."""

import os
import statistics

TARGET_P95_MS = 500
TARGET_KB_PER_SOCKET = 50


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarize(result: dict, args) -> dict:
    delivered = [row for row in result["posts"] if row["commit_to_all_ms"] is not None]
    to_all = [row["commit_to_all_ms"] for row in delivered]
    sent_all = [row["sent_to_all_ms"] for row in delivered]
    first = [row["commit_to_first_ms"] for row in delivered]
    return {
        "audience": args.audience,
        "sockets": result["sockets"],
        "every_socket_got_every_post": all(
            row["delivered"] == result["sockets"] for row in result["posts"]
        ),
        "messages_to_outsiders": result["messages_to_outsiders"],
        "commit_to_all_ms": {
            "p50": statistics.median(to_all),
            "p95": percentile(to_all, 0.95),
            "max": max(to_all),
        },
        "commit_to_first_ms": {"p50": statistics.median(first), "max": max(first)},
        "request_sent_to_all_ms": {
            "p50": statistics.median(sent_all),
            "p95": percentile(sent_all, 0.95),
            "max": max(sent_all),
        },
        "kb_per_idle_socket": result["kb_per_idle_socket"],
        "targets": {"p95_ms": TARGET_P95_MS, "kb_per_idle_socket": TARGET_KB_PER_SOCKET},
        "cpus": os.cpu_count(),
        "detail": result,
    }


def report(name: str, summary: dict, where: str, args) -> None:
    result, complete = summary["detail"], summary["every_socket_got_every_post"]
    c2a, s2a = summary["commit_to_all_ms"], summary["request_sent_to_all_ms"]
    p95_ok = c2a["p95"] < TARGET_P95_MS and complete
    kb_ok = result["kb_per_idle_socket"] < TARGET_KB_PER_SOCKET
    print()
    print(f"{name}: {where}, {result['sockets']} sockets ({args.audience}), {args.posts} posts")
    print(f"{'measure':<40} {'p50':>8} {'p95':>8} {'max':>8}  target")

    def row(label: str, figures: dict) -> str:
        return f"{label:<40} {figures['p50']:>8.0f} {figures['p95']:>8.0f} {figures['max']:>8.0f}"

    verdict = "met" if p95_ok else "MISSED"
    print(f"{row('commit -> all sockets (ms)', c2a)}  p95 < {TARGET_P95_MS}: {verdict}")
    print(row("request sent -> all sockets (ms)", s2a))
    print(
        f"{'commit -> first socket (ms)':<40} {summary['commit_to_first_ms']['p50']:>8.0f} "
        f"{'':>8} {summary['commit_to_first_ms']['max']:>8.0f}"
    )
    print(
        f"memory per idle socket: {result['kb_per_idle_socket']:.1f} KB "
        f"(RSS {result['rss_before_kb'] / 1024:.1f} -> {result['rss_after_kb'] / 1024:.1f} MiB; "
        f"load {result['load_when_idle_measured']})  target < {TARGET_KB_PER_SOCKET}: "
        f"{'met' if kb_ok else 'MISSED'}"
    )
    print(f"{result['sockets']} sockets opened in {result['opened_in_s']:.1f} s")
    print(
        f"every socket got every post: {complete}; messages to "
        f"{result['outsider_sockets']} outsiders' sockets: {result['messages_to_outsiders']}"
    )
