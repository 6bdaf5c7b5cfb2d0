"""Comments and replies on the permalink page: write, reply, link, react, edit, delete."""

import re

from django.urls import reverse

from townhall.posts import actions
from townhall.posts.models import Comment, CommentRevision


def detail(client, post) -> str:
    return client.get(reverse("posts:detail", args=[post.pk])).content.decode()


def test_a_comment_sent_from_the_form_lands_under_the_post(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="What do you think?")
    response = signed_in.post(
        reverse("posts:comment_create", args=[post.pk]),
        {"body": "Looks **good**", "form_token": "c"},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}/#comment-{comment.pk}"
    page = detail(signed_in, post)
    assert f'id="comment-{comment.pk}"' in page and "<strong>good</strong>" in page
    assert "1 comment" in page


def test_a_reply_to_a_reply_attaches_to_the_top_comment(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Topic")
    top = actions.create_comment(actor=bo, post=post, body="Top comment")
    reply = actions.create_comment(actor=bo, post=post, parent=top, body="First reply")
    url = reverse("posts:comment_create", args=[post.pk])
    signed_in.post(url, {"body": "Reply to the reply", "parent": reply.pk})
    mine = Comment.objects.get(body="Reply to the reply")
    assert mine.parent == top
    page = detail(signed_in, post)
    replies = page[page.index(f'id="replies-{top.pk}"') :]
    replies = replies[: replies.index("</ol>")]
    assert "First reply" in replies and "Reply to the reply" in replies


def test_the_feed_reply_link_opens_the_reply_form_on_the_post_page(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    top = actions.create_comment(actor=bo, post=post, body="Top comment")
    page = signed_in.get(reverse("posts:detail", args=[post.pk]), {"reply": top.pk}).content
    assert re.search(rf'<details[^>]*id="reply-{top.pk}"[^>]* open', page.decode())
    assert "Reply to Bo Builder" in page.decode()


def test_a_comment_under_htmx_comes_back_as_a_list_item(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    response = signed_in.post(
        reverse("posts:comment_create", args=[post.pk]),
        {"body": "Quick one", "form_token": "h"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 201
    html = response.content.decode().strip()
    assert html.startswith("<li>") and "Quick one" in html


def test_a_comment_sent_twice_is_kept_once(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    url = reverse("posts:comment_create", args=[post.pk])
    first = signed_in.post(url, {"body": "Once", "form_token": "dup"})
    second = signed_in.post(url, {"body": "Once", "form_token": "dup"})
    assert Comment.objects.count() == 1 and first["Location"] == second["Location"]


def test_an_empty_comment_is_refused_with_a_message(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    url = reverse("posts:comment_create", args=[post.pk])
    response = signed_in.post(url, {"body": "   "})
    assert response.status_code == 400 and "the text is empty" in response.content.decode()
    htmx = signed_in.post(url, {"body": ""}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 422 and "the text is empty" in htmx.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_permalink_leads_to_the_comment_on_its_post(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    comment = actions.create_comment(actor=bo, post=post, body="Here")
    response = signed_in.get(reverse("posts:comment", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}/#comment-{comment.pk}"


def test_reacting_to_a_comment_shows_the_new_count(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    comment = actions.create_comment(actor=bo, post=post, body="Here")
    url = reverse("posts:comment_react", args=[comment.pk])
    response = signed_in.post(url, {"react": "support"}, HTTP_HX_REQUEST="true")
    support = re.search(
        r'<button[^>]*data-kind="support"[^>]*>.*?</button>', response.content.decode(), re.S
    ).group(0)
    assert 'aria-pressed="true"' in support and ">1<" in support
    who = signed_in.get(reverse("posts:comment_reactions", args=[comment.pk])).content.decode()
    assert "Support" in who and "Mona Member" in who


def test_the_author_edits_a_comment_and_it_is_marked_edited_with_a_history(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Topic")
    comment = actions.create_comment(actor=member, post=post, body="Teh typo")
    response = signed_in.post(reverse("posts:comment_edit", args=[comment.pk]), {"body": "The fix"})
    assert response.status_code == 302
    page = detail(signed_in, post)
    assert "The fix" in page and "edited" in page
    history = signed_in.get(reverse("posts:comment_history", args=[comment.pk])).content.decode()
    assert "Teh typo" in history and "The fix" in history


def test_editing_someone_elses_comment_is_refused(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    comment = actions.create_comment(actor=bo, post=post, body="Bo's comment")
    response = signed_in.post(reverse("posts:comment_edit", args=[comment.pk]), {"body": "Hijack"})
    assert response.status_code == 403
    assert "Only the author can edit this comment." in response.content.decode()
    assert not CommentRevision.objects.exists()
    assert signed_in.get(reverse("posts:comment_history", args=[comment.pk])).status_code == 403


def test_deleting_a_comment_asks_first_and_takes_its_replies_along(signed_in, member, bo):
    post = actions.create_post(actor=bo, body="Topic")
    comment = actions.create_comment(actor=member, post=post, body="Oops")
    actions.create_comment(actor=bo, post=post, parent=comment, body="A reply to oops")
    url = reverse("posts:comment_delete", args=[comment.pk])
    assert "Delete this comment?" in signed_in.get(url).content.decode()
    assert signed_in.post(url).status_code == 302
    page = detail(signed_in, post)
    assert "Oops" not in page and "A reply to oops" not in page


def test_a_post_author_cannot_delete_others_comments_but_an_org_admin_can(
    client, member, bo, admin_user
):
    post = actions.create_post(actor=member, body="Topic")
    comment = actions.create_comment(actor=bo, post=post, body="Bo speaks")
    client.force_login(member)
    assert client.post(reverse("posts:comment_delete", args=[comment.pk])).status_code == 403
    client.force_login(admin_user)
    assert client.post(reverse("posts:comment_delete", args=[comment.pk])).status_code == 302


def test_mentioning_someone_in_a_comment_links_to_their_profile(signed_in, bo):
    post = actions.create_post(actor=bo, body="Topic")
    signed_in.post(reverse("posts:comment_create", args=[post.pk]), {"body": "Thanks @bo!"})
    assert 'href="/people/bo/"' in detail(signed_in, post)
    assert bo.mentions.count() == 1
