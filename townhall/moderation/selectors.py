"""The review queue: open reports the actor moderates, one item per piece of content."""

from dataclasses import dataclass, field

from townhall.access.moderation import visible_decisions, visible_reports
from townhall.commenters.selectors import moderation_queue
from townhall.moderation.content import MODELS, author_name
from townhall.moderation.models import Decision, Report

QUEUE_LIMIT = 300  # open reports read per page; a queue longer than that is a backlog
RELATED = {
    "post": ("author", "group"),
    "comment": ("author", "post"),
    "article": ("author",),
    "article_comment": ("author", "article", "article__author"),
}


@dataclass
class QueueItem:
    kind: str
    object_id: int
    content: object | None  # None: the content is gone (deleted since it was reported)
    reports: list[Report] = field(default_factory=list)

    @property
    def author_name(self) -> str:
        return author_name(self.content) if self.content is not None else ""


def review_queue(actor) -> list[QueueItem]:
    """Open reports grouped by content, oldest first: a fixed number of queries."""
    reports = list(
        visible_reports(actor)
        .filter(decision__isnull=True)
        .select_related("reporter", "author", "group")
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
    )
    items: dict[tuple[str, int], QueueItem] = {}
    for report in reports:
        key = (report.kind, report.object_id)
        item = items.setdefault(key, QueueItem(report.kind, report.object_id, None))
        item.reports.append(report)
    for kind, model in MODELS.items():
        ids = [pk for (k, pk) in items if k == kind]
        if not ids:
            continue
        found = model.objects.filter(pk__in=ids, deleted_at__isnull=True)
        for thing in found.select_related(*RELATED[kind]):
            items[(kind, thing.pk)].content = thing
    return list(items.values())


def held_comments(actor) -> list:
    """Visitor comments waiting for the actor's approval, from townhall.commenters (the
    article's author and moderators: townhall.access.commenters decides)."""
    return moderation_queue(actor)


def recent_decisions(actor, limit: int = 20) -> list[Decision]:
    queryset = visible_decisions(actor).select_related("moderator", "author", "group")
    return list(queryset.order_by("-created_at", "-pk")[:limit])
