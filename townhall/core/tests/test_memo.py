"""`{% memo %}` (townhall.core.templatetags.memo): page frames made once per process must
still differ wherever readers differ, and can never carry one reader's data to another."""

import pytest
from django.template import engines
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(template, **context) -> str:
    return template.render(context).strip()


def test_a_memo_block_sees_only_its_own_values():
    template = engines["django"].from_string(
        "{% load memo %}{% memo role=role %}[{{ role }}|{{ secret }}|{{ user.username }}]"
        "{% csrf_token %}{% endmemo %}"
    )
    text = render(template, role="member", secret="s3cret", user={"username": "ada"})
    assert text == "[member||]"  # nothing but `role`: no secret, user or CSRF token


def test_each_set_of_values_and_each_language_gets_its_own_text():
    template = engines["django"].from_string(
        '{% load i18n memo %}{% memo nav=nav %}{% if nav == "feed" %}*{% endif %}'
        '{% translate "Feed" %}{% endmemo %}'
    )
    assert render(template, nav="feed") == "*Feed"
    assert render(template, nav="people") == "Feed"
    assert render(template, nav="feed") == "*Feed"
    with translation.override("nb"):
        norwegian = render(template, nav="feed")
    assert norwegian.startswith("*") and norwegian != "*Feed"


def test_the_main_navigation_follows_each_reader_through_one_process(client, make_user, admin_user):
    """The same templates serve an admin, then a member, then a guest: each sees only their
    own destinations, the page they are on marked, and their own profile link and bell."""
    member = make_user("mo", display_name="Mo Member")
    guest = make_user("gus", role="guest", display_name="Gus Guest")
    for person, admin_link, company_link in (
        (admin_user, True, True),
        (member, False, True),
        (guest, False, False),
        (admin_user, True, True),
    ):
        client.force_login(person)
        page = client.get("/").content.decode()
        assert ('href="/admin-area/' in page) is admin_link
        assert ('href="/company/"' in page) is company_link
        assert f'href="/people/{person.username}/"' in page
        people_page = client.get("/people/").content.decode()
        assert '<a href="/people/" aria-current="page">' in people_page
        assert '<a href="/" aria-current="page">' not in people_page
