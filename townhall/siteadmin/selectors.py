"""Reads for the admin area. Every query here assumes the caller passed the admin check."""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from townhall.access.people import visible_people
from townhall.access.siteadmin import overview_groups, visible_member_imports
from townhall.accounts.models import Invitation, User, fold
from townhall.core import cursors
from townhall.core.models import OutgoingEmail
from townhall.core.spreadsheet import safe_cell
from townhall.groups.models import Group, Membership
from townhall.siteadmin.models import MemberImport

MEMBERS_PAGE_SIZE = 50
FAILED_TASKS_SHOWN = 50
EMAILS_SHOWN = 50
TASK_STATUSES = (
    TaskResultStatus.READY,
    TaskResultStatus.RUNNING,
    TaskResultStatus.FAILED,
    TaskResultStatus.SUCCESSFUL,
)


# --- Members -------------------------------------------------------------------------------


@dataclass
class MembersPage:
    people: list[User]
    next_cursor: str = ""
    previous_cursor: str = ""


def encode_cursor(person: User) -> str:
    return cursors.pack([person.display_name, person.pk])


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    """The (display_name, id) a cursor points at, or None for a missing or mangled one."""
    return cursors.unpack(cursor, str, int)


def filtered_members(actor, *, query: str = "", role: str = "", status: str = "") -> QuerySet:
    """Everyone the admin may manage, active and deactivated, narrowed by the filters."""
    people = visible_people(actor)
    query = query.strip()
    if query:
        people = people.filter(
            Q(search_text__contains=fold(query)) | Q(email__contains=query.lower())
        )
    if role in User.Role.values:
        people = people.filter(role=role)
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "deactivated":
        people = people.filter(is_active=False)
    return people


def members_page(
    actor,
    *,
    query: str = "",
    role: str = "",
    status: str = "",
    after: str = "",
    before: str = "",
    size: int = MEMBERS_PAGE_SIZE,
) -> MembersPage:
    """One page of members ordered by (display_name, id), by keyset: no OFFSET on big lists."""
    people = filtered_members(actor, query=query, role=role, status=status)
    before_key = decode_cursor(before)
    if before_key is not None:
        name, pk = before_key
        rows = list(
            people.filter(Q(display_name__lt=name) | Q(display_name=name, id__lt=pk)).order_by(
                "-display_name", "-id"
            )[: size + 1]
        )
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return MembersPage(
            people=rows,
            next_cursor=encode_cursor(rows[-1]) if rows else "",
            previous_cursor=encode_cursor(rows[0]) if rows and more_before else "",
        )
    after_key = decode_cursor(after)
    if after_key is not None:
        name, pk = after_key
        people = people.filter(Q(display_name__gt=name) | Q(display_name=name, id__gt=pk))
    rows = list(people.order_by("display_name", "id")[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return MembersPage(
        people=rows,
        next_cursor=encode_cursor(rows[-1]) if rows and more_after else "",
        previous_cursor=encode_cursor(rows[0]) if rows and after_key is not None else "",
    )


# --- Invitations ---------------------------------------------------------------------------


def pending_invitations() -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


# --- Background tasks ----------------------------------------------------------------------


@dataclass
class TaskOverview:
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, n)
    failed: list[DBTaskResult] = field(default_factory=list)
    emails: list[OutgoingEmail] = field(default_factory=list)


def task_overview() -> TaskOverview:
    """Counts per task status, the latest failures, and email that has not gone out."""
    by_status = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    failed = list(
        DBTaskResult.objects.failed()
        .defer("return_value")
        .order_by("-finished_at", "-enqueued_at")[:FAILED_TASKS_SHOWN]
    )
    for result in failed:
        kwargs = (result.args_kwargs or {}).get("kwargs") or {}
        result.attempt = kwargs.get("attempt", 1)
    emails = list(
        OutgoingEmail.objects.filter(
            status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
        )
        .defer("message")
        .order_by("-created_at")[:EMAILS_SHOWN]
    )
    return TaskOverview(
        counts=[(s.value, s.label, by_status.get(s.value, 0)) for s in TASK_STATUSES],
        failed=failed,
        emails=emails,
    )


# --- Member imports ----------------------------------------------------------------------------

IMPORTS_SHOWN = 20


def recent_member_imports(actor) -> list[MemberImport]:
    return list(
        visible_member_imports(actor)
        .select_related("created_by")
        .defer("content", "rows")[:IMPORTS_SHOWN]
    )


IMPORT_REPORT_COLUMNS = ("row", "email", "result", "problems", "changes")


def member_import_report_csv(member_import: MemberImport) -> str:
    """The import's report as CSV, one line per row of the file (row 1 is its header):
    what happened to it (`create`, `update`, `unchanged`, `error`; planned ones before the
    import), why a row failed, what changed. A file refused whole gives one `file_error`
    line per reason. Cells are made safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORT_REPORT_COLUMNS)
    for error in member_import.file_errors:
        writer.writerow(["", "", "file_error", safe_cell(error), ""])
    for row in member_import.rows:
        writer.writerow(
            [
                safe_cell(row.get("row")),
                safe_cell(row.get("email")),
                safe_cell(row.get("action")),
                safe_cell("; ".join(row.get("errors") or [])),
                safe_cell("; ".join(row.get("changes") or [])),
            ]
        )
    return buffer.getvalue()


# --- Groups overview ---------------------------------------------------------------------------

GROUPS_PAGE_SIZE = 100


@dataclass
class GroupsPage:
    groups: list[Group]  # each with .member_count and .owners (a list of people)
    number: int
    has_next: bool


def groups_overview(actor, *, kind: str = "", page: int = 1) -> GroupsPage:
    """All groups A-Z with kind, active member count, owners and archived: 2 queries."""
    groups = overview_groups(actor)
    if kind in Group.Kind.values:
        groups = groups.filter(kind=kind)
    active = Q(memberships__user__is_active=True)
    page = max(page, 1)
    start = (page - 1) * GROUPS_PAGE_SIZE
    rows = list(
        groups.annotate(member_count=Count("memberships", filter=active))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Membership.Role.OWNER)
                .select_related("user")
                .order_by("user__display_name"),
                to_attr="owner_memberships",
            )
        )
        .order_by("name_key", "id")[start : start + GROUPS_PAGE_SIZE + 1]
    )
    for group in rows:
        group.owners = [m.user for m in group.owner_memberships]
    return GroupsPage(
        groups=rows[:GROUPS_PAGE_SIZE], number=page, has_next=len(rows) > GROUPS_PAGE_SIZE
    )
