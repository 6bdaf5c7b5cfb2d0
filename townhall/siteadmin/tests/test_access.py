"""Only admins see the admin area; everyone else is told it does not exist."""

import pytest
from django.urls import reverse

PAGES = ["siteadmin:members", "siteadmin:invite", "siteadmin:settings", "siteadmin:tasks"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["member", "leader", "moderator"])
def test_non_admins_are_told_the_admin_pages_do_not_exist(client, make_user, page, role):
    client.force_login(make_user("casey", role=role))
    assert client.get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("page", PAGES)
def test_admins_see_every_admin_page_with_its_navigation(admin_client, page):
    response = admin_client.get(reverse(page))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["Members", "Invitations", "Settings", "Background tasks"]:
        assert label in html
    assert 'aria-current="page"' in html


def test_a_member_cannot_change_anything_through_the_admin_urls(client, member, admin_user):
    client.force_login(member)
    posts = [
        reverse("siteadmin:change_role", args=[member.pk]),
        reverse("siteadmin:deactivate", args=[admin_user.pk]),
        reverse("siteadmin:reactivate", args=[admin_user.pk]),
        reverse("siteadmin:revoke_invitation", args=[1]),
    ]
    for url in posts:
        assert client.post(url, {"role": "admin"}).status_code == 404
    member.refresh_from_db()
    admin_user.refresh_from_db()
    assert member.role == "member"
    assert admin_user.is_active


def test_a_deactivated_admin_is_sent_to_sign_in(client, make_user, admin_user):
    from townhall.accounts.actions import deactivate_user

    other = make_user("otto", role="admin")
    client.force_login(other)
    deactivate_user(actor=admin_user, person=other)
    response = client.get(reverse("siteadmin:members"))
    assert response.status_code == 302
