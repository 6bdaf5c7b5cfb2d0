"""Creating polls, voting, changing and withdrawing votes, with every kind of bad input:
each gets a clear ValidationError (or 404/PermissionDenied) and nothing is stored."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from townhall.groups import actions as groups
from townhall.polls import actions
from townhall.polls.models import Poll, PollOption, PollVote
from townhall.posts.models import Post
from townhall.questions.models import Question

pytestmark = pytest.mark.django_db


def make_poll(author, *, kind="single", options=("Tea", "Coffee", "Water"), **extra):
    return actions.create_poll(
        actor=author, body="What do we drink?", options=list(options), kind=kind, **extra
    )


def option_ids(poll):
    return list(poll.options.values_list("pk", flat=True))


def test_a_poll_is_a_post_with_its_options_in_order(member):
    poll = make_poll(member, options=["  Tea ", "", "Coffee"], show_voters=True)
    assert poll.post.body == "What do we drink?"
    assert [o.text for o in poll.options.all()] == ["Tea", "Coffee"]
    assert poll.show_voters and not poll.closed


def test_a_poll_can_also_be_a_question(member):
    poll = make_poll(member, question=True)
    assert Question.objects.get().post == poll.post


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["Only one"], "at least 2"),
        ([], "at least 2"),
        ([f"Option {n}" for n in range(11)], "at most 10"),
        (["Tea", "tea"], "same thing"),
        (["Tea", "x" * 201], "at most 200 characters"),
    ],
)
def test_bad_options_store_no_post_and_no_poll(member, options, words):
    with pytest.raises(ValidationError, match=words):
        make_poll(member, options=options)
    assert not Post.objects.exists() and not Poll.objects.exists()


def test_a_closing_time_in_the_past_or_an_unknown_kind_stores_nothing(member):
    with pytest.raises(ValidationError, match="in the future"):
        make_poll(member, closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="single or multiple"):
        make_poll(member, kind="ranked")
    assert not Post.objects.exists()


def test_a_vote_counts_and_can_be_changed_until_the_poll_closes(member, bo):
    poll = make_poll(member)
    tea, coffee, _water = option_ids(poll)
    actions.vote(actor=bo, poll=poll, option_ids=[tea])
    actions.vote(actor=bo, poll=poll, option_ids=[str(coffee)])
    assert list(PollVote.objects.values_list("voter", "option")) == [(bo.pk, coffee)]


def test_a_second_first_vote_is_refused_and_the_first_stays(member, bo):
    poll = make_poll(member)
    tea, coffee, _water = option_ids(poll)
    actions.vote(actor=bo, poll=poll, option_ids=[tea], change=False)
    with pytest.raises(ValidationError, match="already voted") as caught:
        actions.vote(actor=bo, poll=poll, option_ids=[coffee], change=False)
    assert caught.value.code == "already_voted"
    assert list(PollVote.objects.values_list("option", flat=True)) == [tea]


def test_a_vote_in_a_closed_poll_is_refused_and_stores_nothing(member, bo):
    poll = make_poll(member, closes_at=timezone.now() + timedelta(hours=1))
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="closed") as caught:
        actions.vote(actor=bo, poll=poll, option_ids=option_ids(poll)[:1])
    assert caught.value.code == "poll_closed"
    assert not PollVote.objects.exists()


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        ([], "Choose an option"),
        (["abc"], "this poll's options"),
        ([None], "this poll's options"),
        ([10**9], "not in this poll"),
        ("both", "one choice only"),
        ("other poll", "not in this poll"),
    ],
)
def test_bad_choices_are_refused_and_store_nothing(member, bo, choice, words):
    poll = make_poll(member)
    other = make_poll(bo)
    if choice == "both":
        choice = option_ids(poll)[:2]
    elif choice == "other poll":
        choice = option_ids(other)[:1]
    with pytest.raises(ValidationError, match=words) as caught:
        actions.vote(actor=bo, poll=poll, option_ids=choice)
    assert caught.value.code == "choice"
    assert not PollVote.objects.exists()


def test_a_multiple_choice_poll_takes_several_options_once_each(member, bo):
    poll = make_poll(member, kind="multiple")
    tea, coffee, water = option_ids(poll)
    actions.vote(actor=bo, poll=poll, option_ids=[tea, coffee, tea])
    assert set(PollVote.objects.values_list("option", flat=True)) == {tea, coffee}
    actions.vote(actor=bo, poll=poll, option_ids=[water])
    assert set(PollVote.objects.values_list("option", flat=True)) == {water}


def test_the_database_holds_one_choice_per_person_in_a_single_choice_poll(member, bo):
    poll = make_poll(member)
    tea, coffee, _water = option_ids(poll)
    PollVote.objects.create(poll=poll, option_id=tea, voter=bo, single=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, option_id=coffee, voter=bo, single=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, option_id=tea, voter=bo, single=False)


def test_withdrawing_a_vote_removes_it(member, bo):
    poll = make_poll(member)
    actions.vote(actor=bo, poll=poll, option_ids=option_ids(poll)[:1])
    actions.withdraw_vote(actor=bo, poll=poll)
    assert not PollVote.objects.exists()


def test_a_poll_one_cannot_see_looks_missing(member, bo, secret_group):
    poll = actions.create_poll(actor=bo, body="Secret?", group=secret_group, options=["Yes", "No"])
    with pytest.raises(Http404):
        actions.vote(actor=member, poll=poll, option_ids=option_ids(poll)[:1])
    assert not PollVote.objects.exists()


def test_nobody_votes_in_an_archived_group(member, bo, public_group):
    poll = actions.create_poll(actor=bo, body="Lunch?", group=public_group, options=["A", "B"])
    groups.archive_group(actor=bo, group=public_group)
    with pytest.raises(PermissionDenied):
        actions.vote(actor=member, poll=poll, option_ids=option_ids(poll)[:1])
    assert not PollVote.objects.exists()


def test_options_are_numbered_from_zero(member):
    poll = make_poll(member)
    assert list(PollOption.objects.filter(poll=poll).values_list("position", flat=True)) == [
        0,
        1,
        2,
    ]
