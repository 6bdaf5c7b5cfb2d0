"""SQLite FTS5 (migration 0004): `search_stem` (Porter stemmer, English) for whole words,
excluded words and bm25 ranking; `search_fts` (unicode61, prefix indexes) for exact
phrases and for the word being typed, which matches as a prefix or as a stemmed word.
Both drop diacritics; titles weigh TITLE_WEIGHT times the text in bm25."""

from django.db.models.expressions import RawSQL

from townhall.search.backends.base import SearchBackend
from townhall.search.query import SearchQuery

TITLE_WEIGHT = 5.0
STEM = "SELECT rowid FROM search_stem WHERE search_stem MATCH %s"
EXACT = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"


def _quoted(words: list[str]) -> str:
    # Words hold only letters and digits; a double-quoted string is always an FTS5 phrase.
    return '"' + " ".join(words) + '"'


def _all(words: list[str]) -> str:
    return " AND ".join(_quoted([word]) for word in words)


class SqliteBackend(SearchBackend):
    def _conditions(self, query: SearchQuery) -> list[tuple[str, list[str]]]:
        conditions = []
        if stemmed := self.stem_words(query):
            conditions.append((STEM, [_all(stemmed)]))
        if query.phrases:
            conditions.append((EXACT, [" AND ".join(_quoted(p) for p in query.phrases)]))
        if (prefix := self.prefix_word(query)) is not None:
            word = _quoted([prefix])
            conditions.append((f"{EXACT} UNION {STEM}", [word + "*", word]))
        return conditions

    def matching(self, query: SearchQuery) -> RawSQL | None:
        conditions = self._conditions(query)
        if not conditions:
            return None
        sql, params = conditions[0]
        params = list(params)
        for more_sql, more_params in conditions[1:]:
            sql = f"SELECT rowid FROM ({sql}) WHERE rowid IN ({more_sql})"  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter
            params += more_params
        return RawSQL(sql, params)  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter

    def excluded(self, query: SearchQuery) -> RawSQL | None:
        if not query.excluded:
            return None
        either = " OR ".join(_quoted([word]) for word in query.excluded)
        return RawSQL(STEM, [either])  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter

    def rank_sql(self, query: SearchQuery) -> tuple[str, list] | None:
        if query.words:
            table, expression = "search_stem", _all(query.words)
        elif query.phrases:
            table, expression = "search_fts", " AND ".join(_quoted(p) for p in query.phrases)
        else:
            return None
        return (
            f"SELECT rowid, -bm25({table}, {TITLE_WEIGHT}, 1.0) FROM {table} "  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter
            f"WHERE {table} MATCH %s AND rowid IN ({{ids}})",
            [expression],
        )
