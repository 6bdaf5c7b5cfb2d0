"""Many processes writing at once lose nothing and never see "database is locked".

Eight writer processes (as eight WSGI workers and task workers would be) each write through
the real actions for ten seconds against one database configured by townhall.config: the
SQLite file in WAL mode with IMMEDIATE transactions by default, PostgreSQL when the suite
runs on it. Every write a process reports must be in the database at the end.
"""

import multiprocessing
import os
import subprocess
import time

import pytest

from townhall.core.tests.isolated import ROOT, TOWNHALL, isolated_site, on_postgres

WRITERS = 8
SECONDS = 10


def _setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _write_for_a_while(env: dict, index: int, seconds: float, start, results) -> None:
    """One writer: its own account, then profile edits + invitations (+ queued email)."""
    _setup_django(env)
    from django.db import OperationalError, transaction
    from django.urls import reverse
    from django.utils.translation import gettext

    from townhall.accounts.actions import create_user
    from townhall.accounts.invitations import create_invitation
    from townhall.accounts.models import Invitation
    from townhall.people.actions import update_profile

    report = {"index": index, "writes": 0, "last": 0, "locked": 0, "errors": []}
    try:
        person = create_user(
            username=f"writer{index}",
            email=f"writer{index}@northwind.example",
            display_name=f"Writer {index}",
        )
        # Load the URLconf and translations now: the first of them costs seconds of CPU,
        # which would otherwise eat the writing time instead of overlapping writers.
        reverse("accounts:accept_invitation", args=["warm-up"])
        gettext("Your name cannot be empty.")
        start.wait(timeout=120)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            attempt = report["writes"] + 1
            try:
                with transaction.atomic():
                    # Read, then write, as actions do: without IMMEDIATE transactions this is
                    # where SQLite would answer "database is locked" at once.
                    Invitation.objects.filter(invited_by=person).count()
                    update_profile(actor=person, person=person, changes={"bio": f"edit {attempt}"})
                    create_invitation(actor=person, email=f"w{index}-{attempt}@guest.example")
            except OperationalError as error:
                report["locked"] += "locked" in str(error)
                report["errors"].append(repr(error))
                continue
            report["writes"] = report["last"] = attempt
    except Exception as error:
        start.abort()  # the others stop waiting for this writer
        report["errors"].append(repr(error))
    results.put(report)


def _count(env: dict, results) -> None:
    _setup_django(env)
    from django.db import connection

    from townhall.accounts.models import Invitation, User
    from townhall.core.models import OutgoingEmail

    found = {}
    for index in range(WRITERS):
        person = User.objects.get(username=f"writer{index}")
        found[index] = {
            "bio": person.bio,
            "invitations": Invitation.objects.filter(invited_by=person).count(),
            "emails": OutgoingEmail.objects.filter(recipients__startswith=f"w{index}-").count(),
        }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            found["journal_mode"] = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    results.put(found)


@pytest.mark.slow
def test_eight_processes_writing_at_once_lose_nothing_and_never_hit_a_locked_database(tmp_path):
    with isolated_site(tmp_path / "data", "th_writers") as env:
        migrated = subprocess.run(
            [*TOWNHALL, "migrate"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert migrated.returncode == 0, migrated.stderr

        spawn = multiprocessing.get_context("spawn")
        start, results = spawn.Barrier(WRITERS), spawn.Queue()
        writers = [
            spawn.Process(target=_write_for_a_while, args=(env, i, SECONDS, start, results))
            for i in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        reports = [results.get(timeout=240) for _ in writers]
        for writer in writers:
            writer.join(timeout=30)
            assert writer.exitcode == 0

        counter = spawn.Process(target=_count, args=(env, results))
        counter.start()
        found = results.get(timeout=120)
        counter.join(timeout=30)

    print(f"writes per process in {SECONDS} s:", sorted(r["writes"] for r in reports))
    assert [r["errors"] for r in reports] == [[] for _ in reports], "writers hit errors"
    assert sum(r["locked"] for r in reports) == 0
    for report in reports:
        stored = found[report["index"]]
        assert report["writes"] > 0, f"writer {report['index']} never got to write"
        assert stored == {
            "bio": f"edit {report['last']}",
            "invitations": report["writes"],
            "emails": report["writes"],
        }
    if not on_postgres():
        assert found["journal_mode"] == "wal"
