"""/api/v1/questions: ask, list the open ones, accept an answer and take it back."""

import pytest

from townhall.events.models import Event
from townhall.posts import actions as posts
from townhall.questions import actions
from townhall.questions.models import Question

pytestmark = pytest.mark.django_db


def test_asking_answers_the_question_with_its_post(member, api_as):
    response = api_as(member).post("/api/v1/questions", {"body": "Where is the #roadmap?"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["answered"] is False and data["post"]["topics"] == ["roadmap"]
    assert Question.objects.get().pk == data["id"]


def test_an_empty_question_is_a_422_on_body(member, api_as):
    response = api_as(member).post("/api/v1/questions", {"body": " "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
    assert not Question.objects.exists()


def test_accept_then_the_question_leaves_the_open_list(member, bo, api_as):
    question = actions.create_question(actor=member, body="Who has the key?")
    actions.create_question(actor=bo, body="Where is the coffee?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    api = api_as(member)
    listed = api.get("/api/v1/questions", {"unanswered": "true"}).json()
    assert len(listed["items"]) == 2

    accepted = api.post(f"/api/v1/questions/{question.pk}/accept", {"comment_id": answer.pk})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["accepted_comment_id"] == answer.pk
    assert Event.objects.filter(kind="question.answer_accepted").count() == 1
    open_ids = [q["id"] for q in api.get("/api/v1/questions?unanswered=true").json()["items"]]
    assert question.pk not in open_ids
    assert len(api.get("/api/v1/questions").json()["items"]) == 2

    back = api.delete(f"/api/v1/questions/{question.pk}/accept")
    assert back.status_code == 200 and back.json()["answered"] is False


def test_bad_accepts_are_clear_answers(member, bo, cy, api_as):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    missing = api_as(member).post(f"/api/v1/questions/{question.pk}/accept", {"comment_id": 10**9})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "comment_id"
    forbidden = api_as(cy).post(
        f"/api/v1/questions/{question.pk}/accept", {"comment_id": answer.pk}
    )
    assert forbidden.status_code == 403
    nowhere = api_as(member).post("/api/v1/questions/999999/accept", {"comment_id": answer.pk})
    assert nowhere.status_code == 404
    assert not Question.objects.get().accepted_comment_id


def test_a_secret_groups_questions_stay_out_of_outsiders_lists(bo, member, api_as, secret_group):
    question = actions.create_question(actor=bo, body="Secret?", group=secret_group)
    api = api_as(member)
    assert api.get("/api/v1/questions?unanswered=true").json()["items"] == []
    assert api.get(f"/api/v1/questions/{question.pk}").status_code == 404
    assert api.get(f"/api/v1/questions?group_id={secret_group.pk}").status_code == 404
    mine = api_as(bo).get(f"/api/v1/questions?unanswered=true&group_id={secret_group.pk}")
    assert [q["id"] for q in mine.json()["items"]] == [question.pk]
