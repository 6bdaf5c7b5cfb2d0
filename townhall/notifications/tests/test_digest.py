"""The digest, received by a real SMTP server started by the test (aiosmtpd): what was
missed (notifications, announcements, open questions, top posts), never what was already
emailed or read, never twice for one period, in the morning of the person's time zone,
and its one-click unsubscribe link works."""

import re
from datetime import UTC, datetime

import pytest

from townhall.announcements import actions as announcements
from townhall.groups import actions as groups
from townhall.notifications import actions, mailing
from townhall.notifications.models import DigestRun, MailSettings, Notification
from townhall.notifications.tests.mail import read
from townhall.posts import actions as posts
from townhall.questions import actions as questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest(django_capture_on_commit_callbacks):
    def send(person, period="weekly:2026-W48"):
        with django_capture_on_commit_callbacks(execute=True):
            return mailing.send_digest(person_id=person.pk, period=period)

    return send


@pytest.fixture
def office(act, make_user, ann, bo, cy):
    """Ann belongs to Ops with Bo and Cy; a lot happened there while she was away."""
    leader = make_user("lea", role="leader", display_name="Lea Leader")
    ops = act(groups.create_group, actor=bo, name="Ops")
    for person in (ann, cy):
        act(groups.join_group, actor=person, group=ops)
    secret = act(groups.create_group, actor=bo, name="Board", kind="secret")
    actions.set_preferences(actor=ann, channels={"announcement": "in_app"})
    busy = act(posts.create_post, actor=bo, body="Server migration tonight", group=ops)
    act(posts.create_post, actor=cy, body="A quiet note", group=ops)
    act(posts.create_comment, actor=cy, post=busy, body="Good luck")
    act(posts.react, actor=cy, target=busy, kind="like")
    act(questions.create_question, actor=cy, body="Who knows the VPN setup?", group=ops)
    act(announcements.publish_announcement, actor=leader, body="Office closed on Friday")
    act(posts.create_post, actor=bo, body="Salaries are secret", group=secret)
    act(posts.create_post, actor=ann, body="My own news", group=ops)
    act(posts.create_post, actor=bo, body="Ping @ann about the budget")
    actions.record_seen(actor=ann)  # she was there: the mention was not emailed at once
    return ops


def test_the_digest_tells_what_was_missed_and_never_the_same_twice(
    smtp,
    digest,
    act,
    office,
    ann,
    bo,
):
    assert digest(ann) is True
    message, text, html = read(smtp.wait_for_message(to=ann.email))
    assert message["Subject"] == "What you missed on Townhall"
    assert "this past week" in text
    assert "Bo Builder mentioned you in a post" in text
    assert "Office closed on Friday" in text  # announcement not acknowledged
    assert "Who knows the VPN setup?" in text  # a question she could answer
    assert text.index("Server migration tonight") < text.index("A quiet note")  # busiest first
    assert "Salaries are secret" not in text and "My own news" not in text
    assert "Server migration tonight" in html and "Who knows the VPN setup?" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=ann, kind="mention").emailed_at is not None

    # The same period again: nothing. The next period: only what is new.
    assert digest(ann) is False
    assert len(smtp.messages) == 1
    act(posts.create_post, actor=bo, body="Fresh news from Ops", group=office)
    assert digest(ann, "weekly:2026-W49") is True
    _message, second, _html = read(smtp.messages[1][1])
    assert "Fresh news from Ops" in second
    for told in ("Server migration", "VPN setup", "Office closed", "mentioned you"):
        assert told not in second
    assert digest(ann, "weekly:2026-W50") is False  # nothing new: no email at all
    assert len(smtp.messages) == 2
    assert DigestRun.objects.filter(person=ann).count() == 3


def test_the_digest_unsubscribe_link_stops_the_digest(smtp, digest, office, ann, client):
    digest(ann)
    message, text, _html = read(smtp.wait_for_message(to=ann.email))
    link = re.sub(r"^https?://[^/]+", "", message["List-Unsubscribe"].strip("<>"))
    assert "Stop the digest" in text
    assert client.post(link).status_code == 200
    assert MailSettings.objects.get(person=ann).digest == "never"
    monday_morning = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert ann.pk not in [pk for pk, _period in mailing.digests_due(monday_morning)]


def test_digests_are_due_in_the_morning_of_each_persons_time_zone(make_user):
    oslo = make_user("ola", time_zone="Europe/Oslo")
    tokyo = make_user("yui", time_zone="Asia/Tokyo")
    daily = make_user("dag", time_zone="Europe/Oslo")
    never = make_user("nev", time_zone="Europe/Oslo")
    MailSettings.objects.create(person=daily, digest="daily")
    MailSettings.objects.create(person=never, digest="never")

    def due(moment):
        return {pk: period for pk, period in mailing.digests_due(moment)}

    early = due(datetime(2026, 11, 23, 5, 30, tzinfo=UTC))  # Monday, 06:30 in Oslo
    assert oslo.pk not in early and daily.pk not in early and never.pk not in early
    assert early[tokyo.pk] == "weekly:2026-W48"  # 14:30 in Tokyo
    later = due(datetime(2026, 11, 23, 6, 30, tzinfo=UTC))
    assert later[oslo.pk] == "weekly:2026-W48" and later[daily.pk] == "daily:2026-11-23"
    assert never.pk not in later
    DigestRun.objects.create(person=oslo, period="weekly:2026-W48")
    assert oslo.pk not in due(datetime(2026, 11, 25, 12, tzinfo=UTC))  # sent this week


def test_a_deactivated_person_gets_no_digest(digest, office, ann, mailoutbox):
    ann.is_active = False
    ann.save(update_fields=["is_active"])
    assert digest(ann) is False
    assert mailoutbox == []
