"""An author, a public article that takes visitor comments, and helpers to post to it.

Articles are made with the ORM here: the blogs app's actions land separately, and what
these tests exercise (visitor comments) starts from a published article whatever made it.
"""

import pytest
from django.utils import timezone

from townhall.blogs.models import Article


@pytest.fixture
def author(make_user):
    return make_user("lea", role="leader", display_name="Lea Leader")


@pytest.fixture
def make_article(author):
    def make(**overrides):
        fields = {
            "author": author,
            "title": "Why we open our books",
            "slug": f"open-books-{Article.objects.count() + 1}",
            "body": "We publish our numbers every quarter.",
            "body_html": "<p>We publish our numbers every quarter.</p>",
            "audience": Article.Audience.PUBLIC,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now(),
            "allow_visitor_comments": True,
        }
        fields.update(overrides)
        return Article.objects.create(**fields)

    return make


@pytest.fixture
def article(make_article):
    return make_article()


@pytest.fixture
def internal_article(make_article):
    return make_article(title="Q3 numbers", audience=Article.Audience.ORGANISATION)


@pytest.fixture
def moderator(make_user):
    return make_user("moe", role="moderator", display_name="Moe Moderator")


@pytest.fixture
def hold(db):
    """hold("none" | "first_time" | "all"): set the moderation setting."""
    from townhall.commenters.models import CommenterSettings

    def set_hold(value):
        CommenterSettings.objects.update_or_create(pk=1, defaults={"hold": value})

    return set_hold


@pytest.fixture
def quick_form(settings):
    """The minimum time to fill in the form, for tests that are not about it: none."""
    settings.TOWNHALL_COMMENT_MIN_SECONDS = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(action, **kwargs): run an action and what it queued for after commit
    (events to consumers, email to the outbox), as a real request would."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


@pytest.fixture
def admin_client_th(client, admin_user):
    client.force_login(admin_user)
    return client
