from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.core import schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticks(monkeypatch):
    ran = []
    monkeypatch.setattr(schedule, "JOBS", {})
    schedule.every(minutes=5)(lambda: ran.append("tick"))
    monkeypatch.setattr(schedule, "autodiscover_modules", lambda name: None)
    return ran


def test_a_job_runs_once_per_interval(ticks):
    start = timezone.now()
    assert len(schedule.run_due(start)) == 1
    assert schedule.run_due(start + timedelta(minutes=4)) == []
    assert len(schedule.run_due(start + timedelta(minutes=5))) == 1
    assert ticks == ["tick", "tick"]


def test_two_workers_at_the_same_moment_run_a_job_once(ticks):
    now = timezone.now()
    first, second = schedule.run_due(now), schedule.run_due(now)
    assert (len(first), len(second), ticks) == (1, 0, ["tick"])


def test_a_failing_job_is_logged_and_others_still_run(ticks, caplog):
    def broken():
        raise RuntimeError("boom")

    schedule.every(minutes=1)(broken)
    ran = schedule.run_due()
    assert len(ran) == 2 and ticks == ["tick"]
    assert "runs again next interval" in caplog.text


def test_the_outbox_safety_net_is_registered_as_a_periodic_job():
    assert "townhall.events.jobs.redispatch_stuck_events" in schedule.jobs()


def test_a_job_needs_a_positive_interval():
    with pytest.raises(ValueError):
        schedule.every()
