import pytest
from django.db import transaction

from townhall.core.tests.http_receiver import receiving_server
from townhall.events.models import Event
from townhall.events.outbox import emit
from townhall.groups.actions import create_group
from townhall.posts.actions import create_post


@pytest.fixture
def receiver(settings):
    """A real HTTP server on 127.0.0.1; its host:port is allow-listed for this test only."""
    with receiving_server() as server:
        settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
        yield server


@pytest.fixture
def post_in():
    """Write a post through the real action; the social core's post.created event follows.

    (Until posts.actions emits post.created itself, this emits it as the action will.)
    """

    def write(author, text, group=None):
        with transaction.atomic():
            post = create_post(actor=author, body=text, group=group)
            if not Event.objects.filter(
                kind="post.created", subject_type="posts.post", subject_id=post.pk
            ).exists():
                emit("post.created", actor=author, subject=post, group=group.pk if group else None)
        return post

    return write


@pytest.fixture
def group_of():
    def make(owner, name, kind="public"):
        return create_group(actor=owner, name=name, kind=kind)

    return make
