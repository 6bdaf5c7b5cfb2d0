"""Reporting, the review queue, decisions, and what each decision does to the content."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from townhall.blogs import actions as blogs
from townhall.identity.models import AuditEntry
from townhall.moderation import actions
from townhall.moderation.models import Decision, Hidden, Report
from townhall.moderation.tests.conftest import signed_in
from townhall.notifications.models import Notification
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


def report(person, target, reason="spam", details=""):
    return actions.report_content(actor=person, target=target, reason=reason, details=details)


def test_ben_reports_a_post_through_its_page_and_moderators_see_it_in_the_queue(town):
    post = posts.create_post(actor=town.ada, body="Buy cheap watches now")
    ben = signed_in(town.ben)
    page = ben.get(f"/posts/{post.pk}/")
    assert f"/moderation/report/post/{post.pk}/" in page.content.decode()
    form = ben.get(f"/moderation/report/post/{post.pk}/")
    assert form.status_code == 200 and "Buy cheap watches" in form.content.decode()
    sent = ben.post(
        f"/moderation/report/post/{post.pk}/", {"reason": "spam", "details": "an advert"}
    )
    assert sent.status_code == 302
    queue = signed_in(town.mo).get("/moderation/")
    text = queue.content.decode()
    assert "Buy cheap watches now" in text and "an advert" in text and "Ben Reader" in text
    assert "Visitor comments waiting for approval" in text  # the held comments, same page


def test_a_report_without_a_reason_gets_a_clear_message_and_nothing_is_saved(town):
    post = posts.create_post(actor=town.ada, body="Hello")
    response = signed_in(town.ben).post(f"/moderation/report/post/{post.pk}/", {"reason": "x"})
    assert response.status_code == 400
    assert "Choose a reason." in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_twice_or_reporting_ones_own_post_is_refused(town):
    post = posts.create_post(actor=town.ada, body="Hello")
    report(town.ben, post)
    second = signed_in(town.ben).post(f"/moderation/report/post/{post.pk}/", {"reason": "spam"})
    assert second.status_code == 400
    assert "already reported" in second.content.decode()
    with pytest.raises(PermissionDenied):
        report(town.ada, post)
    assert Report.objects.count() == 1


def test_nobody_can_report_what_they_cannot_see_or_a_kind_that_does_not_exist(town):
    secret = posts.create_post(actor=town.ada, body="Vault plans", group=town.vault)
    outsider = signed_in(town.mo)  # a moderator, but not in the secret group
    assert outsider.get(f"/moderation/report/post/{secret.pk}/").status_code == 404
    assert outsider.get(f"/moderation/report/poll/{secret.pk}/").status_code == 404


def test_a_member_who_moderates_nothing_finds_no_queue(town):
    assert signed_in(town.ben).get("/moderation/").status_code == 404
    assert signed_in(town.gina).get("/moderation/").status_code == 200  # a group admin


def test_hiding_closes_every_report_tells_the_author_and_writes_the_audit_log(
    town, django_capture_on_commit_callbacks
):
    post = posts.create_post(actor=town.ada, body="Rude words")
    report(town.ben, post, "harassment")
    report(town.gina, post, "other")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(town.mo).post(
            f"/moderation/decide/post/{post.pk}/", {"outcome": "hide", "note": "Be kind"}
        )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == "hide" and decision.excerpt == "Rude words"
    assert Report.objects.filter(decision=decision).count() == 2
    assert Hidden.objects.filter(kind="post", object_id=post.pk).exists()
    entry = AuditEntry.objects.get(action="moderation.decision")
    assert entry.actor_id == town.mo.pk and entry.target_id == str(post.pk)
    assert entry.data["outcome"] == "hide" and entry.data["reports"] == 2
    notification = Notification.objects.get(recipient=town.ada, kind="moderation")
    assert notification.target_type == "moderation_decision"
    inbox = signed_in(town.ada).get("/notifications/").content.decode()
    assert "A moderator hid your content" in inbox
    told = signed_in(town.ada).get(f"/moderation/decisions/{decision.pk}/").content.decode()
    assert "Be kind" in told and "Rude words" in told
    assert signed_in(town.ben).get(f"/moderation/decisions/{decision.pk}/").status_code == 404
    assert "Nothing is waiting" in signed_in(town.mo).get("/moderation/").content.decode()


def test_dismissing_keeps_the_content_and_bothers_nobody(town):
    post = posts.create_post(actor=town.ada, body="Fine words")
    report(town.ben, post)
    actions.decide(actor=town.mo, target=post, outcome="dismiss")
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 200
    assert not Notification.objects.filter(kind="moderation").exists()
    assert AuditEntry.objects.filter(action="moderation.decision").count() == 1


def test_warning_the_author_keeps_the_content_and_tells_them(
    town, django_capture_on_commit_callbacks
):
    post = posts.create_post(actor=town.ada, body="Borderline")
    report(town.ben, post)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide(actor=town.mo, target=post, outcome="warn", note="Mind the tone")
    assert signed_in(town.ben).get(f"/posts/{post.pk}/").status_code == 200
    assert Notification.objects.filter(recipient=town.ada, kind="moderation").exists()


def test_moderators_cannot_delete_but_admins_and_group_admins_can(town):
    post = posts.create_post(actor=town.ada, body="Delete me")
    report(town.ben, post)
    response = signed_in(town.mo).post(f"/moderation/decide/post/{post.pk}/", {"outcome": "delete"})
    assert response.status_code == 302
    assert not Decision.objects.exists()  # refused, nothing half-done
    assert Report.objects.get().decision is None
    queue = signed_in(town.mo).get("/moderation/").content.decode()
    assert "Delete me" in queue
    actions.decide(actor=town.alma, target=post, outcome="delete")
    post.refresh_from_db()
    assert post.deleted_at is not None
    in_garden = posts.create_post(actor=town.ada, body="Weeds", group=town.garden)
    report(town.ben, in_garden)
    actions.decide(actor=town.gina, target=in_garden, outcome="delete")
    in_garden.refresh_from_db()
    assert in_garden.deleted_at is not None


def test_a_group_admin_moderates_their_group_and_nothing_else(town):
    outside = posts.create_post(actor=town.ada, body="Company wide")
    inside = posts.create_post(actor=town.ada, body="Garden talk", group=town.garden)
    report(town.ben, outside)
    report(town.ben, inside)
    queue = signed_in(town.gina).get("/moderation/").content.decode()
    assert "Garden talk" in queue and "Company wide" not in queue
    with pytest.raises(PermissionDenied):
        actions.decide(actor=town.gina, target=outside, outcome="hide")
    refused = signed_in(town.gina).post(
        f"/moderation/decide/post/{outside.pk}/", {"outcome": "hide"}
    )
    assert refused.status_code == 404 and not Hidden.objects.exists()  # outside: not found
    actions.decide(actor=town.gina, target=inside, outcome="hide")
    assert Hidden.objects.filter(object_id=inside.pk).exists()


def test_a_moderator_outside_a_secret_group_never_sees_its_reports(town):
    secret = posts.create_post(actor=town.ada, body="Vault plans", group=town.vault)
    report(town.ben, secret)
    assert "Vault plans" not in signed_in(town.mo).get("/moderation/").content.decode()
    assert "Vault plans" in signed_in(town.gina).get("/moderation/").content.decode()
    with pytest.raises(PermissionDenied):
        actions.decide(actor=town.mo, target=secret, outcome="hide")


def test_deciding_with_no_open_report_or_an_unknown_outcome_is_refused(town):
    post = posts.create_post(actor=town.ada, body="Quiet")
    with pytest.raises(ValidationError):
        actions.decide(actor=town.mo, target=post, outcome="hide")
    report(town.ben, post)
    with pytest.raises(ValidationError):
        actions.decide(actor=town.mo, target=post, outcome="ban")
    response = signed_in(town.mo).post(f"/moderation/decide/post/{post.pk}/", {"outcome": "ban"})
    assert response.status_code == 302 and not Decision.objects.exists()


@pytest.mark.parametrize("count", [1, 15])
def test_the_queue_costs_the_same_queries_for_many_reports(
    town, django_assert_max_num_queries, count
):
    for index in range(count):
        post = posts.create_post(actor=town.ada, body=f"Post {index}")
        comment = posts.create_comment(actor=town.ada, post=post, body=f"Comment {index}")
        report(town.ben, post)
        report(town.gina, comment)
    moderator = signed_in(town.mo)
    with django_assert_max_num_queries(22):  # 21 + the held visitor comments (one query)
        response = moderator.get("/moderation/")
    assert response.content.decode().count('<li class="card"') == 2 * count


def test_an_article_can_be_reported_and_hidden(town):
    article = blogs.create_article(actor=town.ada, title="Hot take", body="Words")
    blogs.publish_article(actor=town.ada, article=article)
    report(town.ben, article, "misinformation")
    actions.decide(actor=town.mo, target=article, outcome="hide")
    assert Hidden.objects.filter(kind="article", object_id=article.pk).exists()
