import re

import pytest
from django.urls import reverse

from townhall.accounts.models import User
from townhall.people import selectors
from townhall.people.actions import update_profile
from townhall.people.tests.images import photo

DIRECTORY = reverse("people:directory")


def card_names(html: str) -> list[str]:
    return re.findall(r'class="person-card-name"><a href="/people/[^/]+/">([^<]+)</a>', html)


@pytest.fixture
def nordics(make_user):
    return [
        make_user("orjan", display_name="Ørjan Østby", email="orjan@northwind.example"),
        make_user("ase", display_name="ÅSE ÆRØ", email="ase@northwind.example"),
        make_user("strasse", display_name="Gunther Straße", job_title="Lawyer"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ørjan", "Ørjan Østby"),
        ("ØRJAN", "Ørjan Østby"),
        ("østby ØRJ", "Ørjan Østby"),
        ("åse", "ÅSE ÆRØ"),
        ("ærø", "ÅSE ÆRØ"),
        ("STRASSE", "Gunther Straße"),
        ("lawyer", "Gunther Straße"),
    ],
)
def test_search_ignores_letter_case_for_every_alphabet(client, member, nordics, query, expected):
    client.force_login(member)
    html = client.get(DIRECTORY, {"q": query}).content.decode()
    assert card_names(html) == [expected]


def test_search_finds_title_department_location_and_expertise(client, member, make_user):
    make_user(
        "kari", display_name="Kari", job_title="SRE", department="Platform", location="Tromsø"
    )
    make_user("per", display_name="Per", expertise=["Kubernetes"])
    client.force_login(member)
    for query, name in [("sre", "Kari"), ("platform", "Kari"), ("TROMSØ", "Kari"), ("kube", "Per")]:
        assert card_names(client.get(DIRECTORY, {"q": query}).content.decode()) == [name]


def test_expertise_saved_through_the_profile_is_searchable(client, member):
    update_profile(actor=member, person=member, changes={"expertise": ["Ørret-fiske"]})
    client.force_login(member)
    assert card_names(client.get(DIRECTORY, {"q": "ØRRET"}).content.decode()) == ["Mona Member"]


def test_department_filter_offers_existing_departments_and_narrows_results(
    client, member, make_user
):
    make_user("kari", display_name="Kari", department="Platform")
    make_user("per", display_name="Per", department="Sales")
    client.force_login(member)
    html = client.get(DIRECTORY).content.decode()
    assert '<option value="Platform">Platform</option>' in html
    assert '<option value="Sales">Sales</option>' in html
    filtered = client.get(DIRECTORY, {"department": "Sales"}).content.decode()
    assert card_names(filtered) == ["Per"]
    assert '<option value="Sales" selected>' in filtered


def test_cards_show_avatar_name_title_and_department(client, member, make_user):
    kari = make_user("kari", display_name="Kari", job_title="SRE", department="Platform")
    update_profile(actor=kari, person=kari, changes={"avatar": photo()})
    client.force_login(member)
    html = client.get(DIRECTORY, {"q": "kari"}).content.decode()
    assert f'src="/media/{User.objects.get(pk=kari.pk).avatar.name}"' in html
    assert "SRE" in html and "Platform" in html


def test_members_do_not_find_deactivated_people_but_admins_do(
    client, member, admin_user, make_user
):
    gone = make_user("gone", display_name="Gone Person")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    client.force_login(member)
    assert card_names(client.get(DIRECTORY, {"q": "gone"}).content.decode()) == []
    client.force_login(admin_user)
    html = client.get(DIRECTORY, {"q": "gone"}).content.decode()
    assert card_names(html) == ["Gone Person"]
    assert "Deactivated" in html


def test_no_match_says_so(client, member):
    client.force_login(member)
    assert "No one matches that search." in client.get(DIRECTORY, {"q": "zzz"}).content.decode()


def test_pages_follow_name_order_with_a_more_link_and_no_repeats(client, member, make_user):
    for i in range(30):
        make_user(f"p{i:02}", display_name="Same Name" if i % 3 else f"Person {i:02}")
    client.force_login(member)
    seen: list[str] = []
    url = DIRECTORY + "?q="
    for _ in range(5):
        html = client.get(url).content.decode()
        seen += re.findall(r'class="person-card-name"><a href="/people/([^/]+)/">', html)
        more = re.search(r'class="button secondary" href="([^"]+)"', html)
        if not more:
            break
        url = more.group(1).replace("&amp;", "&")
    expected = list(User.objects.order_by("display_name", "id").values_list("username", flat=True))
    assert seen == expected
    assert len(seen) == 31


def test_a_garbled_cursor_shows_the_first_page(client, member):
    client.force_login(member)
    response = client.get(DIRECTORY, {"after": "!!not-a-cursor!!"})
    assert response.status_code == 200
    assert card_names(response.content.decode()) == ["Mona Member"]


def test_search_people_pages_by_keyset_on_name_then_id(member, make_user):
    for name in ["Bo", "Ann", "Bo", "Cy", "Bo"]:
        make_user(f"u{User.objects.count()}", display_name=name)
    first = selectors.search_people(member, "", "", None, limit=3)
    second = selectors.search_people(member, "", "", first.next_cursor, limit=3)
    names = [p.display_name for p in first.people + second.people]
    assert names == ["Ann", "Bo", "Bo", "Bo", "Cy", "Mona Member"]
    assert second.next_cursor is None
    assert len({p.pk for p in first.people + second.people}) == 6


def test_htmx_search_returns_only_the_results_list(client, member):
    client.force_login(member)
    response = client.get(DIRECTORY, {"q": "mona"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert card_names(html) == ["Mona Member"]
    assert "HX-Request" in response["Vary"]


def test_search_works_as_a_plain_form_without_javascript(client, member):
    client.force_login(member)
    html = client.get(DIRECTORY, {"q": "mona"}).content.decode()
    assert '<form method="get" action="/people/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert card_names(html) == ["Mona Member"]


def test_a_directory_page_costs_the_same_few_queries_however_many_people(
    client, member, make_user, django_assert_max_num_queries
):
    boss = make_user("boss", display_name="Boss", department="Board")
    for i in range(30):
        person = make_user(f"p{i:02}", manager=boss, department=f"Dept {i % 4}")
        if i < 3:
            update_profile(actor=person, person=person, changes={"avatar": photo()})
    client.force_login(member)
    client.get(DIRECTORY)  # warm the site-settings cache
    with django_assert_max_num_queries(5):
        response = client.get(DIRECTORY)
    assert len(card_names(response.content.decode())) == selectors.PAGE_SIZE
