"""Admins name the site and choose which email domains may sign up."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from townhall.core.models import SiteSettings
from townhall.core.site import allowed_email_domains, current_site_settings
from townhall.siteadmin.actions import update_site_settings

SETTINGS = reverse("siteadmin:settings")


def test_saved_domains_are_allowed_at_once_alongside_the_environments(admin_client):
    assert allowed_email_domains() == {"northwind.example"}  # read (and cached) before
    response = admin_client.post(
        SETTINGS,
        {
            "name": "Northwind Hall",
            "allowed_email_domains": "Partner.Example\n\nsub.partner.example\n",
        },
        follow=True,
    )
    assert "Settings saved." in response.content.decode()
    assert allowed_email_domains() == {
        "northwind.example",
        "partner.example",
        "sub.partner.example",
    }
    assert current_site_settings().name == "Northwind Hall"
    assert "Northwind Hall" in admin_client.get(SETTINGS).content.decode()


@pytest.mark.parametrize(
    "bad", ["ada@partner.example", "not a domain", "-leading.example", "exa_mple.com"]
)
def test_invalid_domains_are_named_next_to_the_field_and_nothing_is_saved(admin_client, bad):
    response = admin_client.post(
        SETTINGS, {"name": "Renamed", "allowed_email_domains": f"good.example\n{bad}"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["allowed_email_domains"]
    assert bad.lower() in errors[0] and "good.example" not in errors[0]
    site = SiteSettings.objects.filter(pk=1).first()
    assert site is None or (site.name != "Renamed" and site.allowed_email_domains == [])
    assert allowed_email_domains() == {"northwind.example"}


def test_a_site_name_is_required(admin_client):
    response = admin_client.post(SETTINGS, {"name": " ", "allowed_email_domains": ""})
    assert response.context["form"].errors["name"]


def test_the_environments_domains_are_shown_read_only(admin_client):
    html = admin_client.get(SETTINGS).content.decode()
    assert "TOWNHALL_ALLOWED_EMAIL_DOMAINS" in html
    assert "<li>northwind.example</li>" in html
    assert 'name="allowed_email_domains"' in html and "northwind.example</textarea>" not in html


def test_only_an_admin_may_update_the_settings(member):
    with pytest.raises(PermissionDenied):
        update_site_settings(actor=member, name="Mine now", allowed_email_domains=["evil.example"])
    assert allowed_email_domains() == {"northwind.example"}
