"""GET and PATCH /api/v1/me: your own profile."""

import pytest

from townhall.accounts.actions import deactivate_user

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def test_your_profile_shows_private_fields_and_your_manager(make_user, api_as):
    boss = make_user("bea", display_name="Bea Boss", job_title="Director")
    mona = make_user(
        "mona",
        display_name="Mona Member",
        language="nb",
        time_zone="Europe/Oslo",
        expertise=["python", "sailing"],
        manager=boss,
    )
    body = api_as(mona, "read").get(ME).json()
    assert body["email"] == "mona@northwind.example"
    assert body["role"] == "member"
    assert body["language"] == "nb"
    assert body["time_zone"] == "Europe/Oslo"
    assert body["expertise"] == ["python", "sailing"]
    assert body["avatar_url"] is None
    assert body["manager"] == {
        "id": boss.pk,
        "username": "bea",
        "display_name": "Bea Boss",
        "job_title": "Director",
        "avatar_url": None,
        "external": False,
    }


def test_a_deactivated_manager_is_not_shown_to_a_member(make_user, admin_user, api_as):
    boss = make_user("bea")
    mona = make_user("mona", manager=boss)
    deactivate_user(actor=admin_user, person=boss)
    assert api_as(mona, "read").get(ME).json()["manager"] is None


def test_patch_changes_only_the_fields_sent(make_user, api_as):
    mona = make_user("mona", job_title="Analyst", department="Finance")
    response = api_as(mona).patch(
        ME, {"job_title": "  Senior Analyst ", "expertise": ["excel", "excel", " sql "]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["job_title"] == "Senior Analyst"
    assert body["expertise"] == ["excel", "sql"]
    assert body["department"] == "Finance"
    mona.refresh_from_db()
    assert (mona.job_title, mona.department) == ("Senior Analyst", "Finance")


def test_patch_makes_the_new_title_searchable(make_user, api_as):
    mona = make_user("mona")
    api_as(mona).patch(ME, {"job_title": "Lighthouse Keeper"})
    found = api_as(mona, "read").get("/api/v1/people", {"q": "lighthouse"}).json()
    assert [p["username"] for p in found["items"]] == ["mona"]


def test_patch_sets_and_clears_the_manager(make_user, api_as):
    boss = make_user("bea")
    mona = make_user("mona")
    api = api_as(mona)
    assert api.patch(ME, {"manager_id": boss.pk}).json()["manager"]["username"] == "bea"
    assert api.patch(ME, {"manager_id": None}).json()["manager"] is None
    mona.refresh_from_db()
    assert mona.manager is None


def test_an_empty_patch_changes_nothing(member, api_as):
    response = api_as(member).patch(ME, {})
    assert response.status_code == 200
    assert response.json()["display_name"] == "Mona Member"


def _fields(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_unknown_fields_are_named_in_a_422(member, api_as):
    response = api_as(member).patch(ME, {"job_title": "x", "role": "admin", "is_staff": True})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert set(_fields(response)) == {"role", "is_staff"}
    assert "role" in response.json()["message"]
    member.refresh_from_db()
    assert (member.role, member.job_title) == ("member", "")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"display_name": 42}, "display_name"),
        ({"display_name": None}, "display_name"),
        ({"job_title": ["a", "b"]}, "job_title"),
        ({"bio": {"text": "hi"}}, "bio"),
        ({"expertise": "python"}, "expertise"),
        ({"expertise": [1, 2]}, "expertise.0"),
        ({"manager_id": "boss"}, "manager_id"),
        ({"manager_id": 1.5}, "manager_id"),
        ({"manager_id": 10**30}, "manager_id"),
        ({"manager_id": -1}, "manager_id"),
        ({"location": "Oslo\x00"}, "location"),
        ({"pronouns": "\ud800"}, "pronouns"),
    ],
)
def test_wrong_types_are_a_422_naming_the_field(member, api_as, changes, field):
    response = api_as(member).patch(ME, changes)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_failed"
    assert field in _fields(response)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"display_name": "x" * 121}, "display_name"),
        ({"phone": "1" * 41}, "phone"),
        ({"bio": "b" * 2001}, "bio"),
        ({"expertise": ["t" * 41]}, "expertise"),
        ({"expertise": [f"tag{i}" for i in range(21)]}, "expertise"),
    ],
)
def test_over_long_values_are_a_422_naming_the_field(member, api_as, changes, field):
    response = api_as(member).patch(ME, changes)
    assert response.status_code == 422
    assert field in _fields(response)
    member.refresh_from_db()
    assert member.display_name == "Mona Member"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"display_name": "   "}, "display_name"),
        ({"language": "klingon"}, "language"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"manager_id": 999_999}, "manager_id"),
    ],
)
def test_the_actions_rules_come_back_as_field_errors(member, api_as, changes, field):
    response = api_as(member).patch(ME, changes)
    assert response.status_code == 422
    assert field in _fields(response)


def test_you_cannot_manage_yourself(member, api_as):
    response = api_as(member).patch(ME, {"manager_id": member.pk})
    assert response.status_code == 422
    assert "manager_id" in _fields(response)


def test_an_org_chart_loop_is_refused(make_user, api_as):
    boss = make_user("bea")
    mona = make_user("mona", manager=boss)
    response = api_as(boss).patch(ME, {"manager_id": mona.pk})
    assert response.status_code == 422
    assert "manager_id" in _fields(response)


def test_a_deactivated_colleague_cannot_become_your_manager(make_user, admin_user, api_as):
    gone = make_user("gus")
    deactivate_user(actor=admin_user, person=gone)
    response = api_as(make_user("mona")).patch(ME, {"manager_id": gone.pk})
    assert response.status_code == 422
    assert "manager_id" in _fields(response)


@pytest.mark.parametrize("body", [b"{", b"{'a': 1}", b"job_title=x", b"\xff\xfe\xfa", b"[1,"])
def test_malformed_json_is_a_400(member, api_as, body):
    response = api_as(member).patch(ME, raw=body)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"42", b"null"])
def test_a_body_that_is_not_an_object_is_a_422(member, api_as, body):
    response = api_as(member).patch(ME, raw=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert "body" in _fields(response)


def test_a_missing_body_is_a_422_asking_for_an_object(member, api_as):
    response = api_as(member).patch(ME, raw=b"")
    assert response.status_code == 422
    assert "body" in _fields(response)


def test_your_avatar_comes_as_an_absolute_url(member, api_as):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from townhall.people.actions import update_profile

    buffer = BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "PNG")
    picture = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    update_profile(actor=member, person=member, changes={"avatar": picture})
    url = api_as(member, "read").get(ME).json()["avatar_url"]
    assert url.startswith("http://testserver/media/avatars/")
