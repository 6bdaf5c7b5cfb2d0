"""Reading a CSV file of members and planning what importing it would do (no writes here).

    plan = plan_import(data)          # bytes of the uploaded file
    plan.file_errors                  # the whole file is refused (size, header, row count)
    plan.rows                         # one PlannedRow per data row: create, update,
                                      # unchanged or error (with the reasons)

The columns (header names, any order, case-insensitive): email (required), name, username,
title, department, manager_email, role, external_id. A blank cell leaves that field as it
is. `external_id` is the identity provider's subject, stored exactly as SCIM's `externalId`
(`identity.ExternalId`), so single sign-on links by it. `manager_email` may name a person
already in Townhall or a row anywhere in the same file (managers are written first).
The writes are `siteadmin.actions.preview_member_import` / `run_member_import`.
"""

import csv
import io
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.identity.models import ExternalId

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = (
    "email",
    "name",
    "username",
    "title",
    "department",
    "manager_email",
    "role",
    "external_id",
)
LIMITS = {
    "email": 254,
    "name": 120,
    "username": 150,
    "title": 120,
    "department": 120,
    "manager_email": 254,
    "role": 12,
    "external_id": 255,
}
# Profile columns and the User fields they fill.
PROFILE_FIELDS = {"name": "display_name", "title": "job_title", "department": "department"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def importable_roles() -> list[str]:
    """Every organisation role a member account may hold (commenters are not members)."""
    return [role for role in User.Role.values if role != User.Role.COMMENTER]


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class PlannedRow:
    number: int  # the row as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    action: str = ""
    person_id: int | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def email(self) -> str:
        return self.values.get("email", "").lower()

    @property
    def manager_email(self) -> str:
        return self.values.get("manager_email", "").lower()

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.action = Action.ERROR

    def as_report(self) -> dict:
        return {
            "row": self.number,
            "email": self.values.get("email", ""),
            "action": self.action,
            "errors": self.errors,
            "changes": self.changes,
            "person_id": self.person_id,
        }


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {Action.CREATE: 0, Action.UPDATE: 0, Action.UNCHANGED: 0, Action.ERROR: 0}
        for row in self.rows:
            counts[row.action] = counts.get(row.action, 0) + 1
        return counts

    def good_rows(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action != Action.ERROR]


# --- reading ---------------------------------------------------------------------------------


def _has_undecodable_bytes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def read_rows(data: bytes) -> Plan:
    """Split the file into rows under its header. File-level problems end up in file_errors;
    a row's own problems (encoding, cell count, formulas) in that row's errors."""
    plan = Plan()
    if len(data) > MAX_BYTES:
        plan.file_errors.append(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
        )
        return plan
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the byte-order mark spreadsheets write before "CSV UTF-8"
    # Undecodable bytes are kept as surrogates so the row holding them can be named.
    text = data.decode("utf-8", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [record for record in reader]
    except csv.Error as error:
        plan.file_errors.append(
            _("The file is not readable as CSV near line %(line)s (%(error)s).")
            % {"line": reader.line_num, "error": error}
        )
        return plan
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(c.strip() for c in r)]
    if not numbered:
        plan.file_errors.append(_("The file is empty."))
        return plan
    header_number, header = numbered[0]
    names = [name.strip().lower().replace(" ", "_") for name in header]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:]
    if "email" not in names:
        plan.file_errors.append(
            _(
                "The first row must name the columns, and one of them must be 'email'. "
                "Columns Townhall reads: %(columns)s."
            )
            % {"columns": ", ".join(COLUMNS)}
        )
        return plan
    unknown = [name for name in names if name not in COLUMNS]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if unknown or doubled:
        plan.file_errors.append(
            _("Unknown or repeated columns: %(names)s. Columns Townhall reads: %(columns)s.")
            % {"names": ", ".join(unknown + doubled), "columns": ", ".join(COLUMNS)}
        )
        return plan
    body = numbered[1:]
    if not body:
        plan.file_errors.append(_("The file has a header but no rows under it."))
        return plan
    if len(body) > MAX_ROWS:
        plan.file_errors.append(
            _("The file has %(count)s rows; at most %(limit)s can be imported at a time.")
            % {"count": len(body), "limit": MAX_ROWS}
        )
        return plan
    for number, record in body:
        cells = [cell.strip() for cell in record]
        row = PlannedRow(number=number, values={})
        if len(cells) > len(names):
            row.fail(
                _("It has %(cells)s cells but the header names %(columns)s columns.")
                % {"cells": len(cells), "columns": len(names)}
            )
        row.values = dict(zip(names, cells, strict=False))
        if any(_has_undecodable_bytes(cell) for cell in cells):
            row.values = {k: v.encode("utf-8", "replace").decode() for k, v in row.values.items()}
            row.fail(_("It holds characters that are not UTF-8. Save the file as 'CSV UTF-8'."))
        plan.rows.append(row)
    return plan


