"""/api/v1/praise as a client uses it."""

import pytest

from townhall.praise.actions import give_praise

pytestmark = pytest.mark.django_db


def test_give_praise_and_find_it_for_each_person(office, api_as):
    response = api_as(office.aria).post(
        "/api/v1/praise",
        {"recipient_ids": [office.bo.pk, office.cy.pk], "badge": "above_and_beyond",
         "message": "Shipped it **early**"},
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["badge"] == {
        "value": "above_and_beyond",
        "label": "Above and beyond",
        "emoji": "🚀",
    }
    assert [p["username"] for p in body["recipients"]] == ["bo", "cy"]
    assert "<strong>early</strong>" in body["message_html"] and body["group"] is None
    dee = api_as(office.dee, "read")
    assert dee.get(f"/api/v1/praise/{body['id']}").json() == body
    for person in (office.bo, office.cy):
        items = dee.get(f"/api/v1/people/{person.pk}/praise").json()["items"]
        assert [i["id"] for i in items] == [body["id"]]
    assert dee.get(f"/api/v1/people/{office.aria.pk}/praise").json()["items"] == []
    assert dee.get(f"/api/v1/posts/{body['post_id']}").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"message": ""}, "message", "the text is empty"),
        ({"recipient_ids": []}, "recipient_ids", "at least one colleague"),
        ({"badge": "best_boss"}, "badge", "Unknown badge"),
        ({"recipient_ids": "bo"}, "recipient_ids", "Expected a list."),
    ],
)
def test_bad_input_is_a_422_naming_the_field(office, api_as, changes, field, words):
    data = {"recipient_ids": [office.bo.pk], "badge": "thank_you", "message": "Thanks", **changes}
    response = api_as(office.aria).post("/api/v1/praise", data)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field and words in error["message"]


def test_praising_yourself_or_eleven_people_is_refused(office, api_as, make_user):
    aria = api_as(office.aria)
    data = {"badge": "thank_you", "message": "Thanks"}
    yourself = aria.post("/api/v1/praise", {**data, "recipient_ids": [office.aria.pk]})
    assert yourself.status_code == 422
    assert "cannot praise yourself" in yourself.json()["errors"][0]["message"]
    many = [make_user(f"p{n:02d}", password=None).pk for n in range(11)]
    too_many = aria.post("/api/v1/praise", {**data, "recipient_ids": many})
    assert too_many.status_code == 422
    assert "at most 10 colleagues" in too_many.json()["errors"][0]["message"]


def test_praise_in_a_secret_group_stays_there(office, api_as):
    given = give_praise(
        actor=office.aria, recipients=[office.olga], badge="great_idea", message="Yes!",
        group=office.skunkworks,
    )  # fmt: skip
    bo = api_as(office.bo, "read")
    assert bo.get(f"/api/v1/praise/{given.pk}").status_code == 404
    assert bo.get(f"/api/v1/people/{office.olga.pk}/praise").json()["items"] == []
    assert bo.get("/api/v1/praise").json()["items"] == []
    olga = api_as(office.olga, "read")
    assert [i["id"] for i in olga.get("/api/v1/praise").json()["items"]] == [given.pk]


def test_badges_are_listed_with_labels_and_emoji(office, api_as):
    badges = api_as(office.bo, "read").get("/api/v1/praise/badges").json()
    assert {"value": "thank_you", "label": "Thank you", "emoji": "🙏"} in badges
    assert len(badges) == 7


def test_a_read_token_cannot_give_praise(office, api_as):
    data = {"recipient_ids": [office.bo.pk], "badge": "thank_you", "message": "Thanks"}
    assert api_as(office.aria, "read").post("/api/v1/praise", data).status_code == 403


def test_a_page_of_praise_costs_the_same_for_1_or_20(office, api_as, django_assert_max_num_queries):
    bo = api_as(office.bo, "read")

    def give(n):
        for i in range(n):
            give_praise(
                actor=office.aria, recipients=[office.bo, office.cy], badge="thank_you",
                message=f"Thanks {i}",
            )  # fmt: skip

    give(1)
    # the token (and, now and then, its last use), the person, the praise with its post and
    # author, the people praised
    with django_assert_max_num_queries(5):
        assert len(bo.get(f"/api/v1/people/{office.bo.pk}/praise").json()["items"]) == 1
    give(19)
    with django_assert_max_num_queries(5):
        assert len(bo.get(f"/api/v1/people/{office.bo.pk}/praise").json()["items"]) == 20
