"""Townhall's own pages for 400, 403, 404 and 500: styled, and the same for everyone."""

from django.test import RequestFactory
from django.views import defaults


def test_a_missing_page_says_so_in_townhalls_look(client, member):
    client.force_login(member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "townhall/townhall.css" in html


def test_two_missing_pages_answer_with_the_same_bytes_whoever_asks(client, member, admin_user):
    client.force_login(member)
    first = client.get("/groups/no-such-group/").content
    client.force_login(admin_user)
    assert client.get("/posts/999999/").content == first
    assert b"csrfmiddlewaretoken" not in first


def test_a_server_error_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_forbidden_and_bad_request_pages_have_a_heading(db):
    request = RequestFactory().get("/")
    assert b"<h1>Not allowed</h1>" in defaults.permission_denied(request, Exception()).content
    assert b"<h1>Bad request</h1>" in defaults.bad_request(request, Exception()).content
