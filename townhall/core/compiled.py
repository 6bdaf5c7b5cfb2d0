"""Compile a hot query once per shape, then run it with each request's own values.

Building a Django queryset with a dozen subqueries and compiling it to SQL costs more
Python than the database spends answering it: a home page's post query (the home
predicate, `access.posts.visible_posts`, the list's window, the cursor) took ~6 ms to build
and ~2 ms to compile against ~1.5 ms to run (bench/page_profile.py, docs/performance.md).
The SQL's text depends only on the query's *shape* -- which branches its builder took:
the reader's role, a cursor or none, the page size -- while the values (the reader's id,
the cursor's position) travel as parameters. So

    ids = compiled(("home", actor.role, limit), build, actor=person, position=position)
    Post.objects.filter(among(ids))

calls `build(actor=..., position=...)` the first time this process meets the key, with
*stand-ins*: a copy of each model instance with a stand-in primary key, a stand-in
integer for an integer, a stand-in time for a datetime (tuples of those: each element).
It compiles the result and remembers which parameters are stand-ins; every later call
with the key only puts the real values into a copy of those parameters. The answer is a
`RawSQL` to use as a subquery; `rows(...)` runs it and answers its rows as the database
driver gives them (for ids and counts: no field converters run); `count(...)` answers how
many rows it has; `instances(...)` answers its model instances (with what it
select_related) as the queryset would -- the compiler set up from the stand-ins is kept
too, so neither the SQL nor the plan for turning rows into instances is made again.

The key must name everything the builder's shape depends on besides the values (whether
each value is None and the length of each tuple are added to the key here). Under the
tests (`settings.TOWNHALL_CHECK_COMPILED`, on in townhall/conftest.py) every call also
builds the query from the real values and raises when the SQL or the parameters differ:
a key that misses a branch cannot pass the suite.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connections, models, router
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler

_compiled: dict[tuple, "_Shape"] = {}
_STAND_IN_ID = -7_000_000_000  # far below any primary key
_STAND_IN_TIME = datetime(1971, 1, 1, tzinfo=UTC)  # before any row's time


class ShapeMismatch(AssertionError):
    """The cached SQL is not what the builder makes from the real values."""


@dataclass
class _Shape:
    sql: str
    params: list  # with the stand-ins' values in the slots
    slots: dict[int, tuple[str, int | None]]  # parameter index -> (value name, tuple index)
    compiler: SQLCompiler  # set up from the stand-ins: how rows become model instances

    @property
    def model(self) -> type[models.Model]:
        return self.compiler.query.model

    def reads_from(self) -> str:
        """The database this call reads (asked each time: townhall.core.db_router)."""
        return router.db_for_read(self.model)


def compiled(key: tuple, build: Callable[..., QuerySet], **values) -> RawSQL:
    """The SQL of `build(**values)` as a RawSQL subquery, built and compiled once per key."""
    shape, params = _entry(key, build, values)
    return RawSQL(shape.sql, params)  # noqa: S611 (Django compiled it; values are parameters)


def rows(key: tuple, build: Callable[..., QuerySet], **values) -> list[tuple]:
    """The rows of `build(**values)` (a `.values_list(...)` of ids and numbers), its SQL
    built and compiled once per key."""
    shape, params = _entry(key, build, values)
    with connections[shape.reads_from()].cursor() as cursor:
        cursor.execute(shape.sql, params)
        return cursor.fetchall()


def count(key: tuple, build: Callable[..., QuerySet], **values) -> int:
    """How many rows `build(**values)` answers, its SQL built and compiled once per key."""
    shape, params = _entry(key, build, values)
    with connections[shape.reads_from()].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({shape.sql}) counted", params)  # noqa: S608
        return cursor.fetchone()[0]


def instances(key: tuple, build: Callable[..., QuerySet], **values) -> list[models.Model]:
    """The model instances of `build(**values)` with the related objects it
    select_related, its SQL built and compiled once per key, and how its rows become
    instances worked out then too. The builder's prefetch_related is NOT run (its lookups
    were made with the stand-ins): prefetch on the answer with the real values."""
    shape, params = _entry(key, build, values)
    prepared = _PreparedQuery(shape, params)
    return list(QuerySet(model=shape.model, query=prepared, using=shape.reads_from()))


class _PreparedQuery:
    """Stands for the Query of the QuerySet `instances` runs: Django's ModelIterable asks
    it only for a compiler, and gets a copy of the one set up from the stand-ins, whose
    SQL is the shape's and whose parameters are this call's."""

    def __init__(self, shape: _Shape, params: list):
        self.shape, self.params = shape, params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.shape.compiler)
        compiler.connection = connection or connections[using]
        sql, params = self.shape.sql, self.params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


def _entry(key: tuple, build, values: dict) -> tuple[_Shape, list]:
    arity = tuple(
        (name, None if value is None else len(value) if isinstance(value, tuple) else "one")
        for name, value in sorted(values.items())
    )
    entry = _compiled.get((key, arity))
    if entry is None:
        entry = _compile(build, values)
        _compiled[(key, arity)] = entry
    params = list(entry.params)
    for index, (name, part) in entry.slots.items():
        value = values[name] if part is None else values[name][part]
        params[index] = _prepared(value)
    if getattr(settings, "TOWNHALL_CHECK_COMPILED", False):
        _check(key, entry.sql, params, build(**values))
    return entry, params


def forget() -> None:
    """Drop every compiled query (tests that change what a builder does)."""
    _compiled.clear()


def _compile(build, values: dict) -> _Shape:
    counter = iter(range(1, 1_000_000))
    stand_ins, wanted = {}, {}
    for name, value in values.items():
        if isinstance(value, tuple):
            parts = [_stand_in(v, next(counter)) for v in value]
            stand_ins[name] = tuple(parts)
            wanted.update({_prepared(p): (name, i) for i, p in enumerate(parts)})
        else:
            stand_ins[name] = _stand_in(value, next(counter))
            if value is not None:
                wanted[_prepared(stand_ins[name])] = (name, None)
    queryset = build(**stand_ins)
    compiler = queryset.query.get_compiler(using=queryset.db)  # the SQL is the same on each
    sql, params = compiler.as_sql()
    slots = {i: wanted[p] for i, p in enumerate(params) if _hashable(p) and p in wanted}
    return _Shape(sql, list(params), slots, compiler)


def _stand_in(value, n: int):
    if value is None:
        return None
    if isinstance(value, models.Model):
        stand_in = copy.copy(value)
        stand_in.pk = _STAND_IN_ID - n
        return stand_in
    if isinstance(value, datetime):
        return _STAND_IN_TIME + timedelta(microseconds=n)
    if isinstance(value, int) and not isinstance(value, bool):
        return _STAND_IN_ID - n
    raise TypeError(f"compiled() cannot stand in for {type(value).__name__}: put it in the key")


def _prepared(value):
    """The value as Django passes it to the database driver (a datetime on SQLite: text)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime):
        return models.DateTimeField().get_db_prep_value(value, connections["default"])
    return value


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _check(key, sql: str, params: list, fresh: QuerySet) -> None:
    fresh_sql, fresh_params = _sql(fresh)
    if (fresh_sql, fresh_params) != (sql, params):
        raise ShapeMismatch(
            f"compiled query {key!r} is not what its builder makes from these values: "
            "its key misses something the query's shape depends on"
        )
