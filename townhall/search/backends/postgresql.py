"""PostgreSQL: the stored tsvector column `vector` (migration 0004: title weight A, text
weight B, each the union of the 'simple', 'english' and 'norwegian' configurations) with
its GIN index. Queries are built from `to_tsquery` rather than `websearch_to_tsquery`,
because only to_tsquery has prefix matching (`word:*`): a whole word matches as itself or
as its English or Norwegian stem; the word being typed and phrases match exactly
('simple'). Words are letters and digits only and single-quoted, so no query text is ever
read as an operator. Ranking is ts_rank (A counts 1.0, B 0.4) over the candidates only.

The match is a condition on the document row itself (`vector @@ q`), not `id IN (SELECT id
... WHERE vector @@ q)`: the self-join made the planner hash the matches and then scan the
whole table to join them back (tests/test_query_plans.py reads the plans).

Newest first for several words: the planner multiplies the words' frequencies as if they
were independent, but words that travel together (`https` and `intranet` in links) match
far more often: it expected 5,800 of the 44,000 matches of such a pair on a million posts,
and read every match from the heap to sort them (0.75-1 s). A pair that rarely travels
together (2,400 matches) is the opposite case: reading every match is cheap (~10 ms) and
any narrower first try only adds a second pass over the GIN index. So a query of several
words or phrases first *estimates* its share of documents from a sample of SAMPLE_PAGES
random table pages (TABLESAMPLE SYSTEM, ~1 ms; the GIN index cannot count without reading
the rows). Few matches: the one query over every document. Many: a window of the newest
documents sized to hold MARGIN times the matches asked for (the share of the index's
history that takes, from the sample), where the planner intersects the GIN bitmap with the
date index (BitmapAnd) and reads only the window's matches. Enough of them there: they are
the newest (anything left out is older than the window). Too few: the window widens WIDEN
times (READS windows at most, never past WINDOW_SHARE of the history, where reading every
match costs less than the date index's bitmap), then every match is read. The estimate only
decides what is read first; the answer is always the newest matches."""

import datetime

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from townhall.search.backends.base import SearchBackend
from townhall.search.query import SearchQuery

STEMMED = ("simple", "english", "norwegian")
SAMPLE_PAGES = 150  # table pages read at random to estimate a query's share of documents
MARGIN = 2  # a window is sized for MARGIN times the matches asked for
WINDOW_SHARE = 1 / 8  # the longest window (share of the history); beyond, read every match
WIDEN = 4
READS = 2  # windows tried before reading every match


def _lexeme(word: str, prefix: bool = False) -> str:
    return f"'{word}'" + (":*" if prefix else "")


def _stemmed(word: str) -> tuple[str, list[str]]:
    sql = " || ".join(f"to_tsquery('{config}', %s)" for config in STEMMED)
    return f"({sql})", [_lexeme(word)] * len(STEMMED)


def _condition(tsquery: tuple[str, list[str]]) -> RawSQL:
    sql, params = tsquery
    return RawSQL(f"vector @@ {sql}", params, output_field=BooleanField())  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter


def _exact(expression: str) -> tuple[str, list[str]]:
    return "to_tsquery('simple', %s)", [expression]


