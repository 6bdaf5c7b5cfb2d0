"""The post pages as a signed-in person uses them: write, read, react, edit, delete, move."""

import re

import pytest
from django.urls import reverse

from townhall.posts import actions
from townhall.posts.models import Post


@pytest.fixture
def bo(make_user):
    return make_user("bo", display_name="Bo Builder")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_a_post_written_in_the_composer_appears_on_its_permalink_page(signed_in, member):
    response = signed_in.post(
        reverse("posts:create"), {"body": "Hello **team** #plans", "form_token": "t1"}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[post.pk])
    page = signed_in.get(response["Location"]).content.decode()
    assert "<strong>team</strong>" in page
    assert "#plans" in page
    assert "Mona Member" in page


def test_a_feed_post_partial_shows_the_reaction_counts_and_which_i_chose(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Ship it")
    actions.react(actor=member, target=post, kind="like")
    actions.react(actor=bo, target=post, kind="like")
    actions.react(actor=bo, target=post, kind="funny")
    page = signed_in.get(reverse("posts:detail", args=[post.pk])).content.decode()
    like = re.search(r'<button[^>]*data-kind="like"[^>]*>.*?</button>', page, re.S).group(0)
    assert 'aria-pressed="true"' in like and 'name="remove"' in like and ">2<" in like
    funny = re.search(r'<button[^>]*data-kind="funny"[^>]*>.*?</button>', page, re.S).group(0)
    assert 'aria-pressed="false"' in funny and ">1<" in funny
