"""The demo's announcements and praise (a step for load.py), through the real actions.

Ingrid (CEO, a leader) announces to the whole company and Håkon (CTO, owner of the
Engineering guild) to his guild; about half the readers have pressed "Got it", so the
read stats have something to show. Colleagues praise each other with different badges.
Dates are moved into the last few days so the newest posts stay on top of the feeds.
"""

from datetime import timedelta

from django.utils import timezone

from townhall.access.announcements import can_announce
from townhall.accounts.models import User
from townhall.announcements import actions as announcements
from townhall.announcements.models import Announcement
from townhall.announcements.selectors import audience
from townhall.groups.models import Group
from townhall.posts.models import Mention, Post
from townhall.praise.actions import give_praise
from townhall.praise.models import Praise

COMPANY_ANNOUNCEMENT = (
    "**Northwind's new hybrid work policy starts on the 1st.**\n\n"
    "Two office days a week, chosen by each team, and the rest wherever you work best. "
    "The details and the FAQ are in #hybridwork; ask me anything in the comments."
)
GUILD_ANNOUNCEMENT = (
    "The Friday deploy freeze ends this month: with the new canary pipeline we ship "
    "whenever the checks are green. Thanks to @kenji and @priya for making it safe."
)
# (giver, recipients, badge, message, hours ago)
PRAISE = [
    ("priya", ["kenji"], "above_and_beyond", "Kenji stayed up to move the database with zero "
     "downtime. Nobody noticed, which is exactly the point.", 70),
    ("marcus", ["elodie", "noor"], "team_player", "Élodie and Noor closed the Fjordline deal "
     "together across three time zones. Brilliant teamwork!", 52),
    ("thandiwe", ["maja"], "great_idea", "The buddy programme for new starters was Maja's "
     "idea, and onboarding scores are up 20 points.", 40),
    ("emma", ["ase", "sofia", "tobias"], "thank_you", "Thank you for the accessibility sprint: "
     "the app now works with a screen reader end to end.", 26),
    ("randi", ["wei"], "customer_hero", "Wei had the Bergen office back online within an hour "
     "of the outage, on a Saturday.", 9),
]  # fmt: skip


def _at(hours: float):
    return timezone.now() - timedelta(hours=hours)


def _backdate(post: Post, when, *others) -> None:
    Post.objects.filter(pk=post.pk).update(created_at=when)
    Mention.objects.filter(post=post).update(created_at=when)
    for model, pk in others:
        model.objects.filter(pk=pk).update(created_at=when)


def add_announcements_and_praise() -> str | None:
    people = {u.username: u for u in User.objects.all()}
    if (
        "ingrid" not in people
        or Announcement.objects.filter(post__author=people["ingrid"]).exists()
    ):
        return None
    made = 0
    company = announcements.publish_announcement(actor=people["ingrid"], body=COMPANY_ANNOUNCEMENT)
    _backdate(company.post, _at(30), (Announcement, company.pk))
    made += 1
    guild = Group.objects.filter(name="Engineering guild").first()
    if guild is not None and can_announce(people["hakon"], guild):
        guild_news = announcements.publish_announcement(
            actor=people["hakon"], body=GUILD_ANNOUNCEMENT, group=guild
        )
        _backdate(guild_news.post, _at(20), (Announcement, guild_news.pk))
        made += 1
    readers = list(audience(company).order_by("username"))
    for person in readers[::2]:
        announcements.acknowledge(actor=person, announcement=company)
    given = 0
    for giver, names, badge, message, hours in PRAISE:
        praise = give_praise(
            actor=people[giver], recipients=[people[n] for n in names], badge=badge, message=message
        )
        _backdate(praise.post, _at(hours), (Praise, praise.pk))
        given += 1
    return f"{made} announcements ({len(readers[::2])} have read Ingrid's), {given} praises"
