"""What the identity provider says about a person → their profile, for OIDC and SAML alike.

Four fields come from the provider, at the first sign-in and again at every sign-in, so
the directory follows HR's system: name, job title, department and manager. A field the
provider does not send (or sends empty) is left as it is. The manager claim holds the
manager's email address or subject (``ExternalId``); when nobody here has it, the manager
stays as it was.

OpenID Connect claims: ``name``, ``title`` (or ``job_title``), ``department``, ``manager``.
SAML attributes: the provider's attribute mapping (townhall.identity.saml).
"""

from django.core.exceptions import ValidationError

from townhall.access.roles import is_active_member, is_commenter
from townhall.accounts.models import User
from townhall.commenters.text import clean_line
from townhall.identity import saml
from townhall.identity.models import ExternalId

SYNCED_FIELDS = ("display_name", "job_title", "department", "manager")
OIDC_CLAIMS = {
    "display_name": ("name",),
    "job_title": ("title", "job_title"),
    "department": ("department",),
    "manager": ("manager",),
}
SAML_FIELDS = {"display_name": "name", "job_title": "title", "department": "department"}


def oidc_claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    merged: dict = {}
    for part in ("id_token", "userinfo"):
        if isinstance(data.get(part), dict):
            merged.update(data[part])
    return merged or (data if isinstance(data, dict) else {})


def _is_saml(sociallogin) -> bool:
    try:
        return saml.is_saml_app(sociallogin.account.get_provider().app)
    except Exception:
        return False


def profile_values(sociallogin) -> dict[str, str]:
    """The values the provider sent for SYNCED_FIELDS, cleaned; missing ones left out."""
    values: dict[str, str] = {}
    if _is_saml(sociallogin):
        for field, key in SAML_FIELDS.items():
            values[field] = saml.attribute(sociallogin, key)
        if not values["display_name"]:
            parts = [saml.attribute(sociallogin, key) for key in ("first_name", "last_name")]
            values["display_name"] = " ".join(p for p in parts if p)
        values["manager"] = saml.attribute(sociallogin, "manager")
    else:
        claims = oidc_claims(sociallogin)
        for field, names in OIDC_CLAIMS.items():
            found = next(
                (claims[n] for n in names if isinstance(claims.get(n), str) and claims[n].strip()),
                "",
            )
            values[field] = found
    cleaned = {f: clean_line(v, 254 if f == "manager" else 120) for f, v in values.items()}
    return {f: v for f, v in cleaned.items() if v}


def find_manager(reference: str) -> User | None:
    """The active member whose address or identity-provider subject this is, if any."""
    if "@" in reference:
        person = User.objects.filter(email__iexact=reference).first()
    else:
        link = ExternalId.objects.select_related("user").filter(external_id=reference).first()
        person = link.user if link else None
    if person is None or is_commenter(person) or not is_active_member(person):
        return None
    return person


def sync_profile(person: User, values: dict[str, str]) -> list[str]:
    """Apply the provider's values to `person`'s profile; returns the fields changed.

    Goes through the profile's own action (people.actions.update_profile), so the same
    rules hold (lengths, no own manager, no loop in the org chart). A manager who cannot be
    set (unknown, inactive, a loop) leaves the manager as it was."""
    from townhall.people.actions import update_profile

    changes: dict = {
        field: values[field]
        for field in ("display_name", "job_title", "department")
        if values.get(field) and getattr(person, field) != values[field]
    }
    manager = find_manager(values["manager"]) if values.get("manager") else None
    if manager is not None and manager.pk != person.manager_id:
        changes["manager"] = manager
    if not changes:
        return []
    try:
        update_profile(actor=person, person=person, changes=changes)
    except ValidationError:
        changes.pop("manager", None)
        if not changes:
            return []
        update_profile(actor=person, person=person, changes=changes)
    return sorted(changes)
