"""Realtime through real WebSocket connections (channels' WebsocketCommunicator on the ASGI
application townhall serve runs): sign-in, Origin, and who hears about what."""

import pytest
from channels.db import database_sync_to_async as db

from townhall.posts import actions as posts
from townhall.realtime.tests.conftest import (
    communicator,
    connect,
    heard_nothing,
    next_message,
    run,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_by_aria_reaches_bos_open_feed(office):
    async def scenario():
        bo = await connect(office.bo, "feed=1")
        post = await db(posts.create_post)(actor=office.aria, body="Launch at noon")
        message = await next_message(bo)
        assert message["type"] == "post" and message["post"] == post.pk
        assert isinstance(message["event"], int)
        await bo.disconnect()

    run(scenario)


def test_a_post_in_a_secret_group_never_reaches_a_non_members_socket(office):
    async def scenario():
        bo = await connect(office.bo, "feed=1")  # not a member of Skunkworks
        olga = await connect(office.olga, "feed=1")  # its owner
        secret = await db(posts.create_post)(
            actor=office.aria, body="Codename Falcon", group=office.skunkworks
        )
        assert (await next_message(olga))["post"] == secret.pk
        assert await heard_nothing(bo, 1.0)
        public = await db(posts.create_post)(actor=office.aria, body="Lunch is served")
        # Bo's next message is the public post: the secret one was never sent to him.
        assert (await next_message(bo))["post"] == public.pk
        assert (await next_message(olga))["post"] == public.pk
        await bo.disconnect()
        await olga.disconnect()

    run(scenario)


def test_a_page_of_another_site_cannot_open_a_socket(office):
    async def scenario():
        cookie = await db(session_cookie)(office.bo)
        for origin in ("https://evil.example", "null", ""):
            socket = communicator(cookie=cookie, origin=origin)
            connected, _ = await socket.connect()
            assert not connected, origin

    run(scenario)


def test_a_visitor_who_is_not_signed_in_is_told_to_stop_trying(db):
    async def scenario():
        socket = communicator(cookie="not-a-session")
        connected, _ = await socket.connect()
        assert connected
        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4401}

    run(scenario)


def test_a_deactivated_person_gets_no_socket(office):
    office.bo.is_active = False
    office.bo.save(update_fields=["is_active"])

    async def scenario():
        cookie = await db(session_cookie)(office.bo)
        socket = communicator(cookie=cookie)
        connected, _ = await socket.connect()
        assert (await socket.receive_output(timeout=5))["code"] == 4401

    run(scenario)


def test_a_comment_reaches_those_with_the_post_open_and_no_one_else(office):
    post = posts.create_post(actor=office.aria, body="Where do we meet?")
    secret = posts.create_post(actor=office.aria, body="Budget", group=office.skunkworks)

    async def scenario():
        reader = await connect(office.bo, f"post={post.pk}")
        elsewhere = await connect(office.olga, "feed=1")
        snoop = await connect(office.bo, f"post={secret.pk}")  # a guessed id
        comment = await db(posts.create_comment)(actor=office.olga, post=post, body="Room 4")
        message = await next_message(reader)
        assert message == {
            "type": "comment",
            "event": message["event"],
            "post": post.pk,
            "comment": comment.pk,
            "parent": None,
        }
        await db(posts.create_comment)(actor=office.olga, post=secret, body="Tight")
        assert await heard_nothing(snoop, 1.0)
        assert await heard_nothing(elsewhere, 0.2)
        for socket in (reader, elsewhere, snoop):
            await socket.disconnect()

    run(scenario)


def test_a_reaction_updates_the_reactions_of_an_open_post(office):
    post = posts.create_post(actor=office.aria, body="Ship it?")
    comment = posts.create_comment(actor=office.bo, post=post, body="Yes")

    async def scenario():
        reader = await connect(office.bo, f"post={post.pk}")
        await db(posts.react)(actor=office.olga, target=post, kind="like")
        message = await next_message(reader)
        assert (message["type"], message["target"], message["id"]) == ("reactions", "post", post.pk)
        await db(posts.react)(actor=office.olga, target=comment, kind="like")
        kinds = set()
        for _ in range(2):  # the reaction, and a nudge: Bo's comment got a reaction
            found = await next_message(reader)
            kinds.add(found["type"])
            if found["type"] == "reactions":
                assert (found["target"], found["id"]) == ("comment", comment.pk)
        assert kinds == {"reactions", "notify"}
        await reader.disconnect()

    run(scenario)


def test_the_person_an_event_is_addressed_to_hears_that_notifications_changed(office):
    post = posts.create_post(actor=office.aria, body="Thoughts?")

    async def scenario():
        aria = await connect(office.aria, "")  # any page: only notifications
        await db(posts.create_comment)(actor=office.bo, post=post, body="Some")
        assert (await next_message(aria))["type"] == "notify"
        await aria.disconnect()

    run(scenario)


def test_a_page_that_reconnects_receives_what_it_missed_and_only_what_it_may_see(office):
    async def scenario():
        bo = await connect(office.bo, "feed=1")
        first = await db(posts.create_post)(actor=office.aria, body="One")
        last_seen = (await next_message(bo))["event"]
        await bo.disconnect()
        # While Bo's page is offline: a public post, and a secret one.
        second = await db(posts.create_post)(actor=office.aria, body="Two")
        await db(posts.create_post)(actor=office.aria, body="Three", group=office.skunkworks)
        again = await db(session_cookie)(office.bo)
        socket = communicator(f"feed=1&last={last_seen}", cookie=again)
        assert (await socket.connect())[0]
        missed = await next_message(socket)
        assert (missed["type"], missed["post"]) == ("post", second.pk)
        assert (await next_message(socket))["type"] == "ready"
        assert await heard_nothing(socket, 0.5)
        assert first.pk != second.pk
        await socket.disconnect()

    run(scenario)


def test_a_page_rendered_before_a_post_hears_of_it_on_its_first_connection(office):
    from django.utils import timezone

    rendered = timezone.now().isoformat()
    post = posts.create_post(actor=office.aria, body="Posted while the page loaded")

    async def scenario():
        cookie = await db(session_cookie)(office.bo)
        from urllib.parse import quote

        socket = communicator(f"feed=1&since={quote(rendered)}", cookie=cookie)
        assert (await socket.connect())[0]
        assert (await next_message(socket))["post"] == post.pk
        await socket.disconnect()

    run(scenario)


def test_nonsense_in_the_socket_address_is_ignored(office):
    async def scenario():
        socket = await connect(office.bo, "feed=yes&post=abc&last=-1&since=yesterday")
        assert await heard_nothing(socket, 0.2)
        await socket.send_json_to({"type": "ping"})
        assert (await next_message(socket))["type"] == "pong"
        await socket.send_to(text_data="not json")
        await socket.disconnect()

    run(scenario)


def test_an_open_socket_counts_as_using_townhall_so_no_email_goes_out_at_once(office):
    from townhall.notifications.models import LastSeen

    async def scenario():
        bo = await connect(office.bo, "feed=1")
        await bo.send_json_to({"type": "ping"})
        assert (await next_message(bo))["type"] == "pong"
        await bo.disconnect()

    run(scenario)
    assert LastSeen.objects.filter(person=office.bo).exists()
    assert not LastSeen.objects.filter(person=office.aria).exists()
