"""Bots post into their own group through the API, marked as bots, and nowhere else."""

import pytest
from django.test import Client
from django.urls import reverse

from townhall.accounts.tokens import create_token
from townhall.groups.actions import archive_group
from townhall.integrations import actions
from townhall.integrations.models import Bot
from townhall.posts.models import Post

pytestmark = pytest.mark.django_db

URL = "/api/v1/bots/posts"


def _post_as(token, text="Build 1234 passed", **extra):
    return Client().post(
        URL,
        {"text": text, **extra},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def ci(member, group_of):
    group = group_of(member, "Platform", kind="private")
    bot, token = actions.create_bot(actor=member, group=group, name="Build server")
    return bot, token


def test_a_bot_posts_into_its_group_and_the_post_is_marked_as_a_bot_s(ci, member, client):
    bot, token = ci
    response = _post_as(token)
    assert response.status_code == 201, response.content
    post = Post.objects.get(pk=response.json()["id"])
    assert post.group == bot.group and post.author == bot.user and post.body == "Build 1234 passed"
    client.force_login(member)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Build server" in page and 'class="badge badge-bot"' in page
    assert reverse("people:profile", args=[bot.user.username]) not in page


def test_a_bot_cannot_post_anywhere_but_its_group(ci, member, group_of):
    _bot, token = ci
    elsewhere = group_of(member, "Kitchen")
    response = _post_as(token, group_id=elsewhere.pk)
    assert response.status_code == 201  # the group in the request is ignored ...
    assert Post.objects.get().group.name == "Platform"  # ... the bot's own group is used
    assert not Post.objects.filter(group=elsewhere).exists()


def test_a_bot_token_opens_no_other_part_of_the_api(ci):
    _bot, token = ci
    headers = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/people", headers=headers).status_code == 401
    response = Client().post(
        "/api/v1/posts", {"body": "hi"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 401 and not Post.objects.exists()


def test_a_person_s_token_cannot_post_as_a_bot(member):
    _token, secret = create_token(user=member, name="cli", scope="write")
    response = _post_as(secret)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_bot_token_is_refused(ci, member):
    bot, token = ci
    actions.revoke_bot(actor=member, bot=bot)
    response = _post_as(token)
    assert response.status_code == 401
    assert "revoked" in response.json()["message"] and not Post.objects.exists()


def test_an_empty_post_from_a_bot_is_a_clear_422(ci):
    _bot, token = ci
    response = _post_as(token, text="   ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"


def test_a_bot_in_an_archived_group_gets_a_clear_refusal(ci, member):
    bot, token = ci
    archive_group(actor=member, group=bot.group)
    response = _post_as(token)
    assert response.status_code == 409 and "archived" in response.json()["message"]


def test_a_bot_cannot_sign_in_and_is_no_colleague(ci, member, client):
    bot, _token = ci
    assert not bot.user.is_active and not bot.user.has_usable_password()
    client.force_login(member)
    directory = client.get(reverse("people:directory") + "?q=Build").content.decode()
    assert "Build server" not in directory
    members = client.get(reverse("groups:members", args=[bot.group.slug])).content.decode()
    assert "Build server" not in members


def test_only_group_admins_create_bots_through_the_api(ci, member, make_user):
    bot, _token = ci
    colleague = make_user("cleo")  # sees the private group listed, does not run it
    client = Client()
    client.force_login(colleague)
    url = f"/api/v1/groups/{bot.group.pk}/bots"
    refused = client.post(url, {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert client.get(url).status_code == 403
    client.force_login(member)
    response = client.post(url, {"name": "Monitor"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["token"].startswith("thb_")
    assert Bot.objects.filter(group=bot.group).count() == 2
    listed = client.get(url).json()
    assert [b["name"] for b in listed] == ["Build server", "Monitor"]
    assert "token" not in listed[0]
