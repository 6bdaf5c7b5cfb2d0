"""/api/v1/ama/...: the same rules as the pages, in JSON, with clear errors and no 5xx."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.ama import actions
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote

pytestmark = pytest.mark.django_db


def test_a_leader_opens_a_session_through_the_api(leader, api_as):  # noqa: F811
    now = timezone.now()
    response = api_as(leader).post(
        "/api/v1/ama/sessions",
        {
            "title": "Ask me",
            "starts_at": (now - timedelta(minutes=1)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "open" and body["host"]["username"] == "lee"
    assert body["question_count"] == 0 and body["group"] is None


def test_bad_session_input_names_the_field_and_stores_nothing(leader, asker, api_as):  # noqa: F811
    now = timezone.now()
    naive = api_as(leader).post(
        "/api/v1/ama/sessions",
        {"title": "x", "starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00"},
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "starts_at"
    backwards = api_as(leader).post(
        "/api/v1/ama/sessions",
        {
            "title": "x",
            "starts_at": (now + timedelta(hours=2)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == [
        {"field": "ends_at", "message": "The end must come after the start."}
    ]
    member = api_as(asker).post(
        "/api/v1/ama/sessions",
        {
            "title": "x",
            "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )
    assert member.status_code == 403 and member.json()["code"] == "forbidden"
    assert not AmaSession.objects.exists()


def test_ask_vote_answer_and_list_by_votes_through_the_api(
    session,
    leader,
    asker,
    peer,
    api_as,  # noqa: F811
):
    as_asker, as_peer, as_host = api_as(asker), api_as(peer), api_as(leader)
    first = as_asker.post(f"/api/v1/ama/sessions/{session.pk}/questions", {"body": "First"})
    assert first.status_code == 201 and first.json()["is_mine"] is True
    second = as_asker.post(
        f"/api/v1/ama/sessions/{session.pk}/questions", {"body": "Second", "anonymous": True}
    )
    second_id = second.json()["id"]
    voted = as_peer.post(f"/api/v1/ama/questions/{second_id}/vote")
    assert voted.status_code == 200 and voted.json()["vote_count"] == 1
    assert voted.json()["voted"] is True
    twice = as_peer.post(f"/api/v1/ama/questions/{second_id}/vote")
    assert twice.status_code == 409 and twice.json()["code"] == "already_voted"
    own = as_asker.post(f"/api/v1/ama/questions/{second_id}/vote")
    assert own.status_code == 403
    listed = as_peer.get(f"/api/v1/ama/sessions/{session.pk}/questions").json()
    assert [q["body"] for q in listed["items"]] == ["Second", "First"]
    answered = as_host.put(f"/api/v1/ama/questions/{second_id}/answer", {"answer": "Yes."})
    assert answered.status_code == 200 and answered.json()["answered_at"]
    only = as_peer.get(f"/api/v1/ama/sessions/{session.pk}/questions", {"answered": "true"})
    assert [q["body"] for q in only.json()["items"]] == ["Second"]
    back = as_peer.delete(f"/api/v1/ama/questions/{second_id}/vote")
    assert back.json()["vote_count"] == 0
    gone = as_asker.delete(f"/api/v1/ama/questions/{first.json()['id']}")
    assert gone.status_code == 204
    assert as_peer.get(f"/api/v1/ama/questions/{first.json()['id']}").status_code == 404


def test_an_api_question_after_the_end_time_is_a_409_and_not_stored(
    session,
    asker,
    finish,
    api_as,  # noqa: F811
):
    finish(session)
    response = api_as(asker).post(f"/api/v1/ama/sessions/{session.pk}/questions", {"body": "Late"})
    assert response.status_code == 409
    assert response.json()["code"] == "closed"
    assert "ended" in response.json()["message"]
    assert not AmaQuestion.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"body": ""}, {"body": "x" * 1001}, {"body": "a\x00b"}, {}, {"body": "ok", "extra": 1}],
)
def test_bad_question_bodies_are_422_and_not_stored(
    session,
    asker,
    body,
    api_as,  # noqa: F811
):
    response = api_as(asker).post(f"/api/v1/ama/sessions/{session.pk}/questions", body)
    assert response.status_code == 422, response.json()
    assert not AmaQuestion.objects.exists()


def test_a_read_token_cannot_vote(session, asker, peer, api_as):  # noqa: F811
    question = actions.ask_question(actor=asker, session=session, body="Q")
    response = api_as(peer, "read").post(f"/api/v1/ama/questions/{question.pk}/vote")
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    assert not AmaVote.objects.exists()


def test_lists_filter_by_state_and_a_bad_cursor_is_a_400(
    open_session,
    asker,
    finish,
    api_as,  # noqa: F811
):
    finish(open_session(title="Done"))
    open_session(title="Now")
    client = api_as(asker, "read")
    closed = client.get("/api/v1/ama/sessions", {"state": "closed"}).json()
    assert [s["title"] for s in closed["items"]] == ["Done"]
    assert client.get("/api/v1/ama/sessions", {"cursor": "zzz"}).status_code == 400
    session = AmaSession.objects.get(title="Now")
    bad = client.get(f"/api/v1/ama/sessions/{session.pk}/questions", {"cursor": "zzz"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_question_pages_follow_the_vote_order_across_cursors(
    session,
    asker,
    peer,
    api_as,  # noqa: F811
):
    questions = [actions.ask_question(actor=asker, session=session, body=f"Q{n}") for n in range(5)]
    actions.vote(actor=peer, question=questions[3])
    client = api_as(peer, "read")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v1/ama/sessions/{session.pk}/questions", params).json()
        seen += [q["body"] for q in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["Q3", "Q0", "Q1", "Q2", "Q4"]


def test_the_question_list_costs_the_same_queries_for_1_or_20(
    session,
    asker,
    peer,
    api_as,  # noqa: F811
    django_assert_num_queries,
):
    client = api_as(peer, "read")
    url = f"/api/v1/ama/sessions/{session.pk}/questions"
    actions.ask_question(actor=asker, session=session, body="Q")
    client.get(url)
    with django_assert_num_queries(3):  # the token with its person, the session, the questions
        client.get(url)
    for n in range(19):
        actions.ask_question(actor=asker, session=session, body=f"Q{n}", anonymous=n % 2 == 0)
    with django_assert_num_queries(3):
        assert len(client.get(url).json()["items"]) == 20
