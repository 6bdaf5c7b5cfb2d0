"""The members page: the list with roles, and for group admins invitations, join
requests, removing members, roles and ownership."""

import re

import pytest

from townhall.accounts.actions import deactivate_user
from townhall.groups import actions
from townhall.groups.models import Decision, GroupInvitation, JoinRequest, Membership
from townhall.groups.tests.conftest import url

# session, user, group, 7 membership checks through townhall.access (the selectors
# re-check what the view checked), one page of members, the join requests, the
# invitations, site settings, the unread notifications in the nav.
QUERIES_MEMBERS_PAGE = 14


def member_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><div class="person">.*?<a href="[^"]+">([^<]+)</a>', html)


def roles(group) -> dict[str, str]:
    return dict(Membership.objects.filter(group=group).values_list("user__username", "role"))


def test_anyone_sees_a_public_groups_members_with_their_roles_but_no_tools(
    client, people, make_group
):
    group = make_group("public", "Commons")
    client.force_login(people["mona"])
    html = client.get(url("members", group)).content.decode()
    assert member_names(html) == ["Gale Admin", "Gus Member", "Olga Owner"]
    for role in ("Owner", "Admin", "Member"):
        assert f">{role}</span>" in html
    assert "Invite people" not in html and "Remove" not in html and "Change role" not in html


def test_the_member_list_of_a_private_group_is_for_members_only(client, people, make_group):
    board = make_group("private", "Board")
    client.force_login(people["mona"])
    missing = client.get("/groups/no-such-group/members/")
    response = client.get(url("members", board))
    assert response.status_code == 404 and response.content == missing.content
    client.force_login(people["gus"])
    assert member_names(client.get(url("members", board)).content.decode()) == [
        "Gale Admin",
        "Gus Member",
        "Olga Owner",
    ]


def test_deactivated_members_are_not_listed(client, people, make_group, admin_user):
    group = make_group("public", "Commons")
    deactivate_user(actor=admin_user, person=people["gus"])
    client.force_login(people["mona"])
    assert "Gus Member" not in client.get(url("members", group)).content.decode()


def test_an_admin_invites_a_colleague_found_by_typing_part_of_their_name(
    client, people, make_group
):
    secret = make_group("secret", "Skunkworks")
    client.force_login(people["gale"])
    html = client.get(url("members", secret)).content.decode()
    assert "Invite people" in html and "invitations are the only way in" in html
    options = client.get(url("invite_candidates", secret), {"username": "OUTS"}).content.decode()
    assert '<option value="mona">Mona Outsider</option>' in options
    members_offered = client.get(url("invite_candidates", secret), {"username": "member"})
    assert "gus" not in members_offered.content.decode()  # already in the group
    response = client.post(url("invite", secret), {"username": "mona"}, follow=True)
    html = response.content.decode()
    assert "Mona Outsider is invited." in html
    assert "Waiting for an answer" in html and "@mona" in html
    client.post(url("invite", secret), {"username": "mona"})  # twice: still one invitation
    assert GroupInvitation.objects.filter(group=secret, invitee=people["mona"]).count() == 1


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "No active colleague has the username"),
        ("nobody", "No active colleague has the username “nobody”."),
        ("gus", "This person is already a member."),
    ],
)
def test_inviting_someone_who_cannot_be_invited_says_why_and_changes_nothing(
    client, people, make_group, username, message
):
    group = make_group("private", "Board")
    client.force_login(people["olga"])
    response = client.post(url("invite", group), {"username": username})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GroupInvitation.objects.filter(status=Decision.PENDING).exists()


def test_a_non_admin_member_cannot_search_colleagues_to_invite(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["gus"])
    assert client.get(url("invite_candidates", group), {"username": "mo"}).status_code == 404


def test_an_admin_approves_one_request_and_declines_another(client, people, make_group, make_user):
    board = make_group("private", "Board")
    bo = make_user("bo", password=None, display_name="Bo Applicant")
    actions.request_to_join(actor=people["mona"], group=board, message="I run the budget")
    actions.request_to_join(actor=bo, group=board)
    client.force_login(people["gale"])
    html = client.get(url("members", board)).content.decode()
    assert "Requests to join" in html and "I run the budget" in html and "Bo Applicant" in html
    mona_request = JoinRequest.objects.get(user=people["mona"])
    bo_request = JoinRequest.objects.get(user=bo)
    response = client.post(
        url("decide_request", board, mona_request.pk), {"decision": "approve"}, follow=True
    )
    assert "Mona Outsider is now a member." in response.content.decode()
    client.post(url("decide_request", board, bo_request.pk), {"decision": "decline"})
    assert roles(board)["mona"] == "member" and "bo" not in roles(board)
    bo_request.refresh_from_db()
    assert bo_request.status == Decision.DECLINED
    again = client.post(url("decide_request", board, bo_request.pk), {"decision": "approve"})
    assert again.status_code == 400
    assert "This request has already been decided." in again.content.decode()
    assert "bo" not in roles(board)


