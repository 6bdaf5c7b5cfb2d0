"""Polls on pages: voting by plain form POST and by htmx, bad votes, who voted, and the
queries a feed page of polls costs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.polls import actions
from townhall.polls.models import Poll, PollVote
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(bo):
    return actions.create_poll(
        actor=bo, body="Lunch?", options=["Pizza", "Sushi"], show_voters=True
    )


def test_a_vote_by_plain_form_returns_to_the_poll_with_results(client, member, poll):
    client.force_login(member)
    page = client.get(f"/posts/{poll.post_id}/")
    assert "The results appear once you vote" in page.content.decode()
    pizza = poll.options.first()
    response = client.post(f"/polls/{poll.pk}/vote/", {"option": pizza.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{poll.post_id}/#poll-{poll.pk}"
    html = client.get(f"/posts/{poll.post_id}/").content.decode()
    assert "Change my vote" in html and "1 vote in all." in html


def test_a_vote_by_htmx_answers_the_poll_again(client, member, poll):
    client.force_login(member)
    response = client.post(
        f"/polls/{poll.pk}/vote/",
        {"option": poll.options.last().pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="poll"') and "Change my vote" in html


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({}, 400, "Choose an option first."),
        ({"option": "999999"}, 400, "That option is not in this poll."),
        ({"option": "pizza"}, 400, "Choose among this poll"),
    ],
)
def test_bad_votes_get_a_clear_message_and_store_nothing(client, member, poll, data, status, words):
    client.force_login(member)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(f"/polls/{poll.pk}/vote/", data, headers=headers)
        assert response.status_code == status
        assert words in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_vote_for_a_closed_poll_is_a_409_with_the_reason(client, member, bo):
    poll = actions.create_poll(
        actor=bo, body="?", options=["a", "b"], closes_at=timezone.now() + timedelta(hours=1)
    )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(member)
    response = client.post(f"/polls/{poll.pk}/vote/", {"option": poll.options.first().pk})
    assert response.status_code == 409
    assert "it takes no more votes" in response.content.decode()
    assert not PollVote.objects.exists()
    html = client.get(f"/posts/{poll.post_id}/").content.decode()
    assert "Closed on" in html and 'name="option"' not in html and "0 votes in all." in html


def test_a_poll_one_cannot_see_is_a_404(client, member, bo, secret_group):
    poll = actions.create_poll(actor=bo, body="?", group=secret_group, options=["a", "b"])
    client.force_login(member)
    assert client.post(f"/polls/{poll.pk}/vote/", {"option": 1}).status_code == 404
    assert client.get(f"/polls/{poll.pk}/voters/").status_code == 404


def test_who_voted_is_shown_after_voting_on_a_public_ballot_only(client, member, bo, cy, poll):
    anonymous = actions.create_poll(actor=bo, body="Anon?", options=["a", "b"])
    actions.vote(actor=member, poll=poll, option_ids=[poll.options.first().pk])
    actions.vote(actor=member, poll=anonymous, option_ids=[anonymous.options.first().pk])
    client.force_login(member)
    page = client.get(f"/polls/{poll.pk}/voters/")
    assert page.status_code == 200 and "Mona Member" in page.content.decode()
    assert client.get(f"/polls/{anonymous.pk}/voters/").status_code == 403
    client.force_login(cy)
    assert client.get(f"/polls/{poll.pk}/voters/").status_code == 403


def test_the_composer_publishes_a_poll_and_a_question(client, member):
    client.force_login(member)
    response = client.post(
        "/posts/new/",
        {
            "body": "Where shall we meet?",
            "question": "on",
            "poll_option": ["Oslo", "Bergen", "", ""],
            "poll_kind": "multiple",
            "poll_show_voters": "on",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.question and post.poll.kind == "multiple" and post.poll.show_voters
    assert [o.text for o in post.poll.options.all()] == ["Oslo", "Bergen"]


def test_a_composer_poll_with_one_option_publishes_nothing_and_says_why(client, member):
    client.force_login(member)
    response = client.post("/posts/new/", {"body": "Hm?", "poll_option": ["Only", ""]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A poll needs at least 2 options." in html and 'value="Only"' in html
    assert not Post.objects.exists()
    bad_time = client.post(
        "/posts/new/", {"body": "Hm?", "poll_option": ["a", "b"], "poll_closes_at": "soon"}
    )
    assert bad_time.status_code == 400 and not Post.objects.exists()


@pytest.mark.parametrize("size", [1, 20])
def test_a_feed_page_of_1_or_20_polls_costs_two_queries_more_than_without(
    member, bo, size, django_assert_num_queries
):
    for n in range(size):
        poll = actions.create_poll(actor=bo, body=f"Poll {n}", options=["a", "b", "c"])
        actions.vote(actor=member, poll=poll, option_ids=[poll.options.first().pk])
    # feed_page: 7 with its cards not cached (see posts.selectors), + options + my votes.
    with django_assert_num_queries(7 + 2):
        page = feed_page(member, Post.objects.all())
    assert len(page.items) == size
    from townhall.polls.selectors import card

    with django_assert_num_queries(0):
        cards = [card(member, item.post.poll) for item in page.items]
    assert all(c.results_visible and c.total_votes == 1 for c in cards)


@pytest.mark.parametrize("size", [1, 20])
def test_the_home_feed_with_polls_costs_the_same_for_1_or_20(
    client, member, bo, size, django_assert_max_num_queries
):
    for n in range(size):
        actions.create_poll(actor=bo, body=f"Poll {n}", options=["a", "b", "c"])
    client.force_login(member)
    client.get("/")
    with django_assert_max_num_queries(16):
        response = client.get("/company/")
    assert response.content.decode().count('class="poll"') == size
