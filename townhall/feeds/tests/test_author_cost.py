"""The author's request costs the same whatever the post's audience: the fan-out into the
home lists is one background task per post, never work per reader in the request.

The tasks are queued in the database as in production (django_tasks_db), so the queries
counted are everything the author's request does, its after-commit callbacks included.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from townhall.conftest import DatabaseWork
from townhall.events.models import Event
from townhall.feeds import lists
from townhall.feeds.models import FeedEntry
from townhall.groups import actions as groups
from townhall.notifications.tasks import send_digest
from townhall.people import follows
from townhall.posts import actions as posts

QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_authors_request_costs_the_same_for_5_or_300_readers(
    make_user, api_as, client, settings, django_capture_on_commit_callbacks
):
    author, loner = make_user("author", password=None), make_user("loner", password=None)
    people = [make_user(f"p{n}", password=None) for n in range(300)]
    five = groups.create_group(actor=author, name="Five", kind="public")
    crowd = groups.create_group(actor=author, name="Three hundred", kind="public")
    for n, person in enumerate(people):
        groups.join_group(actor=person, group=crowd)
        follows.follow_person(actor=person, person=loner)
        if n < 4:
            groups.join_group(actor=person, group=five)
    for person in (author, loner, *people):
        lists.build(person.pk)  # everyone has a kept home list: each post reaches all of them
    settings.TASKS = QUEUED  # from here on tasks wait in the database for the worker

    def cost(send) -> tuple[int, int]:
        """(queries, tasks queued) of one request, its after-commit callbacks included."""
        queued = DBTaskResult.objects.count()
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = send()
        assert response.status_code in (201, 302), response.content[:500]
        return len(DatabaseWork.of(captured)), DBTaskResult.objects.count() - queued

    api, api_loner = api_as(author), api_as(loner)
    client.force_login(author)
    api.post("/api/v1/posts", {"body": "Hi"})  # first requests fill per-process caches
    api_loner.post("/api/v1/posts", {"body": "Hi"})
    client.post("/posts/new/", {"body": "Hi"})

    def api_post(group, text):
        return lambda: api.post("/api/v1/posts", {"body": text, "group_id": group.pk})

    def composer_post(group, text):
        return lambda: client.post("/posts/new/", {"body": text, "group": group.pk})

    assert cost(api_post(five, "To five")) == cost(api_post(crowd, "To everyone"))
    assert cost(composer_post(five, "To five")) == cost(composer_post(crowd, "To everyone"))
    to_followers = cost(lambda: api_loner.post("/api/v1/posts", {"body": "To my 300"}))
    to_nobody = cost(lambda: api.post("/api/v1/posts", {"body": "Anyone?"}))
    assert to_followers == to_nobody

    # The request put the post in no list: the one queued outbox task does, for all 301.
    with django_capture_on_commit_callbacks(execute=True):
        post_id = api_post(crowd, "Is everyone here?")().json()["id"]
    assert not FeedEntry.objects.filter(post_id=post_id).exists()
    for queued in DBTaskResult.objects.order_by("enqueued_at"):
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert FeedEntry.objects.filter(post_id=post_id).count() == 301


def test_a_posts_fan_out_runs_before_bulk_work_queued_earlier(
    make_user, settings, django_capture_on_commit_callbacks
):
    """The morning's digests queue one task per person (thousands); a post written meanwhile
    reaches its readers' lists without waiting for all of them: the worker takes the outbox's
    delivery first."""
    author = make_user("author", password=None)
    settings.TASKS = QUEUED
    for person_id in range(1, 51):
        send_digest.enqueue(person_id, "daily")
    with django_capture_on_commit_callbacks(execute=True):
        post = posts.create_post(actor=author, body="Fresh news")
    queue = list(DBTaskResult.objects.ready())  # in the order the worker takes them
    assert len(queue) == 50 + 2  # the digests, then the post's delivery and its indexing
    assert queue[0].task_path == "townhall.events.outbox.dispatch_event"
    assert Event.objects.get(pk=queue[0].args_kwargs["args"][0]).subject_id == post.pk
