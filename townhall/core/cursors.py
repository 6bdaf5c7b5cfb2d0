"""Page cursors: the sort key of a page's last row, as JSON in unpadded URL-safe base64.

Every keyset-paginated list, HTML and API, packs and reads its cursors here. A cursor comes
back from the person's browser, so reading one checks every value's type before it can
reach a query; anything unreadable reads as None and the caller decides what that means.
"""

import base64
import binascii
import datetime
import json
from collections.abc import Sequence

MAX_LENGTH = 2000
BIGINT = 2**63 - 1


def pack(values: Sequence) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read(cursor: str | None) -> list | None:
    """The list packed into `cursor`, unchecked; None when missing, too long or unreadable."""
    if not cursor or len(cursor) > MAX_LENGTH:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


def _checked(kind: type, value):
    if kind is int:
        return value if type(value) is int and -BIGINT <= value <= BIGINT else None
    if not isinstance(value, str) or "\x00" in value:
        return None
    try:
        value.encode("utf-8")  # a lone surrogate from a JSON escape would fail in SQL
    except UnicodeEncodeError:
        return None
    if kind is str:
        return value
    if kind is datetime.datetime:
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
    raise TypeError(f"cursors hold str, int or datetime, not {kind}")


def unpack(cursor: str | None, *kinds: type) -> tuple | None:
    """The values of `cursor` as `kinds` (str, int, datetime), or None if any does not fit."""
    values = read(cursor)
    if values is None or len(values) != len(kinds):
        return None
    checked = tuple(_checked(kind, value) for kind, value in zip(kinds, values, strict=True))
    return None if None in checked else checked
