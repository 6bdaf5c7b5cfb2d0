"""SQLite FTS5 (migration 0004): `search_stem` (Porter stemmer, English) for whole words,
excluded words and the word-frequency estimates; `search_fts` (unicode61, prefix indexes)
for exact phrases and for the word being typed, which matches as a prefix or as a stemmed
word. Both drop diacritics.

Newest first without sorting every match. FTS5 hands out matches in rowid order, not by
date, so "the newest 500 matches" of a frequent word would look up and sort every match
(0.3 s for a word in 40% of 150,000 documents). For a word with at least PROBE matches the
search instead reads a *window* of the newest documents from the (created_at, id) index —
a covering index walk, ids and dates only — and asks FTS5 only for matches whose rowid lies
between the window's smallest and largest id (FTS5 seeks straight to a rowid range).
(For a word whose matches are few, or so spread out that the window would be longer than
WALK_PER_LOOKUP times the matches, every match is read and sorted instead.)
Every document newer than the window's oldest moment is in the window, so the matches
found there are exactly the newest ones whatever order the ids are in: ids that follow
time (they do: rows are written as things are written, and `reindex` writes posts in order
with their comments) only keep the range narrow. The window is sized from the share of
matches among the newest ids (read by the same probe that counts them) and widened
WIDEN times while filters leave fewer than asked; after READS windows every match is read.

Relevance in Python over the candidates. FTS5's bm25() counts every row containing each
word to weigh it, and with `rowid IN (…)` it does so again for every candidate id (2 s for
a common word on 150,000 documents). So the candidates' folded title and text are read by
primary key and scored with the same BM25 formula (k1 1.2, b 0.75, the title TITLE_WEIGHT
times the text), stemmed matches approximated as the highlighter does; a word's weight
(idf) comes from its number of matches, read exactly up to PROBE and estimated above."""

import math
from collections import Counter

from django.db import connection
from django.db.models import Count, F, Func, Max, Min, QuerySet
from django.db.models.expressions import RawSQL

from townhall.search.backends.base import SearchBackend
from townhall.search.models import SearchDocument
from townhall.search.query import SearchQuery
from townhall.search.snippets import related

TITLE_WEIGHT = 5.0
K1, B = 1.2, 0.75
STEM = "SELECT rowid FROM search_stem WHERE search_stem MATCH %s"
EXACT = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
PROBE = 2_000  # newest-by-rowid matches read to tell a rare word from a frequent one
MARGIN = 1.2  # the first window is sized for MARGIN times the candidates asked for
WIDEN = 2
WALK_PER_LOOKUP = 4  # date-index entries walked for the cost of one document looked up
READS = 4

Condition = tuple[str, list]
Range = tuple[int, int] | None


def _quoted(words: list[str]) -> str:
    # Words hold only letters and digits; a double-quoted string is always an FTS5 phrase.
    return '"' + " ".join(words) + '"'


def _all(words: list[str]) -> str:
    return " AND ".join(_quoted([word]) for word in words)


def _fts(select: str, expression: str, rowids: Range) -> Condition:
    """One FTS5 lookup, within a rowid range when given (FTS5 seeks to it)."""
    if rowids is None:
        return select, [expression]
    return f"{select} AND rowid BETWEEN %s AND %s", [expression, *rowids]


