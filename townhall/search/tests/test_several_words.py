"""PostgreSQL, several words, newest first: whatever the backend reads first (a window of
the newest documents sized from a sampled estimate of the matches, backends/postgresql.py),
the answer is the newest matches — the same rows, in the same order, as the one query over
every document. These tests shape the words so each path is taken: matches spread over the
year (the window holds enough), matches all older than any window, and a few recent matches
with the rest long ago (the window widens, then every match is read)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from townhall.search.backends import SearchBackend, get_backend, postgresql
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import CANDIDATE_FIELDS

pytestmark = pytest.mark.postgres
Kind = SearchDocument.Kind
DOCUMENTS = 1_200  # one every 7.3 hours over a year
LIMIT = 10  # the backend sizes its window for this many; 160+ matches make a window worth it


def _words(n: int, age: datetime.timedelta) -> list[str]:
    words = ["office", f"w{n}"]
    if n % 4 == 0:
        words += ["alpha", "beta"]  # 300 matches, all through the year
    if age > datetime.timedelta(days=200) and n % 3 == 0:
        words += ["gamma", "delta"]  # ~180 matches, all more than 200 days old
    if (age > datetime.timedelta(days=200) and n % 3 == 1) or n in (1_195, 1_190, 1_170):
        words += ["kappa", "lambda"]  # ~180 old matches and 3 of the last week
    return words


@pytest.fixture
def year(member, monkeypatch):
    # Sample every page: rows of earlier tests (rolled back) leave the table's file
    # longer than these documents need, and a sample of it could miss them.
    monkeypatch.setattr(postgresql, "SAMPLE_PAGES", 10**9)
    now = timezone.now()
    start = now - datetime.timedelta(days=365)
    step = (now - start) / DOCUMENTS
    docs = []
    for n in range(DOCUMENTS):
        created = start + step * n
        docs.append(
            SearchDocument(
                kind=Kind.COMMENT if n % 5 == 0 else Kind.POST,
                object_id=n + 1,
                post_id=n + 1,
                author_id=member.pk,
                text=" ".join(_words(n, now - created)),
                created_at=created,
            )
        )
    SearchDocument.objects.bulk_create(docs)
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('search_doc_vector'::regclass)")
        cursor.execute("ANALYZE search_searchdocument")
    return member


def _statements(raw: str, limit: int) -> tuple[list, list[str]]:
    docs = SearchDocument.objects.filter(kind__in=(Kind.POST, Kind.COMMENT))
    with CaptureQueriesContext(connection) as captured:
        found = get_backend().newest(docs, parse(raw), CANDIDATE_FIELDS, limit)
    assert found == SearchBackend.newest(get_backend(), docs, parse(raw), CANDIDATE_FIELDS, limit)
    return found, [q["sql"] for q in captured.captured_queries]


def test_matches_through_the_year_come_from_one_window_of_the_newest_documents(year):
    found, sql = _statements("alpha beta ", LIMIT)
    assert len(found) == LIMIT
    estimate, window = sql
    assert "TABLESAMPLE SYSTEM" in estimate
    assert '"created_at" >' in window


def test_matches_all_older_than_the_window_are_the_newest_of_every_match(year):
    found, sql = _statements("gamma delta ", LIMIT)
    assert len(found) == LIMIT
    assert all(timezone.now() - row[3] > datetime.timedelta(days=200) for row in found)
    assert len(sql) == 3  # the estimate, the window (nothing there), every match
    assert '"created_at" >' in sql[1]
    assert '"created_at" >' not in sql[2]


def test_a_window_that_widens_and_still_finds_nothing_ends_with_every_match(year):
    found, sql = _statements("gamma delta ", 2)  # two windows: 8 days, then 32
    assert len(found) == 2
    assert len(sql) == 4
    assert '"created_at" >' not in sql[3]


def test_a_few_recent_matches_come_first_then_the_newest_old_ones(year):
    found, sql = _statements("kappa lambda ", LIMIT)
    recent = [row for row in found if timezone.now() - row[3] < datetime.timedelta(days=10)]
    assert len(recent) == 3
    assert found[:3] == recent
    assert len(found) == LIMIT
    assert len(sql) == 3


@pytest.mark.parametrize("raw", ["alpha beta ", "gamma delta ", "kappa lambda ", "office alpha "])
def test_every_page_below_a_cursor_is_the_next_newest_matches(year, raw):
    query = parse(raw)
    docs = SearchDocument.objects.filter(kind__in=(Kind.POST, Kind.COMMENT))
    seen, before, last_id = [], None, None
    while True:
        page = docs
        if before is not None:
            page = docs.filter(created_at__lt=before) | docs.filter(
                created_at=before, pk__lt=last_id
            )
        found = get_backend().newest(page, query, CANDIDATE_FIELDS, LIMIT, before)
        assert found == SearchBackend.newest(get_backend(), page, query, CANDIDATE_FIELDS, LIMIT)
        if not found:
            break
        seen += [row[0] for row in found]
        before, last_id = found[-1][3], found[-1][0]
    every = SearchBackend.newest(get_backend(), docs, query, CANDIDATE_FIELDS, DOCUMENTS)
    assert seen == [row[0] for row in every]


@pytest.mark.parametrize("raw", ["alpha beta -kappa ", "alpha beta before:2026-01-01 "])
def test_excluded_words_and_dates_keep_the_answer_exact(year, raw):
    query = parse(raw)
    if query.before:  # a day near the middle of the generated year, whatever today is
        query.before = (timezone.now() - datetime.timedelta(days=180)).date()
    docs = SearchDocument.objects.filter(kind__in=(Kind.POST, Kind.COMMENT))
    if query.before:
        docs = docs.filter(
            created_at__lt=datetime.datetime.combine(query.before, datetime.time.min, datetime.UTC)
        )
    for limit in (1, LIMIT, 50):
        found = get_backend().newest(docs, query, CANDIDATE_FIELDS, limit)
        assert found == SearchBackend.newest(get_backend(), docs, query, CANDIDATE_FIELDS, limit)
        assert found
