"""Admins invite people by email, see who has not accepted yet, and can revoke a link."""

from django.core import mail
from django.urls import reverse

from townhall.accounts.invitations import create_invitation, find_open_invitation
from townhall.accounts.models import Invitation

INVITE = reverse("siteadmin:invite")


def test_inviting_several_people_emails_each_their_link(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            INVITE, {"emails": "Ada@Partner.example\n\n bo@northwind.example \n", "role": "leader"}
        )
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", "role")) == [
        ("ada@partner.example", "leader"),
        ("bo@northwind.example", "leader"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@partner.example", "bo@northwind.example"]
    assert "/accounts/" in mail.outbox[0].body and "Alma Admin" in mail.outbox[0].subject

    page = admin_client.get(INVITE).content.decode()
    assert "ada@partner.example" in page and "Leader" in page and "Alma Admin" in page


def test_bad_addresses_are_named_and_nobody_is_invited(admin_client):
    response = admin_client.post(
        INVITE, {"emails": "ok@partner.example\nnot-an-address\nalso@bad@x", "role": "member"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["emails"]
    assert "not-an-address" in errors[0] and "also@bad@x" in errors[0]
    assert "ok@partner.example" not in errors[0]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_address_that_already_has_an_account_is_refused(admin_client, member):
    response = admin_client.post(
        INVITE, {"emails": "new@partner.example\nMONA@northwind.example", "role": "member"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["emails"]
    assert errors == ["This address already has an account: mona@northwind.example"]
    assert not Invitation.objects.exists()


def test_more_than_fifty_addresses_at_once_are_refused(admin_client):
    emails = "\n".join(f"p{n}@partner.example" for n in range(51))
    response = admin_client.post(INVITE, {"emails": emails, "role": "member"})
    assert "at most 50" in response.context["form"].errors["emails"][0]
    assert not Invitation.objects.exists()


def test_an_empty_form_asks_for_an_address(admin_client):
    response = admin_client.post(INVITE, {"emails": "  \n ", "role": "member"})
    assert response.context["form"].errors["emails"]


def test_revoking_an_invitation_stops_its_link_working(admin_client, admin_user):
    invitation, url = create_invitation(actor=admin_user, email="cy@partner.example")
    key = url.rstrip("/").rsplit("/", 1)[-1]
    assert find_open_invitation(key) == invitation

    revoke = reverse("siteadmin:revoke_invitation", args=[invitation.pk])
    response = admin_client.post(revoke, follow=True)
    html = response.content.decode()
    assert "The invitation is revoked" in html
    assert "cy@partner.example" not in html.split("Pending invitations")[1]
    assert find_open_invitation(key) is None

    again = admin_client.post(revoke, follow=True)
    assert "already accepted or revoked" in again.content.decode()


def test_the_invite_form_has_labelled_fields_and_csrf(admin_client):
    html = admin_client.get(INVITE).content.decode()
    assert 'for="id_emails"' in html and 'for="id_role"' in html
    assert "csrfmiddlewaretoken" in html


def test_inviting_an_address_again_leaves_only_the_newest_link_working(admin_user):
    _first, first_url = create_invitation(actor=admin_user, email="nils@elsewhere.example")
    _second, second_url = create_invitation(actor=admin_user, email="Nils@Elsewhere.example")

    def key(url: str) -> str:
        return url.rstrip("/").rsplit("/", 1)[-1]

    assert find_open_invitation(key(first_url)) is None
    assert find_open_invitation(key(second_url)) is not None
    assert Invitation.objects.filter(email="nils@elsewhere.example").count() == 1