class SqliteBackend(SearchBackend):
    def _conditions(self, query: SearchQuery, rowids: Range = None) -> list[Condition]:
        conditions = []
        if stemmed := self.stem_words(query):
            conditions.append(_fts(STEM, _all(stemmed), rowids))
        if query.phrases:
            phrases = " AND ".join(_quoted(p) for p in query.phrases)
            conditions.append(_fts(EXACT, phrases, rowids))
        if (prefix := self.prefix_word(query)) is not None:
            word = _quoted([prefix])
            exact_sql, exact_params = _fts(EXACT, word + "*", rowids)
            stem_sql, stem_params = _fts(STEM, word, rowids)
            conditions.append((f"{exact_sql} UNION {stem_sql}", exact_params + stem_params))
        return conditions

    def matching(self, query: SearchQuery, rowids: Range = None) -> RawSQL | None:
        conditions = self._conditions(query, rowids)
        if not conditions:
            return None
        sql, params = conditions[0]
        params = list(params)
        for more_sql, more_params in conditions[1:]:
            sql = f"SELECT rowid FROM ({sql}) WHERE rowid IN ({more_sql})"  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter
            params += more_params
        return RawSQL(sql, params)  # noqa: S608, S611 -- constant SQL fragments; every value is a parameter

    def excluded(self, query: SearchQuery, rowids: Range = None) -> RawSQL | None:
        if not query.excluded:
            return None
        either = " OR ".join(_quoted([word]) for word in query.excluded)
        return RawSQL(*_fts(STEM, either, rowids))  # noqa: S611 -- constant SQL fragments; every value is a parameter

    def filter(self, docs: QuerySet, query: SearchQuery, rowids: Range = None) -> QuerySet:
        if (matching := self.matching(query, rowids)) is not None:
            docs = docs.filter(pk__in=matching)
        if (excluded := self.excluded(query, rowids)) is not None:
            docs = docs.exclude(pk__in=excluded)
        return docs

    # --- newest first -----------------------------------------------------------------

    def _probe(self, condition: Condition) -> tuple[int, int, int]:
        """How many of the PROBE newest-by-rowid documents match (all of them when fewer),
        the lowest rowid among them, and the highest document id."""
        sql, params = condition
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), min(rowid), (SELECT max(id) FROM search_searchdocument) "  # noqa: S608 -- constant SQL fragments; every value is a parameter
                f"FROM ({sql} ORDER BY rowid DESC LIMIT %s)",
                [*params, PROBE],
            )
            count, lowest, top = cursor.fetchone()
        return count, lowest or 0, top or 0

    @staticmethod
    def _window(before, size: int) -> dict:
        """The newest `size` documents at or before `before`: how many, their smallest and
        largest id, and the oldest moment among them (a covering walk of search_doc_newest)."""
        docs = SearchDocument.objects.all()
        if before is not None:
            docs = docs.filter(created_at__lte=before)
        return docs.order_by("-created_at", "-pk")[:size].aggregate(
            n=Count("pk"), lo=Min("pk"), hi=Max("pk"), since=Min("created_at")
        )

    def newest(self, docs, query, fields, limit, before=None) -> list[tuple]:
        conditions = self._conditions(query)
        if not conditions:
            return super().newest(docs, query, fields, limit, before)
        count, lowest, top = self._probe(conditions[0])
        share = count / max(1, top - lowest + 1)
        size = max(math.ceil(MARGIN * limit / share), 8 * limit) if count else 0
        if count < PROBE or size > WALK_PER_LOOKUP * share * top:
            # Few matches (all of them, or a rare word whose newest matches are spread
            # over a long stretch of ids): reading and sorting them all costs less than
            # walking a window long enough to hold `limit` of them.
            return super().newest(docs, query, fields, limit, before)
        for _read in range(READS):
            window = self._window(before, size)
            if not window["n"]:
                return []
            rows = self.filter(docs, query, (window["lo"], window["hi"]))
            whole = window["n"] < size  # the window holds every document up to `before`
            if not whole:  # `+created_at`: a test on the row, never the date index's range
                rows = rows.alias(
                    in_window=Func(F("created_at"), template="+%(expressions)s")
                ).filter(in_window__gt=window["since"])
            found = list(rows.order_by("-created_at", "-pk").values_list(*fields)[:limit])
            if len(found) == limit or whole:
                return found
            size *= WIDEN
        return super().newest(docs, query, fields, limit, before)

    # --- relevance --------------------------------------------------------------------

    def _weights(self, query: SearchQuery, terms: list[str]) -> dict[str, float]:
        """BM25's idf per term from its number of matches (estimated above PROBE from the
        share of matches among the newest ids); one word alone weighs 1."""
        if len(terms) == 1:
            return {terms[0]: 1.0}
        prefix = self.prefix_word(query)
        weights = {}
        for term in terms:
            condition = (
                (EXACT, [_quoted([term]) + "*"]) if term == prefix else (STEM, [_quoted([term])])
            )
            count, lowest, top = self._probe(condition)
            matches = count if count < PROBE else count * top / max(1, top - lowest + 1)
            documents = max(top, 1)
            weights[term] = max(math.log((documents - matches + 0.5) / (matches + 0.5)), 1e-6)
        return weights

    def rank(self, query: SearchQuery, ids: list[int]) -> dict[int, float]:
        terms = list(dict.fromkeys([*query.words, *(w for p in query.phrases for w in p)]))
        if not ids or not terms:
            return {}
        prefix = self.prefix_word(query)
        rows = [
            (pk, Counter(title.split()), Counter(text.split()))
            for pk, title, text in SearchDocument.objects.filter(pk__in=ids).values_list(
                "pk", "title", "text"
            )
        ]
        lengths = {pk: title.total() + text.total() for pk, title, text in rows}
        average = max(sum(lengths.values()) / max(len(rows), 1), 1.0)
        weights = self._weights(query, terms)
        known: dict[tuple[str, str], bool] = {}

        def hits(counts: Counter, term: str) -> int:
            total = 0
            for word, times in counts.items():
                if (word, term) not in known:
                    known[(word, term)] = (
                        word == term
                        or related(word, term)
                        or (term == prefix and word.startswith(term))
                    )
                if known[(word, term)]:
                    total += times
            return total

        scores = {}
        for pk, title, text in rows:
            norm = K1 * (1 - B + B * lengths[pk] / average)
            score = 0.0
            for term in terms:
                freq = TITLE_WEIGHT * hits(title, term) + hits(text, term)
                score += weights[term] * freq * (K1 + 1) / (freq + norm) if freq else 0.0
            scores[pk] = score
        return scores
