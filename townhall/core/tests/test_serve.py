"""`townhall serve` as an operator runs it: a real process, its web server and its task worker."""

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from townhall.core.tests.isolated import ROOT, TOWNHALL, free_port, isolated_site

PASSWORD = "a-long-test-passphrase-9"


def wait_for(condition, seconds: float, interval: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def output_of(log_path) -> str:
    return log_path.read_text(errors="replace")[-4000:] if log_path.exists() else ""


@pytest.mark.slow
def test_serve_answers_pages_and_its_worker_sends_a_password_reset_email(tmp_path, smtp_server):
    smtp_port, inbox = smtp_server
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "serve.log"
    with isolated_site(tmp_path / "data", "th_serve") as env:
        env.update(TOWNHALL_EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}", TOWNHALL_BASE_URL=base)
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [*TOWNHALL, "serve", "--port", str(port), "--workers", "1"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own session, as a terminal would give it
            )
        try:
            ready = wait_for(lambda: server.poll() is None and answers(f"{base}/readyz"), 60, 0.5)
            assert ready, f"/readyz did not answer within 60 s:\n{output_of(log_path)}"

            created = subprocess.run(
                [*TOWNHALL, "createuser", "rut", "--email", "rut@northwind.example"]
                + ["--password-stdin"],
                input=PASSWORD + "\n",
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert created.returncode == 0, created.stderr

            browser = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            with browser.open(f"{base}/accounts/login/", timeout=10) as response:
                assert response.status == 200
                assert 'type="password"' in response.read().decode()

            with browser.open(f"{base}/accounts/password/reset/", timeout=10) as response:
                form = response.read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "email": "rut@northwind.example"}
            ).encode()
            with browser.open(f"{base}/accounts/password/reset/", data=data, timeout=10) as sent:
                assert sent.status == 200
                assert sent.url.endswith("/accounts/password/reset/done/")

            message = inbox.wait_for_message(to="rut@northwind.example", seconds=20)
            assert f"{base}/accounts/password/reset/key/" in message.replace("=\n", "")

            children = descendants(server.pid)
            assert len(children) >= 3, "serve should run granian (with a worker) and a task worker"
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pytest.fail("townhall serve did not stop within 15 s of Ctrl-C")
            assert server.returncode == 0, output_of(log_path)
            assert wait_for(lambda: not answers(f"{base}/healthz"), 5)
            alive = [pid for pid in children if Path(f"/proc/{pid}").exists()]
            assert wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in alive), 5), (
                "a child outlived serve"
            )
        finally:
            for pid in [server.pid, *descendants(server.pid)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            server.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc), children first."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    return found


def test_a_queued_email_reaches_a_real_smtp_server(
    smtp_server, settings, db, django_capture_on_commit_callbacks
):
    """The stored message goes out through Django's SMTP backend (the path `serve` uses)."""
    from django.core.mail import send_mail

    from townhall.core.models import OutgoingEmail

    smtp_port, inbox = smtp_server
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Kaffe?", "Møte i kantina kl 10.", None, ["rut@northwind.example"])

    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.status, outgoing.last_error) == (OutgoingEmail.Status.SENT, "")
    assert "Subject: Kaffe?" in inbox.wait_for_message(to="rut@northwind.example", seconds=10)
