"""Map what an action raises onto the API's answers, with the action's own words.

    with action_errors(body="body", kind="kind"):
        posts.create_post(actor=..., body=...)

- ``PermissionDenied`` (the caller sees the thing but may not do this): 403 ``forbidden``
  with the action's message ("Only the author can edit this post.").
- ``ValidationError`` whose code names a field of the request (``fields`` maps codes to
  field names): 422 ``validation_failed`` with that field in ``errors``.
- ``ValidationError`` about the state of things (already decided, last owner, ...):
  409 with a stable code from STATE_CODES.
- ``Http404`` passes through: forbidden-to-see answers exactly like missing.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from townhall.api.errors import ApiError

# ValidationError codes from the actions that describe a state, not a bad field.
STATE_CODES = {
    "member": "already_member",
    "decided": "already_decided",
    "answered": "already_answered",
    "not_member": "not_member",
    "last_owner": "last_owner",
    "self": "not_yourself",
    "inactive": "deactivated_person",
}
# Codes that always mean the request's text was wrong (townhall.posts.actions.clean_body).
TEXT_CODES = ("empty", "too_long")


@contextmanager
def action_errors(**fields: str):
    """`fields`: ValidationError code -> the request field it is about."""
    try:
        yield
    except PermissionDenied as error:
        message = str(error) or _("You may not do that.")
        raise ApiError(403, "forbidden", message) from error
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        code = next((e.code for e in error.error_list if e.code), None) or "invalid"
        field = fields.get(code) or (fields.get("text") if code in TEXT_CODES else None)
        if field is not None:
            raise ValidationError({field: error.messages}) from error
        raise ApiError(409, STATE_CODES.get(code, code), " ".join(error.messages)) from error
