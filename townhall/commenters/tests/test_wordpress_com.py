"""Our WordPress.com provider (allauth's provider API) against a real HTTP server on
127.0.0.1 that speaks WordPress.com's OAuth2 endpoints (/oauth2/token, /rest/v1.1/me)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp

from townhall.accounts.models import User
from townhall.commenters.models import CommenterIdentity

pytestmark = pytest.mark.django_db

PROFILE = {
    "ID": 4242,
    "display_name": "Wendy WordPress",
    "username": "wendy",
    "email": "wendy@example.org",
    "email_verified": True,
    "profile_URL": "https://gravatar.com/wendy",
}


class WordPressComApi(BaseHTTPRequestHandler):
    seen: list = []

    def log_message(self, *args):
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.seen.append(("token", form))
        if self.path == "/oauth2/token" and form.get("code") == ["the-code"]:
            self._reply(200, {"access_token": "wp-token", "token_type": "bearer"})
        else:
            self._reply(400, {"error": "invalid_grant"})

    def do_GET(self):
        self.seen.append(("me", self.headers.get("Authorization")))
        if self.path == "/rest/v1.1/me" and self.headers.get("Authorization") == "Bearer wp-token":
            self._reply(200, PROFILE)
        else:
            self._reply(403, {"error": "unauthorized"})


@pytest.fixture
def wordpress_com(settings):
    WordPressComApi.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), WordPressComApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TOWNHALL_WORDPRESS_COM_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    SocialApp.objects.create(
        provider="wordpress_com", name="WordPress.com", client_id="wp-client", secret="wp-s"
    )
    yield settings.TOWNHALL_WORDPRESS_COM_BASE_URL
    server.shutdown()
    server.server_close()


def test_signing_in_with_wordpress_com_makes_a_commenter(client, wordpress_com, article):
    back = f"/comments/articles/{article.pk}/"
    start = client.post(f"/accounts/wordpress_com/login/?process=login&next={back}")
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == wordpress_com
    assert authorize.path == "/oauth2/authorize"
    query = parse_qs(authorize.query)
    assert query["client_id"] == ["wp-client"] and query["scope"] == ["auth"]

    callback = urlsplit(query["redirect_uri"][0]).path
    done = client.get(callback, {"code": "the-code", "state": query["state"][0]})

    assert done.status_code == 302 and done["Location"] == back
    commenter = User.objects.get(role=User.Role.COMMENTER)
    assert commenter.display_name == "Wendy WordPress"
    assert not commenter.has_usable_password()
    assert CommenterIdentity.objects.get(user=commenter).email == "wendy@example.org"
    assert SocialAccount.objects.get(user=commenter).uid == "4242"
    assert ("me", "Bearer wp-token") in WordPressComApi.seen
    page = client.get(back).content.decode()
    assert "You comment as <strong>Wendy WordPress</strong>" in page


def test_a_refused_code_at_wordpress_com_makes_no_account(client, wordpress_com, article):
    start = client.post("/accounts/wordpress_com/login/?process=login")
    query = parse_qs(urlsplit(start["Location"]).query)
    callback = urlsplit(query["redirect_uri"][0]).path
    response = client.get(callback, {"code": "forged", "state": query["state"][0]})
    assert response.status_code < 500
    assert not User.objects.filter(role=User.Role.COMMENTER).exists()


def test_a_member_cannot_connect_an_external_account(client, member, wordpress_com):
    client.force_login(member)
    start = client.post("/accounts/wordpress_com/login/?process=connect")
    if start.status_code == 302 and "oauth2/authorize" in start["Location"]:
        query = parse_qs(urlsplit(start["Location"]).query)
        callback = urlsplit(query["redirect_uri"][0]).path
        client.get(callback, {"code": "the-code", "state": query["state"][0]})
    assert not SocialAccount.objects.exists()
    member.refresh_from_db()
    assert member.role == User.Role.MEMBER
