"""PostgreSQL: the stored tsvector column `vector` ('simple' configuration, weight A) with
its GIN index. Queries are built for `to_tsquery('simple', ...)` rather than
`websearch_to_tsquery`, because only to_tsquery has prefix matching (`word:*`); the words are
letters and digits only and single-quoted, so no query text is ever read as an operator."""

from django.db.models.expressions import RawSQL

from townhall.search.backends.base import SearchBackend
from townhall.search.query import SearchQuery


def _lexeme(word: str, prefix: bool = False) -> str:
    return f"'{word}'" + (":*" if prefix else "")


class PostgresBackend(SearchBackend):
    def ids_matching(self, expression: str) -> RawSQL:
        return RawSQL(
            "SELECT id FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s)",
            [expression],
        )

    def all_of(self, query: SearchQuery) -> str:
        last = len(query.words) - 1
        parts = [_lexeme(w, query.prefix and i == last) for i, w in enumerate(query.words)]
        parts += ["(" + " <-> ".join(_lexeme(w) for w in phrase) + ")" for phrase in query.phrases]
        return " & ".join(parts)

    def any_of(self, words: list[str]) -> str:
        return " | ".join(_lexeme(word) for word in words)
