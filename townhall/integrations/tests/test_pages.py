"""The webhook and bot pages: who sees them, what a bad URL says, the log, the secret once."""

import pytest
from django.urls import reverse

from townhall.integrations import actions
from townhall.integrations.models import Bot, Webhook, WebhookAttempt, WebhookDelivery
from townhall.integrations.webhooks import attempt_delivery

pytestmark = pytest.mark.django_db


def _form(url, **extra):
    return {"name": "Radiator", "url": url, "events": ["post.created"], **extra}


def test_only_admins_see_the_organisation_webhooks_page(client, member, admin_user):
    url = reverse("siteadmin:webhooks")
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "Add a webhook" in page.content.decode()
    assert 'aria-current="page">Webhooks<' in page.content.decode()


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(client, admin_user, receiver):
    client.force_login(admin_user)
    response = client.post(reverse("siteadmin:webhooks"), _form(receiver.url))
    assert response.status_code == 201
    webhook = Webhook.objects.get()
    assert webhook.secret in response.content.decode()
    later = client.get(reverse("integrations:webhook", args=[webhook.pk])).content.decode()
    assert webhook.secret not in later


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1:8000/hook", "loopback"),
        ("http://10.0.0.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("not a url", "Only http"),
    ],
)
def test_a_webhook_to_a_private_address_is_refused_with_a_clear_message(
    client, admin_user, url, words
):
    client.force_login(admin_user)
    response = client.post(reverse("siteadmin:webhooks"), _form(url))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_webhook_without_events_is_refused(client, admin_user, receiver):
    client.force_login(admin_user)
    response = client.post(reverse("siteadmin:webhooks"), _form(receiver.url, events=[]))
    assert response.status_code == 400 and not Webhook.objects.exists()


def test_a_group_admin_manages_webhooks_and_bots_of_their_group_only(
    client, member, make_user, group_of, receiver
):
    group = group_of(member, "Platform")
    page = reverse("integrations:group", args=[group.slug])
    client.force_login(make_user("cleo"))
    assert client.get(page).status_code == 404
    assert (
        client.post(
            reverse("integrations:create_bot", args=[group.slug]), {"name": "x"}
        ).status_code
        == 404
    )
    client.force_login(member)
    assert (
        "Webhooks and bots"
        in client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    )
    response = client.post(
        reverse("integrations:create_group_webhook", args=[group.slug]), _form(receiver.url)
    )
    assert response.status_code == 201 and Webhook.objects.get().group == group
    response = client.post(
        reverse("integrations:create_bot", args=[group.slug]), {"bot-name": "CI"}
    )
    bot = Bot.objects.get()
    assert response.status_code == 201 and "thb_" in response.content.decode()
    assert bot.prefix in client.get(page).content.decode()


def test_a_bot_without_a_name_is_refused_with_a_message(client, member, group_of):
    group = group_of(member, "Platform")
    client.force_login(member)
    response = client.post(reverse("integrations:create_bot", args=[group.slug]), {"bot-name": " "})
    assert response.status_code == 400 and not Bot.objects.exists()


def test_an_organisation_admin_cannot_open_a_group_s_webhook(
    client, member, admin_user, group_of, receiver
):
    group = group_of(member, "Platform", kind="secret")
    webhook, _secret = actions.create_webhook(
        actor=member, name="Hook", url=receiver.url, events=["post.created"], group=group
    )
    client.force_login(admin_user)
    assert client.get(reverse("integrations:webhook", args=[webhook.pk])).status_code == 404
    assert client.post(reverse("integrations:delete_webhook", args=[webhook.pk])).status_code == 404
    assert Webhook.objects.exists()


def test_the_log_shows_status_latency_and_the_answer(
    client, admin_user, receiver, django_assert_max_num_queries
):
    webhook, _secret = actions.create_webhook(
        actor=admin_user, name="Hook", url=receiver.url, events=["post.created"]
    )
    receiver.answers = [500]
    for _ in range(3):
        delivery = actions.send_test(actor=admin_user, webhook=webhook)
        attempt_delivery(delivery.pk)
    client.force_login(admin_user)
    with django_assert_max_num_queries(20):  # the page frame is most of it; rows add none
        page = client.get(reverse("integrations:webhook", args=[webhook.pk]))
    html = page.content.decode()
    assert html.count("webhook.test") == 3
    assert ">500<" in html and ">200<" in html and "thanks" in html and " ms" in html
    assert "next try in" in html


def test_send_test_and_delete_from_the_webhook_page(client, admin_user, receiver):
    webhook, _secret = actions.create_webhook(
        actor=admin_user, name="Hook", url=receiver.url, events=["post.created"]
    )
    client.force_login(admin_user)
    response = client.post(reverse("integrations:test_webhook", args=[webhook.pk]))
    assert response.status_code == 302
    assert WebhookDelivery.objects.filter(webhook=webhook, kind="webhook.test").exists()
    response = client.post(reverse("integrations:delete_webhook", args=[webhook.pk]))
    assert response.url == reverse("siteadmin:webhooks") and not Webhook.objects.exists()
    assert not WebhookAttempt.objects.exists()


def test_switching_a_webhook_off_from_its_page(client, admin_user, receiver):
    webhook, _secret = actions.create_webhook(
        actor=admin_user, name="Hook", url=receiver.url, events=["post.created"]
    )
    client.force_login(admin_user)
    url = reverse("integrations:webhook", args=[webhook.pk])
    response = client.post(url, _form(receiver.url, events=["post.created", "comment.created"]))
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert not webhook.active and webhook.events == ["post.created", "comment.created"]
    response = client.post(url, _form("http://10.1.2.3/"))
    assert response.status_code == 400 and "private" in response.content.decode()
