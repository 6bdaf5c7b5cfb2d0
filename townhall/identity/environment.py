"""Member single sign-on from the environment (TOWNHALL_OIDC_*, TOWNHALL_SAML_*, TOWNHALL_SSO_*).

`townhall.config` reads and checks the variables once; settings.py turns them into allauth
provider apps here (``SOCIALACCOUNT_PROVIDERS``). allauth lists those apps beside the
database's ``SocialApp`` rows, so the sign-in page, the adapter and the admin page treat
them like providers added in the admin area, except that the admin page cannot change them.
"""

from townhall.config import SsoConfig

ENV_OIDC_ID = "env-oidc"
ENV_SAML_ID = "env-saml"  # also its organisation slug: /accounts/saml/env-saml/...


def allauth_providers(sso: SsoConfig) -> dict:
    from townhall.identity import providers, saml

    options = {"purpose": providers.MEMBER, "jit_domains": list(sso.allowed_domains)}
    result: dict = {}
    if sso.oidc_discovery_url:
        result["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": ENV_OIDC_ID,
                    "name": sso.oidc_name,
                    "client_id": sso.oidc_client_id,
                    "secret": sso.oidc_client_secret,
                    "settings": {
                        "server_url": sso.oidc_discovery_url,
                        "uid_field": "sub",
                        "townhall": options,
                    },
                }
            ]
        }
    if sso.saml_metadata_url:
        idp = {"metadata_url": sso.saml_metadata_url, "entity_id": sso.saml_entity_id or None}
        result["saml"] = {
            "APPS": [
                {
                    "provider_id": ENV_SAML_ID,
                    "name": sso.saml_name,
                    "client_id": ENV_SAML_ID,
                    "settings": saml.app_settings(
                        idp=idp, attribute_mapping={}, jit_domains=list(sso.allowed_domains)
                    ),
                }
            ]
        }
    return result
