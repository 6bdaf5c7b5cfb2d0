"""Questions on pages: the open list (all, per group), accepting an answer (it comes first
and is marked), bad accepts, and the queries the list costs."""

import pytest

from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.questions import actions
from townhall.questions.models import Question

pytestmark = pytest.mark.django_db


def test_the_open_list_shows_questions_until_an_answer_is_accepted(client, member, bo):
    asked = actions.create_question(actor=member, body="Who has the key?")
    posts.create_post(actor=member, body="Not a question")
    client.force_login(bo)
    html = client.get("/questions/").content.decode()
    assert "Who has the key?" in html and "Not a question" not in html and "Open question" in html
    answer = posts.create_comment(actor=bo, post=asked.post, body="I do.")
    actions.accept_answer(actor=member, question=asked, comment=answer)
    html = client.get("/questions/").content.decode()
    assert "Who has the key?" not in html and "No open questions here" in html


def test_the_open_list_per_group_and_never_a_secret_groups_for_outsiders(
    client, member, bo, public_group, secret_group
):
    actions.create_question(actor=bo, body="Kitchen oven?", group=public_group)
    actions.create_question(actor=bo, body="Secret plan?", group=secret_group)
    actions.create_question(actor=member, body="Org wide?")
    client.force_login(member)
    html = client.get(f"/questions/?group={public_group.slug}").content.decode()
    assert "Kitchen oven?" in html and "Org wide?" not in html
    html = client.get("/questions/").content.decode()
    assert "Secret plan?" not in html and "Skunkworks" not in html
    assert client.get(f"/questions/?group={secret_group.slug}").status_code == 404
    assert client.get("/questions/?after=garbage").status_code == 400
    group_page = client.get(f"/groups/{public_group.slug}/").content.decode()
    assert f"/questions/?group={public_group.slug}" in group_page


def test_accepting_marks_the_answer_and_puts_it_first(client, member, bo, cy):
    asked = actions.create_question(actor=member, body="Who has the key?")
    posts.create_comment(actor=cy, post=asked.post, body="Not me.")
    answer = posts.create_comment(actor=bo, post=asked.post, body="I do.")
    client.force_login(member)
    page = client.get(f"/posts/{asked.post_id}/").content.decode()
    assert page.count("Accept this answer") == 2
    response = client.post(f"/questions/{asked.pk}/accept/", {"comment": answer.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{asked.post_id}/#comment-{answer.pk}"
    page = client.get(f"/posts/{asked.post_id}/").content.decode()
    assert page.index("I do.") < page.index("Not me.")
    assert "Accepted answer" in page and "Answered question" in page
    assert "Take the acceptance back" in page
    client.post(f"/questions/{asked.pk}/unaccept/")
    assert not Question.objects.get().accepted_comment_id


def test_others_see_the_mark_but_no_accept_button_and_cannot_post_one(client, member, bo, cy):
    asked = actions.create_question(actor=member, body="Who has the key?")
    answer = posts.create_comment(actor=bo, post=asked.post, body="I do.")
    client.force_login(cy)
    assert "Accept this answer" not in client.get(f"/posts/{asked.post_id}/").content.decode()
    response = client.post(f"/questions/{asked.pk}/accept/", {"comment": answer.pk})
    assert response.status_code == 403
    assert "Only the person who asked or a moderator" in response.content.decode()
    client.force_login(member)
    for bad in ("", "abc", "999999"):
        response = client.post(f"/questions/{asked.pk}/accept/", {"comment": bad})
        assert (
            response.status_code == 400 and "There is no such answer." in response.content.decode()
        )
    assert client.post("/questions/999999/accept/", {"comment": answer.pk}).status_code == 404
    assert not Question.objects.get().accepted_comment_id


@pytest.mark.parametrize("size", [1, 20])
def test_the_open_list_costs_the_same_for_1_or_20_questions(
    client, member, bo, public_group, size, django_assert_max_num_queries
):
    groups.join_group(actor=member, group=public_group)
    for n in range(size):
        question = actions.create_question(actor=bo, body=f"Question {n}?", group=public_group)
        posts.create_comment(actor=member, post=question.post, body="An answer")
    client.force_login(member)
    client.get("/")
    with django_assert_max_num_queries(14):
        response = client.get("/questions/")
    assert response.content.decode().count("Open question</span>") == size
