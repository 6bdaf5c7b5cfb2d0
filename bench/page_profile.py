"""In-process profile of the home feed's first page, HTML and API, for a few people.

    TOWNHALL_DATA_DIR=/tmp/big .venv/bin/python bench/page_profile.py [--people 5] [--repeat 3]
        [--show-queries]       # also the SQL of one warm request per case (first person)

Each person is signed in through django.contrib.auth (the test client's force_login) and
their home page is requested through the whole middleware stack: GET / (HTML) and
GET /api/v1/feeds/home (JSON, session auth). Every request runs under Django's
CaptureQueriesContext, so the table shows, per request: wall time, the number of SQL
queries, and the time spent in them, and whether the person's home list is built (else the
page comes from the pull query). "cold" is each person's first request after the card
cache was emptied; "warm" the median of the repeats that follow (cards cached). No
concurrency, no HTTP: this is where a request's time goes, not a throughput figure
(bench/feeds.py measures that).

The people are spread over the organisation: the person with the most group
memberships, then evenly spaced active members.
"""

import argparse
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from townhall.accounts.models import User  # noqa: E402

CASES = (("HTML home", "/"), ("API home", "/api/v1/feeds/home"))


def choose_people(count: int) -> list[User]:
    active = User.objects.filter(is_active=True, role__in=["member", "leader", "admin"])
    busiest = active.annotate(n=Count("group_memberships")).order_by("-n", "pk").first()
    ids = list(active.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // max(1, count - 1))
    chosen = [busiest.pk] + [pk for pk in ids[step // 2 :: step] if pk != busiest.pk]
    return list(User.objects.filter(pk__in=chosen[:count]).order_by("pk"))


def measure(client: Client, url: str, show: bool = False) -> tuple[float, int, float, int]:
    table = settings.CACHES["default"].get("LOCATION", "")
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        elapsed = (time.perf_counter() - start) * 1000
    work = [q for q in captured.captured_queries if not (table and table in q["sql"])]
    if show:
        print(f"  queries of one warm {url} ({len(captured.captured_queries)}, ms and SQL start):")
        for query in captured.captured_queries:
            sql = " ".join(query["sql"].split())
            print(f"  {float(query['time']) * 1000:8.1f}  {sql[:110]}")
    cache_sql = len(captured.captured_queries) - len(work)
    sql_ms = sum(float(q["time"]) for q in work) * 1000
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    return elapsed, len(work), sql_ms, cache_sql


def has_list(person: User) -> str:
    """Whether the person's precomputed home list is built ("no": the page came from the
    pull query; its build is queued, but no worker runs here)."""
    from townhall.feeds.models import FeedState

    return "yes" if FeedState.objects.filter(person=person, built_at__isnull=False) else "no"


def clear_cards() -> None:
    for alias in settings.CACHES:
        if alias != "default":
            caches[alias].clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="warm requests per person")
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print the SQL of the first person's last warm request, per case",
    )
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    people = choose_people(args.people)
    print(f"database: {connection.vendor}; cache: {settings.CACHES['default']['BACKEND']}")
    header = (
        f"{'case':<10} {'person':>7} {'cold ms':>8} {'q':>3} {'sql ms':>7}"
        f" {'warm ms':>8} {'q':>3} {'sql ms':>7} {'cache sql':>9} {'list':>5}"
    )
    print(header)
    print("-" * len(header))
    clear_cards()
    for label, url in CASES:
        for person in people:
            client = Client()
            client.force_login(person)
            client.get("/api/v1/me", HTTP_HOST="localhost")  # the session's first-visit work
            cold = measure(client, url)
            warm = [measure(client, url) for _ in range(args.repeat)]
            if args.show_queries and person == people[0]:
                measure(client, url, show=True)
            w_ms = statistics.median(r[0] for r in warm)
            w_q = statistics.median(r[1] for r in warm)
            w_sql = statistics.median(r[2] for r in warm)
            print(
                f"{label:<10} {person.pk:>7} {cold[0]:>8.0f} {cold[1]:>3} {cold[2]:>7.0f}"
                f" {w_ms:>8.0f} {w_q:>3.0f} {w_sql:>7.0f} {warm[-1][3]:>9} {has_list(person):>5}"
            )


if __name__ == "__main__":
    main()
