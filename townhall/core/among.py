"""`among(ids)`: a filter "the row's pk is one of the ids this subquery selects".

    Post.objects.filter(among(FeedEntry.objects.filter(...).values("post_id")[:63]))
    Post.objects.filter(among(compiled(...)))            # a RawSQL subquery (core.compiled)

On SQLite it is `pk IN (subquery)`, which SQLite runs first and then looks the ids up one
by one. On PostgreSQL it is `pk = ANY(ARRAY(subquery))`: PostgreSQL plans an `IN (SELECT
...)` as a semi join and, for a home page, chose to scan the whole posts table with the
home predicate first (1.3 s at 1M posts); an ARRAY(...) subquery is an InitPlan run once,
so the ids go to the primary key (docs/performance.md, §2).
"""

from django.db.models import F, Lookup, QuerySet, Subquery
from django.db.models.expressions import RawSQL


class _AmongIds(Lookup):
    lookup_name = "among_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def among(ids: QuerySet | RawSQL) -> Lookup:
    """The row's pk is one of the ids `ids` selects (a `.values(<one id>)` queryset, sliced
    or not, or a RawSQL subquery)."""
    return _AmongIds(F("pk"), Subquery(ids) if isinstance(ids, QuerySet) else ids)
