"""The ama pages and htmx partials, for each persona, with bad input and query counts."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from townhall.ama import actions
from townhall.ama.models import AmaQuestion, AmaSession, AmaVote
from townhall.conftest import DatabaseWork

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE_QUERIES = 6  # 5 of the page's own, 1 for the header's unread count


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail_url(session) -> str:
    return reverse("ama:detail", args=[session.pk])


# --- the overview ---------------------------------------------------------------------


def test_the_overview_lists_open_upcoming_and_past_sessions(
    open_session, leader, asker, finish, postpone
):
    open_session(title="Open one")
    postpone(open_session(title="Tomorrow's"))
    finish(open_session(title="Last week's"))
    page = client_for(asker).get(reverse("ama:index")).content.decode()
    open_at, upcoming_at, past_at = (
        page.index("Open now"),
        page.index("Upcoming"),
        page.index("Past sessions"),
    )
    assert open_at < page.index("Open one") < upcoming_at
    assert upcoming_at < page.index("Tomorrow&#x27;s") < past_at < page.index("Last week&#x27;s")
    assert "Open a session" not in page
    assert "Open a session" in client_for(leader).get(reverse("ama:index")).content.decode()


def test_the_overview_costs_the_same_queries_for_1_or_20_sessions(
    open_session, asker, django_assert_max_num_queries
):
    client = client_for(asker)
    open_session()
    client.get(reverse("ama:index"))
    # session, user, 3 lists (+ whatever the shared header adds, e.g. the unread count)
    with django_assert_max_num_queries(PAGE_QUERIES) as one:
        client.get(reverse("ama:index"))
    for number in range(19):
        open_session(title=f"Session {number}")
    with django_assert_max_num_queries(PAGE_QUERIES) as twenty:
        assert client.get(reverse("ama:index")).status_code == 200
    assert len(DatabaseWork.of(one)) == len(DatabaseWork.of(twenty))


def test_signed_out_people_are_sent_to_sign_in(session):
    response = Client().get(detail_url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- a session's page -----------------------------------------------------------------


def test_questions_are_sorted_by_votes_then_age_with_tabs(session, leader, asker, peer, make_user):
    third = make_user("tia")
    old = actions.ask_question(actor=asker, session=session, body="Old and quiet")
    popular = actions.ask_question(actor=asker, session=session, body="Popular one")
    liked = actions.ask_question(actor=peer, session=session, body="Liked once")
    for person in (peer, third):
        actions.vote(actor=person, question=popular)
    actions.vote(actor=third, question=liked)
    actions.answer_question(actor=leader, question=liked, answer="Here you go")
    client = client_for(third)
    page = client.get(detail_url(session)).content.decode()
    assert page.index("Popular one") < page.index("Liked once") < page.index("Old and quiet")
    assert "All (3)" in page and "Unanswered (2)" in page and "Answered (1)" in page
    answered = client.get(detail_url(session), {"tab": "answered"}).content.decode()
    assert "Liked once" in answered and "Here you go" in answered
    assert "Popular one" not in answered
    unanswered = client.get(detail_url(session), {"tab": "unanswered"}).content.decode()
    assert "Popular one" in unanswered and "Liked once" not in unanswered
    assert old.pk


def test_the_session_page_costs_the_same_queries_for_1_or_20_questions(
    session, asker, peer, make_user, django_assert_max_num_queries
):
    reader = make_user("rae")
    client = client_for(reader)
    question = actions.ask_question(actor=asker, session=session, body="Q0", anonymous=True)
    actions.vote(actor=peer, question=question)
    client.get(detail_url(session))
    # session, user, the AMA, its questions, the counts (+ the shared header's)
    with django_assert_max_num_queries(PAGE_QUERIES) as one:
        client.get(detail_url(session))
    for number in range(1, 20):
        q = actions.ask_question(
            actor=peer if number % 2 else asker,
            session=session,
            body=f"Q{number}",
            anonymous=number % 3 == 0,
        )
        actions.vote(actor=reader, question=q)
    with django_assert_max_num_queries(PAGE_QUERIES) as twenty:
        assert client.get(detail_url(session)).status_code == 200
    assert len(DatabaseWork.of(one)) == len(DatabaseWork.of(twenty))


def test_a_bad_page_cursor_goes_back_to_the_first_page(session, asker):
    response = client_for(asker).get(detail_url(session), {"cursor": "not-a-cursor"})
    assert response.status_code == 302


def test_a_closed_session_stays_readable_without_the_ask_form(session, leader, asker, finish):
    question = actions.ask_question(actor=asker, session=session, body="Will it last?")
    actions.answer_question(actor=leader, question=question, answer="It will.")
    finish(session)
    page = client_for(asker).get(detail_url(session)).content.decode()
    assert "Will it last?" in page and "It will." in page
    assert "This session has ended" in page
    assert 'name="body"' not in page and "Upvote" not in page


def test_a_session_in_a_private_group_is_a_404_for_outsiders_like_a_missing_one(
    leader, make_user, open_session, asker
):
    from townhall.groups import actions as groups

    owner = make_user("olga")
    group = groups.create_group(actor=owner, name="Board", kind="private", description="")
    invitation = groups.invite_to_group(actor=owner, group=group, invitee=leader)
    groups.accept_invitation(actor=leader, invitation=invitation)
    session = open_session(group=group, title="Board only")
    client = client_for(asker)
    hidden = client.get(detail_url(session))
    missing = client.get(reverse("ama:detail", args=[session.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert "Board only" not in client.get(reverse("ama:index")).content.decode()


# --- asking ---------------------------------------------------------------------------


def test_asking_with_a_plain_form_goes_back_to_the_question(session, asker):
    response = client_for(asker).post(
        reverse("ama:ask", args=[session.pk]), {"body": "Plain form?"}
    )
    question = AmaQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{question.pk}")


def test_asking_with_htmx_answers_with_the_new_question(session, asker):
    response = client_for(asker).post(
        reverse("ama:ask", args=[session.pk]), {"body": "With htmx?", "anonymous": "on"}, **HTMX
    )
    assert response.status_code == 201
    assert "With htmx?" in response.content.decode()
    assert "anonymous to others" in response.content.decode()
    assert AmaQuestion.objects.get().anonymous


def test_a_question_after_the_end_time_gets_a_clear_answer_and_is_not_stored(
    session, asker, finish
):
    finish(session)
    client = client_for(asker)
    htmx = client.post(reverse("ama:ask", args=[session.pk]), {"body": "Late?"}, **HTMX)
    assert htmx.status_code == 409
    assert "This session has ended" in htmx.content.decode()
    plain = client.post(reverse("ama:ask", args=[session.pk]), {"body": "Late?"}, follow=True)
    assert plain.status_code == 200
    assert "This session has ended" in plain.content.decode()
    assert not AmaQuestion.objects.exists()


@pytest.mark.parametrize("body", ["", "x" * 1001])
def test_an_empty_or_overlong_question_gets_a_clear_message(session, asker, body):
    response = client_for(asker).post(reverse("ama:ask", args=[session.pk]), {"body": body}, **HTMX)
    assert response.status_code == 422
    assert "text is" in response.content.decode()
    assert not AmaQuestion.objects.exists()


# --- voting and answering in place ----------------------------------------------------


def test_upvoting_with_htmx_swaps_the_question_with_its_new_count(session, asker, peer):
    question = actions.ask_question(actor=asker, session=session, body="Vote me")
    client = client_for(peer)
    url = reverse("ama:vote", args=[question.pk])
    response = client.post(url, {"action": "vote"}, **HTMX)
    assert response.status_code == 200
    assert (
        "1 vote" in response.content.decode() and 'aria-pressed="true"' in response.content.decode()
    )
    again = client.post(url, {"action": "vote"}, **HTMX)
    assert again.status_code == 409 and "already voted" in again.content.decode()
    undone = client.post(url, {"action": "unvote"}, **HTMX)
    assert "0 votes" in undone.content.decode()
    assert not AmaVote.objects.exists()


def test_voting_for_your_own_question_is_refused_with_a_reason(session, asker):
    question = actions.ask_question(actor=asker, session=session, body="Mine")
    response = client_for(asker).post(reverse("ama:vote", args=[question.pk]), **HTMX)
    assert response.status_code == 403
    assert "your own question" in response.content.decode()
    assert not AmaVote.objects.exists()


def test_the_host_answers_in_place_with_htmx(session, leader, asker, peer):
    question = actions.ask_question(actor=asker, session=session, body="Plans?")
    url = reverse("ama:answer", args=[question.pk])
    refused = client_for(peer).post(url, {"answer": "I am not the host"}, **HTMX)
    assert refused.status_code == 403
    response = client_for(leader).post(url, {"answer": "Big *ones*."}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lee Leader answered" in html and "<em>ones</em>" in html
    assert f'id="question-{question.pk}"' in html


def test_a_question_permalink_opens_the_session_at_it_or_gives_the_fragment(session, asker):
    question = actions.ask_question(actor=asker, session=session, body="Where?")
    client = client_for(asker)
    url = reverse("ama:question", args=[question.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(session)}#question-{question.pk}"
    assert "Where?" in client.get(url, **HTMX).content.decode()


def test_the_asker_deletes_their_question(session, asker):
    question = actions.ask_question(actor=asker, session=session, body="Oops")
    response = client_for(asker).post(reverse("ama:delete", args=[question.pk]), **HTMX)
    assert response.status_code == 200
    assert "Oops" not in client_for(asker).get(detail_url(session)).content.decode()


# --- opening a session ----------------------------------------------------------------


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_leader_opens_a_session_with_the_form(leader):
    client = client_for(leader)
    assert client.get(reverse("ama:create")).status_code == 200
    now = timezone.now()
    response = client.post(
        reverse("ama:create"),
        {
            "title": "Ask me about the move",
            "description": "",
            "group": "",
            "starts_at": _local(now + timedelta(days=1)),
            "ends_at": _local(now + timedelta(days=1, hours=1)),
        },
    )
    session = AmaSession.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(session)
    assert session.host == leader


def test_the_form_explains_an_end_before_the_start_and_stores_nothing(leader):
    now = timezone.now()
    response = client_for(leader).post(
        reverse("ama:create"),
        {
            "title": "Backwards",
            "group": "",
            "starts_at": _local(now + timedelta(days=2)),
            "ends_at": _local(now + timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "The end must come after the start." in response.content.decode()
    garbled = client_for(leader).post(
        reverse("ama:create"), {"title": "x", "starts_at": "soon", "ends_at": "later"}
    )
    assert garbled.status_code == 400 and "Enter a date and time" in garbled.content.decode()
    assert not AmaSession.objects.exists()


def test_members_cannot_open_the_form(asker):
    assert client_for(asker).get(reverse("ama:create")).status_code == 403