def test_a_request_to_another_group_cannot_be_decided_through_this_one(client, people, make_group):
    board = make_group("private", "Board")
    other = make_group("private", "Other", admins=(), members=())
    request = actions.request_to_join(actor=people["mona"], group=other)
    client.force_login(people["gale"])  # admin of Board, not of Other
    response = client.post(url("decide_request", board, request.pk), {"decision": "approve"})
    assert response.status_code == 404
    assert "mona" not in roles(other)


def test_the_owner_changes_roles_makes_a_co_owner_and_removes_members(client, people, make_group):
    group = make_group("public", "Commons", members=("gus", "mona"))
    client.force_login(people["olga"])
    html = client.get(url("members", group)).content.decode()
    assert "Transfer ownership to Gus Member" in html and "Remove Gale Admin" in html
    client.post(url("change_role", group, "gus"), {"role": "admin"})
    client.post(url("change_role", group, "gale"), {"role": "owner"})
    client.post(url("remove_member", group, "mona"))
    assert roles(group) == {"olga": "owner", "gale": "owner", "gus": "admin"}
    response = client.post(url("change_role", group, "gale"), {"role": "member"})
    assert response.status_code == 400
    assert "Owners step down by transferring ownership." in response.content.decode()
    response = client.post(url("change_role", group, "gus"), {"role": "king"})
    assert response.status_code == 400 and roles(group)["gus"] == "admin"


def test_a_group_admin_removes_plain_members_but_not_the_owner(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["gale"])
    html = client.get(url("members", group)).content.decode()
    assert "Remove Gus Member" in html and "Remove Olga Owner" not in html
    assert "Change role" not in html and "Transfer ownership" not in html
    response = client.post(url("remove_member", group, "olga"))
    assert response.status_code == 403
    assert "You cannot remove this member." in response.content.decode()
    response = client.post(url("change_role", group, "gus"), {"role": "admin"})
    assert response.status_code == 403
    response = client.post(url("transfer_ownership", group, "gale"))
    assert response.status_code == 403
    assert "Only an owner can transfer ownership." in response.content.decode()
    client.post(url("remove_member", group, "gus"))
    assert roles(group) == {"olga": "owner", "gale": "admin"}


def test_the_owner_transfers_ownership_and_becomes_an_admin(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["olga"])
    response = client.post(url("transfer_ownership", group, "gus"), follow=True)
    assert "Gus Member now owns the group." in response.content.decode()
    assert roles(group) == {"olga": "admin", "gale": "admin", "gus": "owner"}
    response = client.post(url("leave", group))  # no longer the last owner
    assert response.status_code == 302
    assert "olga" not in roles(group)


def test_managing_someone_who_is_not_a_member_is_missing(client, people, make_group):
    group = make_group("public", "Commons")
    client.force_login(people["olga"])
    for name in ("remove_member", "change_role", "transfer_ownership"):
        assert client.post(url(name, group, "mona"), {"role": "admin"}).status_code == 404
        assert client.post(url(name, group, "nobody"), {"role": "admin"}).status_code == 404


def test_the_member_list_pages_by_cursor(client, people, make_group, make_user):
    group = make_group("public", "Commons", admins=(), members=())
    for n in range(50):
        person = make_user(f"p{n:02d}", password=None, display_name=f"Person {n:02d}")
        actions.join_group(actor=person, group=group)
    client.force_login(people["mona"])
    html = client.get(url("members", group)).content.decode()
    first = member_names(html)
    assert len(first) == 48 and first[:2] == ["Olga Owner", "Person 00"]
    link = re.search(r'hx-get="([^"]+)" hx-target="closest tr"', html).group(1)
    rest = client.get(link.replace("&amp;", "&"), headers={"HX-Request": "true"})
    assert "<h1>" not in rest.content.decode()
    everyone = first + member_names(rest.content.decode())
    assert sorted(everyone) == sorted([f"Person {n:02d}" for n in range(50)] + ["Olga Owner"])
    assert len(set(everyone)) == 51


@pytest.mark.parametrize("count", [1, 20])
def test_the_members_page_costs_the_same_number_of_queries_for_1_and_20_members(
    client, people, make_group, make_user, django_assert_num_queries, count
):
    group = make_group("private", "Board", admins=(), members=())
    for n in range(count):
        person = make_user(f"p{n:02d}", password=None)
        actions.request_to_join(actor=person, group=group)
        if n % 2:
            actions.invite_to_group(actor=people["olga"], group=group, invitee=person)
        else:
            request = JoinRequest.objects.get(user=person)
            actions.decide_join_request(actor=people["olga"], join_request=request, approve=True)
    client.force_login(people["olga"])
    client.get(url("members", group))  # site settings cached from here on
    with django_assert_num_queries(QUERIES_MEMBERS_PAGE):
        response = client.get(url("members", group))
    html = response.content.decode()
    assert len(member_names(html)) == 1 + (count + 1) // 2
    assert html.count('name="decision" value="approve"') == count // 2
