"""Reads: the audit log (filtered, paged, exported), sessions, SCIM tokens."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from townhall.access.identity import visible_audit_entries, visible_sessions
from townhall.accounts.models import ApiToken
from townhall.core.spreadsheet import safe_cell
from townhall.identity.models import AuditEntry, IdentitySettings, SignedInSession
from townhall.identity.sessions import live_sessions


def sso_only_from_environment() -> bool | None:
    """TOWNHALL_SSO_ONLY when it is set (it then wins over the admin area), else None."""
    return settings.TOWNHALL_SSO.sso_only


def sso_only() -> bool:
    """Members sign in through the identity provider only (passwords are for admins)."""
    from_environment = sso_only_from_environment()
    if from_environment is not None:
        return from_environment
    return IdentitySettings.objects.filter(pk=1, sso_only=True).exists()


PAGE_SIZE = 50
EXPORT_COLUMNS = [
    "id",
    "occurred_at",
    "action",
    "actor_id",
    "actor_label",
    "target_type",
    "target_id",
    "target_label",
    "ip",
    "data",
]


@dataclass
class AuditFilters:
    q: str = ""
    action: str = ""
    ip: str = ""
    since: date | None = None
    until: date | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_entries(actor, filters: AuditFilters) -> QuerySet[AuditEntry]:
    entries = visible_audit_entries(actor)
    if filters.q:
        entries = entries.filter(
            Q(actor_label__icontains=filters.q) | Q(target_label__icontains=filters.q)
        )
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.ip:
        entries = entries.filter(ip=filters.ip)
    if filters.since:
        entries = entries.filter(occurred_at__gte=_start_of(filters.since))
    if filters.until:
        entries = entries.filter(occurred_at__lt=_start_of(filters.until) + timedelta(days=1))
    return entries.order_by("-id")


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    next_before: int | None


def audit_page(actor, filters: AuditFilters, *, before: int | None = None) -> AuditPage:
    entries = audit_entries(actor, filters)
    if before is not None:
        entries = entries.filter(pk__lt=before)
    found = list(entries[: PAGE_SIZE + 1])
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return AuditPage(found, found[-1].pk if more and found else None)


def _row(entry: AuditEntry) -> dict:
    return {
        "id": entry.pk,
        "occurred_at": entry.occurred_at.astimezone(UTC).isoformat(),
        "action": entry.action,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "ip": entry.ip,
        "data": entry.data,
    }


def audit_csv(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries.iterator(chunk_size=1000):
        row = _row(entry)
        row["data"] = json.dumps(row["data"], ensure_ascii=False, sort_keys=True)
        writer.writerow([safe_cell(row[column]) for column in EXPORT_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def audit_json(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    yield "["
    for index, entry in enumerate(entries.iterator(chunk_size=1000)):
        yield ("," if index else "") + json.dumps(_row(entry), ensure_ascii=False)
    yield "]\n"


def my_sessions(actor) -> list[SignedInSession]:
    return list(live_sessions(visible_sessions(actor)).order_by("-created_at", "-id"))


def my_tokens(actor) -> QuerySet[ApiToken]:
    from townhall.access.tokens import visible_tokens

    return visible_tokens(actor)
