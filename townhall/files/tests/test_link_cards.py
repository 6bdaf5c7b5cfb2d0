"""Link cards: the first link of a post gets a card fetched in the background through the
guarded outbound client, from a real HTTP server on loopback (allow-listed for that test
only); with the allow-list off, every server-side request forgery attempt is refused and
nothing is stored."""

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from townhall.files.actions import first_link
from townhall.files.models import Attachment
from townhall.files.tasks import make_link_card
from townhall.files.tests.conftest import picture, stored_files
from townhall.posts.actions import create_post

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><title>Fallback title</title>
<meta property="og:title" content="Quarterly results &amp; outlook">
<meta property="og:description" content="Revenue up 12%, and what it means for us.">
<meta property="og:site_name" content="Northwind News">
<meta property="og:image" content="{image}">
<script>document.title = "JS never runs"</script>
</head><body>Hello</body></html>"""


class _Site(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the http.server API
        site = self.server
        site.paths.append(self.path)
        site.agents.append(self.headers.get("User-Agent", ""))
        if self.path in site.redirects:
            self.send_response(302)
            self.send_header("Location", site.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type, body = site.routes.get(self.path, ("text/plain", b"missing"))
        self.send_response(200 if self.path in site.routes else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def site_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    server.routes, server.redirects, server.paths, server.agents = {}, {}, [], []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(settings):
    with site_server() as server:
        settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_address[1]}"]
        yield server


@pytest.fixture
def no_allow_list(settings):
    settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = []


def test_the_first_link_of_a_post_gets_a_card_with_a_picture_stored_by_us(
    client, site, aria, bo, files_root, django_capture_on_commit_callbacks
):
    site.routes["/article"] = (
        "text/html; charset=utf-8",
        PAGE.format(image="/cover.png").encode(),
    )
    site.routes["/cover.png"] = ("image/png", picture("PNG", (1200, 630)))
    with django_capture_on_commit_callbacks(execute=True):
        post = create_post(
            actor=aria, body=f"Read this: {site.base}/article. And {site.base}/other"
        )
    card = Attachment.objects.get(post=post, kind="link")
    assert card.state == "ready"
    assert card.title == "Quarterly results & outlook"
    assert card.description == "Revenue up 12%, and what it means for us."
    assert card.site_name == "Northwind News"
    assert card.thumb and card.thumb in stored_files(files_root)
    assert site.paths == ["/article", "/cover.png"]  # only the first link, never /other
    assert site.agents[0].startswith("Townhall/")
    client.force_login(bo)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Quarterly results &amp; outlook" in page
    assert f'src="/files/{card.pk}/thumb/"' in page  # our copy, not a hot link
    assert "cover.png" not in page
    assert "Remove preview" not in page  # only the author may remove it
    thumb = client.get(f"/files/{card.pk}/thumb/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/webp"


def test_the_author_removes_the_card_and_it_does_not_come_back(
    client, site, aria, files_root, django_capture_on_commit_callbacks
):
    site.routes["/a"] = ("text/html", PAGE.format(image="/p.png").encode())
    site.routes["/p.png"] = ("image/png", picture())
    with django_capture_on_commit_callbacks(execute=True):
        post = create_post(actor=aria, body=f"{site.base}/a")
    card = Attachment.objects.get(post=post, kind="link")
    client.force_login(aria)
    assert "Remove preview" in client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("files:remove", args=[card.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.state == "removed"
    assert stored_files(files_root) == []
    assert "Quarterly" not in client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert client.get(f"/files/{card.pk}/thumb/").status_code == 404


def test_a_page_that_is_not_html_gives_no_card(site, aria, django_capture_on_commit_callbacks):
    site.routes["/file.pdf"] = ("application/pdf", b"%PDF-1.4")
    with django_capture_on_commit_callbacks(execute=True):
        post = create_post(actor=aria, body=f"{site.base}/file.pdf")
    card = Attachment.objects.get(post=post, kind="link")
    assert card.state == "failed" and "not a web page" in card.failure


def test_a_card_picture_on_a_private_address_is_refused_and_the_card_kept_without_it(
    site, aria, files_root, django_capture_on_commit_callbacks
):
    site.routes["/a"] = (
        "text/html",
        PAGE.format(image="http://169.254.169.254/latest/meta-data/").encode(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        post = create_post(actor=aria, body=f"{site.base}/a")
    card = Attachment.objects.get(post=post, kind="link")
    assert card.state == "ready" and not card.thumb
    assert "link-local" in card.failure
    assert stored_files(files_root) == [] if files_root.exists() else True


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1:8000/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.0.0.1/admin", "private"),
    ],
)
def test_links_to_private_addresses_are_refused_before_connecting(
    no_allow_list, aria, files_root, url, reason
):
    post = create_post(actor=aria, body=f"see {url}")
    card = Attachment.objects.get(post=post, kind="link")
    make_link_card(card.pk)
    card.refresh_from_db()
    assert card.state == "failed"
    assert reason in card.failure
    assert not card.thumb and not card.title


def test_a_hostname_that_resolves_to_a_private_address_is_refused(no_allow_list, aria, monkeypatch):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host == "intranet.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    post = create_post(actor=aria, body="https://intranet.example.com/payroll")
    card = Attachment.objects.get(post=post, kind="link")
    make_link_card(card.pk)
    card.refresh_from_db()
    assert card.state == "failed"
    assert "intranet.example.com is a private address (10.0.0.1)" in card.failure


def test_a_page_that_redirects_to_a_private_address_is_refused_at_the_redirect(settings, aria):
    with site_server() as server:
        # only this server's own port is allowed; where it redirects is judged afresh
        settings.TOWNHALL_OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{server.server_address[1]}"]
        server.redirects["/go"] = "http://10.0.0.1/secret"
        server.redirects["/local"] = "http://127.0.0.1:8000/admin"
        for path, reason in (("/go", "private"), ("/local", "loopback")):
            post = create_post(actor=aria, body=f"{server.base}{path}")
            card = Attachment.objects.get(post=post, kind="link")
            make_link_card(card.pk)
            card.refresh_from_db()
            assert card.state == "failed" and reason in card.failure
        assert server.paths == ["/go", "/local"]


@pytest.mark.parametrize(
    "body, link",
    [
        ("no link here", None),
        ("see https://example.com/a.", "https://example.com/a"),
        ("(https://example.com/x) and http://b.example", "https://example.com/x"),
        ("javascript:alert(1) ftp://x.example", None),
    ],
)
def test_the_first_http_link_is_the_one_previewed(body, link):
    assert first_link(body) == link
