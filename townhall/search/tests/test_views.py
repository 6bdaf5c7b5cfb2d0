"""The search page, suggestions and the API: sign-in, tabs, escaping, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from townhall.blogs import actions as blogs
from townhall.posts import actions as posts

PAGE = "/search/"


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE, {"q": "x"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_results_page_shows_highlighted_snippets(signed_in, member, post):
    note = post(member, "Budget <b>review</b> on Friday")
    body = signed_in.get(PAGE, {"q": "budget"}).content.decode()
    assert "<mark>Budget</mark>" in body
    assert "&lt;b&gt;review&lt;/b&gt;" in body
    assert f"/posts/{note.pk}/" in body


def test_header_has_a_labelled_search_box(signed_in):
    body = signed_in.get(PAGE).content.decode()
    assert 'role="search"' in body
    assert 'for="header-search-q"' in body


@pytest.mark.parametrize("kind", ["people", "groups", "topics"])
def test_other_tabs_list_what_matches(signed_in, member, bo, post, secret_group, kind):
    post(member, "About #builders")
    body = signed_in.get(
        PAGE, {"q": {"people": "bo", "groups": "skunk", "topics": "build"}[kind], "type": kind}
    ).content.decode()
    if kind == "people":
        assert "Bo Builder" in body
    elif kind == "groups":
        assert "Skunkworks" not in body  # a secret group Mona is not in
    else:
        assert "#builders" in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 20_000},
        {"q": '"(NEAR'},
        {"q": "\x00"},
        {"q": "ok", "type": "bogus"},
        {"q": "ok", "cursor": "!!!"},
        {"q": "ok", "cursor": "WzEsMl0"},
    ],
)
def test_bad_input_never_gives_a_server_error(signed_in, params):
    assert signed_in.get(PAGE, params).status_code in (200, 400)


def test_suggestions_list_people_groups_and_topics_you_may_see(
    signed_in, member, bo, post, secret_group
):
    post(bo, "Hello #skunkfacts", group=secret_group)
    body = signed_in.get("/search/suggest/", {"q": "b"}).content.decode()
    assert "Bo Builder" in body
    body = signed_in.get("/search/suggest/", {"q": "skunk"}).content.decode()
    assert "Skunkworks" not in body and "skunkfacts" not in body


def test_api_search_returns_visible_hits_with_a_cursor(client, member, bo, post, secret_group):
    client.force_login(member)
    mine = post(member, "Zephyr api note")
    post(bo, "Zephyr secret", group=secret_group)
    response = client.get("/api/v1/search", {"q": "zephyr"})
    assert response.status_code == 200
    data = response.json()
    assert [item["id"] for item in data["items"]] == [mine.pk]
    assert "<mark>Zephyr</mark>" in data["items"][0]["snippet"]
    assert client.get("/api/v1/search", {"q": "x", "cursor": "nope"}).status_code == 400
    assert (
        client.get("/api/v1/search", {"q": "bo", "type": "people"}).json()["items"][0]["author"]
        == "bo"
    )


def test_a_bad_date_gets_a_clear_message_and_no_results(signed_in, member, post):
    post(member, "Budget note")
    response = signed_in.get(PAGE, {"q": "budget before:2025-02-30"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and "YYYY-MM-DD" in body
    assert "<mark>" not in body
    api = signed_in.get("/api/v1/search", {"q": "budget after:soon"})
    assert api.status_code == 400 and api.json()["code"] == "bad_query"


def test_articles_tab_and_sort_toggle(signed_in, member, bo, committed):
    article = committed(blogs.create_article, actor=bo, title="Tea **policy**", body="Green tea")
    committed(blogs.publish_article, actor=bo, article=article)
    body = signed_in.get(PAGE, {"q": "tea", "type": "articles"}).content.decode()
    assert "<mark>Tea</mark> **policy**" in body  # a title is shown as written, escaped
    assert f"/blogs/bo/{article.slug}/" in body
    assert 'href="?q=tea&amp;type=articles&amp;sort=newest"' in body
    assert 'sort=relevance" aria-current="true"' in body
    body = signed_in.get(PAGE, {"q": "tea", "type": "articles", "sort": "newest"}).content.decode()
    assert 'sort=newest" aria-current="true"' in body
    data = signed_in.get("/api/v1/search", {"q": "tea", "type": "articles", "sort": "newest"})
    [item] = data.json()["items"]
    assert (item["type"], item["id"], item["title"]) == ("article", article.pk, "Tea **policy**")


def test_results_cost_the_same_number_of_queries_for_2_or_20_hits(
    signed_in, member, bo, post, committed
):
    for n in range(20):
        note = post(bo, f"Heron sighting {n} {'lonely' if n == 0 else ''}")
        committed(
            posts.create_comment,
            actor=member,
            post=note,
            body=f"heron reply {n} {'lonely' if n == 0 else ''}",
        )
    signed_in.get(PAGE)  # the first page of a session also records when Mona was last seen
    for sort in ("relevance", "newest"):
        costs = []
        for raw, shown in (("lonely", 2), ("heron", 20)):
            with CaptureQueriesContext(connection) as queries:
                response = signed_in.get(PAGE, {"q": raw, "sort": sort})
            assert response.content.decode().count('class="search-result"') == shown
            costs.append(len(queries))
        # 20 results never cost more than 2 (one query fewer when they are all one kind)
        assert costs[1] <= costs[0] <= 30, (sort, costs)


def test_discover_page_lists_trending_topics_experts_and_suggestions(signed_in, member, bo, post):
    post(bo, "Kayak trip on Sunday #kayak")
    body = signed_in.get("/search/discover/", {"about": "kayak"}).content.decode()
    assert "#kayak" in body and "1 person" in body
    assert "Bo Builder" in body and "1 post" in body


@pytest.mark.parametrize("kind", ["people", "groups", "topics"])
def test_a_nul_byte_in_a_name_search_is_no_server_error(signed_in, kind):
    # PostgreSQL refuses NUL in a text parameter: the name searches drop control characters
    assert signed_in.get(PAGE, {"q": "b\x00o", "type": kind}).status_code == 200
    assert signed_in.get("/search/suggest/", {"q": "\x00"}).status_code == 200
    assert signed_in.get("/api/v1/search", {"q": "\x00", "type": kind}).status_code == 200
