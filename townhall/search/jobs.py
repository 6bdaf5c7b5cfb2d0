"""Periodic jobs of the search (found by townhall.core.schedule)."""

from django.db import connection

from townhall.core.schedule import every
from townhall.search.models import SearchDocument

STALE = 1.5  # re-analyse once the documents have grown (or shrunk) by half since


def _analysed_rows(cursor) -> int | None:
    """How many documents SQLite's statistics last counted (None: never analysed)."""
    cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return None
    cursor.execute(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [SearchDocument._meta.db_table]
    )
    row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


@every(hours=6)
def refresh_sqlite_statistics() -> bool:
    """SQLite: ANALYZE once the documents have grown (or shrunk) by half since the
    statistics were taken, or were never taken; then `PRAGMA optimize` for the rest.
    The search's query plans depend on them (docs/search.md, "Query plans"): without
    statistics SQLite walks an index of `kind` probing the list of matches. PostgreSQL's
    autovacuum analyses by itself. Returns whether ANALYZE ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        analysed = _analysed_rows(cursor)
        rows = SearchDocument.objects.count()
        stale = analysed is None or not analysed / STALE <= rows <= analysed * STALE
        if stale and rows:
            cursor.execute("ANALYZE")
        cursor.execute("PRAGMA optimize")
    return bool(stale and rows)
