"""The periodic statistics job: SQLite's query plans for search need ANALYZE statistics
(docs/search.md, "Query plans"); the job takes them when missing or stale, not otherwise."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from townhall.core import schedule
from townhall.search.jobs import refresh_sqlite_statistics
from townhall.search.models import SearchDocument

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def _documents(member, start: int, count: int) -> None:
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind=SearchDocument.Kind.POST,
            object_id=n,
            post_id=n,
            author_id=member.pk,
            text=f"office word{n}",
            created_at=timezone.now() - datetime.timedelta(minutes=n),
        )
        for n in range(start, start + count)
    )


def _counted() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'search_searchdocument'")
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def test_the_job_is_scheduled():
    assert "townhall.search.jobs.refresh_sqlite_statistics" in schedule.jobs()


def test_statistics_are_taken_when_missing_then_only_once_the_index_has_grown(member):
    _documents(member, 1, 100)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert refresh_sqlite_statistics() is True
    assert _counted() == 100
    _documents(member, 101, 20)
    assert refresh_sqlite_statistics() is False  # 120 of 100: not stale yet
    assert _counted() == 100
    _documents(member, 121, 80)
    assert refresh_sqlite_statistics() is True
    assert _counted() == 200
