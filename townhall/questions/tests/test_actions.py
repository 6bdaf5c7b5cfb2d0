"""Asking, accepting an answer and taking it back, with every kind of bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from townhall.events.models import Event
from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.posts.models import Post
from townhall.questions import actions
from townhall.questions.models import Question

pytestmark = pytest.mark.django_db


def test_asking_writes_a_post_that_carries_a_question(member):
    question = actions.create_question(actor=member, body="Where is the #roadmap?")
    assert question.post.author == member
    assert question.post.body == "Where is the #roadmap?"
    assert not Question.objects.get().accepted_comment


def test_an_empty_question_stores_neither_post_nor_question(member):
    with pytest.raises(ValidationError):
        actions.create_question(actor=member, body="   ")
    assert not Post.objects.exists() and not Question.objects.exists()


def test_asking_in_a_group_one_does_not_belong_to_stores_nothing(member, secret_group):
    with pytest.raises(Http404):
        actions.create_question(actor=member, body="Hello?", group=secret_group)
    assert not Question.objects.exists()


def test_the_asker_accepts_an_answer_and_its_author_hears_of_it(member, bo):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    actions.accept_answer(actor=member, question=question, comment=answer)
    question.refresh_from_db()
    assert question.accepted_comment == answer and question.accepted_by == member
    assert question.is_answered
    event = Event.objects.get(kind="question.answer_accepted")
    assert event.recipients == [bo.pk]
    assert event.subject_id == question.pk
    assert event.data == {"post": question.post_id, "comment": answer.pk}


def test_accepting_the_same_answer_twice_emits_one_event(member, bo):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    actions.accept_answer(actor=member, question=question, comment=answer)
    actions.accept_answer(actor=member, question=question, comment=answer)
    assert Event.objects.filter(kind="question.answer_accepted").count() == 1


def test_accepting_ones_own_answer_addresses_nobody(member):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=member, post=question.post, body="Found it myself.")
    actions.accept_answer(actor=member, question=question, comment=answer)
    assert Event.objects.get(kind="question.answer_accepted").recipients == []


def test_a_moderator_may_accept_but_another_colleague_may_not(member, bo, cy, moderator):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    with pytest.raises(PermissionDenied):
        actions.accept_answer(actor=cy, question=question, comment=answer)
    assert not Question.objects.get().accepted_comment_id
    actions.accept_answer(actor=moderator, question=question, comment=answer)
    assert Question.objects.get().accepted_by == moderator


def test_a_group_admin_may_accept_in_their_group(member, bo, public_group):
    groups.join_group(actor=member, group=public_group)
    question = actions.create_question(actor=member, body="Oven?", group=public_group)
    answer = posts.create_comment(actor=member, post=question.post, body="Broken.")
    actions.accept_answer(actor=bo, question=question, comment=answer)
    assert Question.objects.get().accepted_comment == answer


def test_a_question_one_cannot_see_looks_missing(member, bo, secret_group):
    question = actions.create_question(actor=bo, body="Secret?", group=secret_group)
    answer = posts.create_comment(actor=bo, post=question.post, body="Yes.")
    with pytest.raises(Http404):
        actions.accept_answer(actor=member, question=question, comment=answer)


def test_a_comment_of_another_post_a_reply_or_a_missing_one_cannot_be_accepted(member, bo):
    question = actions.create_question(actor=member, body="Who has the key?")
    other = posts.create_post(actor=bo, body="Unrelated")
    elsewhere = posts.create_comment(actor=bo, post=other, body="Here.")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    reply = posts.create_comment(actor=member, post=question.post, body="Thanks", parent=answer)
    deleted = posts.create_comment(actor=bo, post=question.post, body="Oops")
    posts.delete_comment(actor=bo, comment=deleted)
    for wrong, words in [
        (elsewhere, "another question"),
        (reply, "not a reply"),
        (deleted, "no such answer"),
        (10**9, "no such answer"),
    ]:
        with pytest.raises(ValidationError, match=words):
            actions.accept_answer(actor=member, question=question, comment=wrong)
    assert not Question.objects.get().accepted_comment_id
    assert not Event.objects.filter(kind="question.answer_accepted").exists()


def test_a_deleted_accepted_answer_opens_the_question_again(member, bo):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    actions.accept_answer(actor=member, question=question, comment=answer)
    posts.delete_comment(actor=bo, comment=answer)
    question = Question.objects.select_related("accepted_comment").get()
    assert not question.is_answered


def test_taking_the_acceptance_back_opens_the_question(member, bo):
    question = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=question.post, body="I do.")
    actions.accept_answer(actor=member, question=question, comment=answer)
    actions.unaccept_answer(actor=member, question=question)
    question.refresh_from_db()
    assert question.accepted_comment is None and question.accepted_by is None


def test_nothing_is_accepted_in_an_archived_group(member, bo, public_group):
    groups.join_group(actor=member, group=public_group)
    question = actions.create_question(actor=member, body="Oven?", group=public_group)
    answer = posts.create_comment(actor=bo, post=question.post, body="Broken.")
    groups.archive_group(actor=bo, group=public_group)
    with pytest.raises(PermissionDenied):
        actions.accept_answer(actor=member, question=question, comment=answer)
