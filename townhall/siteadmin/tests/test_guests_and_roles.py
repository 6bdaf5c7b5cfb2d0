"""Admins invite external guests into chosen groups, make people guests, and read what each
role may do (the Roles page asks the permission layer itself)."""

import pytest
from django.urls import reverse

from townhall.accounts.models import Invitation, User
from townhall.accounts.tests.conftest import last_link
from townhall.groups import actions as groups
from townhall.groups.models import Membership
from townhall.identity.models import AuditEntry

INVITE = reverse("siteadmin:invite")
ROLES = reverse("siteadmin:roles")


@pytest.fixture
def board(make_user, admin_user):
    olga = make_user("olga", display_name="Olga Owner")
    board = groups.create_group(actor=olga, name="Board", kind="private")
    groups.create_group(actor=olga, name="Commons", kind="public")
    invitation = groups.invite_to_group(actor=olga, group=board, invitee=admin_user)
    groups.accept_invitation(actor=admin_user, invitation=invitation)
    return board


def test_an_invited_guest_signs_up_as_an_external_guest_inside_the_chosen_group(
    admin_client, board, client, django_capture_on_commit_callbacks
):
    page = admin_client.get(INVITE).content.decode()
    assert "Board" in page and "Commons" in page and "External guest" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            INVITE, {"emails": "pat@partner.example", "role": "guest", "groups": [board.pk]}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="pat@partner.example")
    assert (invitation.role, invitation.group_ids) == ("guest", [board.pk])

    path = last_link("pat@partner.example", "/accounts/invite/")
    admin_client.logout()
    client.get(path, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "display_name": "Pat Partner",
                "email": "pat@partner.example",
                "password1": "correct-horse-9",
                "password2": "correct-horse-9",
            },
            follow=True,
        )
    pat = User.objects.get(email="pat@partner.example")
    assert pat.role == "guest"
    assert list(Membership.objects.filter(user=pat).values_list("group__name", "role")) == [
        ("Board", "member")
    ]
    assert client.get(reverse("groups:detail", args=[board.slug])).status_code == 200
    assert client.get(reverse("feeds:company")).status_code == 404


def test_a_guest_invitation_without_a_group_is_refused_next_to_the_groups(admin_client, board):
    response = admin_client.post(INVITE, {"emails": "pat@partner.example", "role": "guest"})
    assert response.status_code == 200
    assert "choose at least one" in response.context["form"].errors["groups"][0]
    assert not Invitation.objects.exists()


def test_an_admin_cannot_invite_into_a_secret_group_they_cannot_see(admin_client, make_user, board):
    olga = User.objects.get(username="olga")
    hidden = groups.create_group(actor=olga, name="Skunkworks", kind="secret")
    assert "Skunkworks" not in admin_client.get(INVITE).content.decode()
    response = admin_client.post(
        INVITE, {"emails": "pat@partner.example", "role": "guest", "groups": [hidden.pk]}
    )
    assert "groups" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_making_a_member_a_guest_is_logged_and_refused_while_they_run_a_group(
    admin_client, admin_user, make_user, board
):
    gus = make_user("gus", display_name="Gus Member")
    url = reverse("siteadmin:change_role", args=[gus.pk])
    admin_client.post(url, {"role": "guest"})
    gus.refresh_from_db()
    assert gus.role == "guest"
    entry = AuditEntry.objects.filter(target_id=str(gus.pk)).latest("id")
    assert (entry.data["old"], entry.data["new"]) == ("member", "guest")

    olga = User.objects.get(username="olga")
    response = admin_client.post(
        reverse("siteadmin:change_role", args=[olga.pk]), {"role": "guest"}, follow=True
    )
    olga.refresh_from_db()
    assert olga.role == "member"
    assert "owns or runs a group" in response.content.decode()


def test_the_roles_page_lists_each_roles_powers_as_the_rules_decide(admin_client):
    response = admin_client.get(ROLES)
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table class="admin-table role-powers">', 1)[1].split("</table>")[0]
    assert "External guest" in table and "Moderator" in table and "Commenter" not in table
    rows = {row.label: row.held for row in response.context["rows"]}
    roles = [str(r) for r in response.context["roles"]]
    assert roles == ["member", "leader", "moderator", "admin", "guest"]
    assert rows["Creates groups"] == [True, True, True, True, False]
    assert rows["Uses the admin area"] == [False, False, False, True, False]
    assert rows["Announces to everyone"] == [False, True, False, True, False]
    assert rows["Reads and posts in the groups they belong to"] == [True] * 5
    assert rows["Is marked as External wherever their name appears"] == [False] * 4 + [True]
    assert 'href="/admin-area/roles/"' in html  # in the admin navigation


def test_the_roles_page_is_for_admins_only(client, member, make_user):
    assert client.get(ROLES).status_code == 302  # signed out: to sign in
    client.force_login(member)
    assert client.get(ROLES).status_code == 404
    client.force_login(make_user("gwen", role="guest"))
    assert client.get(ROLES).status_code == 404
