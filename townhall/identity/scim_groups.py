"""SCIM 2.0 Groups (RFC 7643 §4.2, RFC 7644 §3.4-3.6) at /scim/v2/Groups.

Each provisioned group is a `ScimGroup`; what it becomes follows the admin's choice
(IdentitySettings.scim_groups_map_to), read on every call:

- "groups": a private Townhall group of the same name, created with the SCIM group and
  without an owner (an admin can make someone owner). Adding a SCIM member makes them a
  member there; removing them removes a plain membership (owners and admins appointed in
  Townhall stay). DELETE unlinks it: the Townhall group and its posts stay.
- "departments": each member's department is the group's displayName; removing a member
  (or deleting the group) clears the department where it is still that name; renaming the
  group renames its members' department.

Supported: list with `filter=displayName eq "..."` or `externalId eq "..."` and paging,
GET, POST, PUT, PATCH (add/remove/replace of `members`, `displayName`, `externalId`;
`members[value eq "id"]` paths), DELETE. Members are existing users by SCIM id.
"""

import re

from django.db import transaction

from townhall.accounts.models import User, fold
from townhall.identity.actions import identity_settings
from townhall.identity.models import IdentitySettings, ScimGroup, ScimGroupMember
from townhall.identity.scim import (
    PATCH_SCHEMA,
    ScimError,
    _body,
    _list,
    _location,
    _no_content,
    _response,
    _users,
    scim_view,
)

GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
GROUP_ATTRIBUTES = {"schemas", "id", "externalId", "displayName", "members", "meta"}
FILTER = re.compile(r'^\s*(displayName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.I)
MEMBER_PATH = re.compile(r'^members\[value eq "([^"]+)"\]$', re.I)


def group_resource(request, scim_group: ScimGroup) -> dict:
    members = ScimGroupMember.objects.filter(scim_group=scim_group).select_related("user")
    body = {
        "schemas": [GROUP_SCHEMA],
        "id": str(scim_group.pk),
        "displayName": scim_group.display_name,
        "members": [
            {
                "value": str(m.user_id),
                "display": m.user.display_name,
                "$ref": _location(request, "Users", m.user_id),
            }
            for m in members.order_by("user_id")
        ],
        "meta": {
            "resourceType": "Group",
            "created": scim_group.created_at.isoformat(),
            "location": _location(request, "Groups", scim_group.pk),
        },
    }
    if scim_group.external_id:
        body["externalId"] = scim_group.external_id
    return body


def _get_group(pk: str) -> ScimGroup:
    scim_group = ScimGroup.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if scim_group is None:
        raise ScimError(404, f"Group {pk} not found.")
    return scim_group


def _name(value) -> str:
    if not isinstance(value, str) or not " ".join(value.split()):
        raise ScimError(400, "displayName must be a non-empty string.", "invalidValue")
    name = " ".join(value.split())
    if len(name) > 80:
        raise ScimError(400, "displayName has at most 80 characters.", "invalidValue")
    return name


def _external(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 255:
        raise ScimError(400, "externalId must be a string.", "invalidValue")
    return value


def _member_users(value) -> list[User]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("value"), str) for item in value
    ):
        raise ScimError(400, 'members must be a list of {"value": "<user id>"}.', "invalidValue")
    ids = {item["value"] for item in value}
    if not all(pk.isdigit() for pk in ids):
        raise ScimError(400, "Unknown member id.", "invalidValue")
    users = list(_users().filter(pk__in=[int(pk) for pk in ids]))
    if len(users) != len(ids):
        raise ScimError(400, "A member is not a user here.", "invalidValue")
    return users


def _mapping() -> str:
    return identity_settings().scim_groups_map_to


# --- keeping Townhall in step -------------------------------------------------------------


def _townhall_group(name: str):
    from townhall.groups.actions import _unique_slug
    from townhall.groups.models import Group

    return Group.objects.create(
        name=name, name_key=fold(name), slug=_unique_slug(name), kind=Group.Kind.PRIVATE
    )


