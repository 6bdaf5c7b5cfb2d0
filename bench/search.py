"""Search latency on the generated organisation: p50/p95 per query class.

    townhall manage generate --people 10000 --posts 1000000   # once (see bench/README.md)
    .venv/bin/python bench/search.py [--runs 20] [--people 20]

Uses whatever database TOWNHALL_DATABASE_URL / TOWNHALL_DATA_DIR point at (SQLite or
PostgreSQL) and the generated data in it; nothing is written. Query words are picked from
the index itself by how many documents contain them, in the classes the issue fixes:
rare (~0.02% of documents), medium (~1.5%), very common (most documents) and two-word
queries (two medium words). Each query runs as several members through the real selector
(townhall.search.selectors.search, permissions included), newest first and by relevance,
plus as-you-type suggestions (people, groups, topics). Targets (issue #6): newest first
p95 < 50 ms, relevance p95 < 300 ms, suggestions p95 < 20 ms.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
django.setup()

from django.db import connection  # noqa: E402

from townhall.accounts.models import User  # noqa: E402
from townhall.search import selectors  # noqa: E402
from townhall.search.models import SearchDocument  # noqa: E402
from townhall.search.query import parse  # noqa: E402

SAMPLE = 20_000  # documents sampled to estimate word frequencies
CLASSES = {"rare": 0.0002, "medium": 0.015, "common": 0.5}


def word_classes(rng: random.Random) -> dict[str, list[str]]:
    total = SearchDocument.objects.count()
    if total == 0:
        sys.exit("The search index is empty: run `townhall manage generate` first.")
    top = SearchDocument.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = [rng.randint(1, top) for _ in range(SAMPLE)]
    texts = SearchDocument.objects.filter(pk__in=ids).values_list("text", flat=True)
    df, seen = Counter(), 0
    for text in texts.iterator():
        df.update(set(text.split()))
        seen += 1
    picked = {}
    for name, share in CLASSES.items():
        ranked = sorted(
            (w for w in df if len(w) > 2 and not w.isdigit()),
            key=lambda w: (abs(df[w] / seen - share), w),  # ties (words always together) by name
        )
        picked[name] = ranked[:5]
    medium = picked["medium"]
    picked["two words"] = [f"{a} {b}" for a, b in zip(medium, medium[1:] + medium[:1], strict=True)]
    return picked


def timed(function) -> float:
    began = time.perf_counter()
    function()
    return (time.perf_counter() - began) * 1000


def report(name: str, samples: list[float], target: float) -> None:
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    verdict = "ok" if p95 < target else "OVER"
    print(
        f"{name:34} n={len(samples):4}  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
        f"(target p95 < {target:.0f} ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="repeats per query and person")
    parser.add_argument("--people", type=int, default=10, help="members searching")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"database: {connection.vendor}, {SearchDocument.objects.count():,} documents")
    classes = word_classes(rng)
    members = list(User.objects.filter(is_active=True).order_by("?")[: args.people])
    for name, queries in classes.items():
        print(f"{name}: {', '.join(queries)}")
        for sort, target in (("newest", 50), ("relevance", 300)):
            samples = []
            for raw in queries:
                query = f"{raw} "  # a finished word: no prefix expansion
                for person in members:
                    selectors.search(person, parse(query), sort=sort)  # warm up
                    for _ in range(args.runs):
                        samples.append(
                            timed(
                                lambda p=person, q=query, s=sort: selectors.search(
                                    p, parse(q), sort=s
                                )
                            )
                        )
            report(f"  {name}, {sort}", samples, target)
    prefixes = ["an", "be", "jo", "ma", "sa", "ol", "ki", "de"]
    samples = []
    for person in members:
        for prefix in prefixes:
            for _ in range(args.runs):
                samples.append(
                    timed(
                        lambda p=person, q=prefix: (
                            selectors.search_people(p, q, limit=5),
                            selectors.search_groups(p, q, limit=5),
                            selectors.search_topics(p, q, limit=5),
                        )
                    )
                )
    report("suggestions (people, groups, topics)", samples, 20)


if __name__ == "__main__":
    main()
