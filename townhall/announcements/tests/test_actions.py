"""Publishing, acknowledging, read stats and reminders, through the real actions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from townhall.accounts.actions import deactivate_user
from townhall.announcements import actions, selectors
from townhall.announcements.models import Acknowledgement, Reminder
from townhall.announcements.tasks import send_reminder
from townhall.events.models import Event
from townhall.feeds.selectors import company_feed
from townhall.groups import actions as groups
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


def test_a_leader_announces_to_everyone_and_it_is_a_post_in_the_company_feed(office):
    a = actions.publish_announcement(actor=office.lee, body="We moved to **Oslo**.")
    assert a.post.group is None
    assert "<strong>Oslo</strong>" in a.post.body_html
    feed = company_feed(office.mona)
    assert [item.post.pk for item in feed.items] == [a.post.pk]
    event = Event.objects.get(kind="announcement.published")
    assert (event.subject_type, event.subject_id) == ("announcements.announcement", a.pk)
    assert event.data == {"group": None, "post": a.post.pk}
    assert event.actor == office.lee


def test_an_admin_announces_too(office):
    a = actions.publish_announcement(actor=office.alma, body="Maintenance on Friday.")
    assert a.post.author == office.alma


def test_a_plain_member_cannot_announce_to_everyone(office):
    with pytest.raises(PermissionDenied, match="Only leaders and admins"):
        actions.publish_announcement(actor=office.mona, body="Free cake!")
    assert not Event.objects.filter(kind="announcement.published").exists()


def test_a_group_owner_announces_in_their_group_and_the_event_names_it(office):
    a = actions.publish_announcement(actor=office.gale, body="Critique at 3.", group=office.design)
    assert a.post.group == office.design
    assert Event.objects.get(kind="announcement.published").data["group"] == office.design.pk


def test_a_group_member_cannot_announce_in_the_group(office):
    with pytest.raises(PermissionDenied):
        actions.publish_announcement(actor=office.eve, body="Hi", group=office.design)


def test_a_leader_cannot_announce_in_a_group_they_are_not_in(office, make_user):
    lee, design = office.lee, office.design
    groups.leave_group(actor=lee, group=design)
    with pytest.raises(PermissionDenied):
        actions.publish_announcement(actor=lee, body="Hi", group=design)


def test_a_secret_group_the_author_cannot_see_looks_missing(office):
    secret = groups.create_group(actor=office.gale, name="Hush", kind="secret", description=".")
    with pytest.raises(Http404):
        actions.publish_announcement(actor=office.lee, body="Hi", group=secret)


def test_an_empty_announcement_is_refused_with_a_clear_message(office):
    with pytest.raises(ValidationError, match="the text is empty"):
        actions.publish_announcement(actor=office.lee, body="   ")


def test_got_it_unpins_it_and_twice_is_harmless(office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    assert list(selectors.pinned_for(office.mona)) == [a]
    first = actions.acknowledge(actor=office.mona, announcement=a)
    second = actions.acknowledge(actor=office.mona, announcement=a)
    assert first.pk == second.pk and first.at == second.at
    assert Acknowledgement.objects.count() == 1
    assert list(selectors.pinned_for(office.mona)) == []
    assert list(selectors.pinned_for(office.sam)) == [a]


def test_the_author_has_nothing_pinned_and_nothing_to_acknowledge(office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    assert list(selectors.pinned_for(office.lee)) == []
    with pytest.raises(PermissionDenied):
        actions.acknowledge(actor=office.lee, announcement=a)


def test_a_group_announcement_is_pinned_only_for_those_who_can_read_the_group(office):
    a = actions.publish_announcement(actor=office.gale, body="Critique", group=office.design)
    assert list(selectors.pinned_for(office.eve)) == [a]
    assert list(selectors.pinned_for(office.mona)) == []
    with pytest.raises(Http404):
        actions.acknowledge(actor=office.mona, announcement=a)


def test_a_deleted_announcement_is_no_longer_pinned(office):
    a = actions.publish_announcement(actor=office.lee, body="Oops")
    posts.delete_post(actor=office.lee, post=a.post)
    assert list(selectors.pinned_for(office.mona)) == []


def test_pinned_shows_the_newest_five(office):
    made = [actions.publish_announcement(actor=office.lee, body=f"N{n}") for n in range(7)]
    assert list(selectors.pinned_for(office.mona)) == made[::-1][:5]


def test_read_stats_count_readers_overall_and_by_department(office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    for person in (office.mona, office.eve):
        actions.acknowledge(actor=person, announcement=a)
    stats = selectors.read_stats(a)
    # everyone active but the author: alma, gale, mona, sam, eve, nora
    assert (stats.audience, stats.read, stats.unread, stats.percent) == (6, 2, 4, 33)
    rows = {(d.department, d.audience, d.read) for d in stats.departments}
    assert rows == {
        ("Design", 1, 0),
        ("Engineering", 1, 1),
        ("IT", 1, 0),
        ("Sales", 2, 1),
        ("", 1, 0),
    }
    assert stats.departments[-1].department == ""  # "No department" comes last


def test_read_stats_count_only_people_who_can_still_see_it(office):
    a = actions.publish_announcement(actor=office.gale, body="Critique", group=office.design)
    actions.acknowledge(actor=office.eve, announcement=a)
    assert (selectors.read_stats(a).audience, selectors.read_stats(a).read) == (2, 1)
    groups.leave_group(actor=office.eve, group=office.design)
    deactivate_user(actor=office.alma, person=office.lee)
    stats = selectors.read_stats(a)
    assert (stats.audience, stats.read) == (0, 0)


def test_remind_reaches_those_who_have_not_read_it_through_an_event(office, after_commit):
    a = actions.publish_announcement(actor=office.lee, body="News")
    actions.acknowledge(actor=office.mona, announcement=a)
    with after_commit(execute=True):
        reminder = actions.remind(actor=office.lee, announcement=a)
    reminder.refresh_from_db()
    expected = sorted(p.pk for p in (office.alma, office.gale, office.sam, office.eve, office.nora))
    assert reminder.sent_at is not None and reminder.recipient_count == 5
    event = Event.objects.get(kind="announcement.reminded")
    assert event.recipients == expected
    assert (event.subject_type, event.subject_id) == ("announcements.announcement", a.pk)


def test_remind_at_most_once_a_day(office, after_commit):
    a = actions.publish_announcement(actor=office.lee, body="News")
    with after_commit(execute=True):
        actions.remind(actor=office.lee, announcement=a)
    with pytest.raises(ValidationError, match="less than a day ago") as caught:
        actions.remind(actor=office.lee, announcement=a)
    assert caught.value.code == "too_soon"
    Reminder.objects.update(requested_at=timezone.now() - timedelta(days=1, minutes=1))
    with after_commit(execute=True):
        actions.remind(actor=office.lee, announcement=a)
    assert Event.objects.filter(kind="announcement.reminded").count() == 2


def test_only_the_author_and_admins_remind(office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    with pytest.raises(PermissionDenied):
        actions.remind(actor=office.mona, announcement=a)
    actions.remind(actor=office.alma, announcement=a)


def test_sending_a_reminder_twice_sends_it_once(office, after_commit):
    a = actions.publish_announcement(actor=office.lee, body="News")
    with after_commit(execute=True):
        reminder = actions.remind(actor=office.lee, announcement=a)
    assert send_reminder.call(reminder.pk) == 0
    assert Event.objects.filter(kind="announcement.reminded").count() == 1


def test_when_everyone_has_read_it_a_reminder_reaches_nobody(office, after_commit):
    a = actions.publish_announcement(actor=office.gale, body="Critique", group=office.design)
    for person in (office.eve, office.lee):
        actions.acknowledge(actor=person, announcement=a)
    with after_commit(execute=True):
        reminder = actions.remind(actor=office.gale, announcement=a)
    reminder.refresh_from_db()
    assert reminder.recipient_count == 0
    assert not Event.objects.filter(kind="announcement.reminded").exists()
