"""Writes of the identity app: sign-in methods, SSO options, SCIM tokens, links, exports.

Each takes the acting person first, checks townhall.access, runs in one transaction and
writes its audit entry.
"""

import secrets

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.access.identity import can_manage_identity, can_read_audit_log
from townhall.accounts.models import User
from townhall.identity import audit, providers, saml
from townhall.identity.models import ExternalId, IdentitySettings, ScimToken

SCIM_TOKEN_PREFIX = "thscim_"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def identity_settings() -> IdentitySettings:
    return IdentitySettings.objects.get_or_create(pk=1)[0]


def _provider_id(name: str) -> str:
    base = f"sso-{slugify(name)[:30]}".rstrip("-") or "sso"
    candidate, n = base, 1
    while SocialApp.objects.filter(provider_id=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _clean_domains(domains: list[str]) -> list[str]:
    return sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})


@transaction.atomic
def add_member_oidc_provider(
    *, actor, name: str, server_url: str, client_id: str, secret: str, jit_domains: list[str]
) -> SocialApp:
    """Members sign in at this OpenID Connect provider (found by its discovery URL)."""
    _require(can_manage_identity(actor))
    name = " ".join(name.split())[:40]
    if not name or not client_id.strip() or not server_url.strip():
        raise ValidationError(_("A name, a discovery URL and a client ID are needed."))
    if not server_url.strip().startswith(("https://", "http://")):
        raise ValidationError({"server_url": [_("Enter an http:// or https:// address.")]})
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=_provider_id(name),
        name=name,
        client_id=client_id.strip(),
        secret=secret,
        settings={
            "server_url": server_url.strip(),
            "uid_field": "sub",
            "townhall": {"purpose": providers.MEMBER, "jit_domains": _clean_domains(jit_domains)},
        },
    )
    audit.record(
        audit.SETTINGS_CHANGE,
        actor=actor,
        target=app,
        section="sign_in",
        change="member_provider_added",
        server_url=server_url.strip(),
    )
    return app


def add_member_saml_provider(
    *,
    actor,
    name: str,
    metadata_url: str = "",
    metadata_xml: str = "",
    idp_entity_id: str = "",
    attribute_mapping: dict | None = None,
    jit_domains: list[str],
) -> SocialApp:
    """Members sign in at this SAML 2.0 identity provider, described by its metadata (an
    address Townhall reads, or the XML pasted). Members are linked by the NameID."""
    _require(can_manage_identity(actor))
    name = " ".join(name.split())[:40]
    if not name or bool(metadata_url.strip()) == bool(metadata_xml.strip()):
        raise ValidationError(_("Give a name, and either the metadata address or its XML."))
    # Read before the transaction: a slow identity provider holds no database lock.
    if metadata_url.strip():
        idp = saml.idp_from_metadata_url(metadata_url.strip(), idp_entity_id.strip())
    else:
        idp = saml.idp_from_metadata_xml(metadata_xml.strip(), idp_entity_id.strip())
    with transaction.atomic():
        provider_id = _provider_id(name)
        app = SocialApp.objects.create(
            provider=saml.PROVIDER,
            provider_id=provider_id,
            name=name,
            client_id=provider_id,  # allauth's "organisation slug" in the SAML URLs
            settings=saml.app_settings(
                idp=idp,
                attribute_mapping=attribute_mapping or {},
                jit_domains=_clean_domains(jit_domains),
            ),
        )
        audit.record(
            audit.SETTINGS_CHANGE,
            actor=actor,
            target=app,
            section="sign_in",
            change="member_provider_added",
            protocol="saml",
            idp_entity_id=idp["entity_id"],
        )
    return app


@transaction.atomic
def remove_member_provider(*, actor, app: SocialApp) -> None:
    _require(can_manage_identity(actor))
    if not providers.is_member_app(app):
        raise PermissionDenied
    audit.record(
        audit.SETTINGS_CHANGE,
        actor=actor,
        target=app,
        section="sign_in",
        change="member_provider_removed",
    )
    SocialApp.objects.filter(pk=app.pk).delete()


@transaction.atomic
def set_sign_in_options(*, actor, sso_only: bool, scim_groups_map_to: str) -> IdentitySettings:
    _require(can_manage_identity(actor))
    if scim_groups_map_to not in IdentitySettings.GroupMapping.values:
        raise ValidationError({"scim_groups_map_to": [_("Choose groups or departments.")]})
    options = IdentitySettings.objects.select_for_update().get_or_create(pk=1)[0]
    changed = {}
    if options.sso_only != sso_only:
        changed["sso_only"] = [options.sso_only, sso_only]
    if options.scim_groups_map_to != scim_groups_map_to:
        changed["scim_groups_map_to"] = [options.scim_groups_map_to, scim_groups_map_to]
    options.sso_only = sso_only
    options.scim_groups_map_to = scim_groups_map_to
    options.save()
    if changed:
        audit.record(
            audit.SETTINGS_CHANGE, actor=actor, target=options, section="sign_in", changed=changed
        )
    return options


@transaction.atomic
def issue_scim_token(*, actor, name: str) -> tuple[ScimToken, str]:
    """A bearer token for the identity provider's SCIM client; the secret is shown once."""
    _require(can_manage_identity(actor))
    secret = SCIM_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(
        name=" ".join(name.split())[:80] or "SCIM",
        prefix=secret[:14],
        key_hash=ScimToken.hash_secret(secret),
        created_by=actor,
    )
    audit.record(audit.SCIM_TOKEN_CREATED, actor=actor, target=token)
    return token, secret


@transaction.atomic
def revoke_scim_token(*, actor, token: ScimToken) -> ScimToken:
    _require(can_manage_identity(actor))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(audit.SCIM_TOKEN_REVOKED, actor=actor, target=token)
    return token


def scim_token_for_secret(secret: str) -> ScimToken | None:
    token = ScimToken.objects.filter(
        key_hash=ScimToken.hash_secret(secret), revoked_at__isnull=True
    ).first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def set_external_id(*, actor, person: User, external_id: str, source: str = "admin") -> ExternalId:
    """Link `person` to the identity provider's subject (an admin's explicit link)."""
    _require(actor is None or can_manage_identity(actor))
    external_id = external_id.strip()
    if not external_id or len(external_id) > 255:
        raise ValidationError({"external_id": [_("Give the identity provider's subject.")]})
    taken = ExternalId.objects.filter(external_id=external_id).exclude(user=person).exists()
    if taken:
        raise ValidationError({"external_id": [_("Another account has this subject.")]})
    link, _created = ExternalId.objects.update_or_create(
        user=person, defaults={"external_id": external_id, "source": source}
    )
    audit.record(audit.SSO_LINK, actor=actor, target=person, how=source, subject=external_id)
    return link


def record_export(*, actor, kind: str, filters: dict) -> None:
    _require(can_read_audit_log(actor))
    audit.record(audit.EXPORT, actor=actor, format=kind, filters=filters)
