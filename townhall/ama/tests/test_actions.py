from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from townhall.ama import actions
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote
from townhall.events.models import Event
from townhall.groups import actions as groups

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


# --- opening a session ----------------------------------------------------------------


def test_a_leader_opens_a_session_and_an_event_says_so(leader):
    now = timezone.now()
    session = actions.open_session(
        actor=leader,
        title="  Ask me about Q3  ",
        description="Bring *hard* questions",
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
    )
    assert session.title == "Ask me about Q3"
    assert session.host == leader and session.group is None
    assert "<em>hard</em>" in session.description_html
    assert session.state == AmaSession.State.UPCOMING
    event = Event.objects.get(kind="ama.opened")
    assert (event.subject_type, event.subject_id, event.actor_id) == (
        "ama.amasession",
        session.pk,
        leader.pk,
    )


def test_an_admin_may_open_a_session_too(admin_user, open_session):
    assert open_session(admin_user).host == admin_user


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_members_and_moderators_cannot_open_a_session(make_user, open_session, role):
    person = make_user("someone", role=role)
    with pytest.raises(PermissionDenied):
        open_session(person)
    assert not AmaSession.objects.exists()


def test_a_leader_opens_a_session_only_in_a_group_they_belong_to(leader, make_user, open_session):
    owner = make_user("olga")
    group = groups.create_group(actor=owner, name="Board", kind="private", description="")
    with pytest.raises(PermissionDenied):
        open_session(group=group)
    secret = groups.create_group(actor=owner, name="Skunk", kind="secret", description="")
    with pytest.raises(Http404):
        open_session(group=secret)
    invitation = groups.invite_to_group(actor=owner, group=group, invitee=leader)
    groups.accept_invitation(actor=leader, invitation=invitation)
    assert open_session(group=group).group == group


@pytest.mark.parametrize(
    ("title", "starts", "ends", "field"),
    [
        ("", 1, 2, "title"),
        ("x" * 201, 1, 2, "title"),
        ("Fine", 2, 1, "ends_at"),
        ("Fine", -3, -1, "ends_at"),
        ("Fine", 1, 24 * 15, "ends_at"),
    ],
)
def test_a_session_with_bad_input_is_refused_and_not_stored(leader, title, starts, ends, field):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        actions.open_session(
            actor=leader,
            title=title,
            starts_at=now + timedelta(hours=starts),
            ends_at=now + timedelta(hours=ends),
        )
    assert field in refused.value.message_dict
    assert not AmaSession.objects.exists()


# --- asking ---------------------------------------------------------------------------


def test_a_person_asks_during_the_session(session, asker):
    question = actions.ask_question(actor=asker, session=session, body="Why *now*?")
    assert question.asker == asker and not question.anonymous
    assert "<em>now</em>" in question.body_html


def test_a_question_after_the_end_time_is_refused_and_not_stored(session, asker, finish):
    finish(session)
    with pytest.raises(ValidationError) as refused:
        actions.ask_question(actor=asker, session=session, body="Too late?")
    assert _codes(refused.value) == {"closed"}
    assert "ended" in refused.value.messages[0]
    assert not AmaQuestion.objects.exists()


def test_a_question_is_refused_even_when_the_caller_read_the_session_while_it_was_open(
    session, asker, finish
):
    stale = AmaSession.objects.get(pk=session.pk)  # read while open
    finish(session)
    with pytest.raises(ValidationError):
        actions.ask_question(actor=asker, session=stale, body="Still there?")
    assert not AmaQuestion.objects.exists()


def test_a_question_before_the_start_is_refused(session, asker, postpone):
    postpone(session)
    with pytest.raises(ValidationError) as refused:
        actions.ask_question(actor=asker, session=session, body="Early bird?")
    assert _codes(refused.value) == {"not_started"}
    assert not AmaQuestion.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 1001])
def test_an_empty_or_overlong_question_is_refused(session, asker, body):
    with pytest.raises(ValidationError) as refused:
        actions.ask_question(actor=asker, session=session, body=body)
    assert "body" in refused.value.message_dict
    assert not AmaQuestion.objects.exists()


def test_a_question_of_exactly_the_limit_is_taken(session, asker):
    assert actions.ask_question(actor=asker, session=session, body="x" * 1000).pk


