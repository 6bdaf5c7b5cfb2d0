"""Sending notifications by email: at once (grouped, only to people who are away) and in
a daily or weekly digest. The periodic jobs (townhall/notifications/jobs.py) find who is
due; one task per person (townhall/notifications/tasks.py) sends, safe to run twice.

At once: a notification of a kind the person hears of by email, not emailed yet, whose
latest activity is at least GROUPING old (so a burst becomes one email) and at most
MAX_AGE (older ones wait for the digest), to a person who has email on, has not been
seen since it happened and not in the last ACTIVE (`LastSeen`: pages, the API and open
realtime sockets write it). All of a person's pending notifications go in one email, and
`emailed_at` is set in the same transaction that queues the message.

Digest: per person, daily or weekly (their choice; weekly by default, never if they say
so), from MORNING local time (weekly: from Monday morning). The DigestRun row of (person,
period) is unique, so a rerun or a second worker never sends it twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.access.notifications import visible_notifications
from townhall.access.roles import organisation_people
from townhall.accounts.models import User
from townhall.notifications import emails
from townhall.notifications.digest import digest_content
from townhall.notifications.models import (
    Channel,
    Digest,
    DigestRun,
    LastSeen,
    MailSettings,
    Notification,
)
from townhall.notifications.selectors import channel_filter, present

GROUPING = timedelta(minutes=1)
ACTIVE = timedelta(minutes=5)
MAX_AGE = timedelta(days=1)
MORNING = 7  # local hour from which a digest goes out
DEFAULT_DIGEST = Digest.WEEKLY  # MailSettings.digest's default
PERIOD_LENGTH = {Digest.DAILY: timedelta(days=1), Digest.WEEKLY: timedelta(days=7)}


# --- at once --------------------------------------------------------------------------


def pending_emails(now: datetime) -> Q:
    """Notifications waiting to be emailed at once (before the visibility check)."""
    seen = LastSeen.objects.filter(person=OuterRef("recipient"))
    silenced = MailSettings.objects.filter(person=OuterRef("recipient"), instant=False)
    return (
        channel_filter({Channel.EMAIL})
        & Q(emailed_at__isnull=True, read_at__isnull=True, updated_at__gte=now - MAX_AGE)
        & Q(recipient__is_active=True)
        & ~Q(recipient__email="")
        & ~Q(recipient__role=User.Role.COMMENTER)
        & ~Exists(silenced)
        & ~Exists(seen.filter(Q(at__gte=now - ACTIVE) | Q(at__gte=OuterRef("updated_at"))))
    )


def recipients_due(now: datetime | None = None) -> list[int]:
    """People with a notification to email whose burst is over (one query)."""
    now = now or timezone.now()
    due = Notification.objects.filter(pending_emails(now), updated_at__lte=now - GROUPING)
    return sorted(set(due.values_list("recipient_id", flat=True)))


def _subject(items) -> str:
    if len(items) == 1:
        return items[0].text
    return ngettext(
        "%(first)s, and %(count)s more notification",
        "%(first)s, and %(count)s more notifications",
        len(items) - 1,
    ) % {"first": items[0].text, "count": len(items) - 1}


@transaction.atomic
def email_notifications(*, person_id: int, now: datetime | None = None) -> int:
    """Email the person everything pending in one message; return how many it held."""
    now = now or timezone.now()
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return 0
    pending = Notification.objects.filter(pending_emails(now), recipient=person)
    ids = list(
        visible_notifications(person, pending)
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    rows = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("last_actor")
        .order_by("-updated_at", "-id")
    )
    with emails.as_seen_by(person):
        items = present(rows)
        if items:
            emails.send(
                person,
                subject=_subject(items),
                template="notifications",
                context={"items": [_linked(item) for item in items]},
                what=emails.INSTANT,
            )
    Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    return len(items)


@dataclass
class Linked:
    """An item with the absolute link that opens it (marks it read, goes to the target)."""

    item: object
    url: str


def _linked(item) -> Linked:
    return Linked(item, emails.absolute(reverse("notifications:open", args=[item.notification.pk])))


# --- digests --------------------------------------------------------------------------


def digest_period(now: datetime, zone, frequency: str) -> str | None:
    """The period a digest sent now would cover ("daily:2025-06-02", "weekly:2025-W23"), or
    None before the morning it is due."""
    local = now.astimezone(zone)
    if frequency == Digest.DAILY:
        return f"daily:{local.date().isoformat()}" if local.hour >= MORNING else None
    if frequency == Digest.WEEKLY:
        if local.isoweekday() == 1 and local.hour < MORNING:
            return None
        year, week, _day = local.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return None


def digests_due(now: datetime | None = None) -> list[tuple[int, str]]:
    """(person id, period) of every digest due now: two queries per time zone in use."""
    now = now or timezone.now()
    people = organisation_people(User.objects.filter(is_active=True)).exclude(email="")
    chosen = MailSettings.objects.filter(person=OuterRef("pk"))
    due = []
    zones = set(people.order_by().values_list("time_zone", flat=True).distinct())
    for zone_name in sorted(zones):
        zone = emails.zone_of(User(time_zone=zone_name))
        for frequency in (Digest.DAILY, Digest.WEEKLY):
            period = digest_period(now, zone, frequency)
            if period is None:
                continue
            wanted = Exists(chosen.filter(digest=frequency))
            if frequency == DEFAULT_DIGEST:
                wanted = wanted | ~Exists(chosen)
            sent = DigestRun.objects.filter(person=OuterRef("pk"), period=period)
            found = people.filter(wanted, time_zone=zone_name).exclude(Exists(sent))
            due += [(pk, period) for pk in found.values_list("pk", flat=True)]
    return due


def _since(person, frequency: str, now: datetime) -> datetime:
    earliest = now - PERIOD_LENGTH.get(frequency, PERIOD_LENGTH[Digest.WEEKLY])
    previous = DigestRun.objects.filter(person=person).values_list("created_at", flat=True)
    last = previous.first()
    return max(earliest, last) if last else earliest


@transaction.atomic
def send_digest(*, person_id: int, period: str, now: datetime | None = None) -> bool:
    """Send the person's digest for `period` unless it was sent; True if an email went."""
    now = now or timezone.now()
    person = organisation_people(User.objects.filter(pk=person_id, is_active=True)).first()
    if person is None or not person.email:
        return False
    frequency = period.partition(":")[0]
    since = _since(person, frequency, now)
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(person=person, period=period, created_at=now)
    except IntegrityError:
        return False  # sent already (or being sent by another worker)
    with emails.as_seen_by(person):
        content = digest_content(person, since=since, now=now)
        ids = [item.notification.pk for item in content.notifications]
        run.items = {"notifications": ids, "posts": content.post_ids()}
        run.sent = bool(content)
        run.save(update_fields=["items", "sent"])
        if not content:
            return False
        emails.send(
            person,
            subject=_("What you missed on %(site)s") % {"site": emails.site_name()},
            template="digest",
            context={
                "content": content,
                "notifications": [_linked(item) for item in content.notifications],
                "frequency": frequency,
            },
            what=emails.DIGEST,
        )
    Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    return True
