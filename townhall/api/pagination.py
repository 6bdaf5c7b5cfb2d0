"""Cursor (keyset) pagination for every API list: never OFFSET, stable while rows are added.

A list is ordered by a few non-null keys whose last one is unique, e.g. ("display_name", "id")
or ("-created_at", "-id"). A page answers `items` plus `next_cursor`: an opaque string (the
URL-safe base64 of the last row's sort key as JSON) to send back as `?cursor=` for the next
page, or null on the last page. A cursor that does not decode to a sort key of the right
shape is a 400 `bad_cursor`.

    page = paginate(queryset, order=("display_name", "id"), cursor=cursor, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema

from townhall.api.errors import ApiError
from townhall.core import cursors

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
BIGINT = 2**63 - 1  # the largest id any of our databases stores


class PageParams(Schema):
    """`?cursor=&limit=`: use as `page: Query[PageParams]` in a route."""

    cursor: str | None = Field(None, description="next_cursor from the previous page")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="items per page")


@dataclass
class Page:
    items: list
    next_cursor: str | None


def bad_cursor() -> ApiError:
    return ApiError(
        400,
        "bad_cursor",
        _("This cursor is not valid. Use next_cursor from a previous page, or leave it out."),
    )


encode_cursor = cursors.pack


def _typed(field: models.Field, value):
    """The cursor value as `field` stores it, or raise bad_cursor: nothing reaches SQL unchecked."""
    if isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
        if type(value) is not int or not -BIGINT <= value <= BIGINT:
            raise bad_cursor()
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise bad_cursor()
    try:
        value.encode("utf-8")  # a lone surrogate from a JSON escape would fail in SQL
        typed = field.to_python(value)
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        raise bad_cursor() from error
    if typed is None:
        raise bad_cursor()
    return typed


def decode_cursor(cursor: str, model: type[models.Model], fields: Sequence[str]) -> list:
    values = cursors.read(cursor)
    if values is None or len(values) != len(fields):
        raise bad_cursor()
    return [
        _typed(model._meta.get_field(name), value)
        for name, value in zip(fields, values, strict=True)
    ]


def _after(order: Sequence[str], values: Sequence) -> Q:
    """Rows strictly after `values` in `order`: (a > x) OR (a = x AND b > y) OR ..."""
    condition = Q()
    for index, key in enumerate(order):
        name = key.lstrip("-")
        lookup = "lt" if key.startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[index]})
        for earlier, value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def paginate(queryset: QuerySet, *, order: Sequence[str], cursor: str | None, limit: int) -> Page:
    """One page of `queryset` in `order`, starting after `cursor`. Costs one query."""
    fields = [key.lstrip("-") for key in order]
    queryset = queryset.order_by(*order)
    if cursor:
        queryset = queryset.filter(_after(order, decode_cursor(cursor, queryset.model, fields)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Page(items=rows, next_cursor=None)
    rows = rows[:limit]
    last = rows[-1]
    return Page(items=rows, next_cursor=encode_cursor([getattr(last, f) for f in fields]))
