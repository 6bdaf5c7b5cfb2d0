"""Whatever is typed, the parser and the backend answer without an error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townhall.search.query import parse
from townhall.search.selectors import search_posts

NASTY = [
    "x" * 10_000,
    '"',
    '"""',
    "((((",
    ")",
    "NEAR(a b, 3)",
    "a* ^b text:c",
    "a AND OR NOT b",
    "'; DROP TABLE search_fts; --",
    "!x & y | z <-> w :*",
    "🙂 🎉",
    "\x00\x01\x1b[31m",
    "-",
    "- -- -x",
    "from:@ in: #",
    "#\x00",
    "in:../../etc",
    "a" * 300,
    "ﬁ ß İ ǅ",
]


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_queries_never_raise(member, post, raw):
    post(member, "Something to find, a budget and a café")
    search_posts(member, parse(raw))


@pytest.fixture
def something(member, post):
    return post(member, "Something to find, a budget and a café #launch")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.text(max_size=200))
def test_arbitrary_text_never_raises_in_the_parser_or_the_backend(member, something, raw):
    search_posts(member, parse(raw))
