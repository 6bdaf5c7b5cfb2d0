"""Member sign-in by SAML 2.0 against a real identity provider started by the test: a small
IdP built with pysaml2 (saml_idp.py) on 127.0.0.1, with its own key and certificate, signing
with xmlsec1. Townhall's side is allauth's SAML provider (python3-saml) and
townhall.identity's adapter; the browser tests drive system Chromium."""

import base64
import re

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import Client, override_settings
from playwright.sync_api import expect

from townhall.accounts.models import User
from townhall.config import load_config
from townhall.identity import actions, audit, environment
from townhall.identity.models import AuditEntry, ExternalId
from townhall.identity.tests.saml_idp import (
    DEPARTMENT,
    DISPLAY_NAME,
    EMAIL,
    MANAGER,
    TITLE,
    Person,
    running_idp,
)

PEOPLE = [
    # A newcomer at the organisation's domain; her manager is Mona, named by address.
    Person(
        "emp-nina",
        {
            EMAIL: ["nina@northwind.example"],
            DISPLAY_NAME: ["Nina Newcomer"],
            TITLE: ["Engineer"],
            DEPARTMENT: ["Platform"],
            MANAGER: ["mona@northwind.example"],
        },
    ),
    # Mona's subject at the IdP; her address there differs from the one she has here.
    Person(
        "emp-mona",
        {
            EMAIL: ["mona.m@northwind.example"],
            DISPLAY_NAME: ["Mona Member"],
            TITLE: ["Head of Platform"],
            MANAGER: ["nobody-we-know@northwind.example"],
        },
    ),
    # The IdP itself says this address is not verified.
    Person("emp-mallory", {EMAIL: ["mallory@northwind.example"], "email_verified": ["false"]}),
]


@pytest.fixture
def saml_idp():
    with running_idp(PEOPLE) as idp:
        yield idp


def saml_urls(base: str, slug: str) -> tuple[str, str]:
    return f"{base}/accounts/saml/{slug}/acs/", f"{base}/accounts/saml/{slug}/metadata/"


