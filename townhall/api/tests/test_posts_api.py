"""/api/v1/posts and /api/v1/comments: writing, reading, editing, moving, deleting, history."""

import pytest

from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.posts.models import Comment, Post, Reaction

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts"


@pytest.fixture
def people(make_user):
    return {
        "mona": make_user("mona", display_name="Mona Member"),
        "carl": make_user("carl", display_name="Carl Colleague"),
        "max": make_user("max", role="moderator", display_name="Max Moderator"),
        "alma": make_user("alma", role="admin", display_name="Alma Admin"),
    }


@pytest.fixture
def secret(people):
    group = groups.create_group(actor=people["carl"], name="Skunkworks", kind="secret")
    return group


def test_a_member_writes_a_post_with_a_topic_and_a_mention(people, api_as):
    response = api_as(people["mona"]).post(POSTS, {"body": "Ask @carl about #MØTE"})
    assert response.status_code == 201
    post = response.json()
    assert post["author"]["username"] == "mona"
    assert post["group"] is None
    assert post["topics"] == ["MØTE"]
    assert 'href="/people/carl/"' in post["body_html"]
    assert post["reaction_counts"] == {} and post["comment_count"] == 0
    assert Post.objects.get(pk=post["id"]).body == "Ask @carl about #MØTE"


def test_a_member_posts_in_their_group_and_outsiders_get_404(people, secret, api_as):
    response = api_as(people["carl"]).post(POSTS, {"body": "Plans", "group_id": secret.pk})
    assert response.status_code == 201
    assert response.json()["group"] == {
        "id": secret.pk,
        "name": "Skunkworks",
        "slug": secret.slug,
        "kind": "secret",
    }
    post_id = response.json()["id"]
    assert api_as(people["mona"]).get(f"{POSTS}/{post_id}").status_code == 404
    assert api_as(people["mona"]).get(f"{POSTS}/{post_id}").json() == (
        api_as(people["mona"]).get(f"{POSTS}/999999").json()
    )


def test_posting_into_a_group_one_cannot_see_is_refused_and_creates_nothing(people, secret, api_as):
    response = api_as(people["mona"]).post(POSTS, {"body": "Hi", "group_id": secret.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "group_id"
    assert (
        response.json()
        == api_as(people["mona"]).post(POSTS, {"body": "Hi", "group_id": 987654}).json()
    )
    assert not Post.objects.exists()


def test_posting_into_a_visible_group_one_is_not_in_is_forbidden(people, api_as):
    board = groups.create_group(actor=people["carl"], name="Board", kind="private")
    response = api_as(people["mona"]).post(POSTS, {"body": "Hi", "group_id": board.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n\t "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": 12}, "body"),
        ({"body": None}, "body"),
        ({}, "body"),
        ({"body": "ok", "group_id": "ten"}, "group_id"),
        ({"body": "ok", "group_id": -1}, "group_id"),
        ({"body": "ok", "author_id": 2}, "author_id"),
        ({"body": "nul \x00 char"}, "body"),
    ],
)
def test_bad_posts_get_a_422_naming_the_field_and_change_nothing(people, api_as, body, field):
    response = api_as(people["mona"]).post(POSTS, body)
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Post.objects.exists()


def test_the_length_limit_is_ten_thousand_characters(people, api_as):
    assert api_as(people["mona"]).post(POSTS, {"body": "x" * 10_000}).status_code == 201
    too_long = api_as(people["mona"]).post(POSTS, {"body": "x" * 10_001}).json()
    assert "10,000" in too_long["errors"][0]["message"]


def test_html_script_and_dangerous_links_are_stored_harmlessly(people, api_as):
    body = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> "
        "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) "
        "[ok](https://example.com)"
    )
    html = api_as(people["mona"]).post(POSTS, {"body": body}).json()["body_html"]
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html and 'href="data' not in html  # left as plain text
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_a_mention_of_nobody_stays_plain_text(people, api_as):
    post = api_as(people["mona"]).post(POSTS, {"body": "Hi @nobody_here"}).json()
    assert "@nobody_here" in post["body_html"]
    assert "href" not in post["body_html"]


