"""The post pages as people use them: write, read, react, edit, history, delete, move."""

import re

import pytest
from django.urls import reverse

from townhall.groups import actions as groups
from townhall.posts import actions
from townhall.posts.models import Post, Reaction


def button(page: str, kind: str) -> str:
    return re.search(rf'<button[^>]*data-kind="{kind}"[^>]*>.*?</button>', page, re.S).group(0)


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


def test_the_composer_returns_to_the_page_it_was_on(signed_in):
    response = signed_in.post(reverse("posts:create"), {"body": "Hi", "next": "/people/"})
    assert response["Location"] == "/people/"
    response = signed_in.post(
        reverse("posts:create"), {"body": "Hi again", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/posts/")


def test_the_composer_under_htmx_answers_with_the_new_post(signed_in):
    response = signed_in.post(
        reverse("posts:create"), {"body": "Fresh #news", "form_token": "h1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 201
    page = response.content.decode()
    assert page.lstrip().startswith("<article") and "Fresh" in page and "#news" in page


def test_a_post_in_my_group_is_shown_with_a_link_to_the_group(signed_in, my_group):
    signed_in.post(reverse("posts:create"), {"body": "Crew news", "group": my_group.pk})
    post = Post.objects.get()
    assert post.group == my_group
    page = signed_in.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert f"/groups/{my_group.slug}/" in page and "Mona&#x27;s crew" in page


def test_posting_into_a_secret_group_by_guessing_its_id_finds_nothing(signed_in, secret_group):
    response = signed_in.post(
        reverse("posts:create"), {"body": "Let me in", "group": secret_group.pk}
    )
    assert response.status_code == 404
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "the text is empty"),
        ("   \n\t  ", "the text is empty"),
        ("x" * 10_001, "The text is too long: 10,001 characters, at most 10,000."),
    ],
)
def test_bad_text_gets_a_clear_message_and_creates_nothing(signed_in, body, message):
    response = signed_in.post(reverse("posts:create"), {"body": body, "form_token": "bad"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()
    htmx = signed_in.post(reverse("posts:create"), {"body": body}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422 and message in htmx.content.decode()


def test_the_same_form_sent_twice_creates_one_post(signed_in):
    form = {"body": "Only once please", "form_token": "same-token", "next": "/people/"}
    first = signed_in.post(reverse("posts:create"), form)
    second = signed_in.post(reverse("posts:create"), form)
    assert Post.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    third = signed_in.post(reverse("posts:create"), form, HTTP_HX_REQUEST="true")
    assert third.status_code == 204 and Post.objects.count() == 1


def test_a_rejected_form_can_be_corrected_and_sent_with_its_token(signed_in):
    signed_in.post(reverse("posts:create"), {"body": " ", "form_token": "fix-me"})
    response = signed_in.post(reverse("posts:create"), {"body": "Fixed", "form_token": "fix-me"})
    assert response.status_code == 302 and Post.objects.get().body == "Fixed"


def test_a_post_shows_the_reaction_counts_and_which_ones_i_chose(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Ship it")
    actions.react(actor=member, target=post, kind="like")
    actions.react(actor=bo, target=post, kind="like")
    actions.react(actor=bo, target=post, kind="funny")
    page = signed_in.get(reverse("posts:detail", args=[post.pk])).content.decode()
    like = button(page, "like")
    assert 'aria-pressed="true"' in like and 'name="unreact"' in like and ">2<" in like
    funny = button(page, "funny")
    assert 'aria-pressed="false"' in funny and ">1<" in funny


def test_reacting_toggles_and_the_htmx_answer_shows_the_new_count(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Ship it")
    url = reverse("posts:react", args=[post.pk])
    response = signed_in.post(url, {"react": "celebrate"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    celebrate = button(response.content.decode(), "celebrate")
    assert 'aria-pressed="true"' in celebrate and ">1<" in celebrate
    signed_in.post(url, {"react": "celebrate"}, HTTP_HX_REQUEST="true")  # a resent click
    assert Reaction.objects.filter(post=post).count() == 1
    response = signed_in.post(url, {"unreact": "celebrate", "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert not Reaction.objects.filter(post=post).exists()


def test_an_unknown_reaction_is_refused_with_a_message(signed_in, bo):
    post = actions.create_post(actor=bo, body="Ship it")
    response = signed_in.post(reverse("posts:react", args=[post.pk]), {"react": "angry"})
    assert response.status_code == 400
    assert "Unknown reaction" in response.content.decode()
    assert not Reaction.objects.exists()


def test_who_reacted_lists_the_people_per_kind(signed_in, member, bo):
    post = actions.create_post(actor=member, body="Ship it")
    actions.react(actor=bo, target=post, kind="insightful")
    page = signed_in.get(reverse("posts:reactions", args=[post.pk])).content.decode()
    assert "Insightful" in page and "Bo Builder" in page


def test_the_author_edits_a_post_and_everyone_sees_it_was_edited(signed_in, member, bo, client):
    post = actions.create_post(actor=member, body="First words")
    url = reverse("posts:edit", args=[post.pk])
    assert "First words" in signed_in.get(url).content.decode()
    response = signed_in.post(url, {"body": "Better words"})
    assert response.status_code == 302
    client.force_login(bo)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Better words" in page and "edited" in page
    assert reverse("posts:history", args=[post.pk]) not in page  # only author and moderators


def test_the_edit_history_shows_the_earlier_text_to_author_and_moderators_only(
    client, member, bo, make_user
):
    post = actions.create_post(actor=member, body="Version one")
    actions.edit_post(actor=member, post=post, body="Version two")
    url = reverse("posts:history", args=[post.pk])
    for person, status in ((member, 200), (make_user("mo", role="moderator"), 200), (bo, 403)):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status
        assert ("Version one" in response.content.decode()) == (status == 200)


def test_editing_someone_elses_post_is_refused_and_changes_nothing(signed_in, bo):
    post = actions.create_post(actor=bo, body="Bo's words")
    url = reverse("posts:edit", args=[post.pk])
    assert signed_in.get(url).status_code == 403
    response = signed_in.post(url, {"body": "Mona's words"})
    assert response.status_code == 403
    assert "Only the author can edit this post." in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Bo's words" and post.edited_at is None


def test_an_empty_edit_is_refused_with_a_message(signed_in, member):
    post = actions.create_post(actor=member, body="Keep me")
    response = signed_in.post(reverse("posts:edit", args=[post.pk]), {"body": "  "})
    assert response.status_code == 400 and "the text is empty" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Keep me"


def test_deleting_asks_first_then_the_post_is_gone(signed_in, member):
    post = actions.create_post(actor=member, body="Regrettable")
    url = reverse("posts:delete", args=[post.pk])
    confirm = signed_in.get(url)
    assert confirm.status_code == 200 and "Delete this post?" in confirm.content.decode()
    assert signed_in.post(url).status_code == 302
    assert signed_in.get(reverse("posts:detail", args=[post.pk])).status_code == 404


def test_a_group_admin_and_an_org_admin_may_delete_others_posts_a_member_may_not(
    client, member, bo, admin_user, my_group
):
    groups.join_group(actor=bo, group=my_group)
    in_group = actions.create_post(actor=bo, body="In the crew", group=my_group)
    org_wide = actions.create_post(actor=bo, body="For all")
    client.force_login(member)  # owns my_group
    assert client.post(reverse("posts:delete", args=[in_group.pk])).status_code == 302
    assert client.post(reverse("posts:delete", args=[org_wide.pk])).status_code == 403
    client.force_login(admin_user)
    assert client.post(reverse("posts:delete", args=[org_wide.pk])).status_code == 302
    assert Post.objects.filter(deleted_at__isnull=True).count() == 0


def test_moving_offers_only_allowed_places_and_moves_the_post(
    signed_in, member, my_group, secret_group
):
    post = actions.create_post(actor=member, body="Wrong place")
    url = reverse("posts:move", args=[post.pk])
    page = signed_in.get(url).content.decode()
    assert "Mona&#x27;s crew" in page and "Skunkworks" not in page
    response = signed_in.post(url, {"group": secret_group.pk})
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.group is None
    assert signed_in.post(url, {"group": my_group.pk}).status_code == 302
    post.refresh_from_db()
    assert post.group == my_group


def test_markdown_with_script_and_dangerous_links_shows_harmlessly(signed_in):
    body = (
        "<script>alert(1)</script> [click](javascript:alert(2)) "
        "[data](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(3)>"
    )
    signed_in.post(reverse("posts:create"), {"body": body})
    page = signed_in.get(reverse("posts:detail", args=[Post.objects.get().pk])).content.decode()
    post_html = page[page.index('class="post-body"') :]
    post_html = post_html[: post_html.index("</div>")]
    assert "<script" not in post_html and "<img" not in post_html
    assert not re.search(r"href=\"\s*(javascript|data):", page, re.I)
    assert "onerror" not in page.replace("onerror=alert(3)&gt;", "")
    assert "&lt;script&gt;" in post_html


def test_someone_mentioned_in_a_post_they_cannot_see_gets_nothing(client, member, bo, secret_group):
    post = actions.create_post(actor=bo, body="Hush @mona", group=secret_group)
    assert not member.mentions.exists()
    client.force_login(member)
    assert client.get(reverse("posts:detail", args=[post.pk])).status_code == 404
    people = client.get(reverse("posts:mentions"), {"q": "bo"}).json()["people"]
    assert "Skunkworks" not in str(people)


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_creates_one_post(member):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection
    from django.test import Client

    def send(_n):
        client = Client()
        client.force_login(member)
        try:
            return client.post(
                reverse("posts:create"), {"body": "Race", "form_token": "race-token"}
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(send, range(2)))
    assert statuses == [302, 302]
    assert Post.objects.filter(body="Race").count() == 1