def _set_department(user: User, department: str) -> None:
    user.department = department
    user.refresh_search_text()
    user.save()


def _add(scim_group: ScimGroup, users: list[User]) -> None:
    from townhall.groups.actions import _joined
    from townhall.groups.models import Membership

    mapping = _mapping()
    for user in users:
        ScimGroupMember.objects.get_or_create(scim_group=scim_group, user=user)
        if mapping == IdentitySettings.GroupMapping.DEPARTMENTS:
            if user.department != scim_group.display_name:
                _set_department(user, scim_group.display_name)
        elif scim_group.group_id is not None:
            membership, created = Membership.objects.get_or_create(
                group_id=scim_group.group_id, user=user
            )
            _joined(None, membership, created)


def _remove(scim_group: ScimGroup, users: list[User]) -> None:
    from townhall.groups.actions import _left
    from townhall.groups.models import Membership

    mapping = _mapping()
    for user in users:
        ScimGroupMember.objects.filter(scim_group=scim_group, user=user).delete()
        if mapping == IdentitySettings.GroupMapping.DEPARTMENTS:
            if user.department == scim_group.display_name:
                _set_department(user, "")
        elif scim_group.group_id is not None:
            plain = Membership.objects.filter(
                group_id=scim_group.group_id, user=user, role=Membership.Role.MEMBER
            ).first()
            if plain is not None:
                plain.delete()
                _left(None, plain)


def _current_members(scim_group: ScimGroup) -> list[User]:
    ids = ScimGroupMember.objects.filter(scim_group=scim_group).values("user_id")
    return list(User.objects.filter(pk__in=ids))


def _rename(scim_group: ScimGroup, name: str) -> None:
    if name == scim_group.display_name:
        return
    if ScimGroup.objects.filter(display_name=name).exclude(pk=scim_group.pk).exists():
        raise ScimError(409, f"A group named {name} exists.", "uniqueness")
    old = scim_group.display_name
    scim_group.display_name = name
    scim_group.save(update_fields=["display_name"])
    if _mapping() == IdentitySettings.GroupMapping.DEPARTMENTS:
        for user in _current_members(scim_group):
            if user.department == old:
                _set_department(user, name)
    elif scim_group.group_id is not None:
        from townhall.groups.models import Group

        Group.objects.filter(pk=scim_group.group_id).update(name=name, name_key=fold(name))


def _replace_members(scim_group: ScimGroup, users: list[User]) -> None:
    wanted = {u.pk for u in users}
    current = _current_members(scim_group)
    _remove(scim_group, [u for u in current if u.pk not in wanted])
    _add(scim_group, users)


# --- endpoints -------------------------------------------------------------------------------


def _check_attributes(data: dict) -> None:
    unknown = set(data) - GROUP_ATTRIBUTES
    if unknown:
        raise ScimError(400, f"Unknown attribute {sorted(unknown)[0]!r}.", "invalidPath")


@transaction.atomic
def _create(data: dict) -> ScimGroup:
    _check_attributes(data)
    name = _name(data.get("displayName"))
    if ScimGroup.objects.filter(display_name=name).exists():
        raise ScimError(409, f"A group named {name} exists.", "uniqueness")
    users = _member_users(data.get("members"))
    scim_group = ScimGroup.objects.create(
        display_name=name, external_id=_external(data.get("externalId"))
    )
    if _mapping() == IdentitySettings.GroupMapping.GROUPS:
        scim_group.group = _townhall_group(name)
        scim_group.save(update_fields=["group"])
    _add(scim_group, users)
    return scim_group


