"""The engine's query plans for the SQL the search really sends, on an index big enough
(thousands of documents, analysed) that the planner's choice is a real one.

The trap these guard against (issue #6): on PostgreSQL, "the newest matches first" can be
planned as a walk backwards over an ordered index (primary key or created_at) checking
`vector @@ query` row by row until enough matches turn up. For a rare word that walks the
whole table (3.3 s at p95 on a million posts). The search must find a rare word's
documents through the GIN index and only then order them. For a very common word the
walk is the right plan (it stops after a few hundred rows), so there the test asserts
what makes it cheap: it reads a bounded number of rows, not the table.

The SQL is captured from the real selector (townhall.search.selectors.search, newest
first and by relevance), so a change in how the backend builds its queries is covered."""

import datetime
import json
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townhall.search.backends import get_backend
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import CANDIDATES, search

DOCUMENTS = 20_000
# A vocabulary with the long tail of real text (Zipf-like), so the planner's statistics
# look like a real organisation's: the most common lexemes are tracked, the rest are rare.
FILLER = [f"filler{n}" for n in range(1, 5_001)]
WEIGHTS = [1 / n for n in range(1, 5_001)]
QUERIES = {
    "rare": "zanzibar ",  # 4 documents, the oldest ones
    "medium": "quokka ",  # ~1.5%
    "common": "office ",  # every document
    "two words": "quokka walrus ",  # two medium words
    "two common words": "office filler1 ",  # a window of the newest documents holds enough
}


def _text(n: int, rng: random.Random) -> str:
    words = ["office", *rng.choices(FILLER, WEIGHTS, k=15)]
    if n < 4:
        words.append("zanzibar")
    if rng.random() < 0.015:
        words.append("quokka")
    if rng.random() < 0.015 or n % 97 == 0:
        words.append("walrus")
    if n % 211 == 0:
        words += ["quokka", "walrus"]
    return " ".join(words)


