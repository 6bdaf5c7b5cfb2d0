"""Idempotency-Key on POST /api/v1/posts and comments: one write, whatever the retries."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from townhall.api.models import IdempotencyKey
from townhall.api.tasks import purge_idempotency_keys
from townhall.api.tests.conftest import ApiClient
from townhall.posts import actions as posts
from townhall.posts.models import Comment, Post

POSTS = "/api/v1/posts"


def keyed(key: str) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": key}


@pytest.mark.django_db
def test_a_retried_post_returns_the_first_answer_and_creates_one_post(member, api_as):
    api = api_as(member)
    first = api.post(POSTS, {"body": "Hello"}, **keyed("k-1"))
    again = api.post(POSTS, {"body": "Hello"}, **keyed("k-1"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_a_retried_comment_is_written_once(member, api_as):
    post = posts.create_post(actor=member, body="Post")
    api = api_as(member)
    path = f"{POSTS}/{post.pk}/comments"
    ids = {api.post(path, {"body": "Once"}, **keyed("c-1")).json()["id"] for _ in range(3)}
    assert len(ids) == 1
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_refused(member, api_as):
    api = api_as(member)
    api.post(POSTS, {"body": "Hello"}, **keyed("k-1"))
    response = api.post(POSTS, {"body": "Goodbye"}, **keyed("k-1"))
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Post.objects.values_list("body", flat=True)) == ["Hello"]


@pytest.mark.django_db
def test_the_same_key_on_another_path_is_refused(member, api_as):
    api = api_as(member)
    post_id = api.post(POSTS, {"body": "Hello"}, **keyed("k-1")).json()["id"]
    response = api.post(f"{POSTS}/{post_id}/comments", {"body": "Hello"}, **keyed("k-1"))
    assert response.json()["code"] == "idempotency_key_reused"
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_keys_belong_to_one_person(member, make_user, api_as):
    carl = make_user("carl")
    api_as(member).post(POSTS, {"body": "Hello"}, **keyed("shared"))
    response = api_as(carl).post(POSTS, {"body": "Hello"}, **keyed("shared"))
    assert response.status_code == 201 and response.json()["author"]["username"] == "carl"
    assert Post.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_request_stores_nothing_and_can_be_retried_with_its_key(member, api_as):
    api = api_as(member)
    assert api.post(POSTS, {"body": " "}, **keyed("k-1")).status_code == 422
    assert not IdempotencyKey.objects.exists()
    assert api.post(POSTS, {"body": "Fixed"}, **keyed("k-1")).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", " ", "ä", "x" * 256, "two words"])
def test_malformed_keys_are_a_400(member, api_as, key):
    response = api_as(member).post(POSTS, {"body": "Hello"}, **keyed(key))
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_keys_expire_after_24_hours(member, api_as):
    api = api_as(member)
    first = api.post(POSTS, {"body": "Hello"}, **keyed("k-1")).json()["id"]
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    second = api.post(POSTS, {"body": "Hello"}, **keyed("k-1")).json()["id"]
    assert second != first
    assert IdempotencyKey.objects.count() == 1  # the expired one was purged


@pytest.mark.django_db
def test_the_purge_task_forgets_everyones_old_keys(member, make_user, api_as):
    api_as(member).post(POSTS, {"body": "Old"}, **keyed("old"))
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=2))
    api_as(make_user("carl")).post(POSTS, {"body": "New"}, **keyed("new"))
    purge_idempotency_keys.enqueue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_identical_requests_arriving_together_create_one_post(member, token_for):
    """Eight threads, each with its own database connection, send the same keyed request
    at the same moment: one writes, the others wait for it and replay its answer."""
    secret = token_for(member, "write")
    count = 8
    barrier = threading.Barrier(count)
    answers: list = [None] * count

    def send(index: int) -> None:
        try:
            api = ApiClient(secret)
            barrier.wait(timeout=10)
            response = api.post(POSTS, {"body": "Only once"}, **keyed("race-1"))
            answers[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Post.objects.count() == 1
    assert {status for status, _body in answers} == {201}
    assert len({body["id"] for _status, body in answers}) == 1
    assert IdempotencyKey.objects.count() == 1
