"""Bulk rows into the database, fast: executemany on SQLite, COPY on PostgreSQL.

The generator hands over plain tuples in the order of `fields`, with the primary key it
chose itself (so later rows can point at earlier ones without reading anything back).
Datetimes are aware UTC values; this module adapts them the way Django's backends store
them. Nothing here knows about the organisation's rules: the callers in
townhall.generate.organisation and townhall.generate.content enforce those.
"""

import contextlib
import datetime
import json
import re
import time
from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models


class Writer:
    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.rows_written = 0
        self.seconds: dict[str, float] = {}  # per table: time spent writing
        self._next_id: dict[type[models.Model], int] = {}

    def next_ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys for `model`, above any it already holds."""
        if model not in self._next_id:
            top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self._next_id[model] = top + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return range(start, start + count)

    def insert(self, model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
        """Write `rows` (tuples in `fields` order; model field names, `x_id` for foreign keys)."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        meta = model._meta
        fields, rows = _with_defaults(meta, fields, rows)
        columns = [_field(meta, name).column for name in fields]
        table = connection.ops.quote_name(meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        began = time.perf_counter()
        rows = self._adapt(model, fields, rows)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                # Table and column names come from the model, the values are parameters.
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        self.rows_written += len(rows)
        spent = time.perf_counter() - began
        self.seconds[meta.db_table] = self.seconds.get(meta.db_table, 0.0) + spent
        return len(rows)

    def _adapt(self, model, fields: list[str], rows: list[tuple]) -> list[tuple]:
        kinds = [_field(model._meta, name).get_internal_type() for name in fields]
        if self.vendor == "postgresql":
            if "JSONField" not in kinds:
                return rows
            spots = [i for i, kind in enumerate(kinds) if kind == "JSONField"]
            return [_replace(row, spots, json.dumps) for row in rows]
        spots = [i for i, kind in enumerate(kinds) if kind in ("DateTimeField", "JSONField")]
        if not spots:
            return rows
        adapt = [_sqlite_datetime if kinds[i] == "DateTimeField" else json.dumps for i in spots]
        out = []
        for row in rows:
            row = list(row)
            for i, convert in zip(spots, adapt, strict=True):
                if row[i] is not None:
                    row[i] = convert(row[i])
            out.append(tuple(row))
        return out

    @contextlib.contextmanager
    def indexes_deferred(self, tables: list[str]):
        """SQLite: drop the tables' indexes and triggers for a bulk load and build them again
        afterwards (one sort per index beats millions of B-tree inserts). An AFTER INSERT
        trigger made of plain `INSERT INTO t(cols) VALUES (new.a, ...)` statements (the
        full-text index) is replayed once over the new rows; any other trigger stays."""
        if self.vendor != "sqlite":
            yield
            return
        marks = ", ".join(["%s"] * len(tables))
        query = (
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ("
        )
        saved, replays = [], []
        with connection.cursor() as cursor:
            cursor.execute(query + marks + ")", tables)
            for kind, name, table, sql in cursor.fetchall():
                if kind == "trigger":
                    replay = _bulk_replay(sql, table)
                    if replay is None:
                        continue
                    top = f"SELECT COALESCE(MAX(rowid), 0) + 1 FROM {table}"  # noqa: S608
                    cursor.execute(top)
                    replays.append((replay, cursor.fetchone()[0]))
                saved.append((kind, sql))
                cursor.execute(f"DROP {kind.upper()} {connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            began = time.perf_counter()
            with connection.cursor() as cursor:
                for statements, first in replays:
                    for statement in statements:
                        cursor.execute(statement, [first])
                for _kind, sql in sorted(saved, key=lambda row: row[0] != "index"):
                    cursor.execute(sql)
            self.seconds["(indexes and triggers rebuilt)"] = time.perf_counter() - began

    def reset_sequences(self, models_: list[type[models.Model]]) -> None:
        """PostgreSQL: move each table's id sequence past the ids we chose ourselves."""
        if self.vendor != "postgresql":
            return
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(statement)


TRIGGER_INSERT = re.compile(
    r"INSERT INTO (\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)\s*;", re.IGNORECASE
)


def _bulk_replay(sql: str, table: str) -> list[str] | None:
    """`INSERT INTO x(...) SELECT ... FROM table WHERE rowid >= %s` for each statement of
    an AFTER INSERT trigger that only copies `new.` columns; None for any other trigger."""
    if not re.search(r"AFTER\s+INSERT\s+ON", sql, re.IGNORECASE):
        return None
    body = sql[sql.upper().index("BEGIN") + 5 : sql.upper().rindex("END")]
    statements = TRIGGER_INSERT.findall(body)
    if not statements or TRIGGER_INSERT.sub("", body).strip():
        return None
    out = []
    for target, columns, values in statements:
        picked = [v.strip() for v in values.split(",")]
        if not all(v.lower().startswith("new.") for v in picked):
            return None
        selected = ", ".join(v[4:] for v in picked)
        # Names from sqlite_master (our own schema), the first rowid is a parameter.
        replay = f"INSERT INTO {target}({columns}) SELECT {selected} FROM {table}"  # noqa: S608
        out.append(replay + " WHERE rowid >= %s")
    return out


def _field(meta, name: str):
    """The model field behind `name` (`author_id` is the foreign key `author`)."""
    try:
        return meta.get_field(name)
    except FieldDoesNotExist:
        return meta.get_field(name.removesuffix("_id"))


def _with_defaults(meta, fields: list[str], rows: list[tuple]) -> tuple[list[str], list]:
    """Add the model's other NOT NULL columns with their defaults (a field another app
    added after this generator was written still gets a valid value)."""
    given = {_field(meta, name).name for name in fields}
    extra = [
        f for f in meta.concrete_fields if f.name not in given and not f.primary_key and not f.null
    ]
    if not extra:
        return fields, rows
    defaults = tuple(f.get_default() for f in extra)
    return [*fields, *(f.attname for f in extra)], [row + defaults for row in rows]


def _replace(row: tuple, spots: list[int], convert) -> tuple:
    row = list(row)
    for i in spots:
        if row[i] is not None:
            row[i] = convert(row[i])
    return tuple(row)


def _sqlite_datetime(value: datetime.datetime) -> str:
    # What django.db.backends.sqlite3 stores: naive UTC, str() of the datetime. Every value
    # here is aware UTC, whose isoformat ends in "+00:00".
    if value.utcoffset():
        value = value.astimezone(datetime.UTC)
    return value.isoformat(" ")[:-6]
