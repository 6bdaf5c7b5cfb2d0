"""One search interface, two engines, chosen by the database vendor.

A backend turns a parsed query (townhall.search.query.SearchQuery) into SQL subqueries of
SearchDocument ids: `matching(query)` for the words and phrases that must all be present,
`excluded(query)` for the -words that must not. Everything else (filters, order, the
bounded candidate set, permissions, snippets) is shared in townhall.search.selectors, so
both backends answer the same query the same way.
"""

from django.db import connection

from townhall.search.backends.base import SearchBackend
from townhall.search.backends.postgresql import PostgresBackend
from townhall.search.backends.sqlite import SqliteBackend

BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SqliteBackend,
    "postgresql": PostgresBackend,
}


def get_backend() -> SearchBackend:
    return BACKENDS[connection.vendor]()


__all__ = ["SearchBackend", "get_backend"]
