"""/api/v1/notifications: list, count, mark read, preferences, muting a post."""

import pytest

from townhall.api.tests.conftest import ApiClient
from townhall.groups import actions as groups
from townhall.notifications.models import ThreadMute
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/api/v1/notifications"


@pytest.fixture
def reacted(ann, bo):
    post = posts.create_post(actor=ann, body="Lunch plans")
    posts.react(actor=bo, target=post, kind="like")
    return post


def test_the_list_names_the_actor_and_links_the_post(ann, reacted, token_for):
    api = ApiClient(token_for(ann))
    body = api.get(BASE).json()
    [item] = body["items"]
    assert item["text"] == "Bo Builder reacted to your post"
    assert item["kind"] == "reaction" and item["unread"] is True
    assert item["last_actor"] == {"username": "bo", "display_name": "Bo Builder"}
    assert item["url"].endswith(f"/posts/{reacted.pk}/")
    assert body["next_cursor"] is None
    assert api.get(f"{BASE}/unread-count").json() == {"unread": 1}


def test_mark_one_and_all_read_need_a_write_token(ann, bo, cy, reacted, token_for):
    posts.react(actor=cy, target=posts.create_post(actor=ann, body="Two"), kind="like")
    reader = ApiClient(token_for(ann, "read"))
    first = reader.get(BASE).json()["items"][0]["id"]
    assert reader.post(f"{BASE}/{first}/read").status_code == 403
    writer = ApiClient(token_for(ann, "write"))
    response = writer.post(f"{BASE}/{first}/read")
    assert response.status_code == 200 and response.json()["unread"] is False
    assert writer.get(f"{BASE}/unread-count").json() == {"unread": 1}
    assert writer.post(f"{BASE}/read").json() == {"marked": 1}
    assert writer.get(BASE, {"unread": "true"}).json()["items"] == []


def test_another_persons_notification_is_a_404(ann, bo, reacted, token_for):
    note = ApiClient(token_for(ann)).get(BASE).json()["items"][0]["id"]
    response = ApiClient(token_for(bo, "write")).post(f"{BASE}/{note}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_bad_cursor_is_a_clear_400(ann, token_for):
    response = ApiClient(token_for(ann)).get(BASE, {"cursor": "nonsense"})
    assert response.status_code == 400 and response.json()["code"] == "bad_cursor"


def test_preferences_read_and_change(ann, bo, token_for):
    api = ApiClient(token_for(ann, "write"))
    before = api.get(f"{BASE}/preferences").json()
    assert before["channels"]["reaction"] == "in_app"
    assert {k["kind"] for k in before["kinds"]} >= {"mention", "praise", "ama_answer"}
    after = api.patch(f"{BASE}/preferences", {"channels": {"reaction": "off"}}).json()
    assert after["channels"]["reaction"] == "off"
    posts.react(actor=bo, target=posts.create_post(actor=ann, body="Hi"), kind="like")
    assert api.get(BASE).json()["items"] == []


def test_unknown_kinds_and_channels_are_422_with_the_reason(ann, token_for):
    api = ApiClient(token_for(ann, "write"))
    for change in ({"nonsense": "off"}, {"reaction": "loudly"}):
        response = api.patch(f"{BASE}/preferences", {"channels": change})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "channels"
    assert api.get(f"{BASE}/preferences").json()["channels"]["reaction"] == "in_app"


def test_push_kinds_and_email_settings_are_read_and_changed_with_bad_input_named(ann, token_for):
    api = ApiClient(token_for(ann, "write"))
    before = api.get(f"{BASE}/preferences").json()
    assert (before["push"], before["emails_at_once"], before["digest"]) == ([], True, "weekly")
    change = {"push": ["mention", "reply"], "digest": "daily", "emails_at_once": False}
    after = api.patch(f"{BASE}/preferences", change).json()
    assert (after["push"], after["emails_at_once"], after["digest"]) == (
        ["mention", "reply"],
        False,
        "daily",
    )
    for field, bad in (("push", {"push": ["gossip"]}), ("digest", {"digest": "hourly"})):
        response = api.patch(f"{BASE}/preferences", bad)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field
    assert api.get(f"{BASE}/preferences").json()["digest"] == "daily"


def test_mute_and_unmute_a_post(ann, bo, token_for):
    post = posts.create_post(actor=ann, body="Hi")
    api = ApiClient(token_for(ann, "write"))
    assert api.put(f"{BASE}/threads/{post.pk}/mute").json() == {"post_id": post.pk, "muted": True}
    posts.react(actor=bo, target=post, kind="like")
    assert api.get(BASE).json()["items"] == []
    assert api.delete(f"{BASE}/threads/{post.pk}/mute").status_code == 204
    assert not ThreadMute.objects.exists()
    secret = groups.create_group(actor=bo, name="Secret", kind="secret")
    hidden = posts.create_post(actor=bo, body="x", group=secret)
    assert api.put(f"{BASE}/threads/{hidden.pk}/mute").status_code == 404


def test_the_list_takes_the_same_queries_for_1_or_20(
    ann,
    make_user,
    token_for,
    django_assert_max_num_queries,
):
    api = ApiClient(token_for(ann))
    for n in range(20):
        posts.react(
            actor=make_user(f"p{n}"), target=posts.create_post(actor=ann, body="x"), kind="like"
        )
        if n == 0:
            api.get(BASE)
            # token, its last use, last seen, the page, the posts
            with django_assert_max_num_queries(6):
                assert len(api.get(BASE).json()["items"]) == 1
    with django_assert_max_num_queries(6):
        assert len(api.get(BASE).json()["items"]) == 20
