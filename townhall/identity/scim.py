"""SCIM 2.0 provisioning (RFC 7643 / 7644) at /scim/v2/, for the identity provider's client.

Authenticated by an admin-issued bearer token (`ScimToken`, stored as a SHA-256). Users map
to members: `userName` = the sign-in email, `externalId` = the identity provider's subject
(what member single sign-on links by), `active: false` or DELETE deactivates through
`accounts.actions.deactivate_user` (sessions, API tokens end at once; content stays).
Groups: townhall/identity/scim_groups.py (Townhall groups or departments, the admin's
choice). Every call is in the audit log ("scim.call").
"""

import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from townhall.accounts import actions as account_actions
from townhall.accounts.models import User
from townhall.identity import audit
from townhall.identity.actions import scim_token_for_secret
from townhall.identity.models import ExternalId

CONTENT_TYPE = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_COUNT = 200
USER_ATTRIBUTES = {
    "schemas",
    "id",
    "externalId",
    "userName",
    "name",
    "displayName",
    "title",
    "active",
    "emails",
    "meta",
    "password",
    ENTERPRISE,
}
FILTER = re.compile(r'^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def _response(body, status=200) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE, safe=False)
    response["Cache-Control"] = "no-store"
    return response


def _error(error: ScimError) -> JsonResponse:
    body = {"schemas": [ERROR_SCHEMA], "status": str(error.status), "detail": error.detail}
    if error.scim_type:
        body["scimType"] = error.scim_type
    return _response(body, error.status)


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as e:
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from e
    if not isinstance(data, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    return data


def scim_view(view):
    """Bearer-token authentication, SCIM errors, one audit entry per call."""

    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        token = None
        if header.startswith("Bearer "):
            token = scim_token_for_secret(header[7:].strip())
        if token is None:
            return _error(ScimError(401, "A valid SCIM bearer token is required."))
        try:
            response = view(request, *args, **kwargs)
        except ScimError as error:
            response = _error(error)
        audit.record(
            audit.SCIM_CALL,
            actor=None,
            method=request.method,
            path=request.path[:200],
            status=response.status_code,
            token=token.prefix,
        )
        return response

    return wrapped


# --- Users ------------------------------------------------------------------------------


def _location(request, kind: str, pk) -> str:
    return request.build_absolute_uri(f"/scim/v2/{kind}/{pk}")


def user_resource(request, user: User) -> dict:
    external = _external(user)
    body = {
        "schemas": [USER_SCHEMA, ENTERPRISE],
        "id": str(user.pk),
        "userName": user.email,
        "displayName": user.display_name,
        "name": {"formatted": user.display_name},
        "title": user.job_title,
        "active": user.is_active,
        "emails": [{"value": user.email, "primary": True, "type": "work"}],
        ENTERPRISE: {"department": user.department},
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "location": _location(request, "Users", user.pk),
        },
    }
    if external is not None:
        body["externalId"] = external.external_id
    return body


def _external(user) -> ExternalId | None:
    try:
        return user.external_id
    except ExternalId.DoesNotExist:
        return None


def _users():
    return User.objects.exclude(role=User.Role.COMMENTER).select_related("external_id")


def _get_user(pk: str) -> User:
    user = _users().filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 19 else None
    if user is None:
        raise ScimError(404, f"User {pk} not found.")
    return user


def _string(data: dict, name: str, *, required=False, limit=200) -> str | None:
    if name not in data:
        if required:
            raise ScimError(400, f"{name} is required.", "invalidValue")
        return None
    value = data[name]
    if not isinstance(value, str):
        raise ScimError(400, f"{name} must be a string.", "invalidValue")
    if len(value) > limit:
        raise ScimError(400, f"{name} is longer than {limit} characters.", "invalidValue")
    return value.strip()


def _fields(data: dict, *, partial: bool) -> dict:
    """Validate a User body (or the PATCH paths mapped onto one) into model fields."""
    unknown = set(data) - USER_ATTRIBUTES
    if unknown:
        raise ScimError(400, f"Unknown attributes: {', '.join(sorted(unknown))}.", "invalidPath")
    fields: dict = {}
    email = _string(data, "userName", required=not partial, limit=254)
    if email is not None:
        fields["email"] = email.lower()
    for scim_name, field in (("displayName", "display_name"), ("title", "job_title")):
        value = _string(data, scim_name, limit=120)
        if value is not None:
            fields[field] = value
    if "name" in data:
        if not isinstance(data["name"], dict):
            raise ScimError(400, "name must be an object.", "invalidValue")
        formatted = data["name"].get("formatted") or " ".join(
            str(data["name"].get(part) or "") for part in ("givenName", "familyName")
        )
        if formatted.strip() and "display_name" not in fields:
            fields["display_name"] = formatted.strip()[:120]
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise ScimError(400, "active must be true or false.", "invalidValue")
        fields["active"] = data["active"]
    if ENTERPRISE in data:
        extension = data[ENTERPRISE]
        if not isinstance(extension, dict):
            raise ScimError(400, "The enterprise extension must be an object.", "invalidValue")
        department = _string(extension, "department", limit=120)
        if department is not None:
            fields["department"] = department
    external = _string(data, "externalId", limit=255)
    if external is not None:
        fields["external_id"] = external
    return fields


@transaction.atomic
def _apply(user: User | None, fields: dict) -> User:
    """Create (user None) or update a member from validated fields."""
    active = fields.pop("active", None)
    external = fields.pop("external_id", None)
    email = fields.get("email")
    if (
        email
        and _users().filter(email__iexact=email).exclude(pk=getattr(user, "pk", None)).exists()
    ):
        raise ScimError(409, f"{email} is taken.", "uniqueness")
    if (
        external
        and ExternalId.objects.filter(external_id=external)
        .exclude(user_id=getattr(user, "pk", None))
        .exists()
    ):
        raise ScimError(409, "Another user has this externalId.", "uniqueness")
    if user is None:
        from townhall.identity.adapter import _unique_username

        try:
            user = account_actions.create_user(
                username=_unique_username(email),
                email=email,
                display_name=fields.get("display_name") or email.split("@")[0],
                job_title=fields.get("job_title", ""),
                department=fields.get("department", ""),
            )
        except ValueError as error:
            raise ScimError(400, str(error), "invalidValue") from error
        audit.record(audit.USER_CREATED, actor=None, target=user, via="scim")
    else:
        if email and email != user.email.lower():
            from allauth.account.models import EmailAddress

            EmailAddress.objects.filter(user=user).delete()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        for field, value in fields.items():
            setattr(user, field, value)
        user.refresh_search_text()
        user.save()
    if external:
        ExternalId.objects.update_or_create(
            user=user,
            defaults={
                "external_id": external,
                "source": ExternalId.Source.SCIM,
                "scim_managed": True,
            },
        )
    if active is False and user.is_active:
        try:
            account_actions.deactivate_user(actor=None, person=user, via="scim")
        except ValidationError as error:
            raise ScimError(400, " ".join(error.messages), "mutability") from error
    elif active is True and not user.is_active:
        account_actions.reactivate_user(actor=None, person=user)
    return _users().get(pk=user.pk)


def _list(request, queryset, render) -> dict:
    try:
        start = max(int(request.GET.get("startIndex", "1")), 1)
        count = min(max(int(request.GET.get("count", "100")), 0), MAX_COUNT)
    except ValueError as error:
        raise ScimError(400, "startIndex and count must be integers.", "invalidValue") from error
    total = queryset.count()
    page = list(queryset.order_by("pk")[start - 1 : start - 1 + count]) if count else []
    return {
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(page),
        "Resources": [render(request, item) for item in page],
    }


@scim_view
def users(request):
    if request.method == "GET":
        queryset = _users()
        expression = request.GET.get("filter")
        if expression is not None:
            match = FILTER.match(expression)
            if not match:
                raise ScimError(
                    400,
                    "Only 'userName eq \"...\"' and 'externalId eq \"...\"' are supported.",
                    "invalidFilter",
                )
            attribute, value = match.group(1).lower(), match.group(2).replace('\\"', '"')
            if attribute == "username":
                queryset = queryset.filter(email__iexact=value)
            else:
                queryset = queryset.filter(external_id__external_id=value)
        return _response(_list(request, queryset, user_resource))
    if request.method == "POST":
        fields = _fields(_body(request), partial=False)
        user = _apply(None, fields)
        response = _response(user_resource(request, user), 201)
        response["Location"] = _location(request, "Users", user.pk)
        return response
    raise ScimError(405, "Method not allowed.")


PATCH_PATHS = {
    "active": "active",
    "username": "userName",
    "displayname": "displayName",
    "title": "title",
    "externalid": "externalId",
    "name.formatted": "name",
    f"{ENTERPRISE}:department".lower(): ENTERPRISE,
    'emails[type eq "work"].value': "userName",
}


def _patch_to_body(operations) -> dict:
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    body: dict = {}
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, f"Unknown op {operation.get('op')!r}.", "invalidSyntax")
        path, value = operation.get("path"), operation.get("value")
        if op == "remove":
            raise ScimError(400, "Attributes of a user cannot be removed.", "mutability")
        if path is None:
            if not isinstance(value, dict):
                raise ScimError(400, "A value without a path must be an object.", "invalidValue")
            for key, item in value.items():
                mapped = PATCH_PATHS.get(key.lower(), key)
                if mapped == ENTERPRISE and key != ENTERPRISE:
                    body.setdefault(ENTERPRISE, {})["department"] = item
                elif mapped == "name" and key.lower() == "name.formatted":
                    body["name"] = {"formatted": item}
                else:
                    body[mapped] = item
            continue
        if not isinstance(path, str) or path.lower() not in PATCH_PATHS:
            raise ScimError(400, f"Unsupported path {path!r}.", "invalidPath")
        mapped = PATCH_PATHS[path.lower()]
        if mapped == ENTERPRISE:
            body.setdefault(ENTERPRISE, {})["department"] = value
        elif mapped == "name":
            body["name"] = {"formatted": value}
        else:
            body[mapped] = value
    # Azure AD sends "active": "False" as a string; accept the two spellings.
    if isinstance(body.get("active"), str) and body["active"].lower() in ("true", "false"):
        body["active"] = body["active"].lower() == "true"
    return body