@pytest.fixture
def big_index(member, django_db_blocker):
    rng = random.Random(6)
    start = timezone.now() - datetime.timedelta(days=365)
    SearchDocument.objects.bulk_create(
        (
            SearchDocument(
                kind=SearchDocument.Kind.POST,
                object_id=n + 1,
                post_id=n + 1,
                author_id=member.pk,
                text=_text(n, rng),
                created_at=start + datetime.timedelta(minutes=25 * n),
            )
            for n in range(DOCUMENTS)
        ),
        batch_size=2_000,
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return member
    with connection.cursor() as cursor:
        # What autovacuum does in production: merge GIN's pending list (fresh rows land
        # there first; while it is long, the planner rightly prices the GIN index high).
        cursor.execute("SELECT gin_clean_pending_list('search_doc_vector'::regclass)")
        cursor.execute("ANALYZE search_searchdocument")
    return member


def _searches(actor, raw: str, sort: str) -> list[str]:
    """The SQL statements the search sent that touch the documents table."""
    with CaptureQueriesContext(connection) as captured:
        search(actor, parse(raw), sort=sort)
    return [q["sql"] for q in captured.captured_queries if "search_searchdocument" in q["sql"]]


def _candidates_of(actor, raw: str) -> list:
    """The candidate rows the selector's own SQL returns."""
    with connection.cursor() as cursor:
        cursor.execute(_candidate_sql(actor, raw, "newest"))
        return cursor.fetchall()


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _explain(sql: str, prefix: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}")
        raw = cursor.fetchone()[0]
    plan = json.loads(raw) if isinstance(raw, str) else raw
    return list(_nodes(plan[0]["Plan"]))


def _candidate_sql(actor, raw: str, sort: str) -> str:
    sqls = [
        s
        for s in _searches(actor, raw, sort)
        if "ORDER BY" in s and "LIMIT" in s and 'AS "kind"' in s  # not SQLite's probes
    ]
    # Several words on PostgreSQL may first read windows of the newest documents
    # (test_several_words.py); too few matches there, and the last statement is the one
    # over every document.
    assert 1 <= len(sqls) <= 3, sqls
    return sqls[-1]


def _walks_with_text_filter(node: dict) -> bool:
    return node.get("Relation Name") == "search_searchdocument" and "@@" in node.get("Filter", "")


@pytest.mark.postgres
def test_postgres_finds_rarer_words_through_the_gin_index(big_index):
    for kind in ("rare", "medium", "two words"):
        for sort in ("newest", "relevance"):
            sql = _candidate_sql(big_index, QUERIES[kind], sort)
            nodes = _explain(sql, "EXPLAIN (FORMAT JSON)")
            gin = [n for n in nodes if n.get("Index Name") == "search_doc_vector"]
            assert gin, (kind, sort, json.dumps(nodes, indent=1))
            assert all(n["Node Type"] == "Bitmap Index Scan" for n in gin)
            walks = [n for n in nodes if _walks_with_text_filter(n)]
            assert not walks, (kind, sort, json.dumps(walks, indent=1))
            whole = [
                n
                for n in nodes
                if n.get("Relation Name") == "search_searchdocument"
                and n["Node Type"] == "Seq Scan"
            ]
            assert not whole, (kind, sort, json.dumps(whole, indent=1))


@pytest.mark.postgres
@pytest.mark.parametrize("kind", ["common", "two common words"])
def test_postgres_reads_a_bounded_number_of_rows_for_a_common_word(big_index, kind):
    for sort in ("newest", "relevance"):
        sql = _candidate_sql(big_index, QUERIES[kind], sort)
        if kind == "two common words":  # a window of the newest documents held enough
            assert '"created_at" >' in sql, sql
        nodes = _explain(sql, "EXPLAIN (ANALYZE, FORMAT JSON)")
        read = sum(
            n.get("Actual Rows", 0) * n.get("Actual Loops", 1) + n.get("Rows Removed by Filter", 0)
            for n in nodes
            if n.get("Relation Name") == "search_searchdocument"
            or n.get("Index Name") == "search_doc_vector"
        )
        assert read <= 4 * CANDIDATES, (sort, json.dumps(nodes, indent=1))


@pytest.mark.postgres
def test_postgres_estimates_several_words_from_sampled_pages_not_the_whole_table(big_index):
    """Several words first estimate how many documents match from SAMPLE_PAGES random
    pages (TABLESAMPLE), to choose between a window and every match."""
    for kind in ("two words", "two common words"):
        (estimate,) = [
            s for s in _searches(big_index, QUERIES[kind], "newest") if "TABLESAMPLE" in s
        ]
        nodes = _explain(estimate, "EXPLAIN (ANALYZE, FORMAT JSON)")
        documents = [n for n in nodes if n.get("Relation Name") == "search_searchdocument"]
        assert "Sample Scan" in {n["Node Type"] for n in documents}, json.dumps(nodes, indent=1)
        assert "Seq Scan" not in {n["Node Type"] for n in documents}, json.dumps(nodes, indent=1)
        read = sum(n["Actual Rows"] for n in documents)
        assert read < DOCUMENTS, json.dumps(nodes, indent=1)


@pytest.mark.postgres
def test_postgres_ranks_only_the_candidates_by_primary_key(big_index):
    for kind in ("rare", "common", "two words"):
        ids = [c[0] for c in _candidates_of(big_index, QUERIES[kind])]
        assert ids
        with CaptureQueriesContext(connection) as captured:
            get_backend().rank(parse(QUERIES[kind]), ids)
        (rank_sql,) = [q["sql"] for q in captured.captured_queries]
        nodes = _explain(rank_sql, "EXPLAIN (FORMAT JSON)")
        scans = [n for n in nodes if n.get("Relation Name") == "search_searchdocument"]
        assert scans
        assert all(n["Node Type"] != "Seq Scan" for n in scans), json.dumps(nodes, indent=1)
        used = {n.get("Index Name") for n in nodes if "Index Name" in n}
        assert used == {"search_searchdocument_pkey"}, json.dumps(nodes, indent=1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite suite runs this one")
def test_sqlite_finds_matches_through_fts5_and_reaches_documents_by_rowid(big_index):
    """With statistics (ANALYZE, run by the generator and by `manage reindex`), SQLite
    starts from the FTS5 index and looks each match up by rowid; it never scans the
    documents (or their kind index) probing a list of matches."""
    for kind in QUERIES:
        for sort in ("newest", "relevance"):
            sql = _candidate_sql(big_index, QUERIES[kind], sort)
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                steps = [row[3] for row in cursor.fetchall()]
            assert any(re.match(r"SCAN search_stem VIRTUAL TABLE INDEX \d+:M", s) for s in steps)
            documents = [s for s in steps if " search_searchdocument " in f"{s} "]
            assert documents == [
                "SEARCH search_searchdocument USING INTEGER PRIMARY KEY (rowid=?)"
            ], (kind, sort, steps)
