"""SQLite FTS5: the `search_fts` table (unicode61, diacritics removed, prefix indexes)."""

from django.db.models.expressions import RawSQL

from townhall.search.backends.base import SearchBackend
from townhall.search.query import SearchQuery


def _quoted(words: list[str]) -> str:
    # Words hold only letters and digits; a double-quoted string is always an FTS5 phrase.
    return '"' + " ".join(words) + '"'


class SqliteBackend(SearchBackend):
    def ids_matching(self, expression: str) -> RawSQL:
        return RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])

    def all_of(self, query: SearchQuery) -> str:
        parts = [_quoted([word]) for word in query.words]
        if query.prefix and parts:
            parts[-1] += "*"
        parts += [_quoted(phrase) for phrase in query.phrases]
        return " AND ".join(parts)

    def any_of(self, words: list[str]) -> str:
        return " OR ".join(_quoted([word]) for word in words)
