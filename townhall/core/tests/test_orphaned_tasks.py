from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from townhall.core import jobs, schedule
from townhall.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _running_task(worker_id: str, started_minutes_ago: int) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        enqueued_at=now - timedelta(minutes=started_minutes_ago + 1),
        started_at=now - timedelta(minutes=started_minutes_ago),
        run_after=now - timedelta(minutes=started_minutes_ago + 1),
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="townhall.core.mail.deliver_email",
        worker_ids=[worker_id],
        backend_name="default",
    )


def test_a_task_of_a_worker_that_stopped_beating_runs_again():
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=timezone.now() - timedelta(minutes=5))
    orphan = _running_task("dead", started_minutes_ago=4)
    assert jobs.requeue_orphaned_tasks() == 1
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY and orphan.started_at is None


def test_a_long_task_of_a_live_worker_is_left_alone():
    schedule.heartbeat("alive")
    task = _running_task("alive", started_minutes_ago=30)
    assert jobs.requeue_orphaned_tasks() == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_that_just_started_is_not_taken_for_an_orphan():
    task = _running_task("never-beat-yet", started_minutes_ago=0)
    assert jobs.requeue_orphaned_tasks() == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
