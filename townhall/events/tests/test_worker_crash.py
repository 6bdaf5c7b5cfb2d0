"""A worker killed with SIGKILL in the middle of a batch: every event still takes effect once.

Real processes on a site of their own (SQLite file or a PostgreSQL database of this test):
150 people follow Ann, which queues 150 events. A `townhall worker` starts on them and is
killed while it works, again until a kill leaves a task half done (RUNNING). Then time
passes (its heartbeat ages), and a new worker finishes the batch: the orphaned task runs
again, and each event has been delivered exactly once to every consumer.
"""

import signal
import sqlite3
import subprocess
import time

import pytest

from townhall.core.tests.isolated import TOWNHALL, isolated_site, on_postgres

FOLLOWERS = 150

SET_UP = f"""
from django.db import transaction
from townhall.accounts.models import User
from townhall.people.follows import follow_person
ann = User.objects.create_user(username="ann", email="ann@northwind.example", display_name="Ann")
people = [
    User.objects.create_user(
        username=f"p{{i}}", email=f"p{{i}}@northwind.example", display_name=f"P {{i}}"
    )
    for i in range({FOLLOWERS})
]
for person in people:
    with transaction.atomic():
        follow_person(actor=person, person=ann)
"""

TIME_PASSES = [
    "UPDATE django_tasks_database_dbtaskresult SET started_at = started_at - INTERVAL"
    " WHERE status = 'RUNNING'",
    "UPDATE core_workerheartbeat SET seen_at = seen_at - INTERVAL",
    "UPDATE core_periodicjob SET last_run_at = last_run_at - INTERVAL",
]


class Database:
    def __init__(self, env, data_dir):
        self.env, self.data_dir = env, data_dir

    def rows(self, sql: str) -> list[tuple]:
        if on_postgres():
            import psycopg

            with psycopg.connect(self.env["TOWNHALL_DATABASE_URL"], autocommit=True) as db:
                cursor = db.execute(sql.replace("INTERVAL", "interval '10 minutes'"))
                return cursor.fetchall() if cursor.description else []
        with sqlite3.connect(self.data_dir / "townhall.sqlite3", timeout=30) as db:
            if "INTERVAL" in sql:  # SQLite keeps datetimes as text; shift them in Python
                column = sql.split("SET ")[1].split(" =")[0]
                sql = sql.replace(f"{column} - INTERVAL", f"datetime({column}, '-10 minutes')")
            return db.execute(sql).fetchall()

    def value(self, sql: str):
        return self.rows(sql)[0][0]


def _run(env, *args, timeout=300):
    return subprocess.run(
        [*TOWNHALL, *args], env=env, check=True, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(tmp_path):
    with isolated_site(tmp_path, "crash") as env:
        db = Database(env, tmp_path)
        _run(env, "migrate")
        _run(env, "manage", "shell", "-c", SET_UP)
        events = db.value("SELECT count(*) FROM events_event")
        assert events == FOLLOWERS

        half_done = 0
        for _attempt in range(8):
            worker = subprocess.Popen(
                [*TOWNHALL, "worker", "--interval", "0.05"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            before = db.value("SELECT count(*) FROM events_delivery")
            deadline = time.monotonic() + 60
            while db.value("SELECT count(*) FROM events_delivery") < before + 15:
                assert time.monotonic() < deadline, "the worker made no progress"
                time.sleep(0.02)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            half_done = db.value(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            )
            if half_done:
                break
        assert half_done, "no kill landed inside a task; the test proved nothing"

        for statement in TIME_PASSES:
            db.rows(statement)
        _run(env, "worker", "--batch")

        statuses = dict(
            db.rows(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
            )
        )
        assert set(statuses) == {"SUCCESSFUL"}, statuses
        per_event = db.rows(
            "SELECT event_id, consumer, count(*) FROM events_delivery GROUP BY event_id, consumer"
        )
        consumers = {consumer for _event, consumer, _count in per_event}
        assert "notifications" in consumers
        assert len(per_event) == events * len(consumers)
        assert {count for *_key, count in per_event} == {1}
        notices = db.rows(
            "SELECT n.actor_count, (SELECT count(*) FROM notifications_notificationactor a"
            " WHERE a.notification_id = n.id) FROM notifications_notification n"
            " JOIN accounts_user u ON u.id = n.recipient_id WHERE u.username = 'ann'"
        )
        assert notices == [(FOLLOWERS, FOLLOWERS)]
