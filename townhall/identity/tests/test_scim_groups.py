"""SCIM 2.0 Groups (RFC 7643 §4.2 / RFC 7644) against the real endpoints: each operation,
both mappings (Townhall groups, departments), and errors with scimType."""

import pytest

from townhall.accounts.models import User
from townhall.groups.models import Group, Membership
from townhall.identity import actions
from townhall.identity.models import AuditEntry, ScimGroup
from townhall.identity.scim import ERROR_SCHEMA, PATCH_SCHEMA
from townhall.identity.scim_groups import GROUP_SCHEMA
from townhall.identity.tests.test_scim import scim  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):
    return [make_user(name, display_name=name.title()) for name in ("pia", "raj", "sue")]


@pytest.fixture
def departments(admin_user):
    settings = actions.identity_settings()
    settings.scim_groups_map_to = "departments"
    settings.save()


def create(scim, name, members=(), **extra):  # noqa: F811
    body = {
        "schemas": [GROUP_SCHEMA],
        "displayName": name,
        "members": [{"value": str(p.pk)} for p in members],
        **extra,
    }
    return scim("post", "Groups", body)


def patch(scim, pk, *operations):  # noqa: F811
    return scim("patch", f"Groups/{pk}", {"schemas": [PATCH_SCHEMA], "Operations": operations})


def test_creating_a_group_makes_a_private_townhall_group_with_its_members(scim, people):  # noqa: F811
    response = create(scim, "Finance", people[:2], externalId="entra-fin")
    assert response.status_code == 201
    body = response.json()
    assert body["schemas"] == [GROUP_SCHEMA] and body["displayName"] == "Finance"
    assert body["externalId"] == "entra-fin"
    assert {m["value"] for m in body["members"]} == {str(people[0].pk), str(people[1].pk)}
    assert response["Location"].endswith(f"/scim/v2/Groups/{body['id']}")
    group = Group.objects.get(name="Finance")
    assert group.kind == "private"
    assert set(Membership.objects.filter(group=group).values_list("user_id", flat=True)) == {
        people[0].pk,
        people[1].pk,
    }
    assert scim("get", f"Groups/{body['id']}").json() == body
    assert AuditEntry.objects.filter(action="scim.call", data__method="POST").exists()


def test_groups_are_listed_filtered_and_paged(scim, people):  # noqa: F811
    for name in ("Finance", "Legal", "Sales"):
        create(scim, name, externalId=f"x-{name}")
    listed = scim("get", "Groups", **{"startIndex": "2", "count": "1"}).json()
    assert listed["totalResults"] == 3 and listed["itemsPerPage"] == 1
    assert listed["Resources"][0]["displayName"] == "Legal"
    found = scim("get", "Groups", filter='displayName eq "Sales"').json()
    assert [g["displayName"] for g in found["Resources"]] == ["Sales"]
    by_external = scim("get", "Groups", filter='externalId eq "x-Legal"').json()
    assert [g["displayName"] for g in by_external["Resources"]] == ["Legal"]
    bad = scim("get", "Groups", filter="displayName co Sa")
    assert bad.status_code == 400 and bad.json()["scimType"] == "invalidFilter"


def test_patch_adds_and_removes_members_in_the_townhall_group(scim, people):  # noqa: F811
    pk = create(scim, "Finance", people[:1]).json()["id"]
    group = Group.objects.get(name="Finance")
    added = patch(
        scim, pk, {"op": "Add", "path": "members", "value": [{"value": str(people[2].pk)}]}
    )
    assert added.status_code == 200
    assert Membership.objects.filter(group=group, user=people[2]).exists()
    removed = patch(scim, pk, {"op": "Remove", "path": f'members[value eq "{people[0].pk}"]'})
    assert removed.status_code == 200
    assert not Membership.objects.filter(group=group, user=people[0]).exists()
    assert [m["value"] for m in removed.json()["members"]] == [str(people[2].pk)]
    renamed = patch(scim, pk, {"op": "replace", "value": {"displayName": "Finance EMEA"}})
    assert renamed.json()["displayName"] == "Finance EMEA"
    group.refresh_from_db()
    assert group.name == "Finance EMEA"


def test_deleting_a_group_unlinks_it_and_the_townhall_group_stays(scim, people):  # noqa: F811
    pk = create(scim, "Finance", people[:1]).json()["id"]
    assert scim("delete", f"Groups/{pk}").status_code == 204
    assert scim("get", f"Groups/{pk}").status_code == 404
    assert Group.objects.filter(name="Finance").exists()


@pytest.mark.usefixtures("departments")
def test_with_departments_members_get_the_groups_name_as_department(scim, people):  # noqa: F811
    pk = create(scim, "Finance", people[:2]).json()["id"]
    assert not Group.objects.filter(name="Finance").exists()
    departments = dict(
        User.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "department")
    )
    assert departments == {people[0].pk: "Finance", people[1].pk: "Finance", people[2].pk: ""}
    patch(scim, pk, {"op": "replace", "path": "displayName", "value": "Treasury"})
    people[0].refresh_from_db()
    assert people[0].department == "Treasury"
    patch(scim, pk, {"op": "remove", "path": "members", "value": [{"value": str(people[1].pk)}]})
    people[1].refresh_from_db()
    assert people[1].department == ""
    assert scim("delete", f"Groups/{pk}").status_code == 204
    people[0].refresh_from_db()
    assert people[0].department == ""


def test_bad_group_payloads_are_refused_with_scim_errors_and_nothing_half_written(scim, people):  # noqa: F811
    cases = [
        ({"schemas": [GROUP_SCHEMA]}, 400, "invalidValue"),  # no displayName
        ({"schemas": [GROUP_SCHEMA], "displayName": 7}, 400, "invalidValue"),
        ({"schemas": [GROUP_SCHEMA], "displayName": "X", "colour": "red"}, 400, "invalidPath"),
        ({"displayName": "X", "members": [{"value": "999999"}]}, 400, "invalidValue"),
        ({"displayName": "X", "members": "everyone"}, 400, "invalidValue"),
    ]
    for body, status, scim_type in cases:
        response = scim("post", "Groups", body)
        assert response.status_code == status, body
        assert response.json()["schemas"] == [ERROR_SCHEMA]
        assert response.json()["scimType"] == scim_type, body
    assert not ScimGroup.objects.exists() and not Group.objects.exists()
    create(scim, "Finance")
    duplicate = create(scim, "Finance")
    assert duplicate.status_code == 409 and duplicate.json()["scimType"] == "uniqueness"
    pk = ScimGroup.objects.get().pk
    unknown = patch(scim, pk, {"op": "add", "path": "owners", "value": []})
    assert unknown.status_code == 400 and unknown.json()["scimType"] == "invalidPath"
    half = patch(
        scim,
        pk,
        {"op": "add", "path": "members", "value": [{"value": str(people[0].pk)}]},
        {"op": "add", "path": "members", "value": [{"value": "nobody"}]},
    )
    assert half.status_code == 400
    assert not Membership.objects.filter(user=people[0]).exists()  # the first op rolled back
    assert scim("get", "Groups/42424").status_code == 404
    assert scim("get", "ResourceTypes").json()["Resources"][1]["endpoint"] == "/Groups"
