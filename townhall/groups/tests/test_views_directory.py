"""The groups directory: my groups first, search, cursor pages, my invitations, create."""

import re

import pytest
from django.urls import reverse

from townhall.groups import actions
from townhall.groups.models import Group, Membership

DIRECTORY = reverse("groups:directory")
CREATE = reverse("groups:create")


def names(html: str) -> list[str]:
    return re.findall(r'class="group-card-name"><a href="[^"]+">([^<]+)</a>', html)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in (DIRECTORY, CREATE):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_my_groups_come_first_then_the_others_a_to_z_with_kind_and_member_count(
    client, people, make_group
):
    make_group("public", "Zebra crossing", description="Road safety.")
    make_group("private", "Board", members=())
    make_group("public", "apple growers", members=("gus", "mona"))
    client.force_login(people["mona"])
    html = client.get(DIRECTORY).content.decode()
    assert names(html) == ["apple growers", "Board", "Zebra crossing"]
    assert html.index("Your groups") < html.index("apple growers") < html.index("Other groups")
    assert html.index("Other groups") < html.index("Board")
    board = html.split(">Board<")[1].split("</article>")[0]
    assert "Private" in board and "2 members" in board
    zebra = html.split(">Zebra crossing<")[1].split("</article>")[0]
    assert "Public" in zebra and "Road safety." in zebra and "3 members" in zebra


def test_secret_groups_are_listed_only_for_their_members(client, people, make_group):
    make_group("secret", "Skunkworks")
    client.force_login(people["mona"])
    html = client.get(DIRECTORY).content.decode()
    assert "Skunkworks" not in html
    client.force_login(people["gus"])
    html = client.get(DIRECTORY).content.decode()
    assert names(html) == ["Skunkworks"]
    assert "Secret" in html and "3 members" in html


def test_member_counts_leave_out_deactivated_people(client, people, make_group, admin_user):
    from townhall.accounts.actions import deactivate_user

    make_group("public", "Commons", members=("gus", "mona"))
    deactivate_user(actor=admin_user, person=people["gus"])
    client.force_login(people["mona"])
    assert "3 members" in client.get(DIRECTORY).content.decode()


def test_search_matches_names_in_any_letter_case_including_non_ascii(client, people, make_group):
    make_group("public", "Økonomi og Drift")
    make_group("public", "Marketing")
    client.force_login(people["mona"])
    for query in ("økonomi", "ØKONOMI", "drift øk"):
        html = client.get(DIRECTORY, {"q": query}).content.decode()
        assert names(html) == ["Økonomi og Drift"], query
    html = client.get(DIRECTORY, {"q": "nothing like it"}).content.decode()
    assert names(html) == [] and "No group matches that search." in html


def test_the_directory_pages_by_cursor_through_mine_and_the_others(client, people, make_group):
    for n in range(30):
        make_group("public", f"Team {n:02d}", admins=(), members=("mona",) if n % 3 == 0 else ())
    client.force_login(people["mona"])
    seen, path, params = [], DIRECTORY, {}
    while True:
        html = client.get(path, params).content.decode()
        seen += names(html)
        match = re.search(r'class="group-more">\s*<a class="button secondary" href="([^"]+)"', html)
        if not match:
            break
        path, params = match.group(1).replace("&amp;", "&"), {}
    mine = [f"Team {n:02d}" for n in range(30) if n % 3 == 0]
    others = [f"Team {n:02d}" for n in range(30) if n % 3]
    assert seen == mine + others


