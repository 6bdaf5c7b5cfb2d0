"""Helpers for API tests: tokens made through the real action, and a JSON-speaking client."""

import json

import pytest
from django.test import Client

from townhall.accounts.tokens import create_token


class ApiClient:
    """A Django test client that sends JSON and an optional bearer token."""

    def __init__(self, secret: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _send(self, method: str, path: str, body=None, *, raw: bytes | None = None, **extra):
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return getattr(self.client, method)(
            path, data=data, content_type="application/json", headers=self.headers, **extra
        )

    def get(self, path: str, params: dict | None = None, **extra):
        return self.client.get(path, params or {}, headers=self.headers, **extra)

    def patch(self, path: str, body=None, **extra):
        return self._send("patch", path, body, **extra)

    def post(self, path: str, body=None, **extra):
        return self._send("post", path, body, **extra)

    def put(self, path: str, body=None, **extra):
        return self._send("put", path, body, **extra)

    def delete(self, path: str, **extra):
        return self._send("delete", path, **extra)


@pytest.fixture
def token_for():
    """token_for(user, "write") -> the secret, as a person would copy it once."""

    def make(user, scope: str = "read") -> str:
        _token, secret = create_token(user=user, name=f"{scope} token", scope=scope)
        return secret

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user, scope) -> an ApiClient that authenticates with a fresh token."""

    def make(user, scope: str = "write") -> ApiClient:
        return ApiClient(token_for(user, scope))

    return make


@pytest.fixture
def anonymous_api():
    return ApiClient()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """create_user hashes a password; the fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