@scim_view
def groups(request):
    if request.method == "GET":
        queryset = ScimGroup.objects.all()
        expression = request.GET.get("filter")
        if expression is not None:
            match = FILTER.match(expression)
            if not match:
                raise ScimError(
                    400,
                    "Only 'displayName eq \"...\"' and 'externalId eq \"...\"' are supported.",
                    "invalidFilter",
                )
            attribute, value = match.group(1).lower(), match.group(2).replace('\\"', '"')
            if attribute == "displayname":
                queryset = queryset.filter(display_name=value)
            else:
                queryset = queryset.filter(external_id=value)
        return _response(_list(request, queryset, group_resource))
    if request.method == "POST":
        scim_group = _create(_body(request))
        response = _response(group_resource(request, scim_group), 201)
        response["Location"] = _location(request, "Groups", scim_group.pk)
        return response
    raise ScimError(405, "Method not allowed.")


@transaction.atomic
def _put(scim_group: ScimGroup, data: dict) -> None:
    _check_attributes(data)
    _rename(scim_group, _name(data.get("displayName")))
    scim_group.external_id = _external(data.get("externalId"))
    scim_group.save(update_fields=["external_id"])
    _replace_members(scim_group, _member_users(data.get("members")))


@transaction.atomic
def _patch(scim_group: ScimGroup, operations) -> None:
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(400, f"Unknown op {operation.get('op')!r}.", "invalidSyntax")
        path, value = operation.get("path"), operation.get("value")
        if path is None:
            if op == "remove" or not isinstance(value, dict):
                raise ScimError(400, "A value without a path must be an object.", "invalidValue")
            _check_attributes(value)
            for key, item in value.items():
                _patch_one(scim_group, op, key, item)
            continue
        if not isinstance(path, str):
            raise ScimError(400, "path must be a string.", "invalidPath")
        one = MEMBER_PATH.match(path)
        if one and op == "remove":
            _remove(scim_group, _member_users([{"value": one.group(1)}]))
            continue
        if path.lower() not in ("members", "displayname", "externalid"):
            raise ScimError(400, f"Unsupported path {path!r}.", "invalidPath")
        _patch_one(scim_group, op, path, value)


def _patch_one(scim_group: ScimGroup, op: str, path: str, value) -> None:
    path = path.lower()
    if path == "members":
        if op == "remove" and value is None:
            _remove(scim_group, _current_members(scim_group))
        elif op == "remove":
            _remove(scim_group, _member_users(value))
        elif op == "add":
            _add(scim_group, _member_users(value))
        else:
            _replace_members(scim_group, _member_users(value))
    elif path == "displayname":
        if op == "remove":
            raise ScimError(400, "displayName is required.", "mutability")
        _rename(scim_group, _name(value))
    elif path == "externalid":
        scim_group.external_id = "" if op == "remove" else _external(value)
        scim_group.save(update_fields=["external_id"])
    elif path not in ("schemas", "id", "meta"):
        raise ScimError(400, f"Unsupported path {path!r}.", "invalidPath")


@transaction.atomic
def _delete(scim_group: ScimGroup) -> None:
    if _mapping() == IdentitySettings.GroupMapping.DEPARTMENTS:
        _remove(scim_group, _current_members(scim_group))
    scim_group.delete()  # a Townhall group stays, with its members and posts


@scim_view
def group(request, pk: str):
    scim_group = _get_group(pk)
    if request.method == "GET":
        return _response(group_resource(request, scim_group))
    if request.method == "PUT":
        _put(scim_group, _body(request))
        return _response(group_resource(request, _get_group(pk)))
    if request.method == "PATCH":
        data = _body(request)
        if PATCH_SCHEMA not in (data.get("schemas") or []):
            raise ScimError(400, f"A PATCH body names the schema {PATCH_SCHEMA}.", "invalidSyntax")
        _patch(scim_group, data.get("Operations"))
        return _response(group_resource(request, _get_group(pk)))
    if request.method == "DELETE":
        _delete(scim_group)
        return _no_content()
    raise ScimError(405, "Method not allowed.")
