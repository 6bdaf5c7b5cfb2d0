"""The one review queue: reported content and visitor comments held for approval side by
side; visitor comments reported and hidden like members'; the reporter hears the outcome.
Real pages and API through Django's test client, data through the real actions."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from townhall.access.moderation import can_view_own_report, own_decided_reports
from townhall.blogs.models import Article, ArticleComment
from townhall.commenters import actions as commenters
from townhall.moderation import actions
from townhall.moderation.models import Decision, Hidden, Report
from townhall.moderation.tests.conftest import api, signed_in
from townhall.notifications import actions as notifications
from townhall.notifications.models import Notification
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db

WORD = "zanzibar"
TEXT = "quokkas"  # in the comment, never in a query (search pages echo the query)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**arguments)

    return run


@pytest.fixture
def article(town):
    """Ada's public article that takes visitor comments (held for approval by default)."""
    return Article.objects.create(
        author=town.ada,
        title="Why we open our books",
        slug="open-books",
        body="We publish our numbers.",
        body_html="<p>We publish our numbers.</p>",
        audience=Article.Audience.PUBLIC,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        allow_visitor_comments=True,
    )


def visitor_comment(article, committed, body=f"About {WORD}: {TEXT} everywhere"):
    from django.contrib.auth.models import AnonymousUser

    return committed(
        commenters.submit_visitor_comment,
        actor=AnonymousUser(),
        article=article,
        body=body,
        visitor=commenters.Visitor("Vera Visitor", "vera@example.org"),
        ip_address="203.0.113.9",
    )


ARTICLE_URL = "/blogs/ada/open-books/"


def test_held_comments_are_in_the_one_queue_for_the_author_and_moderators_only(
    town, article, committed
):
    comment = visitor_comment(article, committed)
    assert comment.status == "pending"
    for person, sees in ((town.ada, True), (town.mo, True), (town.alma, True)):
        page = signed_in(person).get("/moderation/")
        text = page.content.decode()
        assert page.status_code == 200
        assert ("vera@example.org" in text and f"/comments/moderation/{comment.pk}/" in text) is (
            sees
        ), person
    # a group admin has a queue (their group's reports) but not Ada's visitor comments
    group_admin = signed_in(town.gina).get("/moderation/").content.decode()
    assert "vera@example.org" not in group_admin and "No visitor comment waits" in group_admin
    # a plain member moderates nothing: no queue at all, and no comment by its id
    assert signed_in(town.ben).get("/moderation/").status_code == 404
    for person in (town.ben, town.gina):
        refused = signed_in(person).post(f"/comments/moderation/{comment.pk}/", {"verb": "approve"})
        assert refused.status_code == 404
    comment.refresh_from_db()
    assert comment.status == "pending"
    # the API keeps its address and the same rule
    assert [c["id"] for c in api(town.ada).get("/api/v1/comments/moderation").json()] == [
        comment.pk
    ]
    assert api(town.gina).get("/api/v1/comments/moderation").json() == []
    assert api(town.ben).get("/api/v1/comments/moderation").json() == []


