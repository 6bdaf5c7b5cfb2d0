"""The candidate set is exactly the newest matches, whatever order the ids are in.

SQLite finds a frequent word's newest matches through a window of the newest documents and
the rowid range it spans (backends/sqlite.py), not by sorting every match; these tests make
ids and dates disagree (documents written out of date order, as a reindex or a draft
published later does) and compare with the plain answer: every match, sorted. PROBE is
lowered so a few hundred documents count as a frequent word. On PostgreSQL the same tests
check the one ordered query."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townhall.search.backends import SearchBackend, get_backend
from townhall.search.backends import sqlite as sqlite_backend
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import CANDIDATE_FIELDS, search

Kind = SearchDocument.Kind
DOCUMENTS = 400


@pytest.fixture
def shuffled(member, monkeypatch):
    """DOCUMENTS documents whose dates are shuffled against their ids: `office` in all,
    `quokka` in every third, `walrus` in every seventh; some comments; ties in time."""
    monkeypatch.setattr(sqlite_backend, "PROBE", 40)
    rng = random.Random(6)
    start = timezone.now() - datetime.timedelta(days=30)
    minutes = list(range(DOCUMENTS))
    rng.shuffle(minutes)
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind=Kind.COMMENT if n % 5 == 0 else Kind.POST,
            object_id=n + 1,
            post_id=n + 1,
            author_id=member.pk,
            text=" ".join(
                ["office"] + ["quokka"] * (n % 3 == 0) + ["walrus"] * (n % 7 == 0) + [f"w{n}"]
            ),
            created_at=start + datetime.timedelta(minutes=minutes[n] // 2),  # pairs tie
        )
        for n in range(DOCUMENTS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what the generator, reindex and the nightly job run
    return member


def _every_match_sorted(docs, query, limit):
    return SearchBackend.newest(get_backend(), docs, query, CANDIDATE_FIELDS, limit)


@pytest.mark.parametrize("raw", ["office ", "quokka ", "office walrus ", "office -quokka "])
@pytest.mark.parametrize("kinds", [(Kind.POST, Kind.COMMENT), (Kind.POST,)])
def test_the_candidates_are_the_newest_matches_when_ids_do_not_follow_time(shuffled, raw, kinds):
    query = parse(raw)
    docs = SearchDocument.objects.filter(kind__in=kinds)
    for limit in (1, 25, 100, DOCUMENTS):
        found = get_backend().newest(docs, query, CANDIDATE_FIELDS, limit)
        assert found == _every_match_sorted(docs, query, limit), (raw, kinds, limit)
        assert found


def test_pages_below_a_cursor_are_the_next_newest_matches(shuffled):
    query = parse("office ")
    docs = SearchDocument.objects.filter(kind__in=(Kind.POST, Kind.COMMENT))
    seen = []
    before, last_id = None, None
    while True:
        page = docs
        if before is not None:
            page = docs.filter(created_at__lt=before) | docs.filter(
                created_at=before, pk__lt=last_id
            )
        found = get_backend().newest(page, query, CANDIDATE_FIELDS, 30, before)
        assert found == _every_match_sorted(page, query, 30)
        if not found:
            break
        seen += [row[0] for row in found]
        before, last_id = found[-1][3], found[-1][0]
    assert len(seen) == len(set(seen)) == DOCUMENTS


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite suite runs this one")
def test_sqlite_reads_a_frequent_word_through_a_window_not_every_match(shuffled):
    """Three statements: the probe (PROBE newest-by-rowid matches), the window of newest
    documents (a covering walk of the date index), the candidates within the window's rowid
    range (FTS5 seeks to it)."""
    docs = SearchDocument.objects.filter(kind__in=(Kind.POST, Kind.COMMENT))
    with CaptureQueriesContext(connection) as captured:
        get_backend().newest(docs, parse("office "), CANDIDATE_FIELDS, 20)
    probe, window, candidates = [q["sql"] for q in captured.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {window}")
        assert any("COVERING INDEX search_doc_newest" in row[3] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {candidates}")
        steps = [row[3] for row in cursor.fetchall()]
    assert "rowid BETWEEN" in candidates
    assert any(s.startswith("SCAN search_stem VIRTUAL TABLE INDEX 0:M2><") for s in steps), steps
    assert "SEARCH search_searchdocument USING INTEGER PRIMARY KEY (rowid=?)" in steps


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite suite runs this one")
def test_sqlite_ranks_candidates_without_bm25_in_one_query_per_word(shuffled):
    """bm25() counts every match of each word again for every candidate id; the ranking
    reads the candidates' text by primary key instead (and, for several words, one probe
    per word for its weight)."""
    ids = list(SearchDocument.objects.values_list("pk", flat=True)[:50])
    for raw, statements in (("office ", 1), ("office walrus ", 3)):
        with CaptureQueriesContext(connection) as captured:
            ranks = get_backend().rank(parse(raw), ids)
        assert len(captured.captured_queries) == statements
        assert not any("bm25" in q["sql"] for q in captured.captured_queries)
        assert set(ranks) == set(ids)
    ranks = get_backend().rank(parse("office walrus "), ids)
    texts = SearchDocument.objects.values_list("pk", "text")
    with_walrus = {pk for pk, text in texts if "walrus" in text}
    assert min(ranks[pk] for pk in ids if pk in with_walrus) > max(
        ranks[pk] for pk in ids if pk not in with_walrus
    )


def test_newest_page_skips_many_newer_matches_the_searcher_may_not_see(
    member, bo, secret_group, post
):
    """The page reads its objects with their permission check for the newest candidates
    first; when those are mostly hidden (a busy secret group) the rest are checked too."""
    older = [post(bo, f"Kiosk plan number {n}") for n in range(3)]
    for n in range(12):
        post(bo, f"Kiosk secret {n}", group=secret_group)
    page = search(member, parse("kiosk"), sort="newest", limit=2)
    assert [h.post.pk for h in page.hits] == [older[2].pk, older[1].pk]
    rest = search(member, parse("kiosk"), sort="newest", limit=2, cursor=page.next_cursor)
    assert [h.post.pk for h in rest.hits] == [older[0].pk]
    assert rest.next_cursor is None
    mine = search(bo, parse("kiosk"), sort="newest", limit=2)
    assert [h.post.body for h in mine.hits] == ["Kiosk secret 11", "Kiosk secret 10"]
