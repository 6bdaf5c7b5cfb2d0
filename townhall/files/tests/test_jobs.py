"""Periodic clean-up: uploads never posted expire; files of removed posts and comments go
once the admin's retention has passed, and not before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from townhall.core.schedule import jobs
from townhall.files import actions
from townhall.files.models import Attachment, FileSettings
from townhall.files.tests.conftest import stored_files, upload
from townhall.posts.actions import create_comment, create_post, delete_comment, delete_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n"


def test_both_clean_up_jobs_are_registered_with_the_scheduler():
    names = set(jobs())
    assert "townhall.files.jobs.purge_expired_uploads_job" in names
    assert "townhall.files.jobs.purge_removed_files_job" in names


def test_an_upload_never_posted_expires_after_the_admins_hours(aria, files_root):
    FileSettings.objects.create(pk=1, pending_hours=2)
    pending = actions.upload_file(actor=aria, upload=upload("a.pdf", PDF))
    posted = actions.upload_file(actor=aria, upload=upload("b.pdf", PDF))
    actions.attach_to_post(
        actor=aria, post=create_post(actor=aria, body="x"), attachment_ids=[posted.pk]
    )
    assert actions.purge_expired_uploads(now=timezone.now() + timedelta(hours=1)) == 0
    assert actions.purge_expired_uploads(now=timezone.now() + timedelta(hours=3)) == 1
    assert not Attachment.objects.filter(pk=pending.pk).exists()
    assert stored_files(files_root) == [posted.stored]


def test_a_deleted_posts_and_comments_files_go_after_the_retention(aria, files_root):
    FileSettings.objects.create(pk=1, retention_days=7)
    post = create_post(actor=aria, body="x")
    on_post = actions.upload_file(actor=aria, upload=upload("p.pdf", PDF))
    actions.attach_to_post(actor=aria, post=post, attachment_ids=[on_post.pk])
    other = create_post(actor=aria, body="y")
    comment = create_comment(actor=aria, post=other, body="c")
    on_comment = actions.upload_file(actor=aria, upload=upload("c.pdf", PDF))
    actions.attach_to_comment(actor=aria, comment=comment, attachment_ids=[on_comment.pk])
    delete_post(actor=aria, post=post)
    delete_comment(actor=aria, comment=comment)
    assert actions.purge_removed(now=timezone.now() + timedelta(days=6)) == 0
    assert len(stored_files(files_root)) == 2
    assert actions.purge_removed(now=timezone.now() + timedelta(days=8)) == 2
    assert stored_files(files_root) == []
    assert not Attachment.objects.exists()
