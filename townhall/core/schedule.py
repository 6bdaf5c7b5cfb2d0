"""Periodic jobs: run once per interval across every worker process on every machine.

    from townhall.core.schedule import every

    @every(minutes=1)
    def publish_due_articles() -> None: ...

Put such functions in a module called `jobs.py` of any app; it is found automatically.
Every `townhall worker` runs a clock thread that calls `run_due()` every few seconds. A
job is claimed with one conditional UPDATE of its PeriodicJob row (last run older than the
interval), so of many workers exactly one runs it each time. A job should be quick: heavy
work belongs in tasks it enqueues. A failing job is logged and tried again next interval.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from townhall.core.models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)

TICK_SECONDS = 10
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str
    function: Callable[[], object]
    interval: timedelta


JOBS: dict[str, Job] = {}


def every(*, minutes: int = 0, hours: int = 0):
    interval = timedelta(minutes=minutes, hours=hours)
    if interval <= timedelta(0):
        raise ValueError("a periodic job needs a positive interval")

    def register(function):
        name = f"{function.__module__}.{function.__qualname__}"
        JOBS[name] = Job(name=name, function=function, interval=interval)
        return function

    return register


def jobs() -> dict[str, Job]:
    autodiscover_modules("jobs")
    return JOBS


def _claim(job: Job, now: datetime) -> bool:
    PeriodicJob.objects.get_or_create(name=job.name, defaults={"last_run_at": NEVER})
    due = PeriodicJob.objects.filter(name=job.name, last_run_at__lte=now - job.interval)
    return due.update(last_run_at=now) == 1


def run_due(now: datetime | None = None) -> list[str]:
    """Run every job whose interval has passed; return the names of those that ran here."""
    now = now or timezone.now()
    ran = []
    for job in jobs().values():
        if not _claim(job, now):
            continue
        try:
            job.function()
        except Exception:
            logger.exception("periodic job %s failed; it runs again next interval", job.name)
        ran.append(job.name)
    return ran


def heartbeat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def start_clock(worker_id: str, stop: threading.Event) -> threading.Thread:
    """A daemon thread that says the worker is alive and calls run_due() every TICK_SECONDS
    until `stop` is set (townhall/core/jobs.py re-queues the tasks of silent workers)."""

    def loop():
        while not stop.is_set():
            try:
                heartbeat(worker_id)
                run_due()
            except Exception:
                logger.exception("the clock could not run periodic jobs")
            finally:
                close_old_connections()
            stop.wait(TICK_SECONDS)

    thread = threading.Thread(target=loop, name="townhall-clock", daemon=True)
    thread.start()
    return thread
