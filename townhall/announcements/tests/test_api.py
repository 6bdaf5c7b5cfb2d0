"""/api/v1/announcements as a client uses it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.announcements import actions
from townhall.announcements.models import Reminder

pytestmark = pytest.mark.django_db


def test_a_leader_publishes_and_a_member_acknowledges_twice_harmlessly(office, api_as):
    created = api_as(office.lee).post("/api/v1/announcements", {"body": "Hello **all**"})
    assert created.status_code == 201
    body = created.json()
    assert body["author"]["username"] == "lee" and body["group"] is None
    assert "<strong>all</strong>" in body["body_html"]
    assert body["acknowledged"] is True and body["can_view_stats"] is True
    mona = api_as(office.mona)
    listed = mona.get("/api/v1/announcements", {"unread": "true"}).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert listed[0]["acknowledged"] is False and listed[0]["can_view_stats"] is False
    first = mona.post(f"/api/v1/announcements/{body['id']}/acknowledge")
    second = mona.post(f"/api/v1/announcements/{body['id']}/acknowledge")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert mona.get("/api/v1/announcements", {"unread": "true"}).json()["items"] == []
    assert mona.get(f"/api/v1/announcements/{body['id']}").json()["acknowledged"] is True


def test_a_member_may_not_announce_to_everyone(office, api_as):
    response = api_as(office.mona).post("/api/v1/announcements", {"body": "Hi"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "Only leaders and admins" in response.json()["message"]


def test_bad_input_names_the_field(office, api_as):
    lee = api_as(office.lee)
    empty = lee.post("/api/v1/announcements", {"body": "  "})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "body"
    unknown = lee.post("/api/v1/announcements", {"body": "Hi", "group_id": 987654})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "group_id", "message": "There is no group with this id."}
    ]
    extra = lee.post("/api/v1/announcements", {"body": "Hi", "pinned": True})
    assert extra.status_code == 422


def test_a_group_owner_announces_in_the_group(office, api_as):
    response = api_as(office.gale).post(
        "/api/v1/announcements", {"body": "Critique", "group_id": office.design.pk}
    )
    assert response.status_code == 201
    assert response.json()["group"]["slug"] == office.design.slug
    assert (
        api_as(office.mona).get(f"/api/v1/announcements/{response.json()['id']}").status_code == 404
    )


def test_stats_for_the_author_and_a_403_for_readers(office, api_as):
    a = actions.publish_announcement(actor=office.lee, body="News")
    actions.acknowledge(actor=office.sam, announcement=a)
    stats = api_as(office.lee).get(f"/api/v1/announcements/{a.pk}/stats")
    assert stats.status_code == 200
    body = stats.json()
    assert (body["audience"], body["read"], body["unread"]) == (6, 1, 5)
    assert {"department": "Sales", "audience": 2, "read": 1} in body["departments"]
    assert body["last_reminder_at"] is None
    refused = api_as(office.mona).get(f"/api/v1/announcements/{a.pk}/stats")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_remind_is_accepted_then_too_soon_then_accepted_a_day_later(office, api_as):
    a = actions.publish_announcement(actor=office.lee, body="News")
    lee = api_as(office.lee)
    first = lee.post(f"/api/v1/announcements/{a.pk}/remind")
    assert first.status_code == 202
    again = lee.post(f"/api/v1/announcements/{a.pk}/remind")
    assert again.status_code == 409 and again.json()["code"] == "too_soon"
    Reminder.objects.update(requested_at=timezone.now() - timedelta(days=2))
    assert lee.post(f"/api/v1/announcements/{a.pk}/remind").status_code == 202
    assert api_as(office.mona).post(f"/api/v1/announcements/{a.pk}/remind").status_code == 403


def test_the_author_cannot_acknowledge_and_a_read_token_cannot_write(office, api_as):
    a = actions.publish_announcement(actor=office.lee, body="News")
    assert api_as(office.lee).post(f"/api/v1/announcements/{a.pk}/acknowledge").status_code == 403
    read_only = api_as(office.mona, "read").post(f"/api/v1/announcements/{a.pk}/acknowledge")
    assert read_only.status_code == 403


def test_signed_out_is_a_401_and_a_missing_id_a_404(office, api_as):
    from townhall.api.tests.conftest import ApiClient

    assert ApiClient().get("/api/v1/announcements").status_code == 401
    assert api_as(office.mona).get("/api/v1/announcements/987654").status_code == 404


def test_pages_of_announcements_follow_the_cursor(office, api_as):
    made = [actions.publish_announcement(actor=office.lee, body=f"N{n}") for n in range(3)]
    mona = api_as(office.mona)
    first = mona.get("/api/v1/announcements", {"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == [made[2].pk, made[1].pk]
    second = mona.get("/api/v1/announcements", {"limit": 2, "cursor": first["next_cursor"]})
    assert [i["id"] for i in second.json()["items"]] == [made[0].pk]
    assert second.json()["next_cursor"] is None
    bad = mona.get("/api/v1/announcements", {"cursor": "nonsense"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_listing_costs_a_fixed_number_of_queries(office, api_as, django_assert_max_num_queries):
    for n in range(20):
        actions.publish_announcement(actor=office.lee, body=f"N{n}")
    mona = api_as(office.mona)
    with django_assert_max_num_queries(6):
        assert mona.get("/api/v1/announcements").status_code == 200
