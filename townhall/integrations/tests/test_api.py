"""/api/v1/webhooks: create (secret once), change, test, log, delete; refusals are clear."""

import pytest
from django.test import Client

from townhall.accounts.tokens import create_token
from townhall.integrations.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db(transaction=True)


def _api(user, scope="write"):
    _token, secret = create_token(user=user, name="cli", scope=scope)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    return client


def _create(client, url, **extra):
    body = {"name": "Radiator", "url": url, "events": ["post.created"], **extra}
    return client.post("/api/v1/webhooks", body, content_type="application/json")


def test_an_admin_creates_tests_reads_the_log_of_and_deletes_a_webhook(admin_user, receiver):
    client = _api(admin_user)
    created = _create(client, receiver.url)
    assert created.status_code == 201, created.content
    webhook = created.json()
    assert webhook["secret"].startswith("whsec_") and webhook["group_id"] is None
    assert "secret" not in client.get(f"/api/v1/webhooks/{webhook['id']}").json()
    assert client.post(f"/api/v1/webhooks/{webhook['id']}/test").status_code == 202
    log = client.get(f"/api/v1/webhooks/{webhook['id']}/attempts").json()
    assert [(a["event"], a["status_code"]) for a in log] == [("webhook.test", 200)]
    assert log[0]["response_snippet"] == "thanks" and log[0]["latency_ms"] is not None
    changed = client.put(
        f"/api/v1/webhooks/{webhook['id']}",
        {"name": "R2", "url": receiver.url, "events": ["comment.created"], "active": False},
        content_type="application/json",
    )
    assert changed.json()["active"] is False and changed.json()["events"] == ["comment.created"]
    assert client.delete(f"/api/v1/webhooks/{webhook['id']}").status_code == 204
    assert not Webhook.objects.exists() and not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://10.0.0.1/", "http://169.254.169.254/", "http://[::1]/"]
)
def test_a_private_address_is_a_422_naming_the_url_field(admin_user, url):
    response = _create(_api(admin_user), url)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "url" and "TOWNHALL_OUTBOUND_ALLOWED_HOSTS" in error["message"]


def test_members_cannot_create_organisation_webhooks_and_read_tokens_cannot_write(
    member, admin_user, receiver
):
    refused = _create(_api(member), receiver.url)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert _create(_api(admin_user, scope="read"), receiver.url).status_code == 403
    assert not Webhook.objects.exists()


def test_a_group_admin_creates_a_webhook_for_their_group(member, group_of, receiver):
    group = group_of(member, "Platform", kind="secret")
    response = _create(_api(member), receiver.url, group_id=group.pk)
    assert response.status_code == 201 and response.json()["group_id"] == group.pk
    assert [w["name"] for w in _api(member).get("/api/v1/webhooks").json()] == ["Radiator"]
