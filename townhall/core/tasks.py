"""Background tasks: enqueued after commit, given ids, retried with backoff.

Every task in Townhall is declared with `@retrying_task()`. It takes ids (never objects),
must be safe to run twice, and is enqueued with `enqueue_after_commit` so a task never runs
against a transaction that rolled back. A task that raises is re-enqueued with exponential
backoff; after its last attempt the failure stays in the task table for admins to see.
"""

import functools
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min, 8 min


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempt - 1))


def retrying_task(max_attempts: int = MAX_ATTEMPTS, **task_options):
    """Declare a task whose failures are retried. The task function must accept `attempt`."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, attempt=attempt, **kwargs)
            except Exception:
                if attempt >= max_attempts:
                    logger.exception(
                        "task %s failed for good after %s attempts", function.__name__, attempt
                    )
                    raise  # recorded as FAILED in the task table; the admin area lists it
                logger.warning("task %s failed, attempt %s; retrying", function.__name__, attempt)
                retry = timezone.now() + backoff(attempt)
                the_task.using(run_after=retry).enqueue(*args, attempt=attempt + 1, **kwargs)
                return {"retried": attempt + 1}

        the_task = task(**task_options)(run)
        return the_task

    return decorate


def enqueue_after_commit(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: the_task.enqueue(*args, **kwargs), robust=True)
