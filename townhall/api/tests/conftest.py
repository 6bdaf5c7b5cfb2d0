"""A JSON-speaking test client for the API (the token_for / api_as / anonymous_api fixtures
that use it are in townhall/conftest.py, for every app's API tests)."""

import json

from django.test import Client


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
