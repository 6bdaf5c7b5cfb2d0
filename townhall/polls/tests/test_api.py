"""/api/v1/polls: create, read, vote, change, withdraw, results, voters, and bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.polls import actions
from townhall.polls.models import Poll, PollVote
from townhall.posts.models import Post

pytestmark = pytest.mark.django_db


def new_poll(api, **extra):
    body = {"body": "Lunch?", "options": ["Pizza", "Sushi"], **extra}
    return api.post("/api/v1/polls", body)


def test_creating_a_poll_answers_it_with_results_open_to_its_author(member, api_as):
    response = new_poll(api_as(member), kind="multiple", show_voters=True, question=True)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "multiple" and data["show_voters"] and not data["closed"]
    assert [o["text"] for o in data["options"]] == ["Pizza", "Sushi"]
    assert data["results_visible"] and data["total_votes"] == 0
    assert Post.objects.get().question


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"options": ["Only"]}, "options"),
        ({"options": ["A", "a"]}, "options"),
        ({"kind": "ranked"}, "kind"),
        ({"closes_at": "2001-01-01T00:00:00Z"}, "closes_at"),
        ({"body": ""}, "body"),
    ],
)
def test_a_bad_poll_is_a_422_naming_the_field_and_stores_nothing(member, api_as, extra, field):
    response = new_poll(api_as(member), **extra)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Post.objects.exists()


def test_vote_change_and_withdraw(member, bo, api_as):
    poll = actions.create_poll(actor=member, body="Lunch?", options=["Pizza", "Sushi"])
    pizza, sushi = poll.options.values_list("pk", flat=True)
    api = api_as(bo)
    before = api.get(f"/api/v1/polls/{poll.pk}").json()
    assert before["results_visible"] is False
    assert [o["votes"] for o in before["options"]] == [None, None]
    assert api.get(f"/api/v1/polls/{poll.pk}/results").json()["code"] == "results_hidden"

    voted = api.post(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [pizza]})
    assert voted.status_code == 201
    assert voted.json()["my_option_ids"] == [pizza]
    assert [o["votes"] for o in voted.json()["options"]] == [1, 0]

    again = api.post(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [sushi]})
    assert again.status_code == 409 and again.json()["code"] == "already_voted"

    changed = api.put(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [sushi]})
    assert changed.status_code == 200 and changed.json()["my_option_ids"] == [sushi]
    assert api.get(f"/api/v1/polls/{poll.pk}/results").status_code == 200

    withdrawn = api.delete(f"/api/v1/polls/{poll.pk}/votes")
    assert withdrawn.status_code == 200 and withdrawn.json()["my_option_ids"] == []
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    ("option_ids", "status", "code"),
    [
        ([], 422, "validation_failed"),
        ([10**9], 422, "validation_failed"),
        ("two", 422, "validation_failed"),
        (["x"], 422, "validation_failed"),
    ],
)
def test_bad_votes_are_clear_4xx_answers_and_store_nothing(
    member, bo, api_as, option_ids, status, code
):
    poll = actions.create_poll(actor=member, body="Lunch?", options=["Pizza", "Sushi"])
    if option_ids == "two":
        option_ids = list(poll.options.values_list("pk", flat=True))
    response = api_as(bo).post(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": option_ids})
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not PollVote.objects.exists()


def test_a_vote_in_a_closed_poll_is_a_409(member, bo, api_as):
    poll = actions.create_poll(
        actor=member,
        body="Lunch?",
        options=["Pizza", "Sushi"],
        closes_at=timezone.now() + timedelta(hours=1),
    )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    pizza = poll.options.first().pk
    response = api_as(bo).put(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [pizza]})
    assert response.status_code == 409 and response.json()["code"] == "poll_closed"
    assert not PollVote.objects.exists()
    # Closed: everyone who sees the poll sees the results.
    assert api_as(bo).get(f"/api/v1/polls/{poll.pk}/results").status_code == 200


def test_a_poll_in_a_secret_group_is_a_404_for_outsiders(bo, member, api_as, secret_group):
    poll = actions.create_poll(actor=bo, body="?", group=secret_group, options=["A", "B"])
    api = api_as(member)
    assert api.get(f"/api/v1/polls/{poll.pk}").status_code == 404
    vote = api.post(f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [1]})
    assert vote.status_code == 404
    assert api.get("/api/v1/polls/999999").status_code == 404


def test_voters_names_only_when_the_poll_shows_them(member, bo, cy, api_as):
    hidden = actions.create_poll(actor=member, body="Anon?", options=["A", "B"])
    shown = actions.create_poll(actor=member, body="Open?", options=["A", "B"], show_voters=True)
    for poll in (hidden, shown):
        actions.vote(actor=bo, poll=poll, option_ids=[poll.options.first().pk])
    api = api_as(bo)
    assert api.get(f"/api/v1/polls/{hidden.pk}/voters").json()["code"] == "voters_hidden"
    names = api.get(f"/api/v1/polls/{shown.pk}/voters").json()
    assert [[p["username"] for p in o["voters"]] for o in names] == [["bo"], []]
    # Cy has not voted: the results, and so the names, wait.
    assert api_as(cy).get(f"/api/v1/polls/{shown.pk}/voters").json()["code"] == "results_hidden"


def test_a_read_token_cannot_vote(member, bo, api_as):
    poll = actions.create_poll(actor=member, body="Lunch?", options=["Pizza", "Sushi"])
    response = api_as(bo, "read").post(
        f"/api/v1/polls/{poll.pk}/votes", {"option_ids": [poll.options.first().pk]}
    )
    assert response.status_code == 403
    assert not PollVote.objects.exists()
