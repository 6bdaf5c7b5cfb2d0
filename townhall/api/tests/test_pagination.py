"""api.pagination: the keyset pages later feeds reuse, tested on people and token rows."""

import base64
import json

import pytest

from townhall.accounts.models import ApiToken, User
from townhall.accounts.tokens import create_token
from townhall.api.errors import ApiError
from townhall.api.pagination import decode_cursor, encode_cursor, paginate

pytestmark = pytest.mark.django_db


def walk(queryset, order, limit):
    pages, cursor = [], None
    while True:
        page = paginate(queryset, order=order, cursor=cursor, limit=limit)
        pages.append(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_pages_cover_every_row_once_with_ties_broken_by_id(make_user):
    for i in range(5):
        make_user(f"ann{i}", display_name="Ann")
    make_user("bob", display_name="Bob")
    pages = walk(User.objects.all(), ("display_name", "id"), limit=2)
    assert [len(p) for p in pages] == [2, 2, 2]
    flat = [u.username for page in pages for u in page]
    assert flat == [*(f"ann{i}" for i in range(5)), "bob"]


def test_descending_order_by_time_pages_newest_first(member):
    for i in range(5):
        create_token(user=member, name=f"t{i}")
    pages = walk(ApiToken.objects.all(), ("-created_at", "-id"), limit=2)
    flat = [t.name for page in pages for t in page]
    assert flat == ["t4", "t3", "t2", "t1", "t0"]


def test_the_last_page_has_no_next_cursor(member):
    page = paginate(User.objects.all(), order=("display_name", "id"), cursor=None, limit=5)
    assert [u.username for u in page.items] == ["mona"]
    assert page.next_cursor is None


def test_a_cursor_is_base64_json_of_the_sort_key():
    cursor = encode_cursor(["Ørjan", 7])
    padded = cursor + "=" * (-len(cursor) % 4)
    assert json.loads(base64.urlsafe_b64decode(padded)) == ["Ørjan", 7]
    assert decode_cursor(cursor, User, ["display_name", "id"]) == ["Ørjan", 7]


def _b64(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        _b64(["Ann"]),
        _b64({"display_name": "Ann", "id": 1}),
        _b64(["Ann", "1"]),
        _b64(["Ann", True]),
        _b64(["Ann", 2**64]),
        _b64([None, 1]),
        _b64(["A\u0000nn", 1]),
        _b64(["\ud800", 1]),
        _b64(["Ann", 1.5]),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_cursor_of_the_wrong_shape_is_refused(cursor):
    with pytest.raises(ApiError) as refused:
        decode_cursor(cursor, User, ["display_name", "id"])
    assert (refused.value.status, refused.value.code) == (400, "bad_cursor")


def test_a_datetime_cursor_must_be_a_time():
    with pytest.raises(ApiError):
        decode_cursor(_b64(["yesterday", 1]), ApiToken, ["created_at", "id"])
