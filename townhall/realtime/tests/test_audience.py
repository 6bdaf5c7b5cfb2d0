"""The audience of an event is decided once for everyone connected, by the permission layer."""

import pytest

from townhall.access.posts import can_view_comment, can_view_post
from townhall.config import ConfigError, load_config
from townhall.events.models import Event
from townhall.posts import actions as posts
from townhall.realtime.audience import Watchers, route
from townhall.realtime.endpoint import connect_sources

pytestmark = pytest.mark.django_db


def event_for(subject_type: str, subject_id: int) -> Event:
    return Event.objects.filter(subject_type=subject_type, subject_id=subject_id).latest("pk")


def test_one_query_decides_a_posts_audience_however_many_are_connected(
    office, make_user, django_assert_num_queries
):
    crowd = [make_user(f"person{n}") for n in range(30)] + [office.bo, office.aria]
    secret = posts.create_post(actor=office.olga, body="Falcon", group=office.skunkworks)
    event = event_for("posts.post", secret.pk)
    watchers = Watchers(feed={p.pk for p in crowd}, everyone={p.pk for p in crowd})
    with django_assert_num_queries(2):  # the post, then who of the crowd may see it
        messages = route([event], watchers)
    assert {m.user_id for m in messages} == {office.aria.pk}
    assert all(can_view_post(p, secret) == (p.pk == office.aria.pk) for p in crowd)


def test_a_deleted_comment_or_an_answer_to_one_reaches_nobody(office):
    post = posts.create_post(actor=office.aria, body="Question")
    parent = posts.create_comment(actor=office.bo, post=post, body="First")
    reply = posts.create_comment(actor=office.olga, post=post, body="Reply", parent=parent)
    watchers = Watchers(posts={post.pk: {office.aria.pk, office.bo.pk}})
    reply_event = event_for("posts.comment", reply.pk)
    assert len(route([reply_event], watchers)) == 2
    posts.delete_comment(actor=office.bo, comment=parent)
    reply.refresh_from_db()
    assert not can_view_comment(office.aria, reply)
    assert route([reply_event], watchers) == []


def test_the_realtime_address_is_checked_at_start_up(tmp_path):
    def config(value: str):
        return load_config({"TOWNHALL_DATA_DIR": str(tmp_path), "TOWNHALL_REALTIME_URL": value})

    assert config(":8001").realtime_url == ":8001"
    assert config("off").realtime_url == "off"
    with pytest.raises(ConfigError, match="TOWNHALL_REALTIME_URL"):
        config("http://example.com/ws/")


def test_the_content_security_policy_allows_exactly_the_realtime_address():
    hosts = ["127.0.0.1", "localhost", "[::1]"]
    assert connect_sources(":8001", hosts) == [
        "ws://127.0.0.1:8001",
        "wss://127.0.0.1:8001",
        "ws://localhost:8001",
        "wss://localhost:8001",
    ]
    assert connect_sources("wss://rt.example.com/ws/", hosts) == ["wss://rt.example.com"]
    assert connect_sources("", hosts) == [] and connect_sources("off", hosts) == []
