"""GET /api/v1/people (search, cursor pages) and GET /api/v1/people/{id}."""

import base64

import pytest

from townhall.accounts.actions import deactivate_user

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people"


def names(response) -> list[str]:
    return [person["display_name"] for person in response.json()["items"]]


def test_the_directory_lists_colleagues_by_name(make_user, api_as):
    mona = make_user("mona", display_name="Mona")
    make_user("carl", display_name="Carl")
    make_user("anna", display_name="Anna")
    response = api_as(mona, "read").get(PEOPLE)
    assert response.status_code == 200
    assert names(response) == ["Anna", "Carl", "Mona"]
    assert response.json()["next_cursor"] is None


def test_the_directory_hides_private_fields(member, api_as):
    person = api_as(member, "read").get(PEOPLE).json()["items"][0]
    assert "email" not in person
    assert "language" not in person
    assert "role" not in person


def test_search_matches_every_word_in_any_case(make_user, api_as):
    mona = make_user("mona", display_name="Mona", job_title="Data Engineer")
    make_user("orjan", display_name="Ørjan Ås", job_title="Engineer", expertise=["Rust"])
    make_user("per", display_name="Per", job_title="Data Analyst")
    api = api_as(mona, "read")
    assert names(api.get(PEOPLE, {"q": "ENGINEER"})) == ["Mona", "Ørjan Ås"]
    assert names(api.get(PEOPLE, {"q": "data engineer"})) == ["Mona"]
    assert names(api.get(PEOPLE, {"q": "ØRJAN"})) == ["Ørjan Ås"]
    assert names(api.get(PEOPLE, {"q": "rust"})) == ["Ørjan Ås"]
    assert names(api.get(PEOPLE, {"q": "100%_"})) == []


def test_department_narrows_the_list(make_user, api_as):
    mona = make_user("mona", display_name="Mona", department="Finance")
    make_user("carl", display_name="Carl", department="Sales")
    assert names(api_as(mona, "read").get(PEOPLE, {"department": "Sales"})) == ["Carl"]


def test_deactivated_people_are_hidden_from_members_but_not_admins(make_user, admin_user, api_as):
    mona = make_user("mona", display_name="Mona")
    gus = make_user("gus", display_name="Gus")
    deactivate_user(actor=admin_user, person=gus)
    assert "Gus" not in names(api_as(mona, "read").get(PEOPLE))
    everyone = api_as(admin_user, "read").get(PEOPLE).json()["items"]
    assert {"display_name": "Gus", "is_active": False}.items() <= next(
        p for p in everyone if p["username"] == "gus"
    ).items()


def test_cursor_pages_walk_everyone_once_in_order(make_user, api_as):
    mona = make_user("mona", display_name="Mona")
    for i in range(7):
        make_user(f"twin{i}", display_name="Twin")  # equal names: the id breaks the tie
    api = api_as(mona, "read")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = api.get(PEOPLE, params).json()
        seen += [p["username"] for p in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == ["mona", *(f"twin{i}" for i in range(7))]


def test_a_new_colleague_does_not_shift_the_next_page(make_user, api_as):
    mona = make_user("mona", display_name="Mona")
    for name in ("Bo", "Cy", "Di"):
        make_user(name.lower(), display_name=name)
    api = api_as(mona, "read")
    first = api.get(PEOPLE, {"limit": 2}).json()
    assert [p["display_name"] for p in first["items"]] == ["Bo", "Cy"]
    make_user("al", display_name="Al")  # sorts before the cursor: no repeats, no skips
    second = api.get(PEOPLE, {"limit": 2, "cursor": first["next_cursor"]})
    assert names(second) == ["Di", "Mona"]


def test_listing_costs_a_fixed_number_of_queries(make_user, api_as, django_assert_max_num_queries):
    boss = make_user("bea")
    mona = make_user("mona", manager=boss)
    for i in range(30):
        make_user(f"p{i}", manager=boss)
    api = api_as(mona, "read")
    api.get(PEOPLE)  # records the token's last use, which is a write of its own
    with django_assert_max_num_queries(4):
        response = api.get(PEOPLE, {"limit": 100})
    assert len(response.json()["items"]) == 32


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "%%%",
        base64.urlsafe_b64encode(b"hello").decode(),
        base64.urlsafe_b64encode(b"abc:Mona").decode(),
        base64.urlsafe_b64encode(b"99999999999999999999999:Mona").decode(),
        base64.urlsafe_b64encode(b"-5:Mona").decode(),
        base64.urlsafe_b64encode(b"5:Mo\x00na").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe:x").decode(),
        "A" * 5000,
    ],
)
def test_a_tampered_cursor_is_a_400(member, api_as, cursor):
    response = api_as(member, "read").get(PEOPLE, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": 10**40}, "limit"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00"}, "q"),
        ({"department": "Sales\x00"}, "department"),
    ],
)
def test_bad_query_parameters_are_a_422_naming_them(member, api_as, params, field):
    response = api_as(member, "read").get(PEOPLE, params)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


# One person ---------------------------------------------------------------------------------


def test_a_colleagues_profile_by_id(make_user, api_as):
    mona = make_user("mona")
    carl = make_user("carl", display_name="Carl", job_title="Captain", pronouns="he/him")
    response = api_as(mona, "read").get(f"{PEOPLE}/{carl.pk}")
    assert response.status_code == 200
    assert response.json()["job_title"] == "Captain"
    assert response.json()["pronouns"] == "he/him"


@pytest.mark.parametrize(
    "person_id", ["999999", "0", "-1", "abc", "1.5", "99999999999999999999", "9223372036854775808"]
)
def test_unknown_ids_are_a_404(member, api_as, person_id):
    response = api_as(member, "read").get(f"{PEOPLE}/{person_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_deactivated_person_looks_missing_to_a_member(make_user, admin_user, api_as):
    gus = make_user("gus")
    deactivate_user(actor=admin_user, person=gus)
    hidden = api_as(make_user("mona"), "read").get(f"{PEOPLE}/{gus.pk}")
    missing = api_as(make_user("moe"), "read").get(f"{PEOPLE}/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert api_as(admin_user, "read").get(f"{PEOPLE}/{gus.pk}").json()["is_active"] is False


def test_people_need_credentials(make_user, anonymous_api):
    carl = make_user("carl")
    assert anonymous_api.get(PEOPLE).status_code == 401
    assert anonymous_api.get(f"{PEOPLE}/{carl.pk}").status_code == 401
