"""Helpers for the accounts tests: sign-up, sign-in and links read from sent email."""

import re

import pytest
from django.core import mail

PASSWORD = "correct-horse-9"
NEW_PASSWORD = "a-whole-new-horse-42"


def last_link(to: str, path_prefix: str) -> str:
    """The path of the last link starting with `path_prefix` in the latest email to `to`."""
    for message in reversed(mail.outbox):
        if to in message.to:
            links = re.findall(
                r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", message.body
            )
            assert links, f"no {path_prefix} link in: {message.body}"
            return links[-1]
    raise AssertionError(f"no email to {to}; sent: {[m.to for m in mail.outbox]}")


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def submit(email: str, *, name: str = "Nina New", password: str = PASSWORD, browser=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (browser or client).post(
                "/accounts/signup/",
                {
                    "display_name": name,
                    "email": email,
                    "password1": password,
                    "password2": password,
                },
                follow=True,
            )

    return submit


@pytest.fixture
def sign_in(client):
    def submit(email: str, password: str = PASSWORD, *, browser=None, **extra):
        return (browser or client).post(
            "/accounts/login/", {"login": email, "password": password}, follow=True, **extra
        )

    return submit
