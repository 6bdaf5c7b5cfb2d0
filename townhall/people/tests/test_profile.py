import re

import pytest
from django.urls import reverse

from townhall.accounts.models import User
from townhall.people.actions import update_profile


def profile_url(person) -> str:
    return reverse("people:profile", args=[person.username])


def deactivate(person) -> None:
    User.objects.filter(pk=person.pk).update(is_active=False)


def test_member_sees_a_colleagues_profile_details(client, member, make_user):
    kari = make_user(
        "kari",
        display_name="Kari Nordmann",
        job_title="Data engineer",
        department="Platform",
        location="Oslo",
        phone="+47 22 33 44 55",
        pronouns="she/her",
        time_zone="Europe/Oslo",
        expertise=["PostgreSQL", "C++ & Rust"],
    )
    client.force_login(member)
    html = client.get(profile_url(kari)).content.decode()
    for text in (
        "Kari Nordmann",
        "she/her",
        "Data engineer",
        "Platform",
        "Oslo",
        "+47 22 33 44 55",
    ):
        assert text in html
    assert 'href="mailto:kari@northwind.example"' in html
    assert 'href="tel:+4722334455"' in html
    assert re.search(r"Local time</dt><dd>\d\d:\d\d <span class=\"muted\">\(Europe/Oslo\)", html)
    assert 'href="/people/?q=PostgreSQL"' in html
    assert 'href="/people/?q=C%2B%2B%20%26%20Rust"' in html
    assert "Edit profile" not in html


def test_bio_is_shown_as_escaped_text_with_its_line_breaks(client, member):
    update_profile(
        actor=member,
        person=member,
        changes={"bio": "Hello <script>alert(1)</script>\nSecond line"},
    )
    client.force_login(member)
    html = client.get(profile_url(member)).content.decode()
    assert "Hello &lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in html
    assert "<script>alert(1)" not in html


def test_own_profile_offers_the_edit_button(client, member):
    client.force_login(member)
    html = client.get(profile_url(member)).content.decode()
    assert f'href="{reverse("people:edit", args=["mona"])}"' in html
    assert "Edit profile" in html


def test_admin_sees_the_edit_button_on_anyones_profile(client, member, admin_user):
    client.force_login(admin_user)
    assert "Edit profile" in client.get(profile_url(member)).content.decode()


def test_org_chart_links_up_the_chain_to_the_top_and_lists_direct_reports(client, make_user):
    ceo = make_user("ceo", display_name="Cecilie Chief")
    vp = make_user("vp", display_name="Viktor Vice", manager=ceo)
    lead = make_user("lead", display_name="Lena Lead", manager=vp)
    make_user("dev1", display_name="Dag Dev", manager=lead)
    make_user("dev2", display_name="Dina Dev", manager=lead)
    client.force_login(lead)
    html = client.get(profile_url(lead)).content.decode()
    chain = html[html.index('class="org-chain"') : html.index("Direct reports")]
    assert chain.index("Cecilie Chief") < chain.index("Viktor Vice") < chain.index("Lena Lead")
    assert 'href="/people/ceo/"' in chain and 'href="/people/vp/"' in chain
    reports = html[html.index("Direct reports") :]
    assert 'href="/people/dev1/"' in reports and 'href="/people/dev2/"' in reports
    top = client.get(profile_url(ceo)).content.decode()
    assert 'class="org-chain"' not in top  # nobody above the top
    assert "No direct reports." in client.get("/people/dev1/").content.decode()


def test_org_chart_survives_a_loop_left_in_old_data(client, make_user):
    ann = make_user("ann")
    bob = make_user("bob", manager=ann)
    User.objects.filter(pk=ann.pk).update(manager=bob)  # written around the action
    client.force_login(ann)
    assert client.get(profile_url(ann)).status_code == 200


def test_a_deactivated_manager_is_left_out_of_the_chart_for_members(client, member, make_user):
    boss = make_user("boss", display_name="Former Boss")
    worker = make_user("worker", manager=boss)
    deactivate(boss)
    client.force_login(member)
    assert "Former Boss" not in client.get(profile_url(worker)).content.decode()


def test_deactivated_person_is_not_found_for_members(client, member, make_user):
    gone = make_user("gone")
    deactivate(gone)
    client.force_login(member)
    assert client.get(profile_url(gone)).status_code == 404


def test_admin_sees_a_deactivated_person_with_a_badge(client, admin_user, make_user):
    gone = make_user("gone", display_name="Gone Person")
    deactivate(gone)
    client.force_login(admin_user)
    response = client.get(profile_url(gone))
    assert response.status_code == 200
    assert "Deactivated" in response.content.decode()


def test_active_profile_shows_no_deactivated_badge(client, admin_user, member):
    client.force_login(admin_user)
    assert "Deactivated" not in client.get(profile_url(member)).content.decode()


def test_unknown_username_is_not_found(client, member):
    client.force_login(member)
    assert client.get("/people/nobody/").status_code == 404


@pytest.mark.parametrize("url", ["/people/", "/people/mona/", "/people/mona/edit/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, member, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
