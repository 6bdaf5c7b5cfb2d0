"""Member single sign-on set by environment variables: read and checked once at start-up
(townhall.config), turned into allauth provider apps (townhall.identity.environment), and
winning over the admin area."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from townhall.config import ConfigError, load_config
from townhall.identity import environment

SSO_ENV = {
    "TOWNHALL_OIDC_DISCOVERY_URL": "https://login.northwind.example/realms/staff",
    "TOWNHALL_OIDC_CLIENT_ID": "townhall",
    "TOWNHALL_OIDC_CLIENT_SECRET": "s3cret",
    "TOWNHALL_OIDC_NAME": "Northwind ID",
    "TOWNHALL_SAML_METADATA_URL": "https://idp.northwind.example/saml/metadata",
    "TOWNHALL_SAML_NAME": "Northwind SAML",
    "TOWNHALL_SSO_ONLY": "1",
    "TOWNHALL_SSO_ALLOWED_DOMAINS": "@Northwind.example, northwind.no",
}


def config_with(**env):
    return load_config({"TOWNHALL_DATA_DIR": str(load_config().data_dir), **env})


@pytest.fixture
def sso_from_environment():
    sso = config_with(**SSO_ENV).sso
    with override_settings(
        TOWNHALL_SSO=sso, SOCIALACCOUNT_PROVIDERS=environment.allauth_providers(sso)
    ):
        yield sso


def test_the_variables_are_read_once_and_cleaned():
    sso = config_with(**SSO_ENV).sso
    assert sso.oidc_client_id == "townhall" and sso.sso_only is True
    assert sso.allowed_domains == ["northwind.example", "northwind.no"]
    assert config_with().sso.sso_only is None  # unset: the admin area decides


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"TOWNHALL_OIDC_DISCOVERY_URL": "https://login.example"}, "go together"),
        ({"TOWNHALL_OIDC_CLIENT_ID": "townhall"}, "go together"),
        ({"TOWNHALL_SAML_METADATA_URL": "idp.example/metadata"}, "web address"),
        ({"TOWNHALL_SSO_ONLY": "sometimes"}, "yes/no"),
        ({"TOWNHALL_SSO_ALLOWED_DOMAINS": "northwind"}, "not an email domain"),
    ],
)
def test_a_wrong_value_stops_the_start_saying_what_to_fix(env, says):
    with pytest.raises(ConfigError, match=says):
        config_with(**env)


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_providers_set_by_the_environment(client, sso_from_environment):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Northwind ID" in page
    assert "Sign in with Northwind SAML" in page
    assert "/accounts/saml/env-saml/login/" in page
    assert "passwords are for admins" in page  # TOWNHALL_SSO_ONLY


@pytest.mark.django_db
def test_sso_only_from_the_environment_refuses_a_members_password(
    client, member, sso_from_environment
):
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": "correct-horse-9"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_page_shows_environment_values_read_only(
    client, admin_user, sso_from_environment
):
    from townhall.identity import actions

    client.force_login(admin_user)
    page = client.get("/admin-area/sign-in/").content.decode()
    assert page.count("from the environment") >= 2
    assert "https://login.northwind.example/realms/staff" in page
    assert "Set by TOWNHALL_SSO_ONLY" in page and "disabled" in page
    # Saving the options keeps the stored choice: the environment's value is not written.
    client.post(
        "/admin-area/sign-in/",
        {"form": "options", "options-scim_groups_map_to": "departments"},
    )
    stored = actions.identity_settings()
    assert (stored.sso_only, stored.scim_groups_map_to) == (False, "departments")


def test_a_start_with_the_variables_set_configures_allauth():
    """The real start-up path: a fresh Python process importing the settings module."""
    env = {**os.environ, **SSO_ENV, "DJANGO_SETTINGS_MODULE": "townhall.settings"}
    code = (
        "from django.conf import settings;"
        "apps = settings.SOCIALACCOUNT_PROVIDERS;"
        "print(sorted(apps), apps['saml']['APPS'][0]['settings']['townhall'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "['openid_connect', 'saml'] {'purpose': 'member', "
        "'jit_domains': ['northwind.example', 'northwind.no']}"
    )
