"""The API's feed pages are encoded by townhall.api.present.page_response, not validated by
ninja: every feed's answer must be exactly what ninja would answer after validating it
against PostPage (the schema the OpenAPI document shows)."""

import json

import pytest
from ninja.responses import NinjaJSONEncoder

from townhall.api.post_schemas import PostPage
from townhall.groups import actions as groups
from townhall.people import follows
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db


def as_ninja_answers(payload: dict) -> bytes:
    dumped = PostPage.model_validate(payload).model_dump()
    return json.dumps(dumped, cls=NinjaJSONEncoder).encode()


def test_every_feed_answers_what_its_schema_says(make_user, api_as):
    mona = make_user("mona", job_title="Analyst")
    carl = make_user("carl", display_name="Carl Colleague")
    club = groups.create_group(actor=carl, name="Club")
    groups.join_group(actor=mona, group=club)
    follows.follow_person(actor=mona, person=carl)
    edited = posts.create_post(actor=carl, body="About #lunch, first draft")
    posts.edit_post(actor=carl, post=edited, body="About #lunch")
    in_club = posts.create_post(actor=carl, body="In the **club**", group=club)
    first = posts.create_comment(actor=mona, post=in_club, body="Yes")
    posts.create_comment(actor=carl, post=in_club, body="Indeed", parent=first)
    posts.react(actor=mona, target=in_club, kind="like")
    posts.react(actor=carl, target=first, kind="celebrate")
    api = api_as(mona)
    feeds = (
        "/api/v1/feeds/home",
        "/api/v1/feeds/home?limit=1",
        "/api/v1/feeds/company",
        f"/api/v1/groups/{club.pk}/feed",
        "/api/v1/topics/lunch/feed",
        f"/api/v1/people/{carl.pk}/feed",
    )
    for url in feeds:
        response = api.get(url)
        assert response.status_code == 200, (url, response.content)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json()["items"], url
        assert response.content == as_ninja_answers(response.json()), url
    home = api.get("/api/v1/feeds/home").json()["items"]
    club_post = next(item for item in home if item["id"] == in_club.pk)
    assert club_post["group"] == {
        "id": club.pk,
        "name": "Club",
        "slug": club.slug,
        "kind": "public",
    }
    assert club_post["my_reactions"] == ["like"] and club_post["comment_count"] == 2
    assert club_post["first_comments"][0]["reaction_counts"] == {"celebrate": 1}
    assert next(item for item in home if item["id"] == edited.pk)["edited_at"] is not None
