"""Failures of background work are visible to admins: failed tasks and undelivered email."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task

from townhall.core.models import OutgoingEmail

TASKS = reverse("siteadmin:tasks")


@task()
def explode_on_purpose(reason: str) -> None:
    raise RuntimeError(f"exploded: {reason}")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_failed_task_is_listed_with_its_error_and_traceback(database_tasks, client, admin_user):
    explode_on_purpose.enqueue("the payroll export")
    call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False)

    client.force_login(admin_user)
    response = client.get(TASKS)
    html = response.content.decode()
    assert ("FAILED", "Failed", 1) in response.context["overview"].counts
    assert "townhall.siteadmin.tests.test_tasks.explode_on_purpose" in html
    assert "builtins.RuntimeError" in html
    assert "<details>" in html and "exploded: the payroll export" in html


def test_tasks_waiting_to_run_are_counted(database_tasks, admin_client):
    explode_on_purpose.enqueue("later")
    explode_on_purpose.enqueue("later still")
    counts = admin_client.get(TASKS).context["overview"].counts
    assert ("READY", "Ready", 2) in counts
    assert ("FAILED", "Failed", 0) in counts


def test_email_that_could_not_be_delivered_is_listed_with_its_error(admin_client):
    OutgoingEmail.objects.create(
        message=b"Subject: Weekly digest\r\n\r\nhello",
        recipients="ada@northwind.example",
        subject="Weekly digest",
        status=OutgoingEmail.Status.FAILED,
        attempts=6,
        last_error="SMTPConnectError: mail.northwind.example refused the connection",
    )
    OutgoingEmail.objects.create(
        message=b"", recipients="bo@northwind.example", subject="Welcome aboard", status="sent"
    )
    html = admin_client.get(TASKS).content.decode()
    assert "Weekly digest" in html and "refused the connection" in html
    assert "Welcome aboard" not in html


def test_a_quiet_system_says_nothing_failed(admin_client):
    html = admin_client.get(TASKS).content.decode()
    assert "No task has failed." in html
    assert "All email has been delivered." in html
