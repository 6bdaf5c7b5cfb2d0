"""Moderation notices and follow-ups leave through a real SMTP server started by the test
(aiosmtpd, the `smtp_server` fixture) via the queued backend and its delivery task; the
one-click unsubscribe link in each of them works."""

import email
import email.policy
import re
import time

import pytest
from django.core import signing

from townhall.blogs.models import ArticleComment
from townhall.commenters.forms import TIMESTAMP_SALT
from townhall.commenters.models import ModerationNoticeOptOut

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings, smtp_server):
    port, inbox = smtp_server
    settings.TOWNHALL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return inbox


def read(raw: str):
    message = email.message_from_string(raw, policy=email.policy.default)
    return message, message.get_body(preferencelist=("plain",)).get_content()


def unsubscribe_path(text: str) -> str:
    return re.search(r"https?://[^/\s]+(/comments/unsubscribe/\S+)", text).group(1)


def comment_as(client, committed_requests, article, name, address, *, notify=False):
    data = {
        "name": name,
        "email": address,
        "website": "",
        "body": f"{name} says hello",
        "started": signing.dumps(time.time() - 30, salt=TIMESTAMP_SALT),
        "homepage": "",
    }
    if notify:
        data["notify_followups"] = "on"
    with committed_requests(execute=True):
        assert client.post(f"/comments/articles/{article.pk}/", data).status_code == 302
    return ArticleComment.objects.filter(visitor_email=address).latest("id")


def approve(client, committed_requests, author, comment):
    client.force_login(author)
    with committed_requests(execute=True):
        client.post(f"/comments/moderation/{comment.pk}/", {"verb": "approve"})
    client.logout()


def test_notices_and_follow_ups_arrive_by_smtp_and_their_unsubscribe_links_work(
    client, smtp, article, author, django_capture_on_commit_callbacks
):
    requests = django_capture_on_commit_callbacks
    vera = comment_as(client, requests, article, "Vera", "vera@example.org", notify=True)

    notice, text = read(smtp.wait_for_message(to=author.email))
    assert "waits for your approval" in notice["Subject"]
    assert "Vera says hello" in text and "/moderation/?show=held" in text
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notice_unsubscribe = unsubscribe_path(text)

    approve(client, requests, author, vera)
    sam = comment_as(client, requests, article, "Sam", "sam@example.org")
    approve(client, requests, author, sam)

    followup, text = read(smtp.wait_for_message(to="vera@example.org"))
    assert "New comment on" in followup["Subject"]
    assert "Sam says hello" in text
    assert unsubscribe_path(followup["List-Unsubscribe"].strip("<>")) == unsubscribe_path(text)

    # One click on each link, signed out, in any browser:
    page = client.get(unsubscribe_path(text))
    assert page.status_code == 200 and "no more emails" in page.content.decode()
    vera.refresh_from_db()
    assert vera.notify_followups is False
    assert client.get(notice_unsubscribe).status_code == 200
    assert ModerationNoticeOptOut.objects.filter(user=author).exists()

    # ...and nothing more arrives: no follow-up for Vera, no notice for the author.
    before = len(smtp.messages)
    ana = comment_as(client, requests, article, "Ana", "ana@example.org")
    approve(client, requests, author, ana)
    time.sleep(0.5)
    assert len(smtp.messages) == before


def test_a_mail_program_unsubscribes_with_a_one_click_post(client, article):
    from townhall.commenters.notices import followup_token

    ArticleComment.objects.create(
        article=article,
        body="hi",
        visitor_name="Vera",
        visitor_email="vera@example.org",
        notify_followups=True,
        status="approved",
    )
    token = followup_token(article.pk, "vera@example.org")
    response = client.post(
        f"/comments/unsubscribe/follow-ups/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not ArticleComment.objects.filter(notify_followups=True).exists()
