"""Changes to a person's profile. The profile page, the API and the admin area call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from townhall.accounts.models import TIME_ZONES, User
from townhall.people import avatars

# What a person may change about themselves, and the longest value each takes.
EDITABLE_FIELDS = {
    "display_name": 120,
    "job_title": 120,
    "department": 120,
    "location": 120,
    "phone": 40,
    "bio": 2000,
    "pronouns": 40,
    "language": 10,
    "time_zone": 64,
}
MAX_EXPERTISE_TAGS = 20
MAX_TAG_LENGTH = 40


def _clean(changes: dict, person: User) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, value in changes.items():
        if field == "expertise":
            tags = [" ".join(str(tag).split()) for tag in value or []]
            tags = list(dict.fromkeys(tag for tag in tags if tag))
            if len(tags) > MAX_EXPERTISE_TAGS:
                errors[field] = [_("At most %d expertise tags.") % MAX_EXPERTISE_TAGS]
            elif any(len(tag) > MAX_TAG_LENGTH for tag in tags):
                errors[field] = [_("Each tag is at most %d characters.") % MAX_TAG_LENGTH]
            cleaned[field] = tags
        elif field == "avatar":
            # An uploaded file replaces the picture; None removes it.
            try:
                cleaned[field] = avatars.process_avatar(value) if value else None
            except ValidationError as error:
                errors[field] = error.messages
        elif field == "manager":
            if value is not None and value.pk == person.pk:
                errors[field] = [_("A person cannot be their own manager.")]
            elif value is not None and not value.is_active:
                errors[field] = [_("Choose a colleague whose account is active.")]
            elif value is not None and _manages(person, value):
                errors[field] = [_("That would make a loop in the org chart.")]
            cleaned[field] = value
        elif field in EDITABLE_FIELDS:
            text = (value or "").replace("\r\n", "\n").strip()
            if len(text) > EDITABLE_FIELDS[field]:
                errors[field] = [
                    _("At most %d characters (this has %d).") % (EDITABLE_FIELDS[field], len(text))
                ]
            cleaned[field] = text
        else:
            errors[field] = [_("This field cannot be changed here.")]
    if "display_name" in cleaned and not cleaned["display_name"]:
        errors["display_name"] = [_("Your name cannot be empty.")]
    language = cleaned.get("language")
    if language and language not in dict(User._meta.get_field("language").choices):
        errors["language"] = [_("Choose English or Norwegian Bokmål.")]
    zone = cleaned.get("time_zone")
    if zone and zone not in TIME_ZONES:
        errors["time_zone"] = [_("Unknown time zone; use a name such as Europe/Oslo.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _manages(person: User, candidate: User) -> bool:
    """True when `person` is somewhere above `candidate` in the org chart."""
    seen = set()
    current = candidate.manager
    while current is not None and current.pk not in seen:
        if current.pk == person.pk:
            return True
        seen.add(current.pk)
        current = current.manager
    return False


@transaction.atomic
def update_profile(*, actor: User, person: User, changes: dict) -> User:
    """Apply `changes` (field name -> new value) or raise ValidationError naming each field.

    The caller has already checked `access.people.can_edit_profile(actor, person)`.
    Nothing is saved unless every change is valid. `manager` takes a User (or None);
    `expertise` a list of tags; `avatar` an uploaded file (replacing the picture) or None
    (removing it).
    """
    cleaned = _clean(changes, person)
    new_avatar = ""
    if "avatar" in cleaned:
        old_avatar = person.avatar.name
        data = cleaned.pop("avatar")
        new_avatar = avatars.store_avatar(data) if data is not None else ""
        person.avatar.name = new_avatar
        if old_avatar and old_avatar != new_avatar:
            # The old file goes only once the change is committed.
            transaction.on_commit(lambda: avatars.delete_avatar(old_avatar))
    for field, value in cleaned.items():
        setattr(person, field, value)
    person.refresh_search_text()
    fields = [*cleaned, *(["avatar"] if "avatar" in changes else []), "search_text"]
    try:
        person.save(update_fields=fields)
    except Exception:
        avatars.delete_avatar(new_avatar)  # no orphan file when the row was not written
        raise
    return person