def sign_in_with_saml(page, live_server, button: str, subject: str):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name=button).click()
    page.get_by_role("button", name=subject).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_connects_a_saml_idp_and_a_newcomer_is_created_then_followed_at_each_sign_in(
    page, browser, live_server, admin_user, member, saml_idp, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(admin_user.email)
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(live_server.url + "/admin-area/sign-in/")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add SAML provider"))
    form.get_by_label("Name on the button").fill("Northwind SAML")
    form.get_by_label("Identity provider metadata URL").fill(f"{saml_idp.url}/metadata")
    form.get_by_label("Create members on first sign-in for these email domains").fill(
        "northwind.example"
    )
    form.get_by_role("button", name="Add SAML provider").click()
    expect(page.get_by_text("Members can now sign in with this provider.")).to_be_visible()
    # What the IdP's admin needs is on the page, and our metadata is published there.
    expect(page.get_by_text("Assertion consumer service (reply) URL")).to_be_visible()
    expect(page.get_by_text("nameid-format:persistent")).to_be_visible()
    assert_accessible(page)
    slug = SocialApp.objects.get(provider="saml").client_id
    metadata = page.request.get(f"{live_server.url}/accounts/saml/{slug}/metadata/")
    assert metadata.ok and "AssertionConsumerService" in metadata.text()

    newcomer = browser.new_context().new_page()
    sign_in_with_saml(newcomer, live_server, "Sign in with Northwind SAML", "emp-nina")
    newcomer.wait_for_url(re.compile(re.escape(live_server.url) + r"/$"))
    nina = User.objects.get(email="nina@northwind.example")
    assert nina.role == User.Role.MEMBER and nina.display_name == "Nina Newcomer"
    assert (nina.job_title, nina.department, nina.manager) == ("Engineer", "Platform", member)
    assert ExternalId.objects.get(user=nina).external_id == "emp-nina"
    assert AuditEntry.objects.filter(action=audit.SSO_LINK, target_id=str(nina.pk)).exists()
    assert AuditEntry.objects.filter(
        action=audit.SIGN_IN, actor_id=nina.pk, data__method=f"sso:{slug}"
    ).exists()

    # The same answer posted again is a replay: refused, clearly, and nothing happens.
    people = User.objects.count()
    replay = Client().post(
        f"/accounts/saml/{slug}/acs/",
        {"SAMLResponse": saml_idp.responses[-1]},
        follow=True,
        headers={"host": "localhost"},
    )
    assert replay.status_code == 403
    assert "used before" in replay.content.decode()
    assert User.objects.count() == people
    assert AuditEntry.objects.filter(action=audit.SSO_REFUSED, data__reason="replayed").exists()

    # HR moves her; at her next sign-in the profile follows, and she is the same member.
    saml_idp.people["emp-nina"].attributes[DEPARTMENT] = ["Finance"]
    again = browser.new_context().new_page()
    sign_in_with_saml(again, live_server, "Sign in with Northwind SAML", "emp-nina")
    again.wait_for_url(re.compile(re.escape(live_server.url) + r"/$"))
    assert User.objects.filter(email__startswith="nina").count() == 1
    nina.refresh_from_db()
    assert nina.department == "Finance"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_is_linked_by_subject_through_a_saml_idp_set_by_the_environment(
    page, live_server, admin_user, member, saml_idp
):
    config = load_config(
        {
            "TOWNHALL_DATA_DIR": str(load_config().data_dir),
            "TOWNHALL_SAML_METADATA_URL": f"{saml_idp.url}/metadata",
            "TOWNHALL_SAML_NAME": "Northwind SAML",
        }
    )
    actions.set_external_id(actor=admin_user, person=member, external_id="emp-mona")
    with override_settings(
        TOWNHALL_SSO=config.sso, SOCIALACCOUNT_PROVIDERS=environment.allauth_providers(config.sso)
    ):
        sign_in_with_saml(page, live_server, "Sign in with Northwind SAML", "emp-mona")
        page.wait_for_url(re.compile(re.escape(live_server.url) + r"/$"))
        # An address the IdP marks unverified never links nor creates.
        people = User.objects.count()
        other = page.context.browser.new_context().new_page()
        sign_in_with_saml(other, live_server, "Sign in with Northwind SAML", "emp-mallory")
        other.wait_for_url(re.compile(r"/identity/sign-in-refused/"))
        expect(other.get_by_text("did not confirm your email address")).to_be_visible()
        assert User.objects.count() == people
    account = member.socialaccount_set.get()
    assert (account.uid, account.provider) == ("emp-mona", environment.ENV_SAML_ID)
    member.refresh_from_db()
    # Her title follows the IdP; her manager is an address nobody has here: left alone.
    assert (member.job_title, member.manager) == ("Head of Platform", None)
    assert member.email == "mona@northwind.example"  # the IdP's address never replaces hers


# --- refusals, posted straight to the assertion consumer service --------------------------

BASE = "http://localhost"


@pytest.fixture
def saml_app(admin_user, saml_idp):
    return actions.add_member_saml_provider(
        actor=admin_user,
        name="Northwind SAML",
        metadata_url=f"{saml_idp.url}/metadata",
        jit_domains=["northwind.example"],
    )


def post_response(xml: str, slug: str):
    client = Client(headers={"host": "localhost"})
    encoded = base64.b64encode(xml.encode()).decode()
    return client.post(f"/accounts/saml/{slug}/acs/", {"SAMLResponse": encoded}, follow=True)


def assert_refused_and_nothing_created(response, people: int) -> None:
    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert User.objects.count() == people
    assert not ExternalId.objects.filter(external_id="emp-nina").exists()
    refusal = AuditEntry.objects.filter(action=audit.SSO_REFUSED).latest("id")
    assert refusal.data["reason"] == "invalid_response"


@pytest.mark.django_db
def test_an_assertion_changed_after_signing_is_refused(saml_idp, saml_app):
    acs, audience = saml_urls(BASE, saml_app.client_id)
    people = User.objects.count()
    xml = saml_idp.response_for("emp-nina", acs_url=acs, audience=audience)
    assert ">Platform<" in xml
    response = post_response(xml.replace(">Platform<", ">Executive board<"), saml_app.client_id)
    assert_refused_and_nothing_created(response, people)
    assert (
        "ignature"
        in AuditEntry.objects.filter(action=audit.SSO_REFUSED).latest("id").data["detail"]
    )


@pytest.mark.django_db
def test_an_unsigned_assertion_is_refused_also_inside_a_signed_response(saml_idp, saml_app):
    acs, audience = saml_urls(BASE, saml_app.client_id)
    people = User.objects.count()
    unsigned = saml_idp.response_for(
        "emp-nina", acs_url=acs, audience=audience, sign_assertion=False
    )
    assert_refused_and_nothing_created(post_response(unsigned, saml_app.client_id), people)
    wrapped = saml_idp.response_for(
        "emp-nina", acs_url=acs, audience=audience, sign_assertion=False, sign_response=True
    )
    assert_refused_and_nothing_created(post_response(wrapped, saml_app.client_id), people)


@pytest.mark.django_db
def test_an_assertion_for_another_audience_is_refused(saml_idp, saml_app):
    acs, _audience = saml_urls(BASE, saml_app.client_id)
    people = User.objects.count()
    xml = saml_idp.response_for(
        "emp-nina", acs_url=acs, audience="https://other-app.northwind.example/saml"
    )
    assert_refused_and_nothing_created(post_response(xml, saml_app.client_id), people)
    detail = AuditEntry.objects.filter(action=audit.SSO_REFUSED).latest("id").data["detail"]
    assert "audience" in detail.lower()


@pytest.mark.django_db
def test_a_response_nobody_asked_for_is_refused(saml_idp, saml_app):
    """A correctly signed answer without a sign-in we started (IdP-initiated, or one taken
    from another browser) signs nobody in."""
    acs, audience = saml_urls(BASE, saml_app.client_id)
    people = User.objects.count()
    xml = saml_idp.response_for("emp-nina", acs_url=acs, audience=audience)
    assert_refused_and_nothing_created(post_response(xml, saml_app.client_id), people)


@pytest.mark.django_db
def test_pasted_metadata_xml_is_read_and_bad_xml_is_refused(admin_user, saml_idp):
    from django.core.exceptions import ValidationError

    app = actions.add_member_saml_provider(
        actor=admin_user, name="Pasted", metadata_xml=saml_idp.metadata(), jit_domains=[]
    )
    assert app.settings["idp"]["sso_url"] == f"{saml_idp.url}/sso/redirect"
    assert app.settings["idp"]["entity_id"] == saml_idp.entity_id
    with pytest.raises(ValidationError):
        actions.add_member_saml_provider(
            actor=admin_user,
            name="Broken",
            metadata_xml="<html>not metadata</html>",
            jit_domains=[],
        )
