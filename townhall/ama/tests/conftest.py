"""Fixtures for the ama tests: a leader, people to ask, and sessions in each state.

Sessions are opened through the real action; to make one finished (or not yet started)
its times are then moved with a queryset update, as the clock would have moved them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.ama import actions
from townhall.ama.models import AmaSession


@pytest.fixture
def leader(make_user):
    return make_user("lee", role="leader", display_name="Lee Leader")


@pytest.fixture
def moderator(make_user):
    return make_user("max", role="moderator", display_name="Max Moderator")


@pytest.fixture
def asker(make_user):
    return make_user("ash", display_name="Ash Asker")


@pytest.fixture
def peer(make_user):
    return make_user("pia", display_name="Pia Peer")


def move_session(session: AmaSession, *, starts_in: timedelta, lasts: timedelta) -> AmaSession:
    now = timezone.now()
    AmaSession.objects.filter(pk=session.pk).update(
        starts_at=now + starts_in, ends_at=now + starts_in + lasts
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def open_session(leader):
    def make(host=None, *, title="Ask the CEO", group=None, **times):
        now = timezone.now()
        return actions.open_session(
            actor=host or leader,
            title=title,
            description="Anything **at all**.",
            starts_at=times.get("starts_at", now - timedelta(minutes=5)),
            ends_at=times.get("ends_at", now + timedelta(hours=1)),
            group=group,
        )

    return make


@pytest.fixture
def session(open_session):
    return open_session()


@pytest.fixture
def finish():
    """finish(session): its end time has passed (it ran for the hour before now)."""
    return lambda s: move_session(s, starts_in=-timedelta(hours=2), lasts=timedelta(hours=1))


@pytest.fixture
def postpone():
    """postpone(session): it starts tomorrow."""
    return lambda s: move_session(s, starts_in=timedelta(days=1), lasts=timedelta(hours=1))
