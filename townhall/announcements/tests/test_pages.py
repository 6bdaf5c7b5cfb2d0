"""Announcement pages as people use them: pinned at home, "Got it", writing, stats, remind."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from townhall.announcements import actions
from townhall.announcements.models import Acknowledgement
from townhall.conftest import DatabaseWork
from townhall.people import follows
from townhall.posts import actions as posts
from townhall.praise.actions import give_praise

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_home_pins_an_unread_announcement_above_the_feed_with_got_it(client, office):
    a = actions.publish_announcement(actor=office.lee, body="Office closed on Friday")
    client.force_login(office.mona)
    page = text_of(client.get("/"))
    assert "Announcement from Lee Leader" in page
    assert page.index("Office closed on Friday") < page.index('id="feed-items"')
    assert f'action="/announcements/{a.pk}/got-it/"' in page


def test_got_it_without_javascript_goes_back_home_and_unpins_it(client, office):
    a = actions.publish_announcement(actor=office.lee, body="Office closed on Friday")
    client.force_login(office.mona)
    response = client.post(f"/announcements/{a.pk}/got-it/", {"next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    page = text_of(response)
    assert "Got it: the announcement is no longer pinned." in page
    assert "Announcement from Lee Leader" not in page
    assert Acknowledgement.objects.filter(person=office.mona, announcement=a).exists()


def test_got_it_under_htmx_answers_with_nothing_so_the_card_disappears(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    client.force_login(office.mona)
    response = client.post(f"/announcements/{a.pk}/got-it/", headers={"HX-Request": "true"})
    assert (response.status_code, response.content) == (200, b"")


def test_got_it_refuses_an_outside_next_address(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    client.force_login(office.mona)
    response = client.post(f"/announcements/{a.pk}/got-it/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_announcement_in_a_group_you_cannot_read_is_a_404_everywhere(client, office):
    a = actions.publish_announcement(actor=office.gale, body="Design only", group=office.design)
    client.force_login(office.mona)
    assert "Design only" not in text_of(client.get("/"))
    assert client.get(f"/announcements/{a.pk}/").status_code == 404
    assert client.post(f"/announcements/{a.pk}/got-it/").status_code == 404
    assert client.post(f"/announcements/{a.pk}/remind/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    for path in ("/announcements/", "/announcements/new/", f"/announcements/{a.pk}/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_a_leader_writes_an_announcement_and_lands_on_its_page(client, office):
    client.force_login(office.lee)
    form = text_of(client.get("/announcements/new/"))
    assert "Everyone in the organisation" in form and "Design" in form
    response = client.post(
        "/announcements/new/", {"body": "Q3 all hands", "group": ""}, follow=True
    )
    page = text_of(response)
    assert "Your announcement is published" in page
    assert "Q3 all hands" in page and "Who has read it" in page
    assert "0 of 6 have read it (0%)." in page


def test_an_empty_announcement_comes_back_with_a_message(client, office):
    client.force_login(office.lee)
    response = client.post("/announcements/new/", {"body": "  ", "group": ""})
    assert response.status_code == 400
    assert "Write something first: the text is empty." in text_of(response)


def test_a_group_owner_may_only_announce_in_their_group(client, office):
    client.force_login(office.gale)
    form = text_of(client.get("/announcements/new/"))
    assert "Everyone in the organisation" not in form and "Design" in form
    response = client.post("/announcements/new/", {"body": "Hi all", "group": ""})
    assert response.status_code == 400  # not one of the offered choices


def test_a_plain_member_has_no_announcement_form(client, office):
    client.force_login(office.mona)
    assert client.get("/announcements/new/").status_code == 404
    assert "New announcement" not in text_of(client.get("/announcements/"))


def test_the_author_sees_readers_by_department_and_others_do_not(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    actions.acknowledge(actor=office.mona, announcement=a)
    client.force_login(office.lee)
    page = text_of(client.get(f"/announcements/{a.pk}/"))
    assert "1 of 6 have read it (17%)." in page
    assert '<th scope="row">Sales</th><td>1</td><td>1</td>' in page
    assert '<th scope="row">No department</th><td>0</td><td>1</td>' in page
    assert "Remind the 5 people who have not read it" in page
    client.force_login(office.sam)
    page = text_of(client.get(f"/announcements/{a.pk}/"))
    assert "Who has read it" not in page and "Got it" in page


def test_remind_once_then_the_page_says_to_wait(client, office, after_commit):
    a = actions.publish_announcement(actor=office.lee, body="News")
    client.force_login(office.lee)
    with after_commit(execute=True):
        first = client.post(f"/announcements/{a.pk}/remind/", follow=True)
    assert "A reminder is on its way" in text_of(first)
    page = text_of(client.get(f"/announcements/{a.pk}/"))
    assert "Last reminder:" in page and "to 6 people." in page
    second = client.post(f"/announcements/{a.pk}/remind/", follow=True)
    assert "A reminder went out less than a day ago." in text_of(second)


def test_a_reader_cannot_remind(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    client.force_login(office.mona)
    response = client.post(f"/announcements/{a.pk}/remind/")
    assert response.status_code == 403
    assert "Only the author and admins" in text_of(response)


def test_the_list_marks_read_and_unread_and_filters_unread(client, office):
    read = actions.publish_announcement(actor=office.lee, body="Old news")
    unread = actions.publish_announcement(actor=office.lee, body="Fresh news")
    actions.acknowledge(actor=office.mona, announcement=read)
    client.force_login(office.mona)
    page = text_of(client.get("/announcements/"))
    assert "Old news" in page and "Fresh news" in page
    only_unread = text_of(client.get("/announcements/?show=unread"))
    assert "Fresh news" in only_unread and "Old news" not in only_unread
    assert f"/announcements/{unread.pk}/got-it/" in only_unread


def test_a_bad_page_link_is_a_400_with_a_message(client, office):
    client.force_login(office.mona)
    response = client.get("/announcements/?after=nonsense")
    assert response.status_code == 400
    assert "This page link is not valid." in text_of(response)


def test_the_post_card_says_it_is_an_announcement(client, office):
    a = actions.publish_announcement(actor=office.lee, body="News")
    client.force_login(office.mona)
    page = text_of(client.get(f"/posts/{a.post_id}/"))
    assert "Announcement" in page and f"/announcements/{a.pk}/" in page


# --- query counts ------------------------------------------------------------------------


def busy_home(office, announcements: int, praise: int):
    """Lee (whom Mona follows) announces and praises; people comment and react."""
    for n in range(announcements):
        a = actions.publish_announcement(actor=office.lee, body=f"Announcement {n}")
        comment = posts.create_comment(actor=office.sam, post=a.post, body="Noted")
        posts.react(actor=office.eve, target=comment, kind="like")
    for n in range(praise):
        given = give_praise(
            actor=office.lee,
            recipients=[office.sam, office.eve],
            badge="great_idea",
            message=f"Praise {n}",
        )
        posts.react(actor=office.sam, target=given.post, kind="celebrate")


def home_queries(client) -> tuple[int, str]:
    client.get("/")  # the site settings reach the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    return len(DatabaseWork.of(captured)), text_of(response)


def test_the_home_page_costs_the_same_with_few_or_many_announcements_and_praise(client, office):
    """Pinned announcements are one query when there are none (most pages), two whatever
    their number; praise cards one more (the people praised) whatever their number."""
    follows.follow_person(actor=office.mona, person=office.lee)
    plain_post = posts.create_post(actor=office.lee, body="A plain post")
    comment = posts.create_comment(actor=office.sam, post=plain_post, body="Nice")
    posts.react(actor=office.eve, target=comment, kind="like")
    client.force_login(office.mona)
    plain, _page = home_queries(client)
    busy_home(office, 1, 1)
    few, page = home_queries(client)
    assert page.count('class="card pinned-announcement"') == 1
    assert page.count('class="praise-line"') == 1
    busy_home(office, 5, 10)
    many, page = home_queries(client)
    assert page.count('class="card pinned-announcement"') == 5  # the newest five
    assert page.count('class="praise-line"') == 11
    assert page.count('Eve Engineer</a>, <a href="/people/sam/">Sam Seller</a>') == 11
    assert few == many == plain + 2


def test_the_announcements_list_costs_a_fixed_number_of_queries(
    client, office, django_assert_max_num_queries
):
    for n in range(20):
        actions.publish_announcement(actor=office.lee, body=f"A{n}")
    client.force_login(office.mona)
    client.get("/announcements/")
    with django_assert_max_num_queries(5):
        assert client.get("/announcements/").status_code == 200
