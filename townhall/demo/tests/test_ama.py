"""The demo's ask-me-anything sessions: a finished one, an open one and an upcoming one."""

import pytest
from django.test import Client

from townhall.accounts.models import User
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote
from townhall.demo.ama import add_ama

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo, db):
    return demo


def test_the_ceo_held_an_ama_with_answered_unanswered_and_anonymous_questions(loaded):
    finished = AmaSession.objects.get(host__username="ingrid")
    assert finished.state == AmaSession.State.CLOSED
    questions = AmaQuestion.objects.filter(session=finished)
    assert questions.filter(answered_at__isnull=False).count() == 5
    assert questions.filter(answered_at__isnull=True).count() == 2
    assert questions.filter(anonymous=True).count() == 3
    assert AmaVote.objects.filter(question__session=finished).count() > 20
    for question in questions:
        assert finished.starts_at < question.created_at < finished.ends_at
    assert "ask me anything" in loaded


def test_an_open_and_an_upcoming_session_wait(loaded):
    states = {s.host.username: s.state for s in AmaSession.objects.select_related("host")}
    assert states == {"ingrid": "closed", "thandiwe": "open", "hakon": "upcoming"}
    assert all(s.host.role == "leader" for s in AmaSession.objects.select_related("host"))


def test_nobody_voted_for_their_own_question(loaded):
    assert not [
        v for v in AmaVote.objects.select_related("question") if v.person_id == v.question.asker_id
    ]


def test_loading_again_adds_no_sessions(loaded):
    assert add_ama() is None


def test_a_colleague_reads_the_finished_ama_without_learning_anonymous_askers(loaded):
    client = Client()
    client.force_login(User.objects.get(username="priya"))
    finished = AmaSession.objects.get(host__username="ingrid")
    page = client.get(f"/ama/{finished.pk}/").content.decode()
    assert "Will we open an office in Asia" in page
    for question in AmaQuestion.objects.filter(session=finished, anonymous=True):
        assert question.asker.display_name not in page
