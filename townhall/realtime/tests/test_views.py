"""The fragments a page fetches when its socket says something changed, and the page head."""

import pytest
from django.urls import reverse

from townhall.people import follows
from townhall.posts import actions as posts
from townhall.posts.selectors import encode_cursor

pytestmark = pytest.mark.django_db


def feed_item(client, **query):
    return client.get(reverse("realtime:feed_item"), query)


def test_a_new_post_in_my_feed_comes_as_its_card_with_the_newest_cursor(client, office):
    follows.follow_person(actor=office.bo, person=office.aria)
    older = posts.create_post(actor=office.aria, body="Earlier")
    post = posts.create_post(actor=office.aria, body="Fresh news")
    client.force_login(office.bo)
    response = feed_item(client, feed="home", post=post.pk, since=encode_cursor(older))
    assert response.status_code == 200
    assert f'id="post-{post.pk}"' in response.content.decode()
    assert "Fresh news" in response.content.decode()
    assert response["X-Feed-Since"] == encode_cursor(post)
    # An older post arriving late keeps the newest one as the prompt's starting point.
    late = feed_item(client, feed="home", post=older.pk, since=encode_cursor(post))
    assert late["X-Feed-Since"] == encode_cursor(post)


def test_a_post_that_is_not_in_this_feed_or_not_visible_answers_nothing(client, office):
    elsewhere = posts.create_post(actor=office.olga, body="Not followed")
    secret = posts.create_post(actor=office.aria, body="Falcon", group=office.skunkworks)
    client.force_login(office.bo)
    assert feed_item(client, feed="home", post=elsewhere.pk).status_code == 204
    assert feed_item(client, feed="company", post=elsewhere.pk).status_code == 200
    for feed in ("home", "company"):
        response = feed_item(client, feed=feed, post=secret.pk)
        assert response.status_code == 204 and b"Falcon" not in response.content
    group = feed_item(client, feed="group", subject=office.skunkworks.slug, post=secret.pk)
    assert group.status_code == 404  # the group itself is hidden


def test_bad_feed_questions_get_a_clear_400(client, office):
    client.force_login(office.bo)
    assert feed_item(client, feed="nope", post=1).content.decode() == "There is no such feed."
    response = feed_item(client, feed="home", post="abc")
    assert response.status_code == 400 and "number of a post" in response.content.decode()


def test_the_card_costs_the_same_queries_however_busy_the_post_is(
    client, office, make_user, django_assert_max_num_queries
):
    post = posts.create_post(actor=office.aria, body="Counted")
    client.force_login(office.bo)
    assert feed_item(client, feed="company", post=post.pk).status_code == 200  # warm-up
    for n in range(6):
        person = make_user(f"fan{n}")
        posts.react(actor=person, target=post, kind="like")
        comment = posts.create_comment(actor=person, post=post, body="Yes")
        posts.react(actor=office.olga, target=comment, kind="like")
    with django_assert_max_num_queries(22):
        assert feed_item(client, feed="company", post=post.pk).status_code == 200


def test_a_new_comment_and_a_reaction_bar_come_rendered_for_the_reader(client, office):
    post = posts.create_post(actor=office.aria, body="Lunch?")
    comment = posts.create_comment(actor=office.olga, post=post, body="Canteen at 12")
    posts.react(actor=office.olga, target=post, kind="like")
    client.force_login(office.bo)
    response = client.get(reverse("realtime:comment", args=[comment.pk]))
    assert response.status_code == 200 and "Canteen at 12" in response.content.decode()
    bar = client.get(reverse("realtime:reactions", args=["post", post.pk])).content.decode()
    assert f'id="reactions-post-{post.pk}"' in bar and 'class="reaction-count">1<' in bar
    bar = client.get(reverse("realtime:reactions", args=["comment", comment.pk])).content.decode()
    assert f'id="reactions-comment-{comment.pk}"' in bar


def test_a_secret_comment_or_reaction_bar_answers_nothing_to_outsiders(client, office):
    secret = posts.create_post(actor=office.aria, body="Falcon", group=office.skunkworks)
    comment = posts.create_comment(actor=office.olga, post=secret, body="Wings")
    client.force_login(office.bo)
    for url in (
        reverse("realtime:comment", args=[comment.pk]),
        reverse("realtime:reactions", args=["post", secret.pk]),
        reverse("realtime:reactions", args=["comment", comment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 204 and response.content == b""


def test_the_unread_badge_follows_the_notifications(
    client, office, django_capture_on_commit_callbacks
):
    post = posts.create_post(actor=office.aria, body="Thoughts?")
    client.force_login(office.aria)
    empty = client.get(reverse("realtime:unread"))
    assert empty["X-Unread"] == "0" and empty.content.strip() == b""
    with django_capture_on_commit_callbacks(execute=True):  # the outbox, then notifications
        posts.create_comment(actor=office.bo, post=post, body="Some")
    badge = client.get(reverse("realtime:unread"))
    assert badge["X-Unread"] == "1" and 'class="badge"' in badge.content.decode()


def test_fragments_are_for_signed_in_members_only(client, office):
    response = client.get(reverse("realtime:unread"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_of_a_signed_in_member_say_where_their_socket_is(client, office, settings):
    settings.TOWNHALL_REALTIME_URL = ":8001"
    client.force_login(office.bo)
    page = client.get("/").content.decode()
    assert 'name="townhall-realtime" content=":8001"' in page
    assert "realtime/realtime.js" in page
    settings.TOWNHALL_REALTIME_URL = "off"
    assert "townhall-realtime" not in client.get("/").content.decode()
    client.logout()
    assert "townhall-realtime" not in client.get("/accounts/login/").content.decode()
