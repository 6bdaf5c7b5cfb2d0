"""Every answer from /api/ is JSON with a stable code, whatever goes wrong."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from ninja import NinjaAPI
from ninja.testing import TestClient

from townhall.api.errors import install_error_handlers

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(member, api_as):
    response = api_as(member, "read").get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_an_unknown_path_needs_no_csrf_to_be_told_it_is_missing(client):
    response = client.post("/api/v2/anything", data=b"{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unsupported_method_is_a_json_405(member, api_as):
    response = api_as(member).delete("/api/v1/me")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "PATCH" in response["Allow"]


def test_a_body_over_the_size_limit_is_a_413(member, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_as(member).patch("/api/v1/me", {"bio": "b" * 2000})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


# The handlers themselves, on a throwaway API whose routes fail on purpose -----------------

broken = NinjaAPI(urls_namespace="broken-api-for-tests")
install_error_handlers(broken)


@broken.get("/crash")
def crash(request):
    raise RuntimeError("secret internals: password=hunter2")


@broken.get("/refused")
def refused(request):
    raise ValidationError("You are the last admin.", code="last_admin")


@broken.get("/denied")
def denied(request):
    raise PermissionDenied


@broken.get("/suspicious")
def suspicious(request):
    raise SuspiciousOperation("bad host")


def test_an_unexpected_exception_is_a_500_that_leaks_nothing(caplog):
    with caplog.at_level(logging.ERROR, logger="townhall.api"):
        response = TestClient(broken).get("/crash")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert "hunter2" in caplog.text  # but the operator can find out what happened


def test_an_actions_error_without_a_field_keeps_its_code():
    response = TestClient(broken).get("/refused")
    assert response.status_code == 422
    assert response.json() == {
        "code": "last_admin",
        "message": "You are the last admin.",
        "errors": [],
    }


def test_permission_denied_and_suspicious_requests_are_json():
    assert TestClient(broken).get("/denied").json()["code"] == "forbidden"
    response = TestClient(broken).get("/suspicious")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
