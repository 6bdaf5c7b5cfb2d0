"""Every account page sits in our layout, labels its fields and runs no inline script."""

from html.parser import HTMLParser

import pytest

from townhall.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/confirm-email/",
    "/accounts/invite/unknown-key/",
]
SIGNED_IN_PAGES = [
    "/accounts/security/",
    "/accounts/tokens/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]


class PageParts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels_for, self.fields, self.inline_scripts, self.styled = set(), [], [], []
        self.landmarks = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.inline_scripts.append(attrs)
        if "style" in attrs:
            self.styled.append(tag)
        if tag in ("header", "main", "footer"):
            self.landmarks.add(tag)


def parts_of(response) -> PageParts:
    assert response.status_code in (200, 404), response
    parser = PageParts()
    parser.feed(response.text)
    return parser


def assert_well_formed(parts: PageParts, url: str) -> None:
    assert parts.landmarks == {"header", "main", "footer"}, url
    unlabelled = [
        f for f in parts.fields if f.get("id") not in parts.labels_for and not f.get("aria-label")
    ]
    assert not unlabelled, f"{url}: fields without a label: {unlabelled}"
    assert not parts.inline_scripts, f"{url}: inline scripts {parts.inline_scripts}"
    assert not parts.styled, f"{url}: style attributes on {parts.styled}"


@pytest.mark.parametrize("url", SIGNED_OUT_PAGES)
def test_signed_out_account_pages_use_our_layout_and_label_every_field(client, url):
    assert_well_formed(parts_of(client.get(url)), url)


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_account_settings_pages_use_our_layout_and_label_every_field(client, member, sign_in, url):
    sign_in("mona@northwind.example", PASSWORD)

    response = client.get(url)

    assert_well_formed(parts_of(response), url)


def test_the_sign_up_form_has_stable_labelled_fields(client, db):
    page = client.get("/accounts/signup/").text

    for field_id, label in [
        ("id_display_name", "Your name"),
        ("id_email", "Email"),
        ("id_password1", "Password"),
        ("id_password2", "Password (again)"),
    ]:
        assert f'<label for="{field_id}">{label}:</label>' in page
    assert page.index("id_display_name") < page.index("id_email") < page.index("id_password1")


def test_the_security_page_links_to_every_security_setting(client, member):
    client.force_login(member)

    page = client.get("/accounts/security/").text

    for href in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/tokens/",
    ]:
        assert f'href="{href}"' in page
    assert "Off: anyone who learns your password can sign in as you." in page


def test_every_page_header_links_to_the_security_page(client, member):
    client.force_login(member)

    assert 'href="/accounts/security/"' in client.get("/").text


def test_a_norwegian_speakers_request_leaves_the_next_request_in_the_default_language(
    client, make_user
):
    from django.utils import translation

    ola = make_user("ola", language="nb")
    client.force_login(ola)
    response = client.get("/people/")
    assert response["Content-Language"] == "nb"
    assert "Personer" in response.content.decode()
    assert translation.get_language() == "en"
    client.logout()
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"
