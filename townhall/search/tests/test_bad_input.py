"""Whatever is typed, the parser and the backend answer without an error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townhall.search import discovery
from townhall.search.query import parse
from townhall.search.selectors import search, search_posts

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
    "before:2025-02-30 after:99999-01-01 is:",
    "is:question is:unanswered before:2025-01-01 after:2024-01-01",
    "before:٢٠٢٥-٠١-٠١",
    "the a of",  # English stop words: PostgreSQL's english configuration drops them
    "-the -a",
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
    query = parse(raw)
    for scope in ("posts", "articles", "questions"):
        for sort in ("relevance", "newest"):
            search(member, query, scope=scope, sort=sort)
    discovery.who_knows(member, raw)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.text(max_size=120))
def test_arbitrary_text_never_gives_a_server_error_on_the_page_or_the_api(
    client, member, something, raw
):
    client.force_login(member)
    for kind in ("posts", "articles", "people"):
        assert client.get("/search/", {"q": raw, "type": kind}).status_code in (200, 400)
    assert client.get("/api/v1/search", {"q": raw}).status_code in (200, 400)
    assert client.get("/search/suggest/", {"q": raw}).status_code == 200
