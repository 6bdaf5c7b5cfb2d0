"""SCIM 2.0 (RFC 7643/7644) against the real endpoints, with an admin-issued bearer token."""

import json

import pytest
from django.test import Client

from townhall.access.posts import can_view_post
from townhall.accounts.models import ApiToken, User
from townhall.accounts.tokens import create_token
from townhall.identity import actions, audit
from townhall.identity.models import AuditEntry, SignedInSession
from townhall.identity.scim import ERROR_SCHEMA, PATCH_SCHEMA, USER_SCHEMA
from townhall.posts import actions as posts
from townhall.posts.models import Post

pytestmark = pytest.mark.django_db
SCIM = "application/scim+json"


@pytest.fixture
def scim(admin_user):
    _token, secret = actions.issue_scim_token(actor=admin_user, name="Entra ID")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def call(method, path, body=None, **params):
        kwargs = {"content_type": SCIM}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        if params:
            return getattr(client, method)("/scim/v2/" + path, params)
        return getattr(client, method)("/scim/v2/" + path, **kwargs)

    return call


def new_user(scim, email="pia@northwind.example", external="entra-pia", **extra):
    body = {
        "schemas": [USER_SCHEMA],
        "userName": email,
        "externalId": external,
        "displayName": "Pia Provisioned",
        "active": True,
        **extra,
    }
    return scim("post", "Users", body)


def test_without_a_valid_token_nothing_is_answered(client, admin_user):
    assert client.get("/scim/v2/Users").status_code == 401
    token, secret = actions.issue_scim_token(actor=admin_user, name="old")
    actions.revoke_scim_token(actor=admin_user, token=token)
    response = client.get("/scim/v2/Users", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["schemas"] == [ERROR_SCHEMA]


def test_creating_a_user_makes_a_member_linked_by_external_id(scim):
    response = new_user(scim)
    assert response.status_code == 201 and response["Content-Type"] == SCIM
    body = response.json()
    assert body["userName"] == "pia@northwind.example" and body["externalId"] == "entra-pia"
    assert response["Location"].endswith(f"/scim/v2/Users/{body['id']}")
    pia = User.objects.get(pk=body["id"])
    assert pia.role == "member" and pia.external_id.external_id == "entra-pia"
    assert scim("get", f"Users/{pia.pk}").json()["displayName"] == "Pia Provisioned"
    calls = AuditEntry.objects.filter(action=audit.SCIM_CALL)
    assert [(c.data["method"], c.data["status"]) for c in calls.order_by("id")] == [
        ("POST", 201),
        ("GET", 200),
    ]


def test_filter_by_username_and_pagination(scim):
    for n in range(3):
        new_user(scim, email=f"p{n}@northwind.example", external=f"e{n}")
    found = scim("get", "Users", filter='userName eq "P1@northwind.example"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["externalId"] == "e1"
    page = scim("get", "Users", startIndex=2, count=2).json()
    assert page["startIndex"] == 2 and page["itemsPerPage"] == 2
    assert page["totalResults"] == User.objects.count()


def test_bad_input_gets_scim_errors_and_changes_nothing(scim):
    new_user(scim)
    people = User.objects.count()
    cases = [
        (new_user(scim, external="other"), 409, "uniqueness"),
        (new_user(scim, email="x@northwind.example", shoeSize=42), 400, "invalidPath"),
        (new_user(scim, email="y@northwind.example", active="yes"), 400, "invalidValue"),
        (scim("get", "Users", filter="userName sw 'p'"), 400, "invalidFilter"),
        (scim("post", "Users", None), 400, "invalidValue"),
    ]
    for response, status, scim_type in cases:
        body = response.json()
        assert response.status_code == status, body
        assert body["schemas"] == [ERROR_SCHEMA] and body["scimType"] == scim_type
        assert body["status"] == str(status)
    assert User.objects.count() == people
    assert scim("get", "Users/99999").status_code == 404


def test_patch_replaces_attributes(scim):
    pia = new_user(scim).json()
    body = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [
            {"op": "replace", "path": "title", "value": "Head of Platform"},
            {"op": "replace", "value": {"displayName": "Pia P."}},
        ],
    }
    response = scim("patch", f"Users/{pia['id']}", body)
    assert response.status_code == 200, response.json()
    person = User.objects.get(pk=pia["id"])
    assert (person.job_title, person.display_name) == ("Head of Platform", "Pia P.")
    bad = scim(
        "patch",
        f"Users/{pia['id']}",
        {
            "schemas": [PATCH_SCHEMA],
            "Operations": [{"op": "replace", "path": "password", "value": "x"}],
        },
    )
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidPath"


@pytest.mark.parametrize("how", ["patch", "delete"])
def test_deprovisioning_ends_sessions_and_api_tokens_at_once(
    scim, signed_in, client, how, admin_user
):
    pia_id = new_user(scim).json()["id"]
    pia = User.objects.get(pk=pia_id)
    pia.set_password("correct-horse-9")
    pia.save()
    notes = posts.create_post(actor=pia, body="Handover notes for whoever comes next")
    signed_in(pia)
    assert client.get("/identity/sessions/").status_code == 200
    _token, secret = create_token(user=pia, name="laptop")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code != 401
    if how == "patch":
        body = {
            "schemas": [PATCH_SCHEMA],
            "Operations": [{"op": "replace", "path": "active", "value": "False"}],
        }
        assert scim("patch", f"Users/{pia_id}", body).json()["active"] is False
    else:
        assert scim("delete", f"Users/{pia_id}").status_code == 204
    assert client.get("/identity/sessions/").status_code == 302  # signed out there
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert not ApiToken.objects.filter(user=pia, revoked_at__isnull=True).exists()
    assert not SignedInSession.objects.filter(user=pia).exists()
    entry = AuditEntry.objects.get(action=audit.DEACTIVATION)
    assert entry.data["via"] == "scim" and entry.actor_id is None
    assert User.objects.filter(pk=pia_id).exists()  # content and account stay
    assert can_view_post(admin_user, Post.objects.get(pk=notes.pk))  # colleagues still read it


def test_discovery_endpoints_answer(scim):
    config = scim("get", "ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True and config["filter"]["supported"] is True
    assert scim("get", "Schemas").json()["Resources"][0]["id"] == USER_SCHEMA
    assert scim("get", "ResourceTypes").json()["Resources"][0]["endpoint"] == "/Users"
