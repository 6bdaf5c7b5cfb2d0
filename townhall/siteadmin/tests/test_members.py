"""Admins find people, change their role, and deactivate or reactivate their accounts."""

from django.test import Client
from django.urls import reverse

from townhall.accounts.actions import deactivate_user
from townhall.siteadmin.selectors import members_page

MEMBERS = reverse("siteadmin:members")


def names_on(response) -> list[str]:
    return [p.display_name for p in response.context["page"].people]


def test_the_members_page_lists_active_and_deactivated_people(admin_client, admin_user, make_user):
    gone = make_user("gus", display_name="Gus Gone")
    make_user("hana", display_name="Hana Here")
    deactivate_user(actor=admin_user, person=gone)
    response = admin_client.get(MEMBERS)
    assert names_on(response) == ["Alma Admin", "Gus Gone", "Hana Here"]
    assert "Deactivated" in response.content.decode()


def test_search_matches_names_whatever_their_case_and_email_addresses(admin_client, make_user):
    make_user("orjan", display_name="Ørjan Øst")
    make_user("pia", display_name="Pia Park", email="pia.park@partner.example")
    assert names_on(admin_client.get(MEMBERS, {"q": "ØRJAN"})) == ["Ørjan Øst"]
    assert names_on(admin_client.get(MEMBERS, {"q": "Partner.Example"})) == ["Pia Park"]
    assert "Nobody matches" in admin_client.get(MEMBERS, {"q": "zebra"}).content.decode()


def test_members_can_be_filtered_by_role_and_status(admin_client, admin_user, make_user):
    make_user("leo", role="leader", display_name="Leo Leader")
    quiet = make_user("quinn", role="leader", display_name="Quinn Quiet")
    deactivate_user(actor=admin_user, person=quiet)
    assert names_on(admin_client.get(MEMBERS, {"role": "leader"})) == ["Leo Leader", "Quinn Quiet"]
    leaders_active = admin_client.get(MEMBERS, {"role": "leader", "status": "active"})
    assert names_on(leaders_active) == ["Leo Leader"]
    assert names_on(admin_client.get(MEMBERS, {"status": "deactivated"})) == ["Quinn Quiet"]


def test_pages_follow_name_order_forwards_and_back_without_repeating_anyone(admin_user, make_user):
    for n in range(7):  # equal names: the id breaks the tie
        make_user(f"twin{n}", display_name="Sam Same", password="")
    seen, cursor = [], ""
    while True:
        page = members_page(admin_user, after=cursor, size=3)
        seen += [p.pk for p in page.people]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == 8 and len(set(seen)) == 8
    last = members_page(admin_user, after=members_page(admin_user, size=3).next_cursor, size=3)
    back = members_page(admin_user, before=last.previous_cursor, size=3)
    assert [p.pk for p in back.people] == seen[:3]
    assert back.previous_cursor == ""


def test_the_members_page_links_to_the_next_page_keeping_the_filters(admin_client, make_user):
    for n in range(51):
        make_user(f"p{n:02}", display_name=f"Person {n:02}", password="")
    response = admin_client.get(MEMBERS, {"q": "person"})
    assert len(names_on(response)) == 50
    html = response.content.decode()
    assert 'rel="next"' in html and "q=person&amp;after=" in html
    cursor = response.context["page"].next_cursor
    assert names_on(admin_client.get(MEMBERS, {"q": "person", "after": cursor})) == ["Person 50"]


def test_a_mangled_cursor_shows_the_first_page(admin_client):
    assert names_on(admin_client.get(MEMBERS, {"after": "not-a-cursor!"})) == ["Alma Admin"]


def test_admin_changes_a_members_role(admin_client, member):
    url = reverse("siteadmin:change_role", args=[member.pk])
    response = admin_client.post(
        url, {"role": "moderator", "next": MEMBERS + "?q=mona"}, follow=True
    )
    member.refresh_from_db()
    assert member.role == "moderator"
    assert response.redirect_chain[-1][0] == MEMBERS + "?q=mona"
    assert "Mona Member is now Moderator." in response.content.decode()


def test_an_unknown_role_is_refused_with_a_message(admin_client, member):
    url = reverse("siteadmin:change_role", args=[member.pk])
    response = admin_client.post(url, {"role": "emperor"}, follow=True)
    member.refresh_from_db()
    assert member.role == "member"
    assert "Choose one of the roles" in response.content.decode()


def test_the_next_address_cannot_send_the_admin_elsewhere(admin_client, member):
    url = reverse("siteadmin:change_role", args=[member.pk])
    response = admin_client.post(url, {"role": "leader", "next": "https://evil.example/"})
    assert response.url == MEMBERS


def test_the_last_admin_cannot_give_up_the_role_and_is_told_why(admin_client, admin_user):
    url = reverse("siteadmin:change_role", args=[admin_user.pk])
    response = admin_client.post(url, {"role": "member"}, follow=True)
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"
    assert "last active admin" in response.content.decode()


def test_the_last_admin_cannot_deactivate_themselves_and_is_told_why(admin_client, admin_user):
    url = reverse("siteadmin:deactivate", args=[admin_user.pk])
    response = admin_client.post(url, follow=True)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert "last active admin" in response.content.decode()


def test_deactivation_asks_for_confirmation_first(admin_client, member):
    url = reverse("siteadmin:deactivate", args=[member.pk])
    response = admin_client.get(url, {"next": MEMBERS})
    member.refresh_from_db()
    assert member.is_active
    html = response.content.decode()
    assert "Deactivate Mona Member?" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


def test_a_deactivated_member_loses_their_session_and_can_be_reactivated(admin_client, member):
    client = Client()
    client.force_login(member)
    assert client.get(reverse("people:directory")).status_code == 200

    response = admin_client.post(reverse("siteadmin:deactivate", args=[member.pk]), follow=True)
    assert "Mona Member is deactivated and signed out." in response.content.decode()
    member.refresh_from_db()
    assert not member.is_active
    assert client.get(reverse("people:directory")).status_code == 302

    response = admin_client.post(reverse("siteadmin:reactivate", args=[member.pk]), follow=True)
    assert "Mona Member can sign in again." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active
    assert client.login(username=member.username, password="correct-horse-9")


def test_role_changes_and_deactivation_need_a_post(admin_client, member):
    assert admin_client.get(reverse("siteadmin:change_role", args=[member.pk])).status_code == 405
    assert admin_client.get(reverse("siteadmin:reactivate", args=[member.pk])).status_code == 405


def test_the_members_page_costs_a_fixed_number_of_queries(
    admin_client, make_user, django_assert_max_num_queries
):
    for n in range(30):
        make_user(f"q{n}", password="")
    admin_client.get(MEMBERS)  # warms the site-settings cache
    with django_assert_max_num_queries(4):  # session, admin, one page of members
        admin_client.get(MEMBERS)


def test_the_confirmation_page_only_links_back_to_the_members_list(admin_client, member):
    url = reverse("siteadmin:deactivate", args=[member.pk])
    html = admin_client.get(url, {"next": "javascript:alert(1)"}).content.decode()
    assert "javascript:" not in html
    assert f'<a href="{MEMBERS}">Cancel</a>' in html
