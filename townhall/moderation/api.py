"""/api/v1/moderation: the review queue and moderators' decisions, for moderators.

The same queue and the same actions as the /moderation/ pages (townhall.moderation.views):
org moderators and admins see reports about content outside groups and in the groups they
can read; a group's owners and admins see their group's. Content outside the actor's scope
answers 404, like content that does not exist.
"""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema

from townhall.access.moderation import get_restorable_decision_or_404, is_any_moderator
from townhall.api.auth import require_scope
from townhall.api.schemas import Error, ValidationErrorOut
from townhall.moderation import actions, selectors
from townhall.moderation.actions import NOTE_LIMIT
from townhall.moderation.content import excerpt, get_moderatable_content_or_404
from townhall.moderation.models import Decision

router = Router(tags=["moderation"])


class PersonRef(Schema):
    id: int
    username: str
    display_name: str


class ReportOut(Schema):
    id: int
    reason: str
    details: str
    reporter: PersonRef | None
    created_at: datetime


class QueueItemOut(Schema):
    kind: Literal["post", "comment", "article", "article_comment"]
    object_id: int
    group_id: int | None = Field(description="the group the content lives in, if any")
    exists: bool = Field(description="false when the content was deleted since it was reported")
    excerpt: str
    author: PersonRef | None
    reports: list[ReportOut]


class DecisionIn(Schema):
    outcome: Literal["dismiss", "hide", "delete", "warn"]
    note: str = Field("", max_length=NOTE_LIMIT)


class RestoreIn(Schema):
    note: str = Field("", max_length=NOTE_LIMIT)


class DecisionOut(Schema):
    id: int
    kind: str
    object_id: int
    group_id: int | None
    outcome: str
    note: str
    moderator: PersonRef | None
    created_at: datetime


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "display_name": user.display_name}


def _present_decision(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "object_id": decision.object_id,
        "group_id": decision.group_id,
        "outcome": decision.outcome,
        "note": decision.note,
        "moderator": _person(decision.moderator),
        "created_at": decision.created_at,
    }


@router.get(
    "/moderation/reports",
    response={200: list[QueueItemOut], 401: Error, 404: Error},
    summary="Open reports I moderate, grouped by content, oldest first",
)
def queue(request):
    if not is_any_moderator(request.auth):
        raise Http404
    items = []
    for item in selectors.review_queue(request.auth):
        content = item.content
        first = item.reports[0]
        items.append(
            {
                "kind": item.kind,
                "object_id": item.object_id,
                "group_id": first.group_id,
                "exists": content is not None,
                "excerpt": excerpt(content) if content is not None else "",
                "author": _person(first.author),
                "reports": [
                    {
                        "id": report.pk,
                        "reason": report.reason,
                        "details": report.details,
                        "reporter": _person(report.reporter),
                        "created_at": report.created_at,
                    }
                    for report in item.reports
                ],
            }
        )
    return items


@router.post(
    "/moderation/{kind}/{id:object_id}/decision",
    response={201: DecisionOut, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut},
    summary="Dismiss the reports about a post, comment or article, or hide, delete or warn",
)
def decide(request, kind: str, object_id: int, body: DecisionIn):
    require_scope(request, "write")
    target = get_moderatable_content_or_404(request.auth, kind, object_id)
    decision = actions.decide(
        actor=request.auth, target=target, outcome=body.outcome, note=body.note
    )
    return 201, _present_decision(decision)


@router.post(
    "/moderation/decisions/{id:decision_id}/restore",
    response={201: DecisionOut, 401: Error, 403: Error, 404: Error, 422: ValidationErrorOut},
    summary="Show again what a 'hide' decision hid (its author is told)",
)
def restore(request, decision_id: int, body: RestoreIn):
    require_scope(request, "write")
    decision = get_restorable_decision_or_404(request.auth, decision_id)
    restored = actions.restore(actor=request.auth, decision=decision, note=body.note)
    return 201, _present_decision(restored)