class PostgresBackend(SearchBackend):
    def _tsquery(self, query: SearchQuery) -> tuple[str, list[str]] | None:
        parts = [_stemmed(word) for word in self.stem_words(query)]
        parts += [_exact(" <-> ".join(_lexeme(w) for w in phrase)) for phrase in query.phrases]
        if (prefix := self.prefix_word(query)) is not None:  # a prefix, or a whole word
            exact_sql, exact_params = _exact(_lexeme(prefix, prefix=True))
            stem_sql, stem_params = _stemmed(prefix)
            parts.append((f"({exact_sql} || {stem_sql})", exact_params + stem_params))
        if not parts:
            return None
        return "(" + " && ".join(sql for sql, _p in parts) + ")", [
            p for _s, ps in parts for p in ps
        ]

    def _ids(self, tsquery: tuple[str, list[str]]) -> RawSQL:
        sql, params = tsquery
        return RawSQL(f"SELECT id FROM search_searchdocument WHERE vector @@ {sql}", params)  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter

    def filter(self, docs: QuerySet, query: SearchQuery) -> QuerySet:
        if (tsquery := self._tsquery(query)) is not None:
            docs = docs.filter(_condition(tsquery))
        if (excluded := self._excluded_tsquery(query)) is not None:
            docs = docs.exclude(_condition(excluded))
        return docs

    def _excluded_tsquery(self, query: SearchQuery) -> tuple[str, list[str]] | None:
        if not query.excluded:
            return None
        parts = [_stemmed(word) for word in query.excluded]
        return "(" + " || ".join(s for s, _p in parts) + ")", [p for _s, ps in parts for p in ps]

    def matching(self, query: SearchQuery) -> RawSQL | None:
        tsquery = self._tsquery(query)
        return self._ids(tsquery) if tsquery else None

    def excluded(self, query: SearchQuery) -> RawSQL | None:
        excluded = self._excluded_tsquery(query)
        return self._ids(excluded) if excluded else None

    def rank_sql(self, query: SearchQuery) -> tuple[str, list] | None:
        tsquery = self._tsquery(query)
        if tsquery is None:
            return None
        sql, params = tsquery
        return (
            f"SELECT id, ts_rank('{{0.1, 0.2, 0.4, 1.0}}', vector, {sql}) "  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter
            "FROM search_searchdocument WHERE id IN ({ids})",
            params,
        )

    def _estimate(
        self, query: SearchQuery
    ) -> tuple[float, datetime.datetime | None, datetime.datetime | None]:
        """How many documents match (estimated from SAMPLE_PAGES random pages, exact on a
        small index), and the oldest and newest document's dates (None: the index is empty)."""
        sql, params = self._tsquery(query)
        if (excluded := self._excluded_tsquery(query)) is not None:
            sql, params = f"{sql} AND NOT vector @@ {excluded[0]}", [*params, *excluded[1]]
        percent = (
            "least(100, 100.0 * %s / greatest(1, pg_relation_size('search_searchdocument') "
            "/ current_setting('block_size')::int))"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE vector @@ {sql}), {percent}, "  # noqa: S608 -- constant SQL fragments; every value is a parameter
                "(SELECT min(created_at) FROM search_searchdocument), "
                "(SELECT max(created_at) FROM search_searchdocument) "
                f"FROM search_searchdocument TABLESAMPLE SYSTEM ({percent}) REPEATABLE (0)",
                [*params, SAMPLE_PAGES, SAMPLE_PAGES],
            )
            matched, percent_read, oldest, newest = cursor.fetchone()
        return matched * 100 / float(percent_read), oldest, newest

    def newest(self, docs, query, fields, limit, before=None) -> list[tuple]:
        if len(query.words) + len(query.phrases) < 2:
            return super().newest(docs, query, fields, limit, before)
        matches, oldest, newest = self._estimate(query)
        if newest is None:  # nothing indexed
            return super().newest(docs, query, fields, limit, before)
        end = min(before or newest, newest)
        if query.before is not None:  # before:day, with slack for any time zone
            day_after = query.before + datetime.timedelta(days=2)
            end = min(end, datetime.datetime.combine(day_after, datetime.time.min, datetime.UTC))
        if not matches or oldest is None or oldest >= end:
            return super().newest(docs, query, fields, limit, before)
        history = end - oldest
        share = MARGIN * limit / matches  # of the history, for a window to hold enough
        for _read in range(READS):
            if share > WINDOW_SHARE:
                break
            since = end - history * share
            found = super().newest(docs.filter(created_at__gt=since), query, fields, limit, before)
            if len(found) == limit:  # whatever was left out is older than these
                return found
            share *= WIDEN
        return super().newest(docs, query, fields, limit, before)
