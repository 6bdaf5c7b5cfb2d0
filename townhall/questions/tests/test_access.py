"""The permission pair for questions agrees for every persona; who may accept answers."""

import pytest

from townhall.access import questions as access
from townhall.groups import actions as groups
from townhall.questions import actions
from townhall.questions.models import Question

pytestmark = pytest.mark.django_db


def test_seeing_a_question_agrees_on_check_and_filter_for_every_persona(
    member, bo, cy, moderator, make_user, secret_group, public_group
):
    gone = make_user("gil")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    groups.join_group(actor=cy, group=public_group)
    made = {
        "org": actions.create_question(actor=member, body="Org?"),
        "public": actions.create_question(actor=cy, body="Kitchen?", group=public_group),
        "secret": actions.create_question(actor=bo, body="Secret?", group=secret_group),
    }
    expected = {
        "member": {"org", "public"},
        "bo": {"org", "public", "secret"},
        "cy": {"org", "public"},
        "moderator": {"org", "public"},
        "gone": set(),
    }
    people = {"member": member, "bo": bo, "cy": cy, "moderator": moderator, "gone": gone}
    questions = {
        k: Question.objects.select_related("post", "post__group").get(pk=q.pk)
        for k, q in made.items()
    }
    for name, person in people.items():
        checked = {k for k, q in questions.items() if access.can_view_question(person, q)}
        filtered = set(access.visible_questions(person).values_list("pk", flat=True))
        assert checked == expected[name], name
        assert filtered == {questions[k].pk for k in checked}, name

    accept = {
        name: {k for k, q in questions.items() if access.can_accept_answer(person, q)}
        for name, person in people.items()
    }
    assert accept == {
        "member": {"org"},  # the asker
        "bo": {"public", "secret"},  # owner of both groups (and asker of the secret one)
        "cy": {"public"},  # the asker
        "moderator": {"org", "public"},  # moderators, where they can see
        "gone": set(),
    }
