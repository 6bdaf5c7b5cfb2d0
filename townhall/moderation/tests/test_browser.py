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
