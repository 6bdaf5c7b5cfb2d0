"""Files and pictures on blog articles: the article editor uses the same composer and the
same actions as posts; the article page shows them; they are exactly as visible as the
article (a public article's files are for anonymous visitors too, a group article's only
for those who read in the group), on every URL including thumbnails."""

import pytest
from django.test import Client
from django.urls import reverse

from townhall.blogs import actions as blogs
from townhall.blogs.models import Article
from townhall.files import actions
from townhall.files.models import Attachment, FileSettings
from townhall.files.tests.conftest import picture, stored_files, upload
from townhall.groups import actions as groups

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% appendix\n"


@pytest.fixture
def leader(make_user):
    return make_user("lena", display_name="Lena Leader", role="leader")


def _form(**extra) -> dict:
    return {
        "title": "Our plans",
        "summary": "",
        "body": "What we will do this year.",
        "audience": "organisation",
        "intent": "publish",
        **extra,
    }


def test_the_article_editor_attaches_composer_uploads_and_the_page_shows_them(
    client, aria, bo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=aria, upload=upload("lake.png", picture()))
    pdf = actions.upload_file(actor=aria, upload=upload("plan.pdf", PDF))
    client.force_login(aria)
    response = client.post(
        reverse("blogs:write"), _form(attachments=[pic.pk, pdf.pk], **{f"alt_{pic.pk}": "Lake"})
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Our plans")
    assert list(article.attachments.order_by("position").values_list("name", flat=True)) == [
        "lake.png",
        "plan.pdf",
    ]
    client.force_login(bo)
    page = client.get(response["Location"]).content.decode()
    assert f'src="/files/{pic.pk}/thumb/" alt="Lake"' in page
    assert f'href="/files/articles/{article.pk}/gallery/#picture-{pic.pk}"' in page
    assert f'href="/files/{pdf.pk}/download/" download>plan.pdf</a>' in page
    gallery = client.get(reverse("files:article_gallery", args=[article.pk])).content.decode()
    assert f'src="/files/{pic.pk}/display/" alt="Lake"' in gallery


def test_the_editor_shows_the_composer_and_a_bad_file_sent_with_the_form_saves_nothing(
    client, aria, files_root
):
    client.force_login(aria)
    assert b'name="files"' in client.get(reverse("blogs:write")).content
    response = client.post(
        reverse("blogs:write"), _form(files=[upload("evil.svg", b"<svg onload=alert(1)>")])
    )
    assert response.status_code == 400
    assert "SVG pictures are not accepted" in response.content.decode()
    assert not Article.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(files_root) == []


def test_more_files_than_the_limit_on_an_article_are_refused_and_it_is_not_saved(client, aria):
    FileSettings.objects.create(pk=1, max_per_post=2)
    files = [actions.upload_file(actor=aria, upload=upload(f"{n}.pdf", PDF)) for n in range(3)]
    client.force_login(aria)
    response = client.post(reverse("blogs:write"), _form(attachments=[f.pk for f in files]))
    assert response.status_code == 400
    assert "Too many files: at most 2" in response.content.decode()
    assert not Article.objects.exists()
    assert Attachment.objects.filter(article__isnull=True).count() == 3  # still pending


def test_editing_an_article_adds_files_and_the_author_removes_one(client, aria, bo):
    article = blogs.create_article(actor=aria, title="Notes", body="Text")
    first = actions.upload_file(actor=aria, upload=upload("one.pdf", PDF))
    actions.attach_to_article(actor=aria, article=article, attachment_ids=[first.pk])
    second = actions.upload_file(actor=aria, upload=upload("two.pdf", PDF))
    client.force_login(aria)
    edit_url = reverse("blogs:edit", args=["aria", article.slug])
    assert f'href="/files/{first.pk}/remove/"' in client.get(edit_url).content.decode()
    response = client.post(edit_url, _form(title="Notes", attachments=[second.pk]))
    assert response.status_code == 302
    assert sorted(article.attachments.values_list("name", flat=True)) == ["one.pdf", "two.pdf"]
    client.force_login(bo)  # not the author: the same 404 as a missing file
    assert client.post(reverse("files:remove", args=[first.pk])).status_code == 404
    client.force_login(aria)
    response = client.post(reverse("files:remove", args=[first.pk]))
    assert response["Location"] == edit_url
    assert not Attachment.objects.filter(pk=first.pk).exists()


def test_someone_else_cannot_attach_files_to_my_article(aria, bo):
    from django.core.exceptions import PermissionDenied

    article = blogs.publish_article(
        actor=aria, article=blogs.create_article(actor=aria, title="Mine", body="Text")
    )
    theirs = actions.upload_file(actor=bo, upload=upload("b.pdf", PDF))
    with pytest.raises(PermissionDenied):
        actions.attach_to_article(actor=bo, article=article, attachment_ids=[theirs.pk])
    assert theirs.__class__.objects.get(pk=theirs.pk).article_id is None


def test_a_public_articles_picture_and_file_open_for_an_anonymous_visitor(
    leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=leader, upload=upload("map.png", picture()))
    pdf = actions.upload_file(actor=leader, upload=upload("report.pdf", PDF))
    article = blogs.create_article(actor=leader, title="Open", body="Hi", audience="public")
    actions.attach_to_article(actor=leader, article=article, attachment_ids=[pic.pk, pdf.pk])
    visitor = Client()
    assert visitor.get(f"/files/{pic.pk}/thumb/").status_code == 404  # still a draft
    blogs.publish_article(actor=leader, article=article)
    thumb = visitor.get(f"/files/{pic.pk}/thumb/")
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/webp"
    download = visitor.get(f"/files/{pdf.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    page = visitor.get(reverse("blogs:article", args=["lena", article.slug])).content.decode()
    assert f'src="/files/{pic.pk}/thumb/"' in page
    assert visitor.get(f"/files/{pic.pk}/status/").status_code == 302  # not for visitors
    blogs.unpublish_article(actor=leader, article=article)
    assert visitor.get(f"/files/{pic.pk}/thumb/").status_code == 404


def test_a_secret_group_articles_files_are_404_to_outsiders_on_every_url(
    aria, bo, django_capture_on_commit_callbacks
):
    group = groups.create_group(actor=aria, name="Skunkworks", kind="secret", description="x")
    with django_capture_on_commit_callbacks(execute=True):
        pic = actions.upload_file(actor=aria, upload=upload("proto.png", picture()))
    article = blogs.create_article(
        actor=aria, title="Prototype", body="Secret", audience="group", group=group
    )
    actions.attach_to_article(actor=aria, article=article, attachment_ids=[pic.pk])
    blogs.publish_article(actor=aria, article=article)
    urls = [f"/files/{pic.pk}/{r}/" for r in ("download", "display", "thumb")]
    urls.append(f"/files/articles/{article.pk}/gallery/")
    outsider, visitor, member = Client(), Client(), Client()
    outsider.force_login(bo)
    member.force_login(aria)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert visitor.get(url).status_code == 404, url
        assert member.get(url).status_code == 200, url
    assert outsider.get(f"/files/{pic.pk}/missing-rendition/").status_code == 404


def test_a_deleted_articles_files_go_after_the_retention(
    aria, files_root, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    pdf = actions.upload_file(actor=aria, upload=upload("old.pdf", PDF))
    article = blogs.create_article(actor=aria, title="Old", body="Text")
    actions.attach_to_article(actor=aria, article=article, attachment_ids=[pdf.pk])
    blogs.delete_article(actor=aria, article=article)
    assert actions.purge_removed() == 0  # kept during the retention
    assert actions.purge_expired_uploads(now=timezone.now() + timedelta(days=3)) == 0
    assert actions.purge_removed(now=timezone.now() + timedelta(days=31)) == 1
    assert stored_files(files_root) == []