def test_the_author_edits_and_the_old_text_goes_to_the_history(people, api_as):
    api = api_as(people["mona"])
    post_id = api.post(POSTS, {"body": "First"}).json()["id"]
    edited = api.patch(f"{POSTS}/{post_id}", {"body": "Second"})
    assert edited.status_code == 200
    assert edited.json()["body"] == "Second" and edited.json()["edited_at"] is not None
    history = api.get(f"{POSTS}/{post_id}/history").json()
    assert [(r["body"], r["editor"]["username"]) for r in history] == [("First", "mona")]
    assert api_as(people["max"]).get(f"{POSTS}/{post_id}/history").status_code == 200


def test_others_cannot_see_the_edit_history(people, api_as):
    post_id = api_as(people["mona"]).post(POSTS, {"body": "First"}).json()["id"]
    response = api_as(people["carl"]).get(f"{POSTS}/{post_id}/history")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_editing_someone_elses_visible_post_is_forbidden_with_a_reason(people, api_as):
    post_id = api_as(people["mona"]).post(POSTS, {"body": "Mine"}).json()["id"]
    response = api_as(people["carl"]).patch(f"{POSTS}/{post_id}", {"body": "Hijacked"})
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Only the author can edit this post.",
    }
    assert Post.objects.get(pk=post_id).body == "Mine"


