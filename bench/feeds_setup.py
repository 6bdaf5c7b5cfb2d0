"""Run by bench/feeds.py inside Django: sign in people, make tokens, find deep cursors.

    python bench/feeds_setup.py prepare OUT.json PEOPLE DEEP [build]  # sessions, tokens,
                                                     # page-50 cursors [, every home list built]
    python bench/feeds_setup.py write SECONDS RATE IDS.json  # posts arriving meanwhile
    python bench/feeds_setup.py compare PEOPLE               # list vs pull query, in-process
    python bench/feeds_setup.py watch                        # post ids in: when all lists have it

Everything goes through the real code: sessions as django.contrib.auth stores them, tokens
through townhall.accounts.tokens, posts through townhall.posts.actions.create_post.
"""

import json
import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townhall.settings")
django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import Count  # noqa: E402

from townhall.access.posts import visible_posts  # noqa: E402
from townhall.accounts.models import ApiToken, User  # noqa: E402
from townhall.accounts.tokens import create_token  # noqa: E402
from townhall.feeds.selectors import home_posts  # noqa: E402
from townhall.groups.models import Group  # noqa: E402
from townhall.posts.actions import create_post  # noqa: E402
from townhall.posts.selectors import encode_cursor  # noqa: E402

DEEP_PAGE = 50
PAGE = 20


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def deep_cursor(user: User) -> str | None:
    """The cursor that opens page 50 of the person's home feed (after 49 pages of 20)."""
    posts = visible_posts(user, home_posts(user)).order_by("-created_at", "-id")
    last = posts[(DEEP_PAGE - 1) * PAGE - 1 : (DEEP_PAGE - 1) * PAGE].first()
    return encode_cursor(last) if last else None


def build_lists(people) -> int:
    """Build the home list of each of `people` who has none (as their first visit would,
    through the same task's code), so a run measures the steady state of people who come
    back daily rather than everyone's first visit after a month away. Returns how many."""
    from townhall.feeds import lists
    from townhall.feeds.models import FeedState

    built = set(
        FeedState.objects.filter(person__in=people, built_at__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    return sum(lists.build(person.pk) for person in people if person.pk not in built)


def prepare(out: str, count: int, deep: int, build: bool = False) -> None:
    people = list(
        User.objects.filter(is_active=True)
        .exclude(role=User.Role.COMMENTER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    step = max(1, len(people) // count)
    chosen = User.objects.filter(pk__in=people[::step][:count]).order_by("pk")
    group = Group.objects.annotate(size=Count("memberships")).order_by("-size", "pk").first()
    rows = []
    for number, user in enumerate(chosen):
        _token, secret = create_token(user=user, name="bench", scope=ApiToken.Scope.READ)
        rows.append(
            {
                "id": user.pk,
                "session": session_for(user),
                "token": secret,
                "deep": deep_cursor(user) if number < deep else None,
            }
        )
    members = list(
        group.memberships.order_by("pk").values_list("user_id", flat=True)[
            :: max(1, group.memberships.count() // 100)
        ]
    )[:100]
    readers = []
    for user in User.objects.filter(pk__in=members):
        _token, secret = create_token(user=user, name="bench", scope=ApiToken.Scope.READ)
        readers.append(secret)
    author = User.objects.get(pk=members[0])
    if build:
        began = time.monotonic()
        made = build_lists([*chosen, *User.objects.filter(pk__in=members)])
        print(f"Built {made} home lists in {time.monotonic() - began:.0f} s", flush=True)
    _token, writer = create_token(user=author, name="bench", scope=ApiToken.Scope.WRITE)
    with open(out, "w") as handle:
        json.dump(
            {
                "people": rows,
                "group": {"id": group.pk, "size": group.memberships.count(), "kind": group.kind},
                "group_readers": readers,
                "group_writer": writer,
            },
            handle,
        )


def write(seconds: float, rate: float, ids_file: str) -> None:
    """New posts by the benchmark's people (organisation-wide) while the load runs."""
    with open(ids_file) as handle:
        ids = [row["id"] for row in json.load(handle)["people"]]
    people = list(User.objects.filter(pk__in=ids))
    rng = random.Random(1)
    deadline, written = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        create_post(actor=rng.choice(people), body=f"Live update {written} from the benchmark")
        written += 1
        time.sleep(1 / rate)
    print(written)


def compare(count: int) -> None:
    """Median time of the home feed's page 1 and page 50 (selector only, hydration included)
    from the precomputed list and from the pull query, interleaved, for `count` people with
    a built list; prints one line per case."""
    import statistics

    from townhall.feeds.models import FeedState
    from townhall.feeds.selectors import home_feed
    from townhall.posts.selectors import feed_page

    ids = list(
        FeedState.objects.filter(built_at__isnull=False)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    people = list(User.objects.filter(pk__in=ids[:: max(1, len(ids) // count)][:count]))
    times: dict[str, list[float]] = {}
    for user in people:
        deep = deep_cursor(user)
        for page, cursor in (("page 1", None), ("page 50", deep)):
            if page == "page 50" and cursor is None:
                continue
            for source, load in (
                ("list", lambda c=cursor, u=user: home_feed(u, c)),
                ("pull", lambda c=cursor, u=user: feed_page(u, home_posts(u), c)),
            ):
                load()  # once before: the cards and the state are cached, as in steady use
                began = time.perf_counter()
                load()
                times.setdefault(f"{page}, {source}", []).append(time.perf_counter() - began)
    for name, values in sorted(times.items()):
        print(f"{name:<16} median {statistics.median(values) * 1000:7.1f} ms  (n={len(values)})")


def watch(timeout: float = 120) -> None:
    """For each post id read from stdin, one JSON line on stdout: how many kept home lists
    it belongs to (`feeds.lists.home_audience`, what the fan-out inserts) and when the last
    of them had it, read from FeedEntry directly (no feed request), in ms after the post's
    `created_at`, which is set inside its transaction before the commit: an upper bound of
    commit -> in every list. `seen_at` is the wall clock (time.time()) of that moment."""
    from townhall.feeds.lists import home_audience
    from townhall.feeds.models import FeedEntry
    from townhall.posts.models import Post

    for line in sys.stdin:
        post_id = int(line)
        entries = FeedEntry.objects.filter(post_id=post_id)
        post, expected, deadline = None, None, time.monotonic() + timeout
        while True:
            count = entries.count()
            sampled = time.time()  # after the count: an upper bound of when it was complete
            if expected is None:  # once, after the first sample: it must not delay it
                post = Post.objects.get(pk=post_id)
                expected = home_audience(post).count()
            if count >= expected or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        result = {
            "post": post_id,
            "lists": expected,
            "delivered": count,
            "seen_at": sampled,
            "after_created_ms": (sampled - post.created_at.timestamp()) * 1000,
        }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "watch":
        watch()
    elif sys.argv[1] == "compare":
        compare(int(sys.argv[2]))
    elif sys.argv[1] == "prepare":
        prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), "build" in sys.argv[5:])
    else:
        write(float(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
