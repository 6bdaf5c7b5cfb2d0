"""/api/v1/comments/moderation: the visitor-comment queue through the API."""

import pytest
from django.contrib.auth.models import AnonymousUser

from townhall.blogs.models import ArticleComment
from townhall.commenters import actions
from townhall.commenters.actions import Visitor

pytestmark = pytest.mark.django_db

VERA = Visitor(name="Vera Visitor", email="vera@example.org", website="https://vera.example")


@pytest.fixture
def pending(article, hold, committed):
    hold("all")
    return committed(
        actions.submit_visitor_comment,
        actor=AnonymousUser(),
        article=article,
        body="Thanks for sharing!",
        visitor=VERA,
        ip_address="203.0.113.7",
    )


def test_the_author_lists_and_approves_a_waiting_comment_through_the_api(pending, author, api_as):
    api = api_as(author)
    [item] = api.get("/api/v1/comments/moderation").json()
    assert (item["id"], item["email"], item["status"]) == (
        pending.pk,
        "vera@example.org",
        "pending",
    )
    response = api.post(f"/api/v1/comments/{pending.pk}/moderation", {"decision": "approved"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    pending.refresh_from_db()
    assert pending.status == ArticleComment.Status.APPROVED
    assert api.get("/api/v1/comments/moderation").json() == []


def test_someone_else_neither_sees_the_queue_nor_decides(pending, member, api_as):
    api = api_as(member)
    assert api.get("/api/v1/comments/moderation").json() == []
    response = api.post(f"/api/v1/comments/{pending.pk}/moderation", {"decision": "approved"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == ArticleComment.Status.PENDING


def test_a_moderator_marks_spam_and_a_bad_decision_is_a_422(pending, moderator, api_as):
    api = api_as(moderator)
    bad = api.post(f"/api/v1/comments/{pending.pk}/moderation", {"decision": "publish"})
    assert bad.status_code == 422
    spam = api.post(f"/api/v1/comments/{pending.pk}/moderation", {"decision": "spam"})
    assert spam.json()["status"] == "spam"
