"""The blogs pages as people use them: anonymous readers, members, authors, admins."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.blogs import actions
from townhall.blogs.models import Article, ArticleComment
from townhall.blogs.tests.conftest import publish
from townhall.blogs.tests.test_actions import jpeg_with_exif

pytestmark = pytest.mark.django_db


def url(article, suffix=""):
    return f"/blogs/{article.author.username}/{article.slug}/{suffix}"


def test_anyone_reads_a_public_article_without_signing_in(client, public_article, bo):
    actions.add_article_comment(actor=bo, article=public_article, body="Well said")
    response = client.get(url(public_article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open letter" in html
    assert "Well said" in html
    assert "Leader" in html  # the badge next to the author's name
    # no member-only navigation or profile links for a visitor
    assert 'aria-label="Main"' not in html
    assert "/people/" not in html
    assert "Sign out" not in html


def test_an_internal_article_is_a_404_for_a_visitor_like_a_missing_one(client, internal_article):
    hidden = client.get(url(internal_article))
    missing = client.get("/blogs/lee/no-such-article/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_a_visitor_sees_a_blog_with_public_articles_only(client, public_article, internal_article):
    response = client.get("/blogs/lee/")
    assert response.status_code == 200
    assert "Open letter" in response.content.decode()
    assert "Internal plans" not in response.content.decode()


def test_a_visitor_gets_404_for_a_blog_without_public_articles(client, internal_article):
    assert client.get("/blogs/lee/").status_code == 404
    assert client.get("/blogs/nobody/").status_code == 404


def test_the_blogs_list_and_leadership_page_need_signing_in(client):
    for path in ("/blogs/", "/leadership/", "/blogs/write/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_members_see_recent_articles_in_a_fixed_number_of_queries(
    client, member, lee, bo, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from townhall.blogs import selectors

    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/blogs/")
        return len(captured)

    client.force_login(member)
    for n in range(2):
        actions.add_article_comment(actor=bo, article=publish(lee, f"Article {n}"), body="Hi")
    client.get("/blogs/")  # first visit: session and per-person rows get created
    few = page_queries()
    for n in range(2, 8):
        publish(lee, f"Article {n}")
    assert page_queries() == few  # no query per article
    with django_assert_num_queries(2):  # the articles (author, group), their comment counts
        page = selectors.published_page(member)
    html = client.get("/blogs/").content.decode()
    assert len(page.items) == 8
    assert all(f"Article {n}" in html for n in range(8))


def test_writing_a_draft_then_publishing_it(client, member, bo):
    client.force_login(member)
    response = client.post(
        "/blogs/write/",
        {
            "title": "My first",
            "summary": "S",
            "body": "Hello *there*",
            "audience": "organisation",
            "intent": "draft",
        },
    )
    article = Article.objects.get()
    assert response["Location"] == url(article)
    assert article.status == "draft"
    page = client.get(url(article)).content.decode()
    assert "Draft: only you see it." in page
    client.force_login(bo)
    assert client.get(url(article)).status_code == 404
    client.force_login(member)
    client.post(url(article, "publish/"))
    article.refresh_from_db()
    assert article.status == "published"
    client.force_login(bo)
    assert client.get(url(article)).status_code == 200


def test_preview_shows_the_text_without_saving(client, member):
    client.force_login(member)
    response = client.post(
        "/blogs/write/",
        {"title": "T", "body": "**bold** idea", "audience": "organisation", "intent": "preview"},
    )
    assert "<strong>bold</strong>" in response.content.decode()
    assert not Article.objects.exists()
    htmx = client.post("/blogs/preview/", {"body": "# Heading"}, HTTP_HX_REQUEST="true")
    assert "<h1>Heading</h1>" in htmx.content.decode()


def test_bad_input_gets_a_clear_message_and_no_500(client, member):
    client.force_login(member)
    response = client.post(
        "/blogs/write/", {"title": "", "body": "", "audience": "organisation", "intent": "draft"}
    )
    assert response.status_code == 400
    assert "Give the article a title." in response.content.decode()
    response = client.post(
        "/blogs/write/",
        {"title": "T", "body": "b", "audience": "public", "intent": "draft"},
    )
    assert response.status_code == 400  # public is not offered to a member
    assert not Article.objects.exists()
    response = client.post(
        "/blogs/write/",
        {
            "title": "T",
            "body": "b",
            "audience": "organisation",
            "intent": "draft",
            "cover": SimpleUploadedFile("x.png", b"not an image"),
        },
    )
    assert response.status_code == 400
    assert "not a picture we can use" in response.content.decode()
    assert client.get("/blogs/?after=garbage").status_code == 404


def test_scheduling_needs_a_future_time(client, member):
    client.force_login(member)
    client.post(
        "/blogs/write/",
        {
            "title": "Later",
            "body": "b",
            "audience": "organisation",
            "intent": "schedule",
            "publish_at": "2000-01-01T10:00",
        },
    )
    article = Article.objects.get()
    assert article.status == "draft"  # saved, not scheduled
    client.post(
        url(article, "edit/"),
        {
            "title": "Later",
            "body": "b",
            "audience": "organisation",
            "intent": "schedule",
            "publish_at": "2999-01-01T10:00",
        },
    )
    article.refresh_from_db()
    assert article.status == "scheduled"


def test_editing_keeps_history_the_author_and_moderators_can_read(client, member, bo, moderator):
    article = publish(member, "Old title")
    client.force_login(member)
    client.post(
        url(article, "edit/"),
        {"title": "New title", "body": "new", "audience": "organisation", "intent": "publish"},
    )
    article.refresh_from_db()
    assert article.title == "New title"
    assert "Old title" in client.get(url(article, "history/")).content.decode()
    client.force_login(moderator)
    assert client.get(url(article, "history/")).status_code == 200
    client.force_login(bo)
    assert client.get(url(article, "history/")).status_code == 403
    assert client.get(url(article, "edit/")).status_code == 403


def test_cover_and_pictures_are_served_to_whoever_sees_the_article(client, lee):
    article = actions.create_article(
        actor=lee, title="Pics", body="b", audience="public", cover=jpeg_with_exif()
    )
    image = actions.add_article_image(actor=lee, article=article, upload=jpeg_with_exif())
    assert client.get(url(article, "cover.webp")).status_code == 404  # a draft
    assert client.get(f"/blogs/images/{image.file_name}").status_code == 404
    actions.publish_article(actor=lee, article=article)
    cover = client.get(url(article, "cover.webp"))
    assert cover.status_code == 200
    assert cover["Content-Type"] == "image/webp"
    assert client.get(f"/blogs/images/{image.file_name}").status_code == 200
    assert client.get("/blogs/images/nothing.webp").status_code == 404


def test_uploading_a_picture_for_the_text_gives_the_line_to_paste(client, member):
    article = actions.create_article(actor=member, title="T", body="b")
    client.force_login(member)
    response = client.post(
        url(article, "images/"), {"image": jpeg_with_exif()}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 201
    assert "/blogs/images/" in response.content.decode()
    bad = client.post(
        url(article, "images/"),
        {"image": SimpleUploadedFile("a.gif", b"GIF")},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 400
    assert "not a picture" in bad.content.decode()


def test_members_comment_edit_and_delete_their_comments(client, member, bo, internal_article):
    client.force_login(bo)
    response = client.post(url(internal_article, "comments/"), {"body": "Nice"})
    comment = ArticleComment.objects.get()
    assert response["Location"].endswith(f"#article-comment-{comment.pk}")
    assert client.post(url(internal_article, "comments/"), {"body": "  "}).status_code == 400
    client.post(f"/blogs/comments/{comment.pk}/edit/", {"body": "Very nice"})
    comment.refresh_from_db()
    assert comment.body == "Very nice"
    client.force_login(member)
    assert client.get(f"/blogs/comments/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/blogs/comments/{comment.pk}/delete/").status_code == 403
    client.force_login(bo)
    client.post(f"/blogs/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_a_visitor_cannot_comment_as_a_member(client, public_article):
    response = client.post(url(public_article, "comments/"), {"body": "spam"})
    assert response.status_code == 302
    assert not ArticleComment.objects.exists()


def test_the_leadership_page_lists_leaders_their_articles_and_comments(
    client, member, lee, internal_article
):
    from townhall.posts import actions as posts

    post = posts.create_post(actor=member, body="What is the plan?")
    posts.create_comment(actor=lee, post=post, body="Here is the plan.")
    client.force_login(member)
    html = client.get("/leadership/").content.decode()
    assert "Lee Leader" in html
    assert "Internal plans" in html
    assert "Here is the plan." in html


def test_the_leader_badge_shows_on_profiles_and_posts(client, member, lee):
    from townhall.posts import actions as posts

    post = posts.create_post(actor=lee, body="Hello all")
    client.force_login(member)
    assert "badge-leader" in client.get("/people/lee/").content.decode()
    assert "badge-leader" in client.get(f"/posts/{post.pk}/").content.decode()
    assert "badge-leader" not in client.get("/people/mona/").content.decode()


def test_admins_choose_who_publishes_publicly(client, admin_user, member):
    client.force_login(member)
    assert client.get("/admin-area/blogs/").status_code == 404
    client.force_login(admin_user)
    assert client.get("/admin-area/blogs/").status_code == 200
    client.post("/admin-area/blogs/", {"public_publishers": "everyone"})
    from townhall.access.articles import can_publish_publicly

    assert can_publish_publicly(member)


def test_the_leadership_page_shows_leaders_ama_answers_without_anyone_who_asked(
    client, member, lee, make_user
):
    from datetime import timedelta

    from django.utils import timezone

    from townhall.ama import actions as ama

    now = timezone.now()
    session = ama.open_session(
        actor=lee,
        title="Ask Lee",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1),
    )
    asker = make_user("quiet", display_name="Quiet Asker")
    question = ama.ask_question(actor=asker, session=session, body="Will we hire?", anonymous=True)
    ama.answer_question(actor=lee, question=question, answer="Yes, ten people.")
    client.force_login(member)
    html = client.get("/leadership/").content.decode()
    assert "Will we hire?" in html and "Yes, ten people." in html
    assert "Quiet Asker" not in html and "quiet" not in html
