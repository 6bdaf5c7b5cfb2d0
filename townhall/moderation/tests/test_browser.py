"""The report form, the review queue and a decision's page in a real browser, with axe."""

import pytest

from townhall.announcements.tests.conftest import sign_in_browser
from townhall.moderation.models import Decision
from townhall.posts import actions as posts


@pytest.mark.browser
def test_ben_reports_a_post_and_mo_hides_it_from_the_queue(
    page, live_server, client, town, assert_accessible
):
    post = posts.create_post(actor=town.ada, body="Cheap watches for sale")
    sign_in_browser(page, client, live_server, town.ben)
    page.goto(f"{live_server.url}/posts/{post.pk}/")
    page.get_by_role("link", name="Report").click()
    assert_accessible(page)
    page.get_by_label("Spam or advertising").check()
    page.get_by_label("Anything moderators should know (optional)").fill("An advert")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/posts/{post.pk}/")

    page.context.clear_cookies()
    sign_in_browser(page, client, live_server, town.mo)
    page.goto(f"{live_server.url}/moderation/")
    assert page.get_by_text("An advert").is_visible()
    assert_accessible(page)
    page.get_by_label("Note to the author (optional)").fill("No adverts here")
    page.get_by_role("button", name="Hide").click()
    page.wait_for_url("**/moderation/")
    assert page.get_by_text("Nothing is waiting").is_visible()

    decision = Decision.objects.get()
    page.context.clear_cookies()
    sign_in_browser(page, client, live_server, town.ada)
    page.goto(f"{live_server.url}/moderation/decisions/{decision.pk}/")
    assert page.get_by_text("No adverts here").is_visible()
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/posts/{post.pk}/")
    assert response.status == 404


@pytest.mark.browser
def test_ada_approves_a_held_comment_from_the_one_queue_then_ben_reports_it_and_mo_hides_it(
    page, live_server, client, town, assert_accessible
):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from townhall.blogs.models import Article
    from townhall.commenters import actions as commenters

    article = Article.objects.create(
        author=town.ada,
        title="Open books",
        slug="open-books",
        body="Our numbers.",
        body_html="<p>Our numbers.</p>",
        audience=Article.Audience.PUBLIC,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        allow_visitor_comments=True,
    )
    commenters.submit_visitor_comment(
        actor=AnonymousUser(),
        article=article,
        body="Cheap pills, visit my site",
        visitor=commenters.Visitor("Vera Visitor", "vera@example.org"),
        ip_address="203.0.113.9",
    )
    sign_in_browser(page, client, live_server, town.ada)
    page.goto(f"{live_server.url}/moderation/")
    held = page.locator("article", has_text="Cheap pills")
    assert held.is_visible()
    assert_accessible(page)
    held.get_by_role("button", name="Approve").click()
    page.wait_for_url("**/moderation/?show=held")
    assert page.get_by_text("Comment approved").is_visible()
    assert page.get_by_text("No visitor comment waits for you.").is_visible()

    page.context.clear_cookies()
    sign_in_browser(page, client, live_server, town.ben)
    page.goto(f"{live_server.url}/blogs/ada/open-books/")
    comment = page.locator("article.comment", has_text="Cheap pills")
    comment.get_by_role("link", name="Report this comment").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/blogs/ada/open-books/**")

    page.context.clear_cookies()
    sign_in_browser(page, client, live_server, town.mo)
    page.goto(f"{live_server.url}/moderation/?show=reported")
    assert page.get_by_text("Comment on an article").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Hide").click()
    page.wait_for_url("**/moderation/")
    page.goto(f"{live_server.url}/blogs/ada/open-books/")
    assert page.get_by_text("Our numbers.").is_visible()
    assert page.get_by_text("Cheap pills").count() == 0
