"""The search page, suggestions and the API: sign-in, tabs, escaping, bad input."""

import pytest
from django.urls import reverse

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
