"""The demo's questions and polls: open ones with answers, one accepted, polls with votes."""

import pytest

from townhall.polls.models import Poll, PollVote
from townhall.questions.models import Question
from townhall.questions.selectors import unanswered_posts

pytestmark = pytest.mark.django_db


def test_there_are_open_questions_with_answers_and_one_accepted(demo):
    questions = Question.objects.select_related("accepted_comment", "post")
    assert questions.count() == 3
    accepted = [q for q in questions if q.is_answered]
    assert len(accepted) == 1
    assert accepted[0].accepted_comment.post_id == accepted[0].post_id
    assert unanswered_posts().count() == 2
    assert any(q.post.comments.exists() for q in questions if not q.is_answered)


def test_there_is_an_open_poll_and_a_closed_one_both_with_votes(demo):
    polls = list(Poll.objects.all())
    assert sorted(p.closed for p in polls) == [False, True]
    assert all(PollVote.objects.filter(poll=p).exists() for p in polls)
    # Nobody voted for the same option twice; single-choice polls hold one vote a person.
    single = Poll.objects.get(kind=Poll.Kind.SINGLE)
    voters = list(PollVote.objects.filter(poll=single).values_list("voter", flat=True))
    assert len(voters) == len(set(voters))
