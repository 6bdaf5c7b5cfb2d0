"""/api/v1/groups: listing, creating, managing, joining, requests, invitations, members."""

import pytest

from townhall.groups import actions as groups
from townhall.groups.models import Group, GroupInvitation, JoinRequest, Membership
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups"


@pytest.fixture
def people(make_user):
    return {
        "olga": make_user("olga", display_name="Olga Owner"),
        "gale": make_user("gale", display_name="Gale Admin"),
        "mona": make_user("mona", display_name="Mona Member"),
        "carl": make_user("carl", display_name="Carl Colleague"),
    }


@pytest.fixture
def kinds(people):
    olga = people["olga"]
    made = {
        kind: groups.create_group(actor=olga, name=name, kind=kind, description=f"{name}.")
        for kind, name in (("public", "Commons"), ("private", "Board"), ("secret", "Skunkworks"))
    }
    for group in made.values():
        invitation = groups.invite_to_group(actor=olga, group=group, invitee=people["gale"])
        groups.accept_invitation(actor=people["gale"], invitation=invitation)
        membership = Membership.objects.get(group=group, user=people["gale"])
        groups.set_member_role(actor=olga, membership=membership, role="admin")
    return made


def names(response) -> list[str]:
    return [group["name"] for group in response.json()["items"]]


def test_the_list_shows_public_and_private_groups_but_not_secret_ones(people, kinds, api_as):
    assert names(api_as(people["mona"]).get(GROUPS)) == ["Board", "Commons"]
    assert names(api_as(people["olga"]).get(GROUPS)) == ["Board", "Commons", "Skunkworks"]
    mine = api_as(people["olga"]).get(GROUPS, {"mine": "true"}).json()["items"]
    assert {g["my_role"] for g in mine} == {"owner"}


def test_the_list_searches_names_in_any_letter_case(people, api_as):
    groups.create_group(actor=people["olga"], name="Østfold Sales")
    groups.create_group(actor=people["olga"], name="Oslo")
    assert names(api_as(people["mona"]).get(GROUPS, {"q": "østFOLD"})) == ["Østfold Sales"]


def test_a_secret_group_is_a_404_for_outsiders_exactly_like_a_missing_one(people, kinds, api_as):
    mona = api_as(people["mona"])
    secret = kinds["secret"].pk
    for path in ("", "/members", "/feed", "/join", "/join-requests", "/invitations"):
        method = mona.get if path in ("", "/members", "/feed") else mona.post
        body = {"person_id": people["carl"].pk} if path == "/invitations" else {}
        args = (body,) if method == mona.post else ()
        seen, missing = (
            method(f"{GROUPS}/{secret}{path}", *args),
            method(f"{GROUPS}/99999{path}", *args),
        )
        assert seen.status_code == missing.status_code == 404, path
        assert seen.json() == missing.json()
    assert not Membership.objects.filter(user=people["mona"]).exists()


