"""The admin area's overview pages: every group, one index of every setting, the logo."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from townhall.core.models import SiteSettings
from townhall.groups import actions as groups
from townhall.identity.models import AuditEntry
from townhall.siteadmin import selectors
from townhall.siteadmin.navigation import SECTIONS

PAGES = ["siteadmin:groups_overview", "siteadmin:settings_index"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["member", "leader", "moderator"])
def test_only_admins_find_the_overview_pages(client, make_user, page, role):
    client.force_login(make_user("casey", role=role))
    assert client.get(reverse(page)).status_code == 404
    assert client.post(reverse("siteadmin:site_logo")).status_code == 404


def test_admins_see_every_group_with_kind_size_owners_and_archived(
    admin_client, admin_user, make_user, django_assert_max_num_queries
):
    gina = make_user("gina", display_name="Gina Owner")
    ben = make_user("ben")
    garden = groups.create_group(actor=gina, name="Garden", kind="public")
    groups.join_group(actor=ben, group=garden)
    vault = groups.create_group(actor=gina, name="Vault", kind="secret")
    old = groups.create_group(actor=ben, name="Old club", kind="private")
    groups.archive_group(actor=ben, group=old)
    with django_assert_max_num_queries(2):  # groups with their counts, then the owners
        listed = selectors.groups_overview(admin_user)
    assert len(listed.groups) == 3 and [o.username for o in listed.groups[0].owners]
    page = admin_client.get(reverse("siteadmin:groups_overview"))
    html = page.content.decode()
    rows = {g.name: g for g in page.context["page"].groups}
    assert set(rows) == {"Garden", "Vault", "Old club"}  # the secret group too
    assert (rows["Garden"].member_count, rows["Garden"].get_kind_display()) == (2, "Public")
    assert rows["Vault"].kind == "secret" and [o.username for o in rows["Vault"].owners] == ["gina"]
    assert rows["Old club"].archived_at is not None
    assert "Gina Owner" in html and "Secret" in html
    assert f"/groups/{vault.slug}/" not in html  # named, not opened: its posts stay private
    only_secret = admin_client.get(reverse("siteadmin:groups_overview") + "?kind=secret")
    assert [g.name for g in only_secret.context["page"].groups] == ["Vault"]


def test_the_settings_index_links_every_section_of_the_admin_area(admin_client):
    html = admin_client.get(reverse("siteadmin:settings_index")).content.decode()
    for section in SECTIONS:
        if section.url_name != "settings_index":
            assert f'href="{section.url}"' in html, section.url_name
    assert reverse("siteadmin:sign_in_methods") in html and "SAML" in html
    assert reverse("siteadmin:import_members") in html


def picture(size=(800, 200), fmt="PNG") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGBA", size, (30, 90, 190, 255)).save(out, format=fmt)
    return SimpleUploadedFile("logo.png", out.getvalue(), "image/png")


def test_an_admin_uploads_a_logo_that_the_header_shows_then_removes_it(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("siteadmin:site_logo"), {"logo": picture()})
    assert response.status_code == 302
    site = SiteSettings.objects.get()
    assert site.logo.name.startswith("site/") and site.logo.name.endswith(".webp")
    with Image.open(site.logo.path) as stored:
        assert stored.size == (384, 96)  # shrunk to fit the header, proportions kept
    home = admin_client.get("/").content.decode()
    assert f'src="{site.logo.url}"' in home and 'class="brand-logo"' in home
    assert admin_client.get(site.logo.url).status_code == 200
    entry = AuditEntry.objects.get(action="settings.change", data__section="logo")
    assert entry.data["changed"] == {"logo": "uploaded"}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("siteadmin:site_logo"), {"remove": "on"})
    assert SiteSettings.objects.get().logo.name == ""
    assert 'class="brand-logo"' not in admin_client.get("/").content.decode()


def test_a_file_that_is_not_a_picture_is_refused_as_a_logo(admin_client):
    bad = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    response = admin_client.post(reverse("siteadmin:site_logo"), {"logo": bad}, follow=True)
    assert "not a picture we can use" in response.content.decode()
    assert SiteSettings.objects.filter(logo="").exists() or not SiteSettings.objects.exists()
    assert not AuditEntry.objects.filter(data__section="logo").exists()
