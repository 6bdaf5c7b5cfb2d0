"""The query plan of a home page read from the precomputed list, on enough posts (analysed)
that the planner's choice is a real one.

The trap (docs/performance.md, "Why the targets are missed"): with the list's window as
`posts_post.id IN (SELECT post_id FROM feeds_feedentry ... LIMIT 63)`, PostgreSQL planned a
scan of the whole posts table with the home predicate and joined the 63 candidates last
(1.3 s at 1,000,000 posts). As `= ANY(ARRAY(SELECT ...))` the window is an InitPlan run
once and the candidates are looked up by the posts' primary key. The SQL is captured from
the real read (`feeds.selectors.home_feed`), so a change in how the page query is built is
covered.

At the size a test can afford (20,000 posts; 60,000 tried) PostgreSQL still plans the old
`IN` form with the primary key too: the bad plan needs the 1M organisation's statistics
(its groups, topics, questions and polls joined in). So these tests pin the new SQL's
shape and that its plan reaches the posts by their primary key, never by a scan."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townhall.feeds import lists, selectors
from townhall.feeds.models import FeedEntry, FeedState
from townhall.people.follows import follow_person
from townhall.posts.models import Post

POSTS = 20_000
AUTHORS = 20
FOLLOWED = 4  # the reader's home feed holds about a fifth of the posts


@pytest.fixture
def reader_with_a_list(make_user):
    """A reader following 4 of 20 authors of POSTS posts, with a built list of the newest
    CAP posts of their home feed; the tables analysed."""
    reader = make_user("rhea", password=None)
    authors = [make_user(f"author{n}", password=None) for n in range(AUTHORS)]
    for author in authors[:FOLLOWED]:
        follow_person(actor=reader, person=author)
    start = timezone.now() - datetime.timedelta(days=400)
    Post.objects.bulk_create(
        (
            Post(
                author=authors[n % AUTHORS],
                body=f"Post {n}",
                body_html=f"<p>Post {n}</p>",
                created_at=start + datetime.timedelta(minutes=9 * n),
            )
            for n in range(POSTS)
        ),
        batch_size=5_000,
    )
    FeedState.objects.create(person=reader)
    lists.build(reader.pk)
    assert FeedEntry.objects.filter(person=reader).count() == lists.CAP
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE posts_post")
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE feeds_feedentry")
    lists.remember_built(reader.pk, True)
    return reader


def _page_sql(reader) -> tuple[str, list]:
    """The page query the home page sends, and the ids it answered."""
    with CaptureQueriesContext(connection) as captured:
        page = selectors.home_feed(reader)
    sqls = [q["sql"] for q in captured.captured_queries if "feeds_feedentry" in q["sql"]]
    assert len(sqls) == 1, sqls  # a full page: no second read
    return sqls[0], [item.post.pk for item in page.items]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _postgres_plan(sql: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    plan = json.loads(raw) if isinstance(raw, str) else raw
    return list(_nodes(plan[0]["Plan"]))


def _scans_of_posts(nodes: list[dict]) -> list[tuple[str, str | None]]:
    return [
        (node["Node Type"], node.get("Index Name"))
        for node in nodes
        if node.get("Relation Name") == "posts_post"
    ]


@pytest.mark.postgres
def test_postgres_looks_the_candidates_up_by_the_posts_primary_key(reader_with_a_list):
    reader = reader_with_a_list
    sql, shown = _page_sql(reader)
    assert "= ANY(ARRAY(SELECT" in sql
    scans = _scans_of_posts(_postgres_plan(sql))
    assert scans, sql
    assert all("Seq Scan" not in kind for kind, _index in scans), scans
    assert any(index == "posts_post_pkey" for _kind, index in scans), scans
    # The newest 20 posts of the authors followed, as the pull query shows them.
    newest = Post.objects.filter(author__in=reader.following.values("followed")).order_by(
        "-created_at", "-id"
    )
    assert shown == list(newest.values_list("pk", flat=True)[:20])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite suite runs this one")
def test_sqlite_looks_the_candidates_up_by_the_posts_primary_key(reader_with_a_list):
    sql, shown = _page_sql(reader_with_a_list)
    assert len(shown) == 20
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        details = [row[-1] for row in cursor.fetchall()]
    on_posts = [d for d in details if "posts_post " in f"{d} " and "posts_posttopic" not in d]
    assert any("INTEGER PRIMARY KEY" in d for d in on_posts), details
    assert not any(d.startswith("SCAN posts_post") for d in on_posts), details
