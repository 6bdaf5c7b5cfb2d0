"""/api/v1/articles through a personal token and a session."""

import pytest

from townhall.accounts.tokens import create_token
from townhall.blogs import actions
from townhall.blogs.models import Article
from townhall.blogs.tests.conftest import publish

pytestmark = pytest.mark.django_db


def bearer(user, scope="write"):
    _token, secret = create_token(user=user, name="t", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_writing_publishing_and_reading_an_article(client, member, bo):
    auth = bearer(member)
    created = client.post(
        "/api/v1/articles",
        {"title": "API article", "body": "Some *text*", "summary": "Short"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft"
    assert data["url"].endswith("/blogs/mona/api-article/")
    article_id = data["id"]
    assert client.get(f"/api/v1/articles/{article_id}", **bearer(bo)).status_code == 404
    published = client.post(f"/api/v1/articles/{article_id}/publish", **auth)
    assert published.json()["status"] == "published"
    seen = client.get(f"/api/v1/articles/{article_id}", **bearer(bo, "read"))
    assert seen.status_code == 200
    assert "<em>text</em>" in seen.json()["body_html"]


def test_editing_and_unpublishing_and_deleting(client, member, bo):
    article = publish(member, "Title")
    auth = bearer(member)
    edited = client.patch(
        f"/api/v1/articles/{article.pk}", {"title": "New"}, content_type="application/json", **auth
    )
    assert edited.json()["title"] == "New"
    assert edited.json()["edited_at"] is not None
    other = client.patch(
        f"/api/v1/articles/{article.pk}",
        {"title": "X"},
        content_type="application/json",
        **bearer(bo),
    )
    assert other.status_code == 403
    assert other.json()["code"] == "forbidden"
    assert (
        client.post(f"/api/v1/articles/{article.pk}/unpublish", **auth).json()["status"]
        == "unpublished"
    )
    assert client.delete(f"/api/v1/articles/{article.pk}", **auth).status_code == 204
    assert client.get(f"/api/v1/articles/{article.pk}", **auth).status_code == 404


def test_bad_input_names_the_field(client, member):
    response = client.post(
        "/api/v1/articles",
        {"title": " ", "body": "b"},
        content_type="application/json",
        **bearer(member),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "title"
    public = client.post(
        "/api/v1/articles",
        {"title": "T", "body": "b", "audience": "public"},
        content_type="application/json",
        **bearer(member),
    )
    assert public.status_code == 422
    assert public.json()["errors"][0]["field"] == "audience"


def test_scheduling_through_the_api(client, member):
    article = actions.create_article(actor=member, title="Later", body="b")
    response = client.post(
        f"/api/v1/articles/{article.pk}/publish",
        {"publish_at": "2999-01-01T10:00:00Z"},
        content_type="application/json",
        **bearer(member),
    )
    assert response.json()["status"] == "scheduled"


def test_a_read_token_cannot_write(client, member):
    response = client.post(
        "/api/v1/articles",
        {"title": "T", "body": "b"},
        content_type="application/json",
        **bearer(member, "read"),
    )
    assert response.status_code == 403


def test_the_list_pages_newest_first_with_pinned_queries(
    client, member, lee, django_assert_max_num_queries
):
    for n in range(5):
        publish(lee, f"A{n}")
    actions.create_article(actor=lee, title="Draft", body="b")
    auth = bearer(member)
    with django_assert_max_num_queries(6):
        first = client.get("/api/v1/articles?limit=3", **auth).json()
    assert [a["title"] for a in first["items"]] == ["A4", "A3", "A2"]
    second = client.get(f"/api/v1/articles?limit=3&cursor={first['next_cursor']}", **auth).json()
    assert [a["title"] for a in second["items"]] == ["A1", "A0"]
    assert client.get("/api/v1/articles?cursor=bad", **auth).status_code == 400
    assert client.get("/api/v1/articles?author=nobody", **auth).json()["items"] == []


def test_comments_listed_and_added(client, member, bo, internal_article):
    created = client.post(
        f"/api/v1/articles/{internal_article.pk}/comments",
        {"body": "Good"},
        content_type="application/json",
        **bearer(bo),
    )
    assert created.status_code == 201
    assert created.json()["author"]["username"] == "bo"
    listed = client.get(f"/api/v1/articles/{internal_article.pk}/comments", **bearer(member)).json()
    assert [c["body"] for c in listed["items"]] == ["Good"]
    empty = client.post(
        f"/api/v1/articles/{internal_article.pk}/comments",
        {"body": ""},
        content_type="application/json",
        **bearer(bo),
    )
    assert empty.status_code == 422


def test_anonymous_callers_get_401(client, public_article):
    assert client.get("/api/v1/articles").status_code == 401
    assert Article.objects.count() == 1