def test_someone_outside_a_private_group_cannot_ask_in_its_session(
    leader, make_user, open_session, asker
):
    owner = make_user("olga")
    group = groups.create_group(actor=owner, name="Board", kind="private", description="")
    invitation = groups.invite_to_group(actor=owner, group=group, invitee=leader)
    groups.accept_invitation(actor=leader, invitation=invitation)
    session = open_session(group=group)
    with pytest.raises(Http404):
        actions.ask_question(actor=asker, session=session, body="Let me in?")
    assert not AmaQuestion.objects.exists()


# --- voting ---------------------------------------------------------------------------


def test_people_upvote_others_questions_once(session, asker, peer):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    actions.vote(actor=peer, question=question)
    with pytest.raises(ValidationError) as refused:
        actions.vote(actor=peer, question=question)
    assert _codes(refused.value) == {"voted"}
    assert AmaVote.objects.filter(question=question).count() == 1


def test_nobody_votes_for_their_own_question(session, asker):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    with pytest.raises(PermissionDenied):
        actions.vote(actor=asker, question=question)
    assert not AmaVote.objects.exists()


def test_a_vote_can_be_taken_back_while_open(session, asker, peer):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    actions.vote(actor=peer, question=question)
    actions.unvote(actor=peer, question=question)
    assert not AmaVote.objects.exists()
    with pytest.raises(ValidationError) as refused:
        actions.unvote(actor=peer, question=question)
    assert _codes(refused.value) == {"not_voted"}


def test_votes_stop_at_the_end_time(session, asker, peer, finish):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    actions.vote(actor=peer, question=question)
    finish(session)
    other = AmaQuestion.objects.get(pk=question.pk)
    with pytest.raises(ValidationError):
        actions.unvote(actor=peer, question=other)
    with pytest.raises(ValidationError):
        actions.vote(actor=session.host, question=other)
    assert AmaVote.objects.filter(question=question).count() == 1


def test_a_deleted_question_takes_no_votes(session, asker, peer):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    actions.delete_question(actor=asker, question=question)
    with pytest.raises(Http404):
        actions.vote(actor=peer, question=question)


# --- answering ------------------------------------------------------------------------


def test_the_host_answers_in_place_and_the_asker_hears_of_it(session, leader, asker):
    question = actions.ask_question(actor=asker, session=session, body="Why?", anonymous=True)
    actions.answer_question(actor=leader, question=question, answer="Because **reasons**.")
    question.refresh_from_db()
    assert question.is_answered and "<strong>reasons</strong>" in question.answer_html
    event = Event.objects.get(kind="ama_question.answered")
    assert event.recipients == [asker.pk]
    assert event.data == {"session": session.pk, "anonymous": True}
    first = question.answered_at
    actions.answer_question(actor=leader, question=question, answer="Better answer.")
    question.refresh_from_db()
    assert question.answer == "Better answer." and question.answered_at == first
    assert Event.objects.filter(kind="ama_question.answered").count() == 1


def test_only_the_host_answers(session, asker, peer, admin_user):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    for person in (asker, peer, admin_user):
        with pytest.raises(PermissionDenied):
            actions.answer_question(actor=person, question=question, answer="Me!")
    question.refresh_from_db()
    assert not question.is_answered


def test_an_empty_answer_is_refused(session, leader, asker):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    with pytest.raises(ValidationError) as refused:
        actions.answer_question(actor=leader, question=question, answer="  ")
    assert "answer" in refused.value.message_dict


def test_answers_stop_at_the_end_time_and_the_session_stays_readable(
    session, leader, asker, finish
):
    question = actions.ask_question(actor=asker, session=session, body="Why?")
    finish(session)
    with pytest.raises(ValidationError):
        actions.answer_question(actor=leader, question=question, answer="Late")
    question.refresh_from_db()
    assert not question.is_answered and session.state == AmaSession.State.CLOSED


# --- deleting -------------------------------------------------------------------------


def test_the_asker_or_a_moderator_deletes_a_question_and_nobody_else(
    session, leader, asker, peer, moderator
):
    first = actions.ask_question(actor=asker, session=session, body="One")
    second = actions.ask_question(actor=asker, session=session, body="Two")
    for person in (peer, leader):
        with pytest.raises(PermissionDenied):
            actions.delete_question(actor=person, question=first)
    actions.delete_question(actor=asker, question=first)
    actions.delete_question(actor=moderator, question=second)
    assert AmaQuestion.objects.filter(deleted_at__isnull=True).count() == 0
