import datetime

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from townhall.search.query import SearchQuery


class SearchBackend:
    """Build id subqueries from parsed words (letters and digits only) and rank a bounded
    set of candidate ids. Every word of `query.words` is matched stemmed (so the word
    itself always matches); the word being typed (`query.prefix`) and phrases are
    matched exactly."""

    def matching(self, query: SearchQuery) -> RawSQL | None:
        """SearchDocument ids containing every word and phrase (None: no text to match)."""
        raise NotImplementedError

    def excluded(self, query: SearchQuery) -> RawSQL | None:
        """SearchDocument ids containing any excluded word (None: nothing excluded)."""
        raise NotImplementedError

    def filter(self, docs: QuerySet, query: SearchQuery) -> QuerySet:
        """`docs` narrowed to those containing every word and phrase and no excluded word.
        By default through id subqueries; a backend whose index lives on the row itself
        (PostgreSQL) tests the row instead, so the planner never joins the table to itself."""
        if (matching := self.matching(query)) is not None:
            docs = docs.filter(pk__in=matching)
        if (excluded := self.excluded(query)) is not None:
            docs = docs.exclude(pk__in=excluded)
        return docs

    def newest(
        self,
        docs: QuerySet,
        query: SearchQuery,
        fields: tuple[str, ...],
        limit: int,
        before: datetime.datetime | None = None,
    ) -> list[tuple]:
        """`fields` of the newest `limit` documents of `docs` (already narrowed by the
        filters and the cursor, which lies at or after `before`) that match `query`, by
        (created_at, id) descending. By default one ordered query: PostgreSQL's planner
        picks the GIN index or the date index by the word's frequency
        (tests/test_query_plans.py)."""
        return list(
            self.filter(docs, query).order_by("-created_at", "-pk").values_list(*fields)[:limit]
        )

    def rank_sql(self, query: SearchQuery) -> tuple[str, list] | None:
        """SQL selecting (id, score) for ids given as %s placeholders appended by `rank`;
        higher is better; title matches count more than text."""
        raise NotImplementedError

    def rank(self, query: SearchQuery, ids: list[int]) -> dict[int, float]:
        """Text relevance of these (at most a few hundred) documents; empty without text."""
        built = self.rank_sql(query) if ids else None
        if built is None:
            return {}
        sql, params = built
        sql = sql.replace("{ids}", ", ".join(["%s"] * len(ids)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *ids])
            return {row[0]: float(row[1] or 0.0) for row in cursor.fetchall()}

    def stem_words(self, query: SearchQuery) -> list[str]:
        return query.words[:-1] if query.prefix else list(query.words)

    def prefix_word(self, query: SearchQuery) -> str | None:
        return query.words[-1] if query.prefix and query.words else None
