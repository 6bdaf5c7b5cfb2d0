"""Member single sign-on in a real browser (system Chromium) against a real OpenID Connect
provider started on 127.0.0.1 by the test (oidc-provider-mock: discovery, authorize page,
token endpoint, JWKS and userinfo over HTTP), through django-allauth's OpenID Connect
provider and townhall.identity's adapter."""

import re

import pytest
from oidc_provider_mock import User as OidcUser
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import expect

from townhall.accounts.models import User
from townhall.identity import actions, audit
from townhall.identity.models import AuditEntry, ExternalId

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    # A newcomer whose provider vouches for her address: created just in time.
    OidcUser(
        sub="emp-nina",
        claims={
            "email": "nina@northwind.example",
            "email_verified": True,
            "name": "Nina Newcomer",
            "title": "Engineer",
            "department": "Platform",
            "manager": "emp-mona",  # her manager's subject
        },
    ),
    # Someone whose address is Mona's, unverified: never linked, never created.
    OidcUser(
        sub="emp-mallory",
        claims={"email": "mona@northwind.example", "email_verified": False, "name": "M"},
    ),
    # A verified address at a domain the provider may not create members for.
    OidcUser(
        sub="emp-outsider",
        claims={"email": "olga@elsewhere.example", "email_verified": True, "name": "Olga"},
    ),
    # Mona's real subject at the provider (her address there differs): linked by subject.
    OidcUser(
        sub="emp-mona",
        claims={"email": "mona.m@northwind.example", "email_verified": True, "name": "Mona"},
    ),
]


@pytest.fixture
def oidc_provider():
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


def sign_in_with_sso(page, live_server, oidc_provider, sub: str):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Northwind ID").click()
    page.wait_for_url(re.compile(re.escape(oidc_provider)))
    page.get_by_role("button", name=sub).click()


def test_an_admin_connects_the_provider_and_a_newcomer_is_created_at_first_sign_in(
    page, browser, live_server, admin_user, member, oidc_provider, assert_accessible
):
    actions.set_external_id(actor=admin_user, person=member, external_id="emp-mona")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(admin_user.email)
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(live_server.url + "/admin-area/sign-in/")
    assert_accessible(page)
    form = page.locator("form").filter(
        has=page.get_by_role("button", name="Add provider", exact=True)
    )
    form.get_by_label("Name on the button").fill("Northwind ID")
    form.get_by_label("Discovery URL").fill(oidc_provider)
    form.get_by_label("Client ID").fill("townhall")
    form.get_by_label("Client secret").fill("s3cret")
    form.get_by_label("Create members on first sign-in for these email domains").fill(
        "northwind.example"
    )
    form.get_by_role("button", name="Add provider").click()
    expect(page.get_by_text("Members can now sign in with this provider.")).to_be_visible()

    newcomer = browser.new_context().new_page()
    sign_in_with_sso(newcomer, live_server, oidc_provider, "emp-nina")
    newcomer.wait_for_url(re.compile(r"/$"))
    nina = User.objects.get(email="nina@northwind.example")
    assert nina.role == User.Role.MEMBER and nina.display_name == "Nina Newcomer"
    assert (nina.job_title, nina.department) == ("Engineer", "Platform")
    assert nina.manager == member  # the manager claim named Mona's subject
    assert ExternalId.objects.get(user=nina).external_id == "emp-nina"
    assert AuditEntry.objects.filter(action=audit.SSO_LINK, target_id=str(nina.pk)).exists()
    assert AuditEntry.objects.filter(action=audit.SIGN_IN, actor_id=nina.pk).exists()
    newcomer.goto(live_server.url + "/identity/sessions/")
    expect(newcomer.get_by_text("this browser")).to_be_visible()
    assert_accessible(newcomer)

    # Signing in again finds her by subject: no second account.
    again = browser.new_context().new_page()
    sign_in_with_sso(again, live_server, oidc_provider, "emp-nina")
    again.wait_for_url(re.compile(r"/$"))
    assert User.objects.filter(email__startswith="nina").count() == 1


def test_an_unverified_email_never_links_nor_creates_and_a_foreign_domain_is_refused(
    page, live_server, admin_user, member, oidc_provider, assert_accessible
):
    actions.add_member_oidc_provider(
        actor=admin_user,
        name="Northwind ID",
        server_url=oidc_provider,
        client_id="townhall",
        secret="s3cret",
        jit_domains=["northwind.example"],
    )
    people = User.objects.count()
    sign_in_with_sso(page, live_server, oidc_provider, "emp-mallory")
    page.wait_for_url(re.compile(r"/identity/sign-in-refused/"))
    expect(page.get_by_text("did not confirm your email address")).to_be_visible()
    assert_accessible(page)
    assert member.socialaccount_set.count() == 0 and User.objects.count() == people
    refusal = AuditEntry.objects.get(action=audit.SSO_REFUSED)
    assert refusal.data["reason"] == "unverified_email"
    page.goto(live_server.url + "/")
    page.wait_for_url(re.compile(r"/accounts/login/"))  # not signed in as Mona

    sign_in_with_sso(page, live_server, oidc_provider, "emp-outsider")
    page.wait_for_url(re.compile(r"/identity/sign-in-refused/"))
    expect(page.get_by_text("There is no account for you here yet.")).to_be_visible()
    assert User.objects.count() == people


def test_a_member_is_linked_by_the_subject_an_admin_recorded_not_by_address(
    page, live_server, admin_user, member, oidc_provider
):
    actions.add_member_oidc_provider(
        actor=admin_user,
        name="Northwind ID",
        server_url=oidc_provider,
        client_id="townhall",
        secret="s3cret",
        jit_domains=[],
    )
    actions.set_external_id(actor=admin_user, person=member, external_id="emp-mona")
    sign_in_with_sso(page, live_server, oidc_provider, "emp-mona")
    page.wait_for_url(re.compile(r"/$"))
    account = member.socialaccount_set.get()
    assert account.uid == "emp-mona"
    assert AuditEntry.objects.filter(
        action=audit.SIGN_IN, actor_id=member.pk, data__method=f"sso:{account.provider}"
    ).exists()