def test_load_more_under_htmx_returns_only_the_next_cards(client, people, make_group):
    for n in range(26):
        make_group("public", f"Team {n:02d}", admins=(), members=())
    client.force_login(people["mona"])
    html = client.get(DIRECTORY).content.decode()
    link = re.search(r'hx-get="([^"]+)"\s+hx-target="closest p"', html).group(1)
    partial = client.get(link.replace("&amp;", "&"), headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<h1>" not in text and "Your groups" not in text and "Other groups" not in text
    assert names(text) == ["Team 24", "Team 25"]


def test_a_broken_cursor_shows_the_first_page(client, people, make_group):
    make_group("public", "Commons")
    client.force_login(people["mona"])
    response = client.get(DIRECTORY, {"after": "%%%"})
    assert response.status_code == 200 and names(response.content.decode()) == ["Commons"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_directory_costs_the_same_number_of_queries_for_1_and_20_groups(
    client, people, make_group, django_assert_num_queries, count
):
    for n in range(count):
        group = make_group("private" if n % 2 else "public", f"Team {n:02d}")
        actions.invite_to_group(actor=people["olga"], group=group, invitee=people["mona"])
    client.force_login(people["mona"])
    client.get(DIRECTORY)  # site settings cached from here on
    # session, user, groups (with membership flag and member count), my invitations,
    # site settings, the unread notifications in the nav
    with django_assert_num_queries(5):
        html = client.get(DIRECTORY).content.decode()
    assert len(names(html)) == count
    assert html.count('name="answer" value="accept"') == count


def test_my_invitations_sit_on_top_and_accepting_one_makes_me_a_member(client, people, make_group):
    secret = make_group("secret", "Skunkworks")
    actions.invite_to_group(actor=people["olga"], group=secret, invitee=people["mona"])
    client.force_login(people["mona"])
    html = client.get(DIRECTORY).content.decode()
    assert html.index("My invitations") < html.index("Search groups")
    assert "Olga Owner invited you to <strong>Skunkworks</strong>" in html
    assert "Secret" in html and "3 members" not in html  # an invitee learns no size
    response = client.post(
        reverse("groups:answer_invitation", args=[secret.slug]), {"answer": "accept"}
    )
    assert response["Location"] == reverse("groups:detail", args=[secret.slug])
    assert Membership.objects.filter(group=secret, user=people["mona"]).exists()
    assert "My invitations" not in client.get(DIRECTORY).content.decode()


def test_declining_an_invitation_removes_it_and_leaves_the_group_unseen(client, people, make_group):
    secret = make_group("secret", "Skunkworks")
    actions.invite_to_group(actor=people["olga"], group=secret, invitee=people["mona"])
    client.force_login(people["mona"])
    response = client.post(
        reverse("groups:answer_invitation", args=[secret.slug]), {"answer": "decline"}, follow=True
    )
    assert "You declined the invitation." in response.content.decode()
    assert "Skunkworks" not in client.get(DIRECTORY).content.decode()
    assert client.get(reverse("groups:detail", args=[secret.slug])).status_code == 404


def test_a_member_creates_a_private_group_and_owns_it(client, people):
    client.force_login(people["mona"])
    html = client.get(CREATE).content.decode()
    assert 'for="id_name"' in html and "Who can see it" in html
    response = client.post(
        CREATE, {"name": "  Book   club ", "description": "Monthly reads.", "kind": "private"}
    )
    group = Group.objects.get(name="Book club")
    assert response["Location"] == reverse("groups:detail", args=[group.slug])
    assert (group.kind, group.description, group.name_key) == (
        "private",
        "Monthly reads.",
        "book club",
    )
    assert Membership.objects.get(group=group).user == people["mona"]
    assert Membership.objects.get(group=group).role == "owner"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "   ", "kind": "public"}, "This field is required."),
        ({"name": "x" * 81, "kind": "public"}, "at most 80 characters"),
        ({"name": "Fine", "kind": "hidden"}, "Select a valid choice."),
        ({"name": "Fine", "kind": "public", "description": "d" * 2001}, "at most 2000 characters"),
    ],
)
def test_creating_a_group_with_bad_input_is_a_400_and_creates_nothing(
    client, people, data, message
):
    client.force_login(people["mona"])
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Group.objects.exists()


def test_a_group_called_new_does_not_hide_the_create_page(client, people):
    group = actions.create_group(actor=people["mona"], name="New")
    assert group.slug != "new"
    client.force_login(people["mona"])
    assert "Create group" in client.get(CREATE).content.decode()
    assert client.get(reverse("groups:detail", args=[group.slug])).status_code == 200