def test_the_author_approves_a_held_comment_from_the_one_queue(town, article, committed):
    comment = visitor_comment(article, committed)
    author = signed_in(town.ada)
    assert TEXT not in signed_in(town.ben).get(ARTICLE_URL).content.decode()
    response = author.post(f"/comments/moderation/{comment.pk}/", {"verb": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == "/moderation/?show=held"
    text = response.content.decode()
    assert "Comment approved" in text and "No visitor comment waits" in text
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert TEXT in signed_in(town.ben).get(ARTICLE_URL).content.decode()


def test_the_old_queue_address_redirects_and_the_filter_shows_one_part(town, article, committed):
    comment = visitor_comment(article, committed)
    post = posts.create_post(actor=town.ada, body="Buy cheap watches")
    actions.report_content(actor=town.ben, target=post, reason="spam")
    moderator = signed_in(town.mo)
    old = moderator.get("/comments/moderation/")
    assert old.status_code == 301 and old["Location"] == "/moderation/?show=held"
    both = moderator.get("/moderation/").content.decode()
    assert "vera@example.org" in both and "Buy cheap watches" in both
    held = moderator.get("/moderation/?show=held").content.decode()
    assert "vera@example.org" in held and "Buy cheap watches" not in held
    reported = moderator.get("/moderation/?show=reported").content.decode()
    assert "vera@example.org" not in reported and "Buy cheap watches" in reported
    # the author, who decides on no report, gets the held comments only
    author = signed_in(town.ada).get("/moderation/").content.decode()
    assert "vera@example.org" in author and "Buy cheap watches" not in author
    assert f"pending-{comment.pk}" in author


def test_the_waiting_comment_notification_and_email_point_to_the_one_queue(
    town, article, committed, mailoutbox
):
    comment = visitor_comment(article, committed)
    notification = Notification.objects.get(recipient=town.ada, kind="article_comment")
    assert notification.target_type == "article_comment"
    opened = signed_in(town.ada).get(f"/notifications/{notification.pk}/")
    assert opened["Location"] == f"/moderation/?show=held#pending-{comment.pk}"
    assert any("/moderation/?show=held" in message.body for message in mailoutbox)


def test_a_member_reports_a_visitor_comment_and_hiding_it_hides_it_on_every_path(
    town, article, committed, client, django_capture_on_commit_callbacks
):
    comment = visitor_comment(article, committed)
    committed(commenters.moderate_comment, actor=town.ada, comment=comment, status="approved")
    reader = signed_in(town.ben)
    page = reader.get(ARTICLE_URL).content.decode()
    report_url = f"/moderation/report/article_comment/{comment.pk}/"
    assert TEXT in page and report_url in page
    paths = {
        "article page": ARTICLE_URL,
        "visitor comment page": f"/comments/articles/{article.pk}/",
        "api comments": f"/api/v1/articles/{article.pk}/comments",
    }  # visitors' comments are not in search (townhall.search indexes members' only)
    for name, path in paths.items():
        if name != "visitor comment page":
            assert TEXT in reader.get(path).content.decode(), name
    assert TEXT in client.get(f"/comments/articles/{article.pk}/").content.decode()
    assert reader.get(f"/api/v1/articles/{article.pk}").json()["comment_count"] == 1

    sent = reader.post(report_url, {"reason": "spam", "details": "an advert"})
    assert sent.status_code == 302 and sent["Location"].endswith(f"#article-comment-{comment.pk}")
    report = Report.objects.get()
    assert report.kind == "article_comment" and report.author_id is None
    moderator = signed_in(town.mo)
    queue = moderator.get("/moderation/?show=reported").content.decode()
    assert "Comment on an article" in queue and "Vera Visitor" in queue and "an advert" in queue
    with_api = api(town.mo).get("/api/v1/moderation/reports").json()
    assert [(i["kind"], i["object_id"]) for i in with_api] == [("article_comment", comment.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        decided = moderator.post(
            f"/moderation/decide/article_comment/{comment.pk}/", {"outcome": "hide"}
        )
    assert decided.status_code == 302
    assert Hidden.objects.filter(kind="article_comment", object_id=comment.pk).exists()
    assert Decision.objects.get().author_id is None  # a visitor: nobody to notify
    assert not Notification.objects.filter(kind="moderation").exists()

    for person in (town.ada, town.ben, town.mo, town.alma):
        pages = signed_in(person)
        for name, path in paths.items():
            response = pages.get(path)
            assert TEXT not in response.content.decode(), (person, name)
        assert pages.get(ARTICLE_URL).status_code == 200  # the article stays
        assert pages.get(report_url).status_code == 404
    assert TEXT not in client.get(ARTICLE_URL).content.decode()
    assert TEXT not in client.get(f"/comments/articles/{article.pk}/").content.decode()
    assert TEXT not in client.get("/blogs/atom.xml").content.decode()
    assert reader.get(f"/api/v1/articles/{article.pk}").json()["comment_count"] == 0
    # the author of the article cannot take it back through their own moderation either
    refused = signed_in(town.ada).post(f"/comments/moderation/{comment.pk}/", {"verb": "reject"})
    assert refused.status_code == 404


def test_a_held_comment_cannot_be_reported_and_a_members_article_comment_can_be_deleted(
    town, article, committed
):
    held = visitor_comment(article, committed)
    assert signed_in(town.ben).get(
        f"/moderation/report/article_comment/{held.pk}/"
    ).status_code == (404)
    from townhall.blogs import actions as blogs

    mine = blogs.add_article_comment(actor=town.ben, article=article, body="Rude words")
    actions.report_content(actor=town.gina, target=mine, reason="harassment")
    with pytest.raises(PermissionDenied):  # one's own comment
        actions.report_content(actor=town.ben, target=mine, reason="spam")
    decision = committed(actions.decide, actor=town.mo, target=mine, outcome="delete")
    assert decision.outcome == "delete"
    assert ArticleComment.objects.get(pk=mine.pk).deleted_at is not None
    assert Notification.objects.filter(recipient=town.ben, kind="moderation").exists()


def test_the_reporter_is_told_the_outcome_unless_they_turned_it_off(town, committed):
    post = posts.create_post(actor=town.ada, body="Borderline words")
    first = actions.report_content(actor=town.ben, target=post, reason="spam")
    second = actions.report_content(actor=town.gina, target=post, reason="other")
    notifications.set_preferences(actor=town.gina, channels={"report_outcome": "off"})
    committed(actions.decide, actor=town.mo, target=post, outcome="dismiss", note="For Ada only")

    told = Notification.objects.get(recipient=town.ben, kind="report_outcome")
    assert (told.target_type, told.target_id) == ("moderation_report", first.pk)
    assert not Notification.objects.filter(recipient=town.gina, kind="report_outcome").exists()
    assert not Notification.objects.filter(recipient=town.ada).exists()  # dismissed: quiet
    reader = signed_in(town.ben)
    inbox = reader.get("/notifications/").content.decode()
    assert "Moderators looked at what you reported and left it" in inbox
    opened = reader.get(f"/notifications/{told.pk}/")
    assert opened["Location"] == f"/moderation/my-reports/{first.pk}/"
    page = reader.get(f"/moderation/my-reports/{first.pk}/").content.decode()
    assert "left it as it is" in page and "Borderline words" in page
    assert "For Ada only" not in page  # the note is for the author
    for other in (town.gina, town.ada, town.mo):
        assert signed_in(other).get(f"/moderation/my-reports/{first.pk}/").status_code == 404
    assert signed_in(town.gina).get(f"/moderation/my-reports/{second.pk}/").status_code == 200
    for person in (town.ada, town.ben, town.mo, town.alma, town.gina):  # the pair agrees
        for found in Report.objects.all():
            in_filter = own_decided_reports(person).filter(pk=found.pk).exists()
            assert can_view_own_report(person, found) == in_filter, (person, found.pk)


def test_the_reporter_of_hidden_content_hears_it_was_hidden(town, committed):
    post = posts.create_post(actor=town.ada, body="Rude words")
    actions.report_content(actor=town.ben, target=post, reason="harassment")
    committed(actions.decide, actor=town.mo, target=post, outcome="hide")
    inbox = signed_in(town.ben).get("/notifications/").content.decode()
    assert "Moderators hid what you reported" in inbox
    assert Notification.objects.filter(recipient=town.ada, kind="moderation").exists()


def test_a_members_comment_on_an_article_hidden_by_a_moderator_leaves_search_too(
    town, article, committed
):
    from townhall.blogs import actions as blogs

    comment = committed(
        blogs.add_article_comment, actor=town.ben, article=article, body=f"On {WORD}: {TEXT}"
    )
    paths = {
        "article page": ARTICLE_URL,
        "api comments": f"/api/v1/articles/{article.pk}/comments",
        "search": f"/search/?q={WORD}&type=articles",
        "api search": f"/api/v1/search?q={WORD}&type=articles",
    }
    for name, path in paths.items():
        assert TEXT in signed_in(town.ada).get(path).content.decode(), name
    actions.report_content(actor=town.ada, target=comment, reason="confidential")
    committed(actions.decide, actor=town.mo, target=comment, outcome="hide", note="Numbers")
    for person in (town.ada, town.ben, town.mo, town.alma, town.gina):
        for name, path in paths.items():
            assert TEXT not in signed_in(person).get(path).content.decode(), (person, name)
    # its author is told, in words, and sees the decision
    inbox = signed_in(town.ben).get("/notifications/").content.decode()
    assert "A moderator hid your content" in inbox


@pytest.mark.parametrize("count", [1, 12])
def test_the_held_part_of_the_queue_costs_the_same_queries_for_many_comments(
    town, article, committed, django_assert_max_num_queries, count, settings
):
    settings.TOWNHALL_COMMENT_RATE_LIMIT = (100, 600)
    for index in range(count):
        visitor_comment(article, committed, body=f"Comment number {index}")
    post = posts.create_post(actor=town.ada, body="Reported once")
    actions.report_content(actor=town.ben, target=post, reason="spam")
    moderator = signed_in(town.mo)
    with django_assert_max_num_queries(22):
        response = moderator.get("/moderation/")
    assert response.content.decode().count('<article class="card comment" id="pending-') == count