def test_a_member_creates_a_group_and_owns_it(people, api_as):
    response = api_as(people["mona"]).post(
        GROUPS, {"name": "  Book   club ", "description": "Reading.", "kind": "private"}
    )
    assert response.status_code == 201
    group = response.json()
    assert (group["name"], group["kind"], group["my_role"]) == ("Book club", "private", "owner")
    assert group["member_count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "Ok", "kind": "hidden"}, "kind"),
        ({"name": "Ok", "description": "d" * 2001}, "description"),
        ({"name": 5}, "name"),
        ({}, "name"),
    ],
)
def test_bad_groups_are_refused_naming_the_field(people, api_as, body, field):
    response = api_as(people["mona"]).post(GROUPS, body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Group.objects.exists()


def test_admins_rename_change_kind_and_archive_but_members_cannot(people, kinds, api_as):
    commons = kinds["public"]
    groups.join_group(actor=people["mona"], group=commons)
    mona, gale = api_as(people["mona"]), api_as(people["gale"])
    assert mona.patch(f"{GROUPS}/{commons.pk}", {"name": "Mine"}).status_code == 403
    renamed = gale.patch(f"{GROUPS}/{commons.pk}", {"description": "Everyone."})
    assert renamed.json()["description"] == "Everyone." and renamed.json()["name"] == "Commons"
    assert gale.patch(f"{GROUPS}/{commons.pk}", {"name": " "}).status_code == 422
    assert mona.post(f"{GROUPS}/{commons.pk}/kind", {"kind": "secret"}).status_code == 403
    assert gale.post(f"{GROUPS}/{commons.pk}/kind", {"kind": "private"}).json()["kind"] == "private"
    assert gale.post(f"{GROUPS}/{commons.pk}/kind", {"kind": "open"}).status_code == 422
    archived = gale.post(f"{GROUPS}/{commons.pk}/archive", {})
    assert archived.json()["archived_at"] is not None
    assert (
        gale.post(f"{GROUPS}/{commons.pk}/archive", {"archived": False}).json()["archived_at"]
        is None
    )


def test_joining_a_public_group_works_and_twice_changes_nothing(people, kinds, api_as):
    mona = api_as(people["mona"])
    first = mona.post(f"{GROUPS}/{kinds['public'].pk}/join")
    assert first.status_code == 200 and first.json()["role"] == "member"
    assert mona.post(f"{GROUPS}/{kinds['public'].pk}/join").status_code == 200
    assert Membership.objects.filter(user=people["mona"]).count() == 1


def test_a_private_group_takes_a_request_that_an_admin_approves(people, kinds, api_as):
    board = kinds["private"]
    mona, gale = api_as(people["mona"]), api_as(people["gale"])
    refused = mona.post(f"{GROUPS}/{board.pk}/join")
    assert refused.status_code == 403 and "ask to join" in refused.json()["message"]
    asked = mona.post(f"{GROUPS}/{board.pk}/join-requests", {"message": "Please"})
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    again = mona.post(f"{GROUPS}/{board.pk}/join-requests", {"message": "Please"})
    assert again.json()["id"] == asked.json()["id"]
    assert mona.get(f"{GROUPS}/{board.pk}/join-requests").status_code == 403
    listed = gale.get(f"{GROUPS}/{board.pk}/join-requests").json()["items"]
    assert [r["person"]["username"] for r in listed] == ["mona"]
    assert mona.post(f"/api/v1/join-requests/{asked.json()['id']}/approve").status_code == 403
    approved = gale.post(f"/api/v1/join-requests/{asked.json()['id']}/approve")
    assert approved.json()["status"] == "approved"
    decided = gale.post(f"/api/v1/join-requests/{asked.json()['id']}/decline")
    assert decided.status_code == 409 and decided.json()["code"] == "already_decided"
    assert Membership.objects.filter(group=board, user=people["mona"]).exists()


def test_a_declined_request_adds_nobody(people, kinds, api_as):
    board = kinds["private"]
    asked = api_as(people["mona"]).post(f"{GROUPS}/{board.pk}/join-requests", {}).json()
    declined = api_as(people["gale"]).post(f"/api/v1/join-requests/{asked['id']}/decline")
    assert declined.json()["status"] == "declined"
    assert not Membership.objects.filter(group=board, user=people["mona"]).exists()


def test_other_peoples_join_requests_are_404(people, kinds, api_as):
    asked = api_as(people["mona"]).post(f"{GROUPS}/{kinds['private'].pk}/join-requests", {})
    response = api_as(people["carl"]).post(f"/api/v1/join-requests/{asked.json()['id']}/approve")
    assert response.status_code == 404
    assert JoinRequest.objects.get().status == "pending"


def test_an_invitation_is_the_way_into_a_secret_group(people, kinds, api_as):
    secret = kinds["secret"]
    mona, gale = api_as(people["mona"]), api_as(people["gale"])
    invited = gale.post(f"{GROUPS}/{secret.pk}/invitations", {"person_id": people["mona"].pk})
    assert invited.status_code == 201
    mine = mona.get("/api/v1/invitations").json()["items"]
    assert [(i["group"]["name"], i["invited_by"]["username"]) for i in mine] == [
        ("Skunkworks", "gale")
    ]
    assert mona.get(f"{GROUPS}/{secret.pk}").status_code == 200  # invitees see the name
    assert mona.get(f"{GROUPS}/{secret.pk}/members").status_code == 404  # ... not the members
    assert gale.post(f"/api/v1/invitations/{mine[0]['id']}/accept").status_code == 404
    accepted = mona.post(f"/api/v1/invitations/{mine[0]['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["role"] == "member"
    again = mona.post(f"/api/v1/invitations/{mine[0]['id']}/accept")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"


def test_a_declined_invitation_leaves_the_secret_group_hidden(people, kinds, api_as):
    secret = kinds["secret"]
    invitation = groups.invite_to_group(actor=people["olga"], group=secret, invitee=people["mona"])
    mona = api_as(people["mona"])
    assert mona.post(f"/api/v1/invitations/{invitation.pk}/decline").json()["status"] == "declined"
    assert mona.get(f"{GROUPS}/{secret.pk}").status_code == 404


def test_only_admins_invite_and_only_colleagues_who_exist(people, kinds, api_as):
    commons = kinds["public"]
    groups.join_group(actor=people["mona"], group=commons)
    carl_id = people["carl"].pk
    refused = api_as(people["mona"]).post(
        f"{GROUPS}/{commons.pk}/invitations", {"person_id": carl_id}
    )
    assert refused.status_code == 403
    unknown = api_as(people["gale"]).post(
        f"{GROUPS}/{commons.pk}/invitations", {"person_id": 987654}
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "person_id"
    member = api_as(people["gale"]).post(
        f"{GROUPS}/{commons.pk}/invitations", {"person_id": people["mona"].pk}
    )
    assert member.status_code == 409 and member.json()["code"] == "already_member"
    assert not GroupInvitation.objects.filter(invitee=people["carl"]).exists()


def test_members_are_listed_for_readers_of_the_group_only(people, kinds, api_as):
    mona = api_as(people["mona"])
    public = mona.get(f"{GROUPS}/{kinds['public'].pk}/members").json()["items"]
    assert [(m["person"]["username"], m["role"]) for m in public] == [
        ("olga", "owner"),
        ("gale", "admin"),
    ]
    assert mona.get(f"{GROUPS}/{kinds['private'].pk}/members").status_code == 404
    detail = mona.get(f"{GROUPS}/{kinds['private'].pk}").json()
    # A listed group's size is public (as on its page), its members are not.
    assert detail["member_count"] == 2 and detail["my_role"] is None
    assert mona.get(f"{GROUPS}/{kinds['public'].pk}").json()["member_count"] == 2


def test_owners_change_roles_and_remove_members(people, kinds, api_as):
    commons = kinds["public"]
    groups.join_group(actor=people["mona"], group=commons)
    groups.join_group(actor=people["carl"], group=commons)
    olga, gale = api_as(people["olga"]), api_as(people["gale"])
    mona_path = f"{GROUPS}/{commons.pk}/members/{people['mona'].pk}"
    assert gale.patch(mona_path, {"role": "admin"}).status_code == 403
    assert olga.patch(mona_path, {"role": "admin"}).json()["role"] == "admin"
    assert olga.patch(mona_path, {"role": "boss"}).status_code == 422
    carl_path = f"{GROUPS}/{commons.pk}/members/{people['carl'].pk}"
    assert api_as(people["carl"]).delete(mona_path).status_code == 403
    assert gale.delete(carl_path).status_code == 204
    assert gale.delete(carl_path).status_code == 404
    assert not Membership.objects.filter(group=commons, user=people["carl"]).exists()


def test_leaving_works_but_the_last_owner_must_hand_over_first(people, kinds, api_as):
    commons = kinds["public"]
    olga, gale = api_as(people["olga"]), api_as(people["gale"])
    last = olga.post(f"{GROUPS}/{commons.pk}/leave")
    assert last.status_code == 409 and last.json()["code"] == "last_owner"
    moved = olga.post(f"{GROUPS}/{commons.pk}/transfer", {"person_id": people["gale"].pk})
    assert moved.status_code == 200 and moved.json()["my_role"] == "admin"
    assert olga.post(f"{GROUPS}/{commons.pk}/leave").status_code == 204
    assert gale.get(f"{GROUPS}/{commons.pk}").json()["my_role"] == "owner"
    not_member = olga.post(f"{GROUPS}/{commons.pk}/leave")
    assert not_member.status_code == 409 and not_member.json()["code"] == "not_member"


def test_ownership_goes_only_to_members(people, kinds, api_as):
    response = api_as(people["olga"]).post(
        f"{GROUPS}/{kinds['public'].pk}/transfer", {"person_id": people["carl"].pk}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person_id"
    assert Membership.objects.get(group=kinds["public"], user=people["olga"]).role == "owner"


def test_admins_pin_a_post_of_their_group(people, kinds, api_as):
    commons = kinds["public"]
    post = posts.create_post(actor=people["olga"], body="Welcome", group=commons)
    elsewhere = posts.create_post(actor=people["olga"], body="Elsewhere")
    gale = api_as(people["gale"])
    assert (
        gale.put(f"{GROUPS}/{commons.pk}/pin", {"post_id": post.pk}).json()["pinned_post_id"]
        == post.pk
    )
    wrong = gale.put(f"{GROUPS}/{commons.pk}/pin", {"post_id": elsewhere.pk})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "post_id"
    assert (
        api_as(people["mona"]).put(f"{GROUPS}/{commons.pk}/pin", {"post_id": None}).status_code
        == 403
    )
    assert (
        gale.put(f"{GROUPS}/{commons.pk}/pin", {"post_id": None}).json()["pinned_post_id"] is None
    )
