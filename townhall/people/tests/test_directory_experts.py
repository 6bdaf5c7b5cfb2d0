"""The directory's search uses the search's "who knows about X": people who answered
questions about X (accepted answers count most) come before people who merely
mentioned it, and both before people who only match by name or title."""

import pytest
from django.urls import reverse

from townhall.groups import actions as groups
from townhall.people import selectors
from townhall.people.tests.test_directory import card_names
from townhall.posts import actions as posts
from townhall.questions import actions as questions

DIRECTORY = reverse("people:directory")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """An action with its after-commit work (the search index tasks)."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


@pytest.fixture
def people(member, make_user, committed):
    answerer = make_user("ines", display_name="Ines Answerer")
    mentioner = make_user("al", display_name="Al Mentioner")
    named = make_user("kube", display_name="Kubernetes Kim")
    committed(posts.create_post, actor=mentioner, body="Kubernetes came up at lunch")
    for body in ("Kubernetes pods stuck?", "Kubernetes ingress 404?"):
        asked = committed(questions.create_question, actor=member, body=body)
        answer = committed(
            posts.create_comment, actor=answerer, post=asked.post, body="Kubernetes: drain it"
        )
        committed(questions.accept_answer, actor=member, question=asked, comment=answer)
    return answerer, mentioner, named


def test_someone_who_answered_ranks_above_someone_who_mentioned_it_once(client, member, people):
    client.force_login(member)
    page = client.get(DIRECTORY, {"q": "kubernetes"}).content.decode()
    names = card_names(page)
    assert names.index("Ines Answerer") < names.index("Al Mentioner")
    assert names.index("Al Mentioner") < names.index("Kubernetes Kim")
    assert "2 accepted answers" in page
    assert names.count("Kubernetes Kim") == 1


def test_the_ranking_counts_only_what_the_searcher_may_see(member, make_user, committed):
    bo = make_user("bo", display_name="Bo Builder")
    hidden = groups.create_group(actor=bo, name="Skunkworks", kind="secret")
    committed(posts.create_post, actor=bo, body="Quasar design notes", group=hidden)
    assert [p.username for p in selectors.search_people(bo, "quasar").people] == ["bo"]
    assert selectors.search_people(member, "quasar").people == []