@scim_view
def user(request, pk: str):
    person = _get_user(pk)
    if request.method == "GET":
        return _response(user_resource(request, person))
    if request.method == "PUT":
        person = _apply(person, _fields(_body(request), partial=False))
        return _response(user_resource(request, person))
    if request.method == "PATCH":
        data = _body(request)
        if PATCH_SCHEMA not in (data.get("schemas") or []):
            raise ScimError(400, f"A PATCH body names the schema {PATCH_SCHEMA}.", "invalidSyntax")
        person = _apply(person, _fields(_patch_to_body(data.get("Operations")), partial=True))
        return _response(user_resource(request, person))
    if request.method == "DELETE":
        _apply(person, {"active": False})
        return _no_content()
    raise ScimError(405, "Method not allowed.")


def _no_content():
    from django.http import HttpResponse

    return HttpResponse(status=204)


# --- discovery --------------------------------------------------------------------------


@scim_view
def service_provider_config(request):
    return _response(
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_COUNT},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    "description": "A token an admin issues in the admin area.",
                    "primary": True,
                }
            ],
        }
    )


def _schema(schema_id, name, attributes):
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": schema_id,
        "name": name,
        "attributes": [
            {"name": a, "type": t, "multiValued": False, "required": a == "userName"}
            for a, t in attributes
        ],
    }


SCHEMAS = [
    _schema(
        USER_SCHEMA,
        "User",
        [
            ("userName", "string"),
            ("displayName", "string"),
            ("title", "string"),
            ("active", "boolean"),
            ("externalId", "string"),
        ],
    ),
    _schema(ENTERPRISE, "EnterpriseUser", [("department", "string")]),
    _schema(
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "Group",
        [("displayName", "string"), ("externalId", "string"), ("members", "complex")],
    ),
]


@scim_view
def schemas(request):
    return _response({"schemas": [LIST_SCHEMA], "totalResults": len(SCHEMAS), "Resources": SCHEMAS})


@scim_view
def resource_types(request):
    types = [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "schema": USER_SCHEMA,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
        },
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "schema": "urn:ietf:params:scim:schemas:core:2.0:Group",
        },
    ]
    return _response({"schemas": [LIST_SCHEMA], "totalResults": len(types), "Resources": types})
