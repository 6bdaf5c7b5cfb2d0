"""Emails and digests received by a real SMTP server started by the test (aiosmtpd, the
`smtp_server` fixture), through the queued backend and its delivery task: content,
grouping, no repeats, and the one-click unsubscribe link works."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import formats, translation

from townhall.accounts.models import User
from townhall.core.models import OutgoingEmail
from townhall.notifications import actions, jobs, mailing
from townhall.notifications.models import LastSeen, MailSettings, Notification
from townhall.notifications.tests.mail import read
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """run_jobs() runs the email job as the clock would, with its tasks and deliveries."""

    def run(job=jobs.email_notifications):
        with django_capture_on_commit_callbacks(execute=True):
            return job()

    return run


def age(minutes: int) -> None:
    """Let `minutes` pass for every notification (and every last-seen time)."""
    moved = timedelta(minutes=minutes)
    Notification.objects.update(updated_at=F("updated_at") - moved)
    LastSeen.objects.update(at=F("at") - moved)


def mails_to(inbox, address: str) -> list[str]:
    return [content for recipients, content in inbox.messages if address in recipients]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_burst_becomes_one_email_with_text_and_html_links_and_unsubscribe(
    smtp, run_jobs, ann, bo, cy, act
):
    post = act(posts.create_post, actor=ann, body="Roadmap for Q3")
    act(posts.create_post, actor=bo, body="Ask @ann about the roadmap")
    act(posts.create_comment, actor=cy, post=post, body="Looks ambitious")
    act(posts.react, actor=bo, target=post, kind="like")  # reactions stay in the app

    assert run_jobs() == 0  # the burst is not a minute old yet
    age(2)
    assert run_jobs() == 1

    message, text, html = read(smtp.wait_for_message(to=ann.email))
    assert message["Subject"] == ("Cy Commenter commented on your post, and 1 more notification")
    assert "Cy Commenter commented on your post" in text
    assert "Bo Builder mentioned you in a post" in text
    assert "reacted" not in text
    assert "“Ask @ann about the roadmap”" in text
    assert "Bo Builder mentioned you in a post</a>" in html
    opened = [n.pk for n in Notification.objects.filter(recipient=ann, kind="mention")]
    assert f"/notifications/{opened[0]}/" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in text and unsubscribe.replace("&", "&amp;") in html
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2

    # No repeats: the next runs send nothing; new activity on the same post sends again.
    assert run_jobs() == 0
    act(posts.create_comment, actor=bo, post=post, body="Agreed")
    age(2)
    assert run_jobs() == 1
    assert len(mails_to(smtp, ann.email)) == 2
    _message, second, _html = read(mails_to(smtp, ann.email)[1])
    assert "Bo Builder and 1 other commented on your post" in second
    assert "mentioned" not in second


def test_the_email_is_in_the_persons_language_and_time_zone(smtp, run_jobs, make_user, bo, act):
    ida = make_user("ida", language="nb", time_zone="Asia/Tokyo")
    act(posts.create_post, actor=bo, body="Hei @ida")
    age(2)
    run_jobs()
    message, text, html = read(smtp.wait_for_message(to=ida.email))
    assert '<html lang="nb">' in html
    moment = Notification.objects.get(recipient=ida).updated_at
    with translation.override("nb"):
        local = formats.date_format(
            moment.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")), "DATETIME_FORMAT"
        )
    assert f"{local} (JST)" in text


def test_nobody_is_emailed_while_using_the_app_and_not_about_what_they_saw(
    smtp, run_jobs, ann, bo, cy, act
):
    actions.record_seen(actor=ann)
    act(posts.create_post, actor=bo, body="Quick one, @ann")
    age(2)
    assert run_jobs() == 0  # Ann was on a page two minutes ago: the app tells her

    # She comes back after the mention: she saw the bell, so it is never emailed.
    LastSeen.objects.filter(person=ann).update(at=Notification.objects.get().updated_at)
    age(10)
    assert run_jobs() == 0

    # Away for more than five minutes: the next one is emailed.
    act(posts.create_post, actor=cy, body="Another for @ann")
    age(2)
    assert run_jobs() == 1
    _message, text, _html = read(smtp.wait_for_message(to=ann.email))
    assert "Cy Commenter mentioned you" in text and "Bo Builder" not in text


def test_nothing_is_emailed_that_the_recipient_may_no_longer_see(run_jobs, ann, bo, act):
    post = act(posts.create_post, actor=bo, body="Draft for @ann")
    act(posts.delete_post, actor=bo, post=post)
    age(2)
    run_jobs()  # found by the job's one query, dropped by the visibility check
    assert OutgoingEmail.objects.count() == 0
    assert Notification.objects.get().emailed_at is None


def test_the_unsubscribe_link_asks_for_one_click_and_then_stops_the_emails(
    smtp, run_jobs, client, ann, bo, act
):
    act(posts.create_post, actor=bo, body="First @ann")
    age(2)
    run_jobs()
    message, _text, _html = read(smtp.wait_for_message(to=ann.email))
    link = path_of(message["List-Unsubscribe"].strip("<>"))

    page = client.get(link)  # a mail scanner following the link changes nothing
    assert page.status_code == 200 and "Unsubscribe</button>" in page.content.decode()
    assert not MailSettings.objects.exists()
    done = client.post(link)
    assert "Done. You will get no more of these" in done.content.decode()
    assert MailSettings.objects.get(person=ann).instant is False

    act(posts.create_post, actor=bo, body="Second @ann")
    age(2)
    assert run_jobs() == 0
    assert len(mails_to(smtp, ann.email)) == 1
    assert Notification.objects.filter(recipient=ann).count() == 2  # still in the app


def test_a_mail_program_unsubscribes_with_one_post_and_a_forged_link_is_a_clear_404(client, ann):
    from townhall.notifications.emails import DIGEST, unsubscribe_token

    link = reverse("notifications:unsubscribe", args=[unsubscribe_token(ann.pk, DIGEST)])
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert MailSettings.objects.get(person=ann).digest == "never"
    forged = client.post(reverse("notifications:unsubscribe", args=["forged:token"]))
    assert forged.status_code == 404 and "not valid" in forged.content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_the_smtp_server_down_emails_wait_and_are_retried_and_nothing_is_lost(
    settings, smtp_server, client, ann, bo
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from townhall.core.tests.isolated import free_port

    port, inbox = smtp_server
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2

    def work():
        call_command("db_worker", batch=True, startup_delay=False, interval=0, reload=False)

    client.force_login(bo)
    response = client.post(reverse("posts:create"), {"body": "Lunch, @ann?"})
    assert response.status_code in (200, 302)  # the web request does not care about SMTP
    work()
    age(2)
    jobs.email_notifications()
    work()
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingEmail.Status.FAILED and outgoing.attempts == 1
    assert "Connection refused" in outgoing.last_error or "Errno" in outgoing.last_error
    assert Notification.objects.get(recipient=ann).emailed_at is not None  # it is queued
    assert jobs.email_notifications() == 0  # and never queued twice

    settings.EMAIL_PORT = port  # the server is back; the retry comes due
    DBTaskResult.objects.filter(status="READY").update(run_after=datetime(2000, 1, 1, tzinfo=UTC))
    work()
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingEmail.Status.SENT and outgoing.attempts == 2
    assert "Lunch, @ann?" in inbox.wait_for_message(to=ann.email)
    assert len(inbox.messages) == 1


def test_the_jobs_pick_only_people_who_are_due(ann, bo, act):
    act(posts.create_post, actor=bo, body="Hi @ann")
    now = Notification.objects.get().updated_at
    assert mailing.recipients_due(now + timedelta(seconds=30)) == []
    assert mailing.recipients_due(now + timedelta(minutes=2)) == [ann.pk]
    assert mailing.recipients_due(now + timedelta(days=2)) == []  # too old: the digest's
    User.objects.filter(pk=ann.pk).update(is_active=False)
    assert mailing.recipients_due(now + timedelta(minutes=2)) == []
