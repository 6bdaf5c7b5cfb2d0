"""What the post pages give away: nothing. A post someone may not see answers exactly like a
post that does not exist; anonymous visitors are sent to sign in either way. Also the
@mention autocomplete and the query count of the permalink page."""

import pytest
from django.urls import reverse

from townhall.accounts.models import User
from townhall.posts import actions
from townhall.posts.models import Comment, Post, Reaction

MISSING = 999_999

POST_PAGES = [
    ("get", "posts:detail"),
    ("get", "posts:edit"),
    ("post", "posts:edit"),
    ("get", "posts:history"),
    ("get", "posts:delete"),
    ("post", "posts:delete"),
    ("get", "posts:move"),
    ("post", "posts:move"),
    ("post", "posts:react"),
    ("get", "posts:reactions"),
    ("post", "posts:comment_create"),
]
COMMENT_PAGES = [
    ("get", "posts:comment"),
    ("get", "posts:comment_edit"),
    ("post", "posts:comment_edit"),
    ("get", "posts:comment_history"),
    ("get", "posts:comment_delete"),
    ("post", "posts:comment_delete"),
    ("post", "posts:comment_react"),
    ("get", "posts:comment_reactions"),
]
FORM = {"body": "Sneaky", "react": "like", "group": ""}


@pytest.fixture
def hidden(bo, secret_group):
    post = actions.create_post(actor=bo, body="Secret plans", group=secret_group)
    comment = actions.create_comment(actor=bo, post=post, body="Secret comment")
    return post, comment


def fetch(client, method, name, pk):
    url = reverse(name, args=[pk])
    return client.post(url, FORM) if method == "post" else client.get(url)


@pytest.mark.parametrize(("method", "name"), POST_PAGES)
def test_a_post_i_may_not_see_answers_exactly_like_a_missing_one(signed_in, hidden, method, name):
    post, _comment = hidden
    forbidden = fetch(signed_in, method, name, post.pk)
    missing = fetch(signed_in, method, name, MISSING)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert not Comment.objects.filter(body="Sneaky").exists()
    assert not Reaction.objects.exists()
    post.refresh_from_db()
    assert post.body == "Secret plans" and post.deleted_at is None


@pytest.mark.parametrize(("method", "name"), COMMENT_PAGES)
def test_a_comment_i_may_not_see_answers_exactly_like_a_missing_one(
    signed_in, hidden, method, name
):
    _post, comment = hidden
    forbidden = fetch(signed_in, method, name, comment.pk)
    missing = fetch(signed_in, method, name, MISSING)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    comment.refresh_from_db()
    assert comment.body == "Secret comment" and comment.deleted_at is None


def test_a_deleted_post_answers_like_a_missing_one(signed_in, member):
    post = actions.create_post(actor=member, body="Gone soon")
    actions.delete_post(actor=member, post=post)
    gone = signed_in.get(reverse("posts:detail", args=[post.pk]))
    missing = signed_in.get(reverse("posts:detail", args=[MISSING]))
    assert gone.status_code == 404 and gone.content == missing.content


@pytest.mark.parametrize(("method", "name"), POST_PAGES + COMMENT_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in_whether_the_thing_exists_or_not(
    client, hidden, method, name
):
    post, comment = hidden
    real = post.pk if (method, name) in POST_PAGES else comment.pk
    for pk in (real, MISSING):
        response = fetch(client, method, name, pk)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert Post.objects.count() == 1 and Comment.objects.count() == 1


@pytest.mark.parametrize("name", ["posts:create", "posts:mentions"])
def test_an_anonymous_visitor_cannot_post_or_look_up_people(client, db, name):
    response = client.post(reverse(name), {"body": "Hi"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert not Post.objects.exists()


def test_a_deactivated_person_is_sent_to_sign_in(client, member, bo):
    post = actions.create_post(actor=bo, body="Hello")
    client.force_login(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    response = client.get(reverse("posts:detail", args=[post.pk]))
    assert response.status_code == 302


# --- @mention autocomplete --------------------------------------------------------------


def test_mention_suggestions_match_names_case_folded(signed_in, make_user):
    make_user("orjan", display_name="Ørjan Østby")
    make_user("olga", display_name="Olga")
    people = signed_in.get(reverse("posts:mentions"), {"q": "ØRJ"}).json()["people"]
    assert people == [{"username": "orjan", "name": "Ørjan Østby", "external": False, "badge": ""}]
    assert signed_in.get(reverse("posts:mentions"), {"q": "@orj"}).json()["people"] == people


def test_mention_suggestions_leave_out_deactivated_people_and_empty_queries(
    signed_in, make_user, admin_user
):
    gone = make_user("olaf", display_name="Olaf Gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert signed_in.get(reverse("posts:mentions"), {"q": "olaf"}).json()["people"] == []
    assert signed_in.get(reverse("posts:mentions"), {"q": ""}).json()["people"] == []
    signed_in.force_login(admin_user)
    assert signed_in.get(reverse("posts:mentions"), {"q": "olaf"}).json()["people"] == []


def test_mention_suggestions_say_nothing_about_groups(signed_in, bo, secret_group):
    response = signed_in.get(reverse("posts:mentions"), {"q": "bo"})
    assert response.json() == {
        "people": [{"username": "bo", "name": "Bo Builder", "external": False, "badge": ""}]
    }
    assert "no-store" in response["Cache-Control"]


# --- the permalink page costs the same for 1 and 20 comments --------------------------


@pytest.mark.parametrize("comments", [1, 20])
def test_the_permalink_page_takes_the_same_queries_for_1_or_20_comments(
    client, member, bo, make_user, comments, django_assert_num_queries
):
    cy = make_user("cy")
    post = actions.create_post(actor=bo, body="Busy #topic @mona")
    actions.react(actor=cy, target=post, kind="like")
    for n in range(comments):
        top = actions.create_comment(actor=cy, post=post, body=f"Comment {n} @bo")
        actions.react(actor=member, target=top, kind="funny")
        reply = actions.create_comment(actor=bo, post=post, parent=top, body="Reply")
        actions.react(actor=cy, target=reply, kind="like")
    client.force_login(member)
    client.get(reverse("posts:detail", args=[post.pk]))  # warms the site-settings cache
    # session, user, site settings (cached), the post, post_detail's 6, the unread
    # notifications in the nav, whether the post is muted and its files (townhall.files)
    with django_assert_num_queries(12):
        response = client.get(reverse("posts:detail", args=[post.pk]))
    assert response.content.decode().count('class="comment"') == comments * 2
