"""Periodic jobs of the foundation (see townhall/core/schedule.py)."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from townhall.core.models import WorkerHeartbeat
from townhall.core.schedule import every

logger = logging.getLogger(__name__)

# A worker beats every TICK_SECONDS (10 s); silence this long means it is gone.
WORKER_SILENCE = timedelta(seconds=90)


@every(minutes=1)
def requeue_orphaned_tasks() -> int:
    """Tasks left RUNNING by a worker that died (killed, machine lost) become READY again.

    Every task is safe to run twice, so running it again completes it exactly once in effect.
    """
    now = timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_SILENCE).values_list(
            "worker_id", flat=True
        )
    )
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - WORKER_SILENCE
    )
    orphans = [t.pk for t in running.only("pk", "worker_ids") if t.worker_ids[-1:][0] not in alive]
    if orphans:
        DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("re-queued %s tasks of workers that stopped answering", len(orphans))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return len(orphans)
