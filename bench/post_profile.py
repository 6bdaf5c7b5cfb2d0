"""What the author's request costs when posting, by audience, in-process: POST /api/v1/posts
and the HTML composer (POST /posts/new/) through the whole middleware, with Django's
CaptureQueriesContext (query count and SQL ms) and wall and CPU time, for a post into the
largest group, into the smallest, and with no group by an author with few and with the most
followers. Posts are really written (into the generated organisation). --profile: cProfile
of the last request of each case.

    TOWNHALL_DATA_DIR=/tmp/big .venv/bin/python bench/post_profile.py [--repeat 7] [--profile] [-v]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from townhall.accounts.models import ApiToken, User  # noqa: E402
from townhall.accounts.tokens import create_token  # noqa: E402
from townhall.groups.models import Group  # noqa: E402
from townhall.people.models import Follow  # noqa: E402

HOST = "127.0.0.1"


def a_member(group) -> User:
    members = User.objects.filter(group_memberships__group=group, is_active=True, role="member")
    return members.order_by("pk").first()


def cases() -> list[tuple[str, User, Group | None]]:
    groups = Group.objects.annotate(size=Count("memberships")).order_by("-size", "pk")
    big, small = groups.first(), groups.last()
    top = Follow.objects.values("followed_id").annotate(n=Count("pk")).order_by("-n").first()
    return [
        (f"group of {big.size}", a_member(big), big),
        (f"group of {small.size}", a_member(small), small),
        ("no group, few followers", a_member(small), None),
        (f"no group, {top['n']} followers", User.objects.get(pk=top["followed_id"]), None),
    ]


def send(kind: str, client: Client, group, text: str):
    if kind == "API":
        body = {"body": text} | ({"group_id": group.pk} if group else {})
        response = client.post("/api/v1/posts", body, content_type="application/json")
        assert response.status_code == 201, response.content[:300]
    else:
        response = client.post(
            "/posts/new/", {"body": text} | ({"group": group.pk} if group else {})
        )
        assert response.status_code in (201, 302), response.content[:300]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=7, help="requests per case; the first untimed"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the last request")
    parser.add_argument("-v", action="store_true", help="print the three slowest queries")
    args = parser.parse_args()
    print(f"{'case':<28} {'kind':<5} {'wall p50':>8} {'CPU p50':>8} {'queries':>7} {'SQL ms':>7}")
    for label, author, group in cases():
        _token, secret = create_token(user=author, name="post_profile", scope=ApiToken.Scope.WRITE)
        api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_HOST=HOST)
        html = Client(HTTP_HOST=HOST)
        html.force_login(author)
        for kind, client in (("API", api), ("HTML", html)):
            wall, cpu = [], []
            for number in range(args.repeat):
                profile = cProfile.Profile() if args.profile and number == args.repeat - 1 else None
                with CaptureQueriesContext(connection) as captured:
                    began, began_cpu = time.perf_counter(), time.process_time()
                    if profile:
                        profile.enable()
                    send(kind, client, group, f"Profiling {label} {kind} {number} #bench")
                    if profile:
                        profile.disable()
                    wall.append((time.perf_counter() - began) * 1000)
                    cpu.append((time.process_time() - began_cpu) * 1000)
            queries = captured.captured_queries
            sql_ms = sum(float(q["time"]) for q in queries) * 1000
            print(
                f"{label:<28} {kind:<5} {statistics.median(wall[1:]):>8.0f} "
                f"{statistics.median(cpu[1:]):>8.0f} {len(queries):>7} {sql_ms:>7.0f}"
            )
            if args.v:
                for query in sorted(queries, key=lambda q: -float(q["time"]))[:3]:
                    print(f"    {float(query['time']) * 1000:6.0f} ms  {query['sql'][:160]}")
            if profile:
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
                print(out.getvalue())


if __name__ == "__main__":
    main()
