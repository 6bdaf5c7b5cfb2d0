"""SAML 2.0 member sign-in: the provider app's settings, IdP metadata, attributes, replays.

allauth's SAML provider (python3-saml underneath) does the protocol: the AuthnRequest, the
signature, audience, destination, recipient and time checks of the Response. This module
builds the settings it reads (``SocialApp.settings``), reads the IdP's metadata when an
admin adds a provider, and refuses a Response that was posted before (`first_use`).

Members are linked by the assertion's NameID (format persistent): allauth's uid, the same
``ExternalId`` subject OpenID Connect's ``sub`` uses (townhall.identity.adapter).
"""

import base64
import binascii
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
PROVIDER = "saml"

# Profile field -> attribute names tried in order (Entra ID / ADFS claim URIs, the LDAP
# OIDs Okta, Keycloak and Shibboleth send with the URI name format, and plain names).
DEFAULT_ATTRIBUTE_MAPPING: dict[str, list[str]] = {
    "email": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "email",
        "mail",
    ],
    "email_verified": ["email_verified"],
    "name": [
        "http://schemas.microsoft.com/identity/claims/displayname",
        "urn:oid:2.16.840.1.113730.3.1.241",
        "displayName",
        "name",
    ],
    "first_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
        "givenName",
        "firstName",
    ],
    "last_name": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
        "sn",
        "lastName",
    ],
    "title": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/title",
        "urn:oid:2.5.4.12",
        "title",
        "jobTitle",
    ],
    "department": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department",
        "urn:oid:2.16.840.1.113730.3.1.2",
        "department",
    ],
    "manager": [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/manager",
        "manager",
        "managerEmail",
    ],
}
MAPPED_FIELDS = tuple(DEFAULT_ATTRIBUTE_MAPPING)
TRUE_WORDS = ("true", "1", "t", "y", "yes")


def is_saml_app(app) -> bool:
    return getattr(app, "provider", "") == PROVIDER


def parse_mapping(text: str) -> dict[str, list[str]]:
    """``field = attribute, attribute`` lines (the admin's overrides of the defaults)."""
    mapping: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        key, sep, names = line.partition("=")
        key = key.strip()
        if not sep or key not in MAPPED_FIELDS:
            raise ValidationError(
                _("Line %(n)d: write “field = attribute name”, with a field among %(fields)s.")
                % {"n": number, "fields": ", ".join(MAPPED_FIELDS)}
            )
        mapping[key] = [n.strip() for n in names.split(",") if n.strip()]
    return mapping


def mapping_text(mapping: dict[str, list[str]]) -> str:
    return "\n".join(f"{key} = {', '.join(names)}" for key, names in mapping.items())


def app_settings(*, idp: dict, attribute_mapping: dict, jit_domains: list[str]) -> dict:
    """``SocialApp.settings`` of a member SAML provider (allauth's keys plus ours)."""
    from townhall.identity import providers

    return {
        "idp": idp,
        # No "uid" key: allauth then takes the NameID as the uid (the stable subject).
        "attribute_mapping": {**DEFAULT_ATTRIBUTE_MAPPING, **attribute_mapping},
        "advanced": {
            "strict": True,
            "want_assertion_signed": True,
            "want_name_id": True,
            "name_id_format": NAMEID_PERSISTENT,
            "reject_idp_initiated_sso": True,
            "reject_deprecated_algorithm": True,
        },
        "townhall": {"purpose": providers.MEMBER, "jit_domains": jit_domains},
    }


def _idp_from_parsed(parsed: dict) -> dict:
    idp = parsed.get("idp") or {}
    cert = idp.get("x509cert") or ((idp.get("x509certMulti") or {}).get("signing") or [""])[0]
    sso_url = (idp.get("singleSignOnService") or {}).get("url", "")
    if not idp.get("entityId") or not sso_url or not cert:
        raise ValidationError(
            _("The metadata names no identity provider with a sign-in address and a certificate.")
        )
    return {"entity_id": idp["entityId"], "sso_url": sso_url, "x509cert": cert}


def idp_from_metadata_xml(xml: str, entity_id: str = "") -> dict:
    """The IdP part of the settings from pasted metadata: entity id, SSO URL, certificate."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml, entity_id=entity_id or None)
    except Exception as error:
        raise ValidationError(
            {"metadata_xml": [_("This is not SAML metadata (%(error)s).") % {"error": error}]}
        ) from error
    return _idp_from_parsed(parsed)


def idp_from_metadata_url(url: str, entity_id: str = "") -> dict:
    """Fetch the metadata once to check it; allauth fetches it again (cached 4 hours)."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse_remote(
            url, entity_id=entity_id or None, timeout=10
        )
    except Exception as error:
        raise ValidationError(
            {"metadata_url": [_("The metadata could not be read: %(error)s") % {"error": error}]}
        ) from error
    found = _idp_from_parsed(parsed)
    return {"metadata_url": url, "entity_id": found["entity_id"], "sso_url": found["sso_url"]}


# --- attributes of a sign-in --------------------------------------------------------------


def attribute(sociallogin, field: str) -> str:
    """The first non-empty value of a mapped attribute in this sign-in's assertion."""
    app = sociallogin.account.get_provider().app
    mapping = (app.settings or {}).get("attribute_mapping") or DEFAULT_ATTRIBUTE_MAPPING
    names = mapping.get(field) or []
    attributes = sociallogin.account.extra_data or {}
    for name in [names] if isinstance(names, str) else names:
        for value in attributes.get(name) or []:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def email_of(sociallogin) -> str:
    """The address in the signed assertion. An IdP that says it is not verified
    (an `email_verified` attribute that is not true) gives none."""
    verified = attribute(sociallogin, "email_verified")
    if verified and verified.lower() not in TRUE_WORDS:
        return ""
    for address in sociallogin.email_addresses:
        if address.email:
            return address.email.strip().lower()
    return ""


# --- replays --------------------------------------------------------------------------------

KEEP_SEEN = datetime.timedelta(days=2)  # far longer than any assertion is valid


def message_ids(saml_response: str) -> list[str]:
    """The Response's ID and its Assertions' IDs ([] when it is not a readable Response)."""
    from onelogin.saml2.utils import OneLogin_Saml2_XML

    try:
        document = OneLogin_Saml2_XML.to_etree(base64.b64decode(saml_response, validate=False))
    except (binascii.Error, ValueError, Exception):
        return []
    ids = [document.get("ID") or ""]
    ids += OneLogin_Saml2_XML.query(document, "//saml:Assertion/@ID")
    return [str(i)[:255] for i in ids if i]


def first_use(saml_response: str) -> bool:
    """Record the message's IDs; False when any of them was posted before (a replay)."""
    from townhall.identity.models import SeenSamlMessage

    ids = message_ids(saml_response)
    now = timezone.now()
    try:
        with transaction.atomic():
            SeenSamlMessage.objects.filter(seen_at__lt=now - KEEP_SEEN).delete()
            SeenSamlMessage.objects.bulk_create(SeenSamlMessage(message_id=i) for i in ids)
    except IntegrityError:
        return False
    return True
