"""Every API error is JSON: {"code": "<stable_snake_case>", "message": "<a sentence>"}.

Validation errors add "errors": [{"field": ..., "message": ...}]. Routes raise `ApiError`
(or Http404, or Django's ValidationError from an action); `install_error_handlers` maps
everything else, so no client ever sees an HTML page or a traceback from /api/.
"""

import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("townhall.api")

BEARER_CHALLENGE = 'Bearer realm="townhall"'


class ApiError(Exception):
    """An error a client should see, with a stable code and a translated message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}


def not_authenticated(message: str | None = None, *, invalid_token: bool = False) -> ApiError:
    challenge = BEARER_CHALLENGE + (', error="invalid_token"' if invalid_token else "")
    return ApiError(
        401,
        "not_authenticated",
        message or _("Sign in, or send an API token as 'Authorization: Bearer <token>'."),
        headers={"WWW-Authenticate": challenge},
    )


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict = {"code": code, "message": str(message)}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, errors=exc.errors, headers=exc.headers)


# Pydantic error types we explain in our own (translatable) words; others keep pydantic's.
def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is not known here."),
        "string_type": _("Expected a string."),
        "int_type": _("Expected a whole number."),
        "int_parsing": _("Expected a whole number."),
        "int_from_float": _("Expected a whole number."),
        "list_type": _("Expected a list."),
        "dict_type": _("Expected a JSON object."),
        "model_type": _("Expected a JSON object."),
        "model_attributes_type": _("Expected a JSON object."),
        "bool_type": _("Expected true or false."),
        "bool_parsing": _("Expected true or false."),
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators' (translated) words
    if kind == "string_too_long":
        return _("At most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "greater_than_equal":
        return _("Must be at least %(min)s.") % {"min": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Must be at most %(max)s.") % {"max": ctx.get("le")}
    return str(error.get("msg") or _("This value is not valid."))


# Errors about the body schema as a whole (routes take one schema as their body).
WHOLE_BODY_ERRORS = {"missing", "model_type", "model_attributes_type", "dict_type"}


def _field_name(loc: tuple | list) -> str:
    """('body', 'changes', 'display_name') -> 'display_name'; ('query', 'limit') -> 'limit'."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        source, parts = parts[0], parts[1:]
        # A single body schema is nested under its parameter name ("changes"); drop it.
        if source == "body" and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "body"


def validation_failed(errors: list[dict]) -> ApiError:
    fields = ", ".join(dict.fromkeys(error["field"] for error in errors))
    return ApiError(
        422,
        "validation_failed",
        _("Some fields are not valid: %(fields)s.") % {"fields": fields},
        errors=errors,
    )


def _ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = error.get("loc") or ()
        if len(loc) == 2 and loc[0] == "body" and error.get("type") in WHOLE_BODY_ERRORS:
            # The body is missing or not an object: say so rather than name the parameter.
            errors.append({"field": "body", "message": _("Send a JSON object as the body.")})
            continue
        errors.append({"field": _field_name(loc), "message": _pydantic_message(error)})
    return _api_error(request, validation_failed(errors))


def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        return _api_error(request, validation_failed(errors))
    code = next((e.code for e in exc.error_list if e.code), None) or "invalid"
    return error_response(422, code, " ".join(str(m) for m in exc.messages), errors=[])


_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "throttled",
}


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return _api_error(request, not_authenticated())
    if isinstance(exc, Throttled):
        return error_response(429, "throttled", _("Too many requests. Try again later."))
    if exc.status_code == 400 and exc.__cause__ is not None:
        # ninja raises HttpError(400) from the parser's exception when the body is not JSON.
        return error_response(
            400, "malformed_json", _("The request body is not valid JSON (UTF-8).")
        )
    if exc.status_code == 403 and "CSRF" in exc.message:
        return _api_error(request, csrf_failed())
    code = _HTTP_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, exc.message)


def csrf_failed() -> ApiError:
    return ApiError(
        403,
        "csrf_failed",
        _(
            "The CSRF check failed. Send the csrftoken cookie's value in an X-CSRFToken "
            "header, or use an API token instead of a session."
        ),
    )


def not_found_response() -> HttpResponse:
    return error_response(404, "not_found", _("There is nothing here, or you may not see it."))


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found_response()


def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "forbidden", _("You may not do that."))


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return error_response(413, "too_large", _("The request is too large."))
    return error_response(400, "bad_request", _("The request could not be understood."))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        500, "server_error", _("Something went wrong on our side. It has been logged.")
    )


def install_error_handlers(api) -> None:
    """Replace ninja's default handlers (which answer {"detail": ...} or re-raise) with ours."""
    api.add_exception_handler(ApiError, _api_error)
    api.add_exception_handler(NinjaValidationError, _ninja_validation_error)
    api.add_exception_handler(DjangoValidationError, _django_validation_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _permission_denied)
    api.add_exception_handler(SuspiciousOperation, _suspicious)
    api.add_exception_handler(Exception, _server_error)
