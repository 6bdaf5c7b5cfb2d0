"""The demo organisation, Northwind: `townhall demo` and `townhall serve --demo` load it.

Loading is a list of steps (STEPS). Each step sees what is already there, adds only what
is missing and returns a line describing what it added (or None when it added nothing).
A second run therefore changes nothing and says so; a step added later (groups, posts, ...)
fills in its part on a site that already has the older demo. Everyone in the demo signs in
with DEMO_PASSWORD; the admin is ada@northwind.example.
"""

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction

from townhall.accounts.actions import create_user
from townhall.accounts.models import User
from townhall.core.models import SiteSettings
from townhall.core.site import forget_site_settings
from townhall.demo.ama import add_ama
from townhall.demo.articles import add_articles
from townhall.demo.avatars import draw_avatar
from townhall.demo.guests import add_external_guest
from townhall.demo.people import DOMAIN, PEOPLE, SITE_NAME, phone_for, time_zone_for
from townhall.demo.questions import add_questions_and_polls
from townhall.demo.recognition import add_announcements_and_praise
from townhall.demo.steps import add_follows, add_groups, add_posts
from townhall.notifications.models import MailSettings
from townhall.people.avatars import process_avatar, store_avatar

DEMO_PASSWORD = "townhall-demo"
ADMIN_EMAIL = f"ada@{DOMAIN}"
URL = "http://127.0.0.1:8000/"


def demo_needed() -> bool:
    """True on an empty site, where `townhall serve --demo` should load the demo."""
    return not User.objects.exists()


def add_site_settings() -> str | None:
    site, _ = SiteSettings.objects.get_or_create(pk=1)
    changed = []
    if site.name != SITE_NAME:
        site.name = SITE_NAME
        changed.append("name")
    if DOMAIN not in site.allowed_email_domains:
        site.allowed_email_domains = [*site.allowed_email_domains, DOMAIN]
        changed.append("allowed_email_domains")
    if not changed:
        return None
    site.save(update_fields=[*changed, "updated_at"])
    transaction.on_commit(forget_site_settings)
    return f"site named {SITE_NAME!r}, sign-up open to @{DOMAIN}"


def add_people() -> str | None:
    """Create the people who are missing, then point each at their manager."""
    existing = set(
        User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list(
            "username", flat=True
        )
    )
    missing = [(i, p) for i, p in enumerate(PEOPLE) if p.username not in existing]
    if not missing:
        return None
    # One hash for everyone: hashing 40 passwords one by one would take ~15 s.
    password_hash = make_password(DEMO_PASSWORD)
    created = []
    for index, person in missing:
        user = create_user(
            username=person.username,
            email=f"{person.username}@{DOMAIN}",
            display_name=person.name,
            role=person.role,
            job_title=person.title,
            department=person.department,
            location=person.location,
            phone=phone_for(index, person.location),
            bio=person.bio,
            expertise=list(person.expertise),
            pronouns=person.pronouns,
            language=person.language,
            time_zone=time_zone_for(person),
        )
        user.password = password_hash
        picture = ContentFile(draw_avatar(person.username, person.name), name="avatar.png")
        user.avatar.name = store_avatar(process_avatar(picture))
        user.save(update_fields=["password", "avatar"])
        created.append(user)
    by_username = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    for person in PEOPLE:
        user = by_username[person.username]
        if person.manager and user.manager_id is None:
            user.manager = by_username[person.manager]
            user.save(update_fields=["manager"])
    return f"{len(created)} people in {len({p.department for _, p in missing})} departments"


def quiet_email() -> str | None:
    """Demo people get no email at once: with no SMTP server set, every such email would be
    printed in the terminal of `./run` while the worker works through the demo's history.
    Anyone trying the feature turns it back on in their notification settings."""
    people = User.objects.filter(username__in=_usernames())
    quiet = MailSettings.objects.filter(person__in=people, instant=False)
    missing = people.exclude(pk__in=quiet.values("person_id"))
    for person in missing:
        MailSettings.objects.update_or_create(person=person, defaults={"instant": False})
    return None


def add_guest() -> str | None:
    """The external guest, who signs in with the same demo password."""
    return add_external_guest(DEMO_PASSWORD)


def _usernames() -> list[str]:
    return [p.username for p in PEOPLE]


STEPS: list[Callable[[], str | None]] = [
    add_site_settings,
    add_people,
    quiet_email,
    add_groups,
    add_posts,
    add_follows,
    add_questions_and_polls,
    add_articles,
    add_ama,
    add_announcements_and_praise,
    add_guest,
]


def demo_loaded() -> bool:
    return User.objects.filter(email=ADMIN_EMAIL).exists()


def load_demo(url: str = URL) -> str:
    """Run every step in one transaction; return what to tell the person at the terminal."""
    with transaction.atomic():
        done = [line for line in (step() for step in STEPS) if line]
    login = f"Sign in at {url} as {ADMIN_EMAIL} / {DEMO_PASSWORD}"
    if not done:
        return f"The Northwind demo is already loaded. {login}"
    added = "\n".join(f"  - {line}" for line in done)
    return (
        f"Loaded the Northwind demo organisation:\n{added}\n{login}\n"
        f"Everyone in the demo uses the same password, e.g. ingrid@{DOMAIN} (the CEO)."
    )
