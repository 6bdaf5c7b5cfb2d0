"""Visitor comments through the actions: held, approved, refused, blocked, limited."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from townhall.blogs.models import ArticleComment
from townhall.commenters import actions
from townhall.commenters.actions import Visitor
from townhall.commenters.models import CommenterBlock
from townhall.events.models import Event

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()
VERA = Visitor(name="Vera Visitor", email="vera@example.org", website="https://vera.example")


@pytest.fixture(autouse=True)
def _after_commit(committed):
    global run
    run = committed


def submit(article, *, body="Thanks for sharing!", visitor=VERA, ip="203.0.113.7", **extra):
    return run(
        actions.submit_visitor_comment,
        actor=ANON,
        article=article,
        body=body,
        visitor=visitor,
        ip_address=ip,
        **extra,
    )


def moderate(**kwargs):
    return run(actions.moderate_comment, **kwargs)


def test_a_visitor_comment_waits_for_moderation_and_the_author_hears_of_it(article, author):
    comment = submit(article)

    assert comment.status == ArticleComment.Status.PENDING
    assert comment.author is None and comment.visitor_email == "vera@example.org"
    event = Event.objects.get(kind="article_comment.pending")
    assert event.recipients == [author.pk] and event.subject_id == comment.pk
    [notice] = mail.outbox
    assert notice.to == [author.email] and "waits for your approval" in notice.subject
    assert "/comments/unsubscribe/notices/" in notice.body


def test_with_hold_none_a_visitor_comment_is_published_at_once(article, hold):
    hold("none")
    assert submit(article).status == ArticleComment.Status.APPROVED


def test_with_hold_first_time_only_a_first_comment_waits(article, author, hold):
    hold("first_time")
    first = submit(article)
    assert first.status == ArticleComment.Status.PENDING
    moderate(actor=author, comment=first, status="approved")

    assert submit(article, body="Me again").status == ArticleComment.Status.APPROVED
    stranger = Visitor(name="Sam", email="sam@example.org")
    assert submit(article, visitor=stranger).status == ArticleComment.Status.PENDING


@pytest.mark.parametrize(
    ("visitor", "field"),
    [
        (Visitor("Vera", "vera@example.org", "javascript:alert(1)"), "website"),
        (Visitor("Vera", "vera@example.org", "data:text/html,hi"), "website"),
        (Visitor("Vera\nBcc: all@example.org", "vera@example.org"), "name"),
        (Visitor("Vera", "vera@example.org\r\nBcc: all@example.org"), "email"),
        (Visitor("Vera", "not an address"), "email"),
        (Visitor("", "vera@example.org"), "name"),
    ],
)
def test_bad_visitor_details_are_refused_and_nothing_is_stored(article, visitor, field):
    with pytest.raises(ValidationError) as refused:
        submit(article, visitor=visitor)
    assert field in refused.value.message_dict
    assert not ArticleComment.objects.exists()


def test_a_comment_with_200_links_is_refused(article):
    body = " ".join(f"https://spam.example/{n}" for n in range(200))
    with pytest.raises(ValidationError) as refused:
        submit(article, body=body)
    assert "at most 3 links" in refused.value.message_dict["body"][0]
    assert not ArticleComment.objects.exists()


def test_one_ip_address_may_send_only_a_few_comments_in_a_while(article, settings):
    settings.TOWNHALL_COMMENT_RATE_LIMIT = (2, 600)
    submit(article)
    submit(article)
    with pytest.raises(ValidationError, match="many comments in a short time"):
        submit(article)
    submit(article, ip="203.0.113.8")  # another address is not limited
    assert ArticleComment.objects.count() == 3


def test_a_visitor_cannot_comment_on_an_internal_or_closed_article(internal_article, make_article):
    closed = make_article(allow_visitor_comments=False)
    draft = make_article(status="draft")
    for article in (internal_article, closed, draft):
        with pytest.raises(Http404):
            submit(article)
    assert not ArticleComment.objects.exists()


def test_a_member_does_not_comment_as_a_visitor(article, member):
    with pytest.raises(Http404):
        actions.submit_visitor_comment(
            actor=member, article=article, body="hi", visitor=VERA, ip_address=None
        )


def test_blocking_an_email_address_refuses_its_next_comments(article, author):
    comment = submit(article)
    actions.block_commenter(actor=author, comment=comment, kind="email")

    comment.refresh_from_db()
    assert comment.status == ArticleComment.Status.SPAM
    with pytest.raises(ValidationError, match="could not be accepted"):
        submit(article, ip="198.51.100.1")
    assert ArticleComment.objects.count() == 1


def test_blocking_an_ip_address_refuses_every_address_from_it(article, moderator):
    comment = submit(article)
    block = actions.block_commenter(actor=moderator, comment=comment, kind="ip")
    assert block.value == "203.0.113.7"
    with pytest.raises(ValidationError):
        submit(article, visitor=Visitor("Sam", "sam@example.org"))
    actions.lift_block(actor=moderator, block=block)
    assert CommenterBlock.objects.count() == 0
    submit(article, visitor=Visitor("Sam", "sam@example.org"))


def test_only_the_author_and_moderators_moderate(article, member, author, moderator):
    comment = submit(article)
    with pytest.raises(Http404):
        moderate(actor=member, comment=comment, status="approved")
    moderate(actor=moderator, comment=comment, status="spam")
    moderate(actor=author, comment=comment, status="approved")
    assert Event.objects.filter(kind="article_comment.approved").count() == 1


def test_approving_a_comment_emails_visitors_who_asked_for_follow_ups(article, author):
    waiting = submit(article, notify_followups=True)
    moderate(actor=author, comment=waiting, status="approved")
    later = submit(article, visitor=Visitor("Sam", "sam@example.org"), ip="198.51.100.2")
    mail.outbox.clear()

    moderate(actor=author, comment=later, status="approved")

    [followup] = mail.outbox
    assert followup.to == ["vera@example.org"]
    assert "Sam commented on" in followup.body
    assert followup.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_follow_ups_after_unsubscribing(article, author, client):
    from townhall.commenters.notices import followup_token

    submit(article, notify_followups=True)
    response = client.get(
        f"/comments/unsubscribe/follow-ups/{followup_token(article.pk, 'vera@example.org')}/"
    )
    assert response.status_code == 200
    assert not ArticleComment.objects.filter(notify_followups=True).exists()
