"""Web Push end to end: a push service on loopback decrypts what Townhall sends it."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ValidationError
from django.urls import reverse

from townhall.push import actions, vapid
from townhall.push.models import PushSubscription
from townhall.push.tasks import push_to_person

pytestmark = pytest.mark.django_db


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Browser:
    """What a browser keeps for a subscription: its key pair and auth secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64(public)

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def push_service(settings):
    """A push service on 127.0.0.1 (allow-listed for this test) that records each request."""
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, dict(self.headers), body))
            self.send_response(answers.pop(0) if answers else 201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_port}"]
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.received, server.answers = received, answers
    yield server
    server.shutdown()


@pytest.fixture(autouse=True)
def own_keys(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    vapid.site_key.cache_clear()
    yield
    vapid.site_key.cache_clear()


def _subscribe(person, service, browser, name="device-1"):
    return actions.subscribe(
        actor=person,
        endpoint=f"{service.url}/push/{name}",
        p256dh=browser.p256dh,
        auth=b64(browser.auth),
    )


def test_a_push_arrives_encrypted_for_the_browser_and_signed_by_the_site(
    make_user, push_service, django_capture_on_commit_callbacks
):
    ann, browser = make_user("ann"), Browser()
    _subscribe(ann, push_service, browser)
    with django_capture_on_commit_callbacks(execute=True):
        queued = push_to_person(
            ann.pk, title="Bob mentioned you", body="in Launch", url="/posts/7/"
        )
    assert queued == 1
    [(path, headers, body)] = push_service.received
    assert path == "/push/device-1" and headers["Content-Encoding"] == "aes128gcm"
    assert browser.decrypt(body) == {
        "title": "Bob mentioned you",
        "body": "in Launch",
        "url": "/posts/7/",
        "tag": "",
    }
    assert b"Bob" not in body  # the push service sees only ciphertext
    scheme, _, params = headers["Authorization"].partition(" ")
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid" and fields["k"] == vapid.public_key()
    public = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), base64.urlsafe_b64decode(fields["k"] + "==")
    )
    claims = jwt.decode(fields["t"], public, algorithms=["ES256"], audience=push_service.url)
    assert claims["sub"].startswith(("mailto:", "https://", "http://"))


def test_a_subscription_the_push_service_forgot_is_removed(
    make_user, push_service, django_capture_on_commit_callbacks
):
    ann = make_user("ann")
    _subscribe(ann, push_service, Browser(), "gone")
    _subscribe(ann, push_service, Browser(), "still-here")
    push_service.answers.extend([410, 201])
    with django_capture_on_commit_callbacks(execute=True):
        push_to_person(ann.pk, title="t", body="b", url="/")
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        f"{push_service.url}/push/still-here"
    ]


def test_an_endpoint_on_an_internal_address_is_never_contacted(
    make_user, settings, django_capture_on_commit_callbacks
):
    ann = make_user("ann")
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = []
    subscription = PushSubscription.objects.create(  # as if stored before the host was unlisted
        person=ann,
        endpoint="https://127.0.0.1:9/push/x",
        p256dh=Browser().p256dh,
        auth=b64(os.urandom(16)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        push_to_person(ann.pk, title="t", body="b", url="/")
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize(
    "endpoint, p256dh, auth, message",
    [
        ("http://push.example/x", None, None, "https address"),
        ("javascript:alert(1)", None, None, "https address"),
        ("https://push.example/x", "not-a-key", None, "p256dh"),
        ("https://push.example/x", None, b64(b"short"), "auth"),
    ],
)
def test_a_subscription_with_bad_data_is_refused_with_a_reason(
    make_user, endpoint, p256dh, auth, message
):
    browser = Browser()
    with pytest.raises(ValidationError, match=message):
        actions.subscribe(
            actor=make_user("ann"),
            endpoint=endpoint,
            p256dh=p256dh or browser.p256dh,
            auth=auth or b64(browser.auth),
        )
    assert not PushSubscription.objects.exists()


def test_the_subscribe_endpoint_stores_the_browser_and_unsubscribe_forgets_it(client, member):
    browser = Browser()
    client.force_login(member)
    body = {
        "endpoint": "https://push.example/abc",
        "keys": {"p256dh": browser.p256dh, "auth": b64(browser.auth)},
    }
    response = client.post(reverse("push:subscribe"), body, content_type="application/json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().person == member
    bad = client.post(reverse("push:subscribe"), "{not json", content_type="application/json")
    assert bad.status_code == 400 and "https address" in bad.json()["message"]
    client.post(
        reverse("push:unsubscribe"), {"endpoint": body["endpoint"]}, content_type="application/json"
    )
    assert not PushSubscription.objects.exists()


def test_signed_out_visitors_cannot_subscribe(client):
    response = client.post(reverse("push:subscribe"), {}, content_type="application/json")
    assert response.status_code == 302 and not PushSubscription.objects.exists()


def test_the_app_is_installable_with_a_manifest_service_worker_and_offline_page(client, member):
    manifest = client.get(reverse("push:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["display"] == "standalone" and {i["sizes"] for i in data["icons"]} == {
        "192x192",
        "512x512",
    }
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/" and b"showNotification" in worker.content
    client.force_login(member)
    offline = client.get(reverse("push:offline"))
    assert offline.status_code == 200 and member.display_name not in offline.content.decode()
    assert 'rel="manifest"' in client.get("/").content.decode()


def test_the_vapid_key_survives_a_restart(settings):
    first = vapid.public_key()
    vapid.site_key.cache_clear()
    assert vapid.public_key() == first
    assert oct((settings.DATA_DIR / vapid.KEY_FILE).stat().st_mode & 0o777) == "0o600"


def test_an_app_registers_lists_and_forgets_a_device_through_the_api(member, make_user, api_as):
    browser, api = Browser(), api_as(member)
    assert api.get("/api/v1/push/key").json()["application_server_key"] == vapid.public_key()
    body = {
        "endpoint": "https://push.example/dev",
        "keys": {"p256dh": browser.p256dh, "auth": b64(browser.auth)},
    }
    assert api.post("/api/v1/push/subscriptions", body).status_code == 201
    assert [s["endpoint"] for s in api.get("/api/v1/push/subscriptions").json()] == [
        body["endpoint"]
    ]
    assert api_as(make_user("other")).get("/api/v1/push/subscriptions").json() == []
    bad = api.post("/api/v1/push/subscriptions", {**body, "endpoint": "http://10.0.0.1/x"})
    assert bad.status_code == 422 and "https address" in bad.json()["message"]
    assert (
        api.post("/api/v1/push/subscriptions/delete", {"endpoint": body["endpoint"]}).status_code
        == 204
    )
    assert not PushSubscription.objects.exists()
