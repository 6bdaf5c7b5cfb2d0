"""The API describes itself: /api/openapi.json, and a docs page that works offline under CSP."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Townhall API"
    paths = schema["paths"]
    assert set(paths["/api/v1/me"]) == {"get", "patch"}
    assert "get" in paths["/api/v1/people"]
    assert "get" in paths["/api/v1/people/{person_id}"]
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerTokenAuth"].items()


def test_the_schema_documents_the_error_shape(client):
    schema = client.get("/api/openapi.json").json()
    patch = schema["paths"]["/api/v1/me"]["patch"]
    assert {"200", "401", "403", "422"} <= set(patch["responses"])
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message"}


def test_the_docs_page_uses_only_local_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "unpkg" not in html
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    # No inline script: the only <script> without src is a JSON data block.
    assert html.count("<script") == html.count("<script src=") + html.count(
        '<script id="swagger-settings" type="application/json">'
    )
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"])
def test_the_docs_assets_are_served_locally(client, asset):
    response = client.get(f"/static/ninja/{asset}")
    assert response.status_code == 200


@pytest.mark.browser
def test_the_docs_page_renders_the_endpoints_without_csp_errors(
    live_server, page, assert_accessible
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server.url}/api/docs")
    page.get_by_text("/api/v1/people/{person_id}").first.wait_for()
    assert page.get_by_text("Search the directory").first.is_visible()
    assert_accessible(page)
    page.get_by_text("Search the directory").first.click()  # open one operation
    page.get_by_text("next_cursor from the previous page").first.wait_for()
    page.get_by_text("Change your own profile").first.click()
    page.get_by_text("Request body").first.wait_for()
    assert_accessible(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
