"""Writing, publishing, scheduling, editing, unpublishing and commenting on articles."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from PIL import Image

from townhall.access import articles as access
from townhall.blogs import actions
from townhall.blogs.models import Article, ArticleComment, BlogSettings
from townhall.blogs.tests.conftest import publish
from townhall.events.models import Event
from townhall.groups import actions as groups

pytestmark = pytest.mark.django_db


def jpeg_with_exif() -> SimpleUploadedFile:
    picture = Image.new("RGB", (2400, 1200), "teal")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    out = BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("holiday.jpg", out.getvalue(), content_type="image/jpeg")


def test_a_new_article_is_a_draft_only_its_author_sees(member, bo):
    article = actions.create_article(actor=member, title="Hello world", body="Hi")
    assert article.status == Article.Status.DRAFT
    assert article.slug == "hello-world"
    assert access.can_view_article(member, article)
    assert not access.can_view_article(bo, article)


def test_titles_make_unique_slugs_per_author(member, bo):
    first = actions.create_article(actor=member, title="Notes", body="a")
    second = actions.create_article(actor=member, title="Notes", body="b")
    other = actions.create_article(actor=bo, title="Notes", body="c")
    assert (first.slug, second.slug, other.slug) == ("notes", "notes-2", "notes")


def test_an_empty_title_or_text_is_refused_with_the_field_named(member):
    with pytest.raises(ValidationError) as error:
        actions.create_article(actor=member, title="  ", body="x")
    assert error.value.error_list[0].code == "title"
    with pytest.raises(ValidationError) as error:
        actions.create_article(actor=member, title="T", body="   ")
    assert error.value.error_list[0].code == "body"


def test_publishing_makes_it_visible_and_emits_an_event(member, bo):
    article = publish(member, "Launch")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert access.can_view_article(bo, article)
    event = Event.objects.get(kind="article.published")
    assert event.actor_id == member.pk


def test_only_leaders_publish_publicly_by_default(member, lee, admin_user):
    with pytest.raises(ValidationError) as error:
        actions.create_article(actor=member, title="T", body="b", audience="public")
    assert "may not publish articles publicly" in error.value.messages[0]
    assert publish(lee, "Open", audience="public").is_public
    assert not access.can_publish_publicly(admin_user)


def test_the_admin_setting_widens_who_publishes_publicly(member, admin_user):
    actions.set_public_publishers(actor=admin_user, public_publishers="leaders_admins")
    assert access.can_publish_publicly(admin_user)
    assert not access.can_publish_publicly(member)
    actions.set_public_publishers(actor=admin_user, public_publishers="everyone")
    assert publish(member, "Mine", audience="public").is_public
    with pytest.raises(PermissionDenied):
        actions.set_public_publishers(actor=member, public_publishers="leaders")
    with pytest.raises(ValidationError):
        actions.set_public_publishers(actor=admin_user, public_publishers="nobody")
    assert BlogSettings.objects.get().public_publishers == "everyone"


def test_a_group_article_is_for_those_who_read_the_group(member, bo):
    secret = groups.create_group(actor=bo, name="Skunkworks", kind="secret")
    article = publish(bo, "Secret plans", audience="group", group=secret)
    assert access.can_view_article(bo, article)
    assert not access.can_view_article(member, article)
    with pytest.raises(ValidationError):  # Mona may not post in Bo's group
        actions.create_article(actor=member, title="x", body="y", audience="group", group=secret)


def test_scheduled_articles_publish_when_their_time_comes(member, bo):
    article = actions.create_article(actor=member, title="Later", body="b")
    when = timezone.now() + timedelta(hours=1)
    article = actions.publish_article(actor=member, article=article, publish_at=when)
    assert article.status == Article.Status.SCHEDULED
    assert not access.can_view_article(bo, article)
    assert actions.publish_due_articles() == 0
    assert actions.publish_due_articles(now=when + timedelta(seconds=1)) == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert access.can_view_article(bo, article)
    assert actions.publish_due_articles(now=when + timedelta(minutes=5)) == 0  # runs twice: safe


def test_the_periodic_job_is_registered():
    from townhall.core.schedule import jobs

    assert "townhall.blogs.jobs.publish_due_articles" in jobs()


def test_a_scheduled_public_article_goes_back_to_draft_if_its_author_lost_the_right(
    lee, admin_user
):
    from townhall.accounts import actions as accounts

    article = actions.create_article(actor=lee, title="Later", body="b", audience="public")
    when = timezone.now() + timedelta(hours=1)
    actions.publish_article(actor=lee, article=article, publish_at=when)
    accounts.change_role(actor=admin_user, person=lee, role="member")
    assert actions.publish_due_articles(now=when + timedelta(seconds=1)) == 0
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editing_keeps_the_previous_version(member):
    article = publish(member, "First title")
    actions.edit_article(actor=member, article=article, title="Better title", body="New text")
    article.refresh_from_db()
    assert article.title == "Better title"
    assert article.edited_at is not None
    revision = article.revisions.get()
    assert revision.title == "First title"
    assert "First title" in revision.body
    assert article.slug == "first-title"  # links stay valid


def test_only_the_author_edits(member, bo):
    article = publish(member)
    with pytest.raises(PermissionDenied):
        actions.edit_article(actor=bo, article=article, title="x", body="y")


def test_unpublishing_hides_it_from_readers_and_a_moderator_may_take_it_down(member, bo, moderator):
    article = publish(member)
    actions.unpublish_article(actor=moderator, article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    assert not access.can_view_article(bo, article)
    assert access.can_view_article(member, article)
    with pytest.raises(Http404):  # the moderator no longer sees it
        actions.publish_article(actor=moderator, article=article)
    actions.publish_article(actor=member, article=article)
    with pytest.raises(PermissionDenied):
        actions.unpublish_article(actor=bo, article=article)


def test_deleting_hides_it_from_everyone(member, admin_user):
    article = publish(member)
    actions.delete_article(actor=admin_user, article=article)
    article.refresh_from_db()
    assert not access.can_view_article(member, article)


def test_a_cover_is_shrunk_and_re_encoded_without_exif(member):
    article = actions.create_article(actor=member, title="T", body="b", cover=jpeg_with_exif())
    with Image.open(article.cover_image.open("rb")) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) == 1600
        assert not stored.getexif()


def test_a_file_that_is_not_a_picture_is_refused_clearly(member):
    junk = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError) as error:
        actions.create_article(actor=member, title="T", body="b", cover=junk)
    assert "not a picture" in error.value.messages[0]
    assert not Article.objects.exists()


def test_pictures_in_the_text_come_only_from_our_own_uploads(member):
    article = actions.create_article(actor=member, title="T", body="b")
    image = actions.add_article_image(actor=member, article=article, upload=jpeg_with_exif())
    body = f"![A chart](/blogs/images/{image.file_name}) ![x](https://tracker.example/p.png)"
    article = actions.edit_article(actor=member, article=article, title="T", body=body)
    assert f'src="/blogs/images/{image.file_name}"' in article.body_html
    assert 'alt="A chart"' in article.body_html
    assert "tracker.example" not in article.body_html


def test_members_comment_and_the_author_hears_of_it(member, bo):
    article = publish(member)
    comment = actions.add_article_comment(actor=bo, article=article, body="Great **read**")
    assert comment.status == ArticleComment.Status.APPROVED
    assert "<strong>read</strong>" in comment.body_html
    event = Event.objects.get(kind="article_comment.created")
    assert event.recipients == [member.pk]
    actions.add_article_comment(actor=member, article=article, body="Thanks")
    assert Event.objects.filter(kind="article_comment.created").last().recipients == []


def test_no_comments_on_a_draft(member, bo):
    article = actions.create_article(actor=member, title="T", body="b")
    with pytest.raises(PermissionDenied):
        actions.add_article_comment(actor=member, article=article, body="x")


def test_comments_are_edited_by_their_author_and_deleted_by_author_or_moderator(
    member, bo, moderator, make_user
):
    article = publish(member)
    comment = actions.add_article_comment(actor=bo, article=article, body="One")
    actions.edit_article_comment(actor=bo, comment=comment, body="Two")
    comment.refresh_from_db()
    assert comment.body == "Two"
    assert comment.revisions.get().body == "One"
    other = make_user("cy")
    with pytest.raises(PermissionDenied):
        actions.edit_article_comment(actor=other, comment=comment, body="Hijack")
    with pytest.raises(PermissionDenied):
        actions.delete_article_comment(actor=other, comment=comment)
    actions.delete_article_comment(actor=moderator, comment=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is not None