def test_editing_a_post_one_cannot_see_is_a_404(people, secret, api_as):
    post = posts.create_post(actor=people["carl"], body="Secret plan", group=secret)
    response = api_as(people["mona"]).patch(f"{POSTS}/{post.pk}", {"body": "x"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.body == "Secret plan"


def test_an_edit_to_empty_text_is_refused(people, api_as):
    api = api_as(people["mona"])
    post_id = api.post(POSTS, {"body": "First"}).json()["id"]
    assert api.patch(f"{POSTS}/{post_id}", {"body": " "}).status_code == 422
    assert Post.objects.get(pk=post_id).body == "First"


def test_the_author_or_an_org_admin_deletes_but_not_a_colleague(people, api_as):
    api = api_as(people["mona"])
    first = api.post(POSTS, {"body": "One"}).json()["id"]
    second = api.post(POSTS, {"body": "Two"}).json()["id"]
    assert api_as(people["carl"]).delete(f"{POSTS}/{first}").status_code == 403
    assert api.delete(f"{POSTS}/{first}").status_code == 204
    assert api.get(f"{POSTS}/{first}").status_code == 404
    assert api.delete(f"{POSTS}/{first}").status_code == 404
    assert api_as(people["alma"]).delete(f"{POSTS}/{second}").status_code == 204


def test_moving_a_post_into_a_secret_group_hides_it_at_once(people, secret, api_as):
    carl = api_as(people["carl"])
    post_id = carl.post(POSTS, {"body": "Draft"}).json()["id"]
    assert api_as(people["mona"]).get(f"{POSTS}/{post_id}").status_code == 200
    moved = carl.post(f"{POSTS}/{post_id}/move", {"group_id": secret.pk})
    assert moved.status_code == 200 and moved.json()["group"]["id"] == secret.pk
    assert api_as(people["mona"]).get(f"{POSTS}/{post_id}").status_code == 404
    back = carl.post(f"{POSTS}/{post_id}/move", {"group_id": None})
    assert back.json()["group"] is None


def test_a_colleague_cannot_move_someone_elses_post(people, api_as):
    post_id = api_as(people["mona"]).post(POSTS, {"body": "Mine"}).json()["id"]
    response = api_as(people["carl"]).post(f"{POSTS}/{post_id}/move", {"group_id": None})
    assert response.status_code == 403


def test_a_read_token_cannot_write(people, api_as):
    response = api_as(people["mona"], "read").post(POSTS, {"body": "Hi"})
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert not Post.objects.exists()


def test_anonymous_callers_are_told_to_authenticate(anonymous_api, people):
    post = posts.create_post(actor=people["mona"], body="Hi")
    assert anonymous_api.get(f"{POSTS}/{post.pk}").status_code == 401
    assert anonymous_api.get(f"{POSTS}/999999").status_code == 401


# --- comments -------------------------------------------------------------------------


def test_comments_and_replies_are_listed_oldest_first(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Lunch?")
    carl = api_as(people["carl"])
    first = carl.post(f"{POSTS}/{post.pk}/comments", {"body": "Yes"}).json()
    reply = api_as(people["mona"]).post(
        f"{POSTS}/{post.pk}/comments", {"body": "Great", "parent_id": first["id"]}
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == first["id"]
    listed = carl.get(f"{POSTS}/{post.pk}/comments").json()
    assert [(c["body"], c["parent_id"]) for c in listed["items"]] == [
        ("Yes", None),
        ("Great", first["id"]),
    ]
    assert listed["next_cursor"] is None


def test_comment_pages_follow_the_cursor(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Count")
    for n in range(5):
        posts.create_comment(actor=people["carl"], post=post, body=f"c{n}")
    api = api_as(people["mona"])
    first = api.get(f"{POSTS}/{post.pk}/comments", {"limit": 3}).json()
    rest = api.get(
        f"{POSTS}/{post.pk}/comments", {"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert [c["body"] for c in first["items"] + rest["items"]] == [f"c{n}" for n in range(5)]
    bad = api.get(f"{POSTS}/{post.pk}/comments", {"cursor": "nonsense!"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_replying_to_a_comment_of_another_post_is_refused(people, api_as):
    one = posts.create_post(actor=people["mona"], body="One")
    two = posts.create_post(actor=people["mona"], body="Two")
    comment = posts.create_comment(actor=people["mona"], post=one, body="On one")
    response = api_as(people["carl"]).post(
        f"{POSTS}/{two.pk}/comments", {"body": "x", "parent_id": comment.pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent_id"
    assert Comment.objects.count() == 1


def test_comments_on_secret_posts_are_404_for_outsiders(people, secret, api_as):
    post = posts.create_post(actor=people["carl"], body="Secret", group=secret)
    comment = posts.create_comment(actor=people["carl"], post=post, body="Psst")
    mona = api_as(people["mona"])
    assert mona.get(f"{POSTS}/{post.pk}/comments").status_code == 404
    assert mona.post(f"{POSTS}/{post.pk}/comments", {"body": "Hi"}).status_code == 404
    assert mona.get(f"/api/v1/comments/{comment.pk}").status_code == 404
    assert mona.patch(f"/api/v1/comments/{comment.pk}", {"body": "x"}).status_code == 404
    assert mona.delete(f"/api/v1/comments/{comment.pk}").status_code == 404
    assert Comment.objects.count() == 1


def test_a_comment_is_edited_by_its_author_only_and_keeps_history(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Post")
    comment = posts.create_comment(actor=people["carl"], post=post, body="Frist")
    path = f"/api/v1/comments/{comment.pk}"
    assert api_as(people["mona"]).patch(path, {"body": "x"}).status_code == 403
    edited = api_as(people["carl"]).patch(path, {"body": "First"})
    assert edited.status_code == 200 and edited.json()["body"] == "First"
    history = api_as(people["carl"]).get(f"{path}/history").json()
    assert [r["body"] for r in history] == ["Frist"]
    assert api_as(people["mona"]).get(f"{path}/history").status_code == 403


def test_a_comment_is_deleted_by_its_author_and_disappears(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Post")
    comment = posts.create_comment(actor=people["carl"], post=post, body="Oops")
    assert api_as(people["carl"]).delete(f"/api/v1/comments/{comment.pk}").status_code == 204
    assert api_as(people["mona"]).get(f"{POSTS}/{post.pk}/comments").json()["items"] == []


def test_an_empty_comment_is_refused(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Post")
    response = api_as(people["carl"]).post(f"{POSTS}/{post.pk}/comments", {"body": "  "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
    assert not Comment.objects.exists()


# --- reactions ------------------------------------------------------------------------


def test_reactions_count_per_kind_and_show_mine(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Launch!")
    carl = api_as(people["carl"])
    assert carl.post(f"{POSTS}/{post.pk}/reactions", {"kind": "celebrate"}).json() == {
        "reaction_counts": {"celebrate": 1},
        "my_reactions": ["celebrate"],
    }
    carl.post(f"{POSTS}/{post.pk}/reactions", {"kind": "celebrate"})  # twice: still one
    api_as(people["max"]).post(f"{POSTS}/{post.pk}/reactions", {"kind": "like"})
    shown = api_as(people["mona"]).get(f"{POSTS}/{post.pk}").json()
    assert shown["reaction_counts"] == {"celebrate": 1, "like": 1}
    assert shown["my_reactions"] == []
    undone = carl.delete(f"{POSTS}/{post.pk}/reactions/celebrate").json()
    assert undone == {"reaction_counts": {"like": 1}, "my_reactions": []}


def test_who_reacted_lists_people_and_kinds(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Launch!")
    posts.react(actor=people["carl"], target=post, kind="like")
    posts.react(actor=people["max"], target=post, kind="funny")
    api = api_as(people["mona"])
    listed = api.get(f"{POSTS}/{post.pk}/reactions").json()["items"]
    assert [(r["person"]["username"], r["kind"]) for r in listed] == [
        ("carl", "like"),
        ("max", "funny"),
    ]
    funny = api.get(f"{POSTS}/{post.pk}/reactions", {"kind": "funny"}).json()["items"]
    assert [r["person"]["username"] for r in funny] == ["max"]
    assert api.get(f"{POSTS}/{post.pk}/reactions", {"kind": "angry"}).status_code == 422


@pytest.mark.parametrize("kind", ["angry", "", "LIKE", "like ", 5])
def test_unknown_reaction_kinds_get_a_422_naming_kind(people, api_as, kind):
    post = posts.create_post(actor=people["mona"], body="Launch!")
    response = api_as(people["carl"]).post(f"{POSTS}/{post.pk}/reactions", {"kind": kind})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]
    assert not Reaction.objects.exists()


def test_taking_back_an_unknown_kind_is_a_422(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Launch!")
    response = api_as(people["carl"]).delete(f"{POSTS}/{post.pk}/reactions/angry")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_reacting_to_comments_works_like_posts(people, api_as):
    post = posts.create_post(actor=people["mona"], body="Post")
    comment = posts.create_comment(actor=people["mona"], post=post, body="Comment")
    carl = api_as(people["carl"])
    path = f"/api/v1/comments/{comment.pk}/reactions"
    assert carl.post(path, {"kind": "insightful"}).json()["reaction_counts"] == {"insightful": 1}
    assert [r["kind"] for r in carl.get(path).json()["items"]] == ["insightful"]
    listed = carl.get(f"{POSTS}/{post.pk}/comments").json()["items"][0]
    assert listed["my_reactions"] == ["insightful"]
    assert carl.delete(f"{path}/insightful").json()["reaction_counts"] == {}


def test_nobody_reacts_in_an_archived_group(people, api_as):
    commons = groups.create_group(actor=people["carl"], name="Commons")
    post = posts.create_post(actor=people["carl"], body="Old news", group=commons)
    groups.archive_group(actor=people["carl"], group=commons)
    response = api_as(people["mona"]).post(f"{POSTS}/{post.pk}/reactions", {"kind": "like"})
    assert response.status_code == 403
    assert not Reaction.objects.exists()
