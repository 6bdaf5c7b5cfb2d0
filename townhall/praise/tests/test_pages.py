"""Praise pages as people use them: give praise, see it in the feed and on profiles."""

import html

import pytest

from townhall.praise.actions import give_praise
from townhall.praise.models import Praise

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def form(**changes) -> dict:
    return {"recipients": "@bo cy", "badge": "team_player", "message": "Great launch!", **changes}


def test_give_praise_from_a_profile_and_land_on_the_post(client, office):
    client.force_login(office.aria)
    page = text_of(client.get("/praise/new/?to=bo"))
    assert 'value="@bo"' in page and "🤝" in page and "Above and beyond" in page
    response = client.post("/praise/new/", form(), follow=True)
    praise = Praise.objects.get()
    assert response.redirect_chain == [(f"/posts/{praise.post_id}/", 302)]
    page = text_of(response)
    assert "Your praise is published." in page
    assert "Team player" in page and "Bo Builder" in page and "Cy Coder" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message": ""}, "Write something first: the text is empty."),
        ({"recipients": ""}, "Choose at least one colleague to praise."),
        ({"recipients": "@aria"}, "You cannot praise yourself: choose a colleague."),
        ({"recipients": "@bo @nobody"}, "Nobody here has the username @nobody."),
        ({"badge": "best_boss"}, "Unknown badge."),
        ({"badge": ""}, "Unknown badge."),
    ],
)
def test_bad_input_comes_back_with_a_clear_message(client, office, changes, message):
    client.force_login(office.aria)
    response = client.post("/praise/new/", form(**changes))
    assert response.status_code == 400
    assert message in text_of(response)
    assert not Praise.objects.exists()


def test_eleven_usernames_are_too_many(client, office, make_user):
    names = [make_user(f"p{n:02d}", password=None).username for n in range(11)]
    client.force_login(office.aria)
    response = client.post("/praise/new/", form(recipients=" ".join(names)))
    assert response.status_code == 400
    assert "Praise at most 10 colleagues at a time." in text_of(response)


def test_praise_appears_in_the_feed_card_with_badge_and_people(client, office):
    give_praise(actor=office.aria, recipients=[office.bo], badge="great_idea", message="Nice")
    client.force_login(office.dee)
    page = text_of(client.get("/company/"))
    assert '<span aria-hidden="true">💡</span> Great idea' in page
    assert 'for <a href="/people/bo/">Bo Builder</a>' in page


def test_the_profile_loads_praise_received_and_works_without_javascript(client, office):
    give_praise(actor=office.aria, recipients=[office.bo], badge="thank_you", message="Thanks!")
    client.force_login(office.dee)
    profile = text_of(client.get("/people/bo/"))
    assert 'hx-get="/praise/people/bo/"' in profile
    assert 'href="/praise/people/bo/"' in profile  # the link without JavaScript
    fragment = text_of(client.get("/praise/people/bo/", headers={"HX-Request": "true"}))
    assert "<html" not in fragment
    assert (
        "Praise received" in fragment and "Thanks!" in fragment and "Praise Bo Builder" in fragment
    )
    page = text_of(client.get("/praise/people/bo/"))
    assert "<html" in page and "Praise for Bo Builder" in page and "Thanks!" in page


def test_your_own_received_page_offers_no_praise_button(client, office):
    client.force_login(office.bo)
    page = text_of(client.get("/praise/people/bo/"))
    assert "No praise for Bo Builder yet." in page
    assert "/praise/new/?to=" not in page


def test_praise_in_a_secret_group_is_not_on_the_profile_for_outsiders(client, office):
    give_praise(
        actor=office.aria, recipients=[office.olga], badge="thank_you", message="Secret thanks",
        group=office.skunkworks,
    )  # fmt: skip
    client.force_login(office.bo)
    assert "Secret thanks" not in text_of(client.get("/praise/people/olga/"))
    assert "Secret thanks" not in text_of(client.get("/praise/"))
    client.force_login(office.aria)
    assert "Secret thanks" in text_of(client.get("/praise/people/olga/"))


def test_an_unknown_person_is_a_404_and_a_bad_page_link_a_400(client, office):
    client.force_login(office.bo)
    assert client.get("/praise/people/nobody/").status_code == 404
    response = client.get("/praise/people/bo/?after=nonsense")
    assert response.status_code == 400 and "This page link is not valid." in text_of(response)


def test_signed_out_visitors_are_sent_to_sign_in(client, office):
    for path in ("/praise/", "/praise/new/", "/praise/people/bo/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_the_received_list_costs_the_same_for_1_or_20(
    client, office, django_assert_max_num_queries
):
    client.force_login(office.dee)

    def give(n):
        for i in range(n):
            give_praise(
                actor=office.aria, recipients=[office.bo, office.cy], badge="thank_you",
                message=f"Thanks {i}",
            )  # fmt: skip

    give(1)
    client.get("/praise/people/bo/")
    # session, user, person, praise with post and author, people praised, site settings...
    with django_assert_max_num_queries(8):
        client.get("/praise/people/bo/", headers={"HX-Request": "true"})
    give(19)
    with django_assert_max_num_queries(8):
        response = client.get("/praise/people/bo/", headers={"HX-Request": "true"})
    assert text_of(response).count('class="card praise-item"') == 20
