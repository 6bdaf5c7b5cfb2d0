"""Webhook deliveries reach a real HTTP server, signed, retried, logged, and only in scope."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from townhall.integrations import actions, jobs
from townhall.integrations.models import WebhookAttempt, WebhookDelivery
from townhall.integrations.webhooks import MAX_ATTEMPTS, RETRY_DELAYS

pytestmark = pytest.mark.django_db(transaction=True)


def _hook(actor, url, events=("post.created",), group=None):
    webhook, secret = actions.create_webhook(
        actor=actor, name="Build radiator", url=url, events=list(events), group=group
    )
    return webhook, secret


def _make_due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_new_post_reaches_the_receiver_signed_with_the_webhook_secret(
    admin_user, member, receiver, post_in
):
    webhook, secret = _hook(admin_user, receiver.url)
    post = post_in(member, "Release 4.2 is out #release")
    (received,) = receiver.requests
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-townhall-signature"] == expected
    assert received.headers["x-townhall-event"] == "post.created"
    assert received.headers["x-townhall-timestamp"].isdigit()
    assert received.headers["content-type"] == "application/json"
    payload = json.loads(received.body)
    assert payload["event"] == "post.created"
    assert payload["post"]["id"] == post.pk
    assert payload["post"]["text"] == "Release 4.2 is out #release"
    assert payload["post"]["url"].endswith(f"/posts/{post.pk}/")
    assert payload["actor"] == {"username": "mona", "display_name": "Mona Member", "bot": False}
    attempt = WebhookAttempt.objects.get(webhook=webhook)
    assert attempt.status_code == 200 and attempt.response_snippet == "thanks"
    assert attempt.latency_ms is not None
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED


def test_a_wrong_secret_does_not_verify(admin_user, member, receiver, post_in):
    _hook(admin_user, receiver.url)
    post_in(member, "Hello")
    (received,) = receiver.requests
    forged = "sha256=" + hmac.new(b"guess", received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-townhall-signature"] != forged


def test_a_delivery_answered_with_500_is_retried_later_with_the_same_body(
    admin_user, member, receiver, post_in
):
    receiver.answers = [500]
    _hook(admin_user, receiver.url)
    post_in(member, "Flaky receivers happen")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= RETRY_DELAYS[0]
    assert jobs.send_due_webhook_deliveries() == 0  # not due yet: nothing is sent

    _make_due(delivery)
    assert jobs.send_due_webhook_deliveries() == 1
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["x-townhall-delivery"] == second.headers["x-townhall-delivery"]
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED and delivery.attempts == 2
    codes = list(WebhookAttempt.objects.order_by("number").values_list("status_code", flat=True))
    assert codes == [500, 200]


def test_a_receiver_that_keeps_failing_is_given_up_after_about_a_day(
    admin_user, member, receiver, post_in
):
    receiver.answers = [503] * MAX_ATTEMPTS
    _hook(admin_user, receiver.url)
    post_in(member, "Nobody listens")
    delivery = WebhookDelivery.objects.get()
    for _ in range(MAX_ATTEMPTS - 1):
        _make_due(delivery)
        jobs.send_due_webhook_deliveries()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == MAX_ATTEMPTS and delivery.next_attempt_at is None
    assert timedelta(hours=20) < sum(RETRY_DELAYS, timedelta()) < timedelta(hours=24)


def test_a_delivery_is_sent_once_even_when_its_task_runs_twice(
    admin_user, member, receiver, post_in
):
    from townhall.integrations.tasks import deliver_webhook

    _hook(admin_user, receiver.url)
    post_in(member, "Once only")
    deliver_webhook.call(WebhookDelivery.objects.get().pk)
    assert len(receiver.requests) == 1


def test_a_redirect_to_a_loopback_address_is_refused_and_logged(
    admin_user, member, receiver, post_in
):
    webhook, _secret = _hook(admin_user, receiver.url)
    receiver.redirect_to = f"http://127.0.0.1:{receiver.port + 1}/steal"
    post_in(member, "Where does this go?")
    attempt = WebhookAttempt.objects.get(webhook=webhook)
    assert attempt.status_code is None
    assert attempt.error.startswith("refused:") and "loopback" in attempt.error


def test_a_private_groups_posts_never_reach_an_organisation_webhook(
    admin_user, member, receiver, post_in, group_of
):
    _hook(admin_user, receiver.url)
    private = group_of(member, "Pay review", kind="private")
    secret = group_of(member, "Reorg", kind="secret")
    public = group_of(member, "Kitchen")
    post_in(member, "Salary bands", private)
    post_in(member, "Who goes where", secret)
    post_in(member, "Coffee is back", public)
    post_in(member, "Hello everyone")
    texts = [json.loads(r.body)["post"]["text"] for r in receiver.requests]
    assert sorted(texts) == ["Coffee is back", "Hello everyone"]


def test_a_group_webhook_hears_only_its_own_group(member, make_user, receiver, post_in, group_of):
    secret_group = group_of(member, "Reorg", kind="secret")
    other = group_of(member, "Kitchen")
    _hook(member, receiver.url, group=secret_group)
    post_in(member, "Who goes where", secret_group)
    post_in(member, "Coffee is back", other)
    post_in(member, "Hello everyone")
    (received,) = receiver.requests
    payload = json.loads(received.body)
    assert payload["post"]["text"] == "Who goes where"
    assert payload["group"]["slug"] == secret_group.slug


def test_a_switched_off_or_unsubscribed_webhook_hears_nothing(
    admin_user, member, receiver, post_in
):
    webhook, _secret = _hook(admin_user, receiver.url, events=["comment.created"])
    post_in(member, "Not subscribed to posts")
    actions.update_webhook(
        actor=admin_user,
        webhook=webhook,
        name=webhook.name,
        url=webhook.url,
        events=["post.created"],
        active=False,
    )
    post_in(member, "Switched off")
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_send_test_delivers_a_signed_test_event(admin_user, receiver):
    webhook, secret = _hook(admin_user, receiver.url)
    actions.send_test(actor=admin_user, webhook=webhook)
    (received,) = receiver.requests
    assert json.loads(received.body)["event"] == "webhook.test"
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-townhall-signature"] == expected


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://10.0.0.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("ftp://example.com/hook", "Only http"),
    ],
)
def test_a_webhook_to_a_private_address_is_refused_with_the_reason(admin_user, url, reason):
    with pytest.raises(ValidationError) as refused:
        _hook(admin_user, url)
    assert reason in " ".join(refused.value.message_dict["url"])


def test_person_followed_cannot_be_chosen_for_a_group_webhook(member, group_of, receiver):
    group = group_of(member, "Kitchen")
    with pytest.raises(ValidationError) as refused:
        _hook(member, receiver.url, events=["person.followed"], group=group)
    assert "person.followed" in refused.value.message_dict["events"][0]


def test_comments_reactions_and_joins_reach_the_webhooks_that_may_hear_them(
    admin_user, member, make_user, receiver, post_in, group_of
):
    from townhall.groups.actions import join_group
    from townhall.posts.actions import create_comment, react

    kinds = ["comment.created", "reaction.added", "group.member_joined"]
    _hook(admin_user, receiver.url, events=kinds)
    public, private = group_of(member, "Kitchen"), group_of(member, "Pay", kind="private")
    open_post, closed_post = post_in(member, "Coffee?", public), post_in(member, "Bands", private)
    cleo = make_user("cleo")
    join_group(actor=cleo, group=public)
    create_comment(actor=member, post=open_post, body="Yes please")
    create_comment(actor=member, post=closed_post, body="Secret numbers")
    react(actor=member, target=open_post, kind="like")
    react(actor=member, target=closed_post, kind="like")
    payloads = [json.loads(r.body) for r in receiver.requests]
    assert [p["event"] for p in payloads] == kinds[2:] + kinds[:2]
    joined, commented, reacted = payloads
    assert joined["member"]["username"] == "cleo" and joined["group"]["slug"] == public.slug
    assert commented["comment"]["text"] == "Yes please"
    assert commented["post"]["id"] == open_post.pk
    assert reacted["reaction"]["kind"] == "like" and reacted["post"]["id"] == open_post.pk
    assert "Secret numbers" not in str(payloads) and "Bands" not in str(payloads)