# --- checking each row on its own --------------------------------------------------------------


def _check_cells(row: PlannedRow) -> None:
    values = row.values
    for name, value in values.items():
        if value.startswith(FORMULA_STARTS):
            row.fail(
                _(
                    "The %(column)s cell starts with '%(char)s': it looks like a spreadsheet "
                    "formula and is refused."
                )
                % {"column": name, "char": value[0].replace("\t", "\\t").replace("\r", "\\r")}
            )
        elif len(value) > LIMITS[name]:
            row.fail(
                _("The %(column)s is longer than %(limit)s characters.")
                % {"column": name, "limit": LIMITS[name]}
            )
    email = values.get("email", "")
    if not email:
        row.fail(_("The email is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.fail(_("%(email)s is not a valid email address.") % {"email": email})
    manager = values.get("manager_email", "")
    if manager:
        try:
            validate_email(manager)
        except ValidationError:
            row.fail(_("The manager's email %(email)s is not valid.") % {"email": manager})
        if manager.lower() == email.lower():
            row.fail(_("A person cannot be their own manager."))
    role = values.get("role", "").lower()
    if role:
        if role not in importable_roles():
            row.fail(
                _("%(role)s is not a role. Use one of: %(roles)s.")
                % {"role": values["role"], "roles": ", ".join(importable_roles())}
            )
        values["role"] = role
    username = values.get("username", "")
    if username:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            row.fail(
                _("The username may hold only letters, digits and @ . + - _ (found %(name)s).")
                % {"name": username}
            )


def _check_duplicates(rows: list[PlannedRow]) -> None:
    for column in ("email", "external_id", "username"):
        seen: dict[str, int] = {}
        for row in rows:
            value = row.values.get(column, "").lower()
            if not value:
                continue
            if value in seen:
                row.fail(
                    _("The same %(column)s as row %(row)s: each person once per file.")
                    % {"column": column, "row": seen[value]}
                )
            else:
                seen[value] = row.number


# --- checking rows against who is already here ----------------------------------------------


def _people_by_email(emails) -> dict[str, User]:
    people = User.objects.annotate(address=Lower("email")).filter(address__in=list(emails))
    return {person.email.lower(): person for person in people.select_related("external_id")}


def _match(rows: list[PlannedRow]) -> None:
    """Find who each row is: by external_id first, then by email; refuse contradictions."""
    by_email = _people_by_email({row.email for row in rows if row.email})
    subjects = [row.values["external_id"] for row in rows if row.values.get("external_id")]
    by_subject = {
        link.external_id: link.user
        for link in ExternalId.objects.filter(external_id__in=subjects).select_related("user")
    }
    usernames = [row.values["username"] for row in rows if row.values.get("username")]
    taken_usernames = {
        name.lower(): pk
        for name, pk in User.objects.annotate(key=Lower("username"))
        .filter(key__in=[u.lower() for u in usernames])
        .values_list("username", "pk")
    }
    for row in rows:
        if row.action == Action.ERROR:
            continue
        subject = row.values.get("external_id", "")
        linked = by_subject.get(subject) if subject else None
        addressed = by_email.get(row.email)
        if linked and addressed and linked.pk != addressed.pk:
            row.fail(
                _(
                    "The external_id belongs to %(linked)s but the email to %(addressed)s; "
                    "fix one of them."
                )
                % {"linked": linked.email, "addressed": addressed.email}
            )
            continue
        person = linked or addressed
        if person is not None and person.role == User.Role.COMMENTER:
            row.fail(_("This address belongs to a visitor commenter, not a member."))
            continue
        if linked and not addressed and row.email:
            row.changes.append(
                _("email: %(old)s → %(new)s") % {"old": linked.email, "new": row.email}
            )
        username = row.values.get("username", "")
        if username:
            owner = taken_usernames.get(username.lower())
            if owner is not None and (person is None or owner != person.pk):
                row.fail(_("The username %(name)s is taken.") % {"name": username})
                continue
        row.person_id = person.pk if person else None
        row._person = person  # type: ignore[attr-defined]


def _describe_changes(row: PlannedRow) -> None:
    person = getattr(row, "_person", None)
    if person is None:
        row.action = Action.CREATE
        return
    values = row.values
    for column, field_name in PROFILE_FIELDS.items():
        new = values.get(column, "")
        if new and new != getattr(person, field_name):
            row.changes.append(
                _("%(column)s: %(old)s → %(new)s")
                % {"column": column, "old": getattr(person, field_name) or "—", "new": new}
            )
    if values.get("role") and values["role"] != person.role:
        row.changes.append(
            _("role: %(old)s → %(new)s") % {"old": person.role, "new": values["role"]}
        )
    if values.get("username") and values["username"] != person.username:
        row.changes.append(
            _("username: %(old)s → %(new)s") % {"old": person.username, "new": values["username"]}
        )
    subject = values.get("external_id", "")
    try:
        current = person.external_id.external_id
    except ExternalId.DoesNotExist:
        current = ""
    if subject and subject != current:
        row.changes.append(
            _("external_id: %(old)s → %(new)s") % {"old": current or "—", "new": subject}
        )
    manager = row.manager_email
    current_manager = person.manager.email.lower() if person.manager_id else ""
    if manager and manager != current_manager:
        row.changes.append(
            _("manager: %(old)s → %(new)s") % {"old": current_manager or "—", "new": manager}
        )
    row.action = Action.UPDATE if row.changes else Action.UNCHANGED


def _check_managers(rows: list[PlannedRow]) -> None:
    """A manager is someone already here or a good row of this file; a row whose manager's
    row fails fails too (repeated until nothing changes), and loops inside the file fail."""
    wanted = {row.manager_email for row in rows if row.manager_email}
    existing = {
        email: person
        for email, person in _people_by_email(wanted).items()
        if person.role != User.Role.COMMENTER
    }
    changed = True
    while changed:
        changed = False
        in_file = {row.email: row for row in rows if row.action != Action.ERROR}
        for row in rows:
            manager = row.manager_email
            if row.action == Action.ERROR or not manager:
                continue
            if manager in in_file or manager in existing:
                continue
            row.fail(
                _("The manager %(email)s is neither in Townhall nor a good row of this file.")
                % {"email": manager}
            )
            changed = True
    in_file = {row.email: row for row in rows if row.action != Action.ERROR}
    for row in rows:
        if row.action == Action.ERROR:
            continue
        seen = {row.email}
        current = in_file.get(row.manager_email)
        while current is not None:
            if current.email in seen:
                row.fail(_("The managers in this file make a loop in the org chart."))
                break
            seen.add(current.email)
            current = in_file.get(current.manager_email)


def plan_import(data: bytes) -> Plan:
    """What importing `data` would do, row by row (reads only)."""
    plan = read_rows(data)
    if plan.file_errors:
        return plan
    for row in plan.rows:
        if row.action != Action.ERROR:
            _check_cells(row)
    _check_duplicates(plan.rows)
    _match(plan.rows)
    _check_managers(plan.rows)
    for row in plan.rows:
        if row.action != Action.ERROR:
            _describe_changes(row)
    return plan


def free_username(email: str) -> str:
    """A username nobody has, from the address's local part (as SCIM and SSO make them)."""
    base = slugify(email.split("@")[0])[:30] or "member"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(2)}"
    return candidate


def managers_first(rows: list[PlannedRow]) -> list[PlannedRow]:
    """The good rows ordered so that a row's manager (when in the file) comes before it."""
    by_email = {row.email: row for row in rows}
    ordered: list[PlannedRow] = []
    placed: set[int] = set()
    for row in rows:
        chain: list[PlannedRow] = []
        numbers: set[int] = set()
        current = row
        while current is not None and current.number not in placed | numbers:
            chain.append(current)
            numbers.add(current.number)
            current = by_email.get(current.manager_email)
        for link in reversed(chain):  # the topmost manager first
            placed.add(link.number)
            ordered.append(link)
    return ordered
