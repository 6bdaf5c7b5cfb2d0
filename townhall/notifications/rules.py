"""Which events notify whom about what: one entry per event kind in RULES.

A rule turns an Event (townhall.events) into Notices: (notification kind, target type,
target id, recipients, variant). Targets are keys of townhall.access.notifications.TARGETS,
which decides on every read whether the recipient may still see them. `group` and `thread`
(a post id) say where it happened, so muted groups and threads stay quiet. A rule that
cannot find its subject (an app not installed, a row already gone) returns no notices.

Announcements have no recipient list: their rule says `audience=True`, and a task notifies
everyone who may see the announcement's post, in batches (townhall.notifications.tasks).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.apps import apps

from townhall.events.models import Event


@dataclass(frozen=True)
class Notice:
    kind: str
    target_type: str
    target_id: int
    recipients: Sequence[int]
    variant: str = ""
    group: int | None = None
    thread: int | None = None
    data: dict = field(default_factory=dict)
    audience: bool = False  # everyone who may see the post `thread` (announcements)


def _column(label: str, pk, name: str):
    """One column of one row of the model `label`, or None when app or row is missing."""
    if pk is None:
        return None
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model.objects.filter(pk=pk).values_list(name, flat=True).first()


def _post_group(post_id) -> int | None:
    return _column("posts.post", post_id, "group_id")


def _carried_post(event: Event) -> int | None:
    """The post that carries the subject (announcements, praise): `data["post"]` or its FK."""
    return event.data.get("post") or _column(event.subject_type, event.subject_id, "post_id")


# --- rules ------------------------------------------------------------------------------


def post_mentions(event: Event) -> list[Notice]:
    post = event.subject_id
    group = event.data.get("group")
    return [Notice("mention", "post", post, event.recipients, "post", group, post)]


def comment_created(event: Event) -> list[Notice]:
    """Mentioned people hear of the mention; the parent comment's author of a reply; the
    post's author of a comment. One notice each, in that order of importance."""
    data, comment = event.data, event.subject_id
    post, parent, group = data.get("post"), data.get("parent"), data.get("group")
    mentioned = set(data.get("mentioned") or [])
    parent_author = _column("posts.comment", parent, "author_id")
    post_author = _column("posts.post", post, "author_id")
    by_kind: dict[tuple, list[int]] = {}
    for person in event.recipients:
        if person in mentioned:
            key = ("mention", "comment", comment)
        elif parent and person == parent_author:
            key = ("reply", "comment", parent)
        elif person == post_author:
            key = ("reply", "post", post)
        else:
            continue
        by_kind.setdefault(key, []).append(person)
    return [
        Notice(kind, target, pk, people, target, group, post, {"comment": comment})
        for (kind, target, pk), people in by_kind.items()
    ]


def comment_mentions(event: Event) -> list[Notice]:
    data = event.data
    return [
        Notice(
            "mention",
            "comment",
            event.subject_id,
            event.recipients,
            "comment",
            data.get("group"),
            data.get("post"),
        )
    ]


def reaction_added(event: Event) -> list[Notice]:
    data = event.data
    target, pk = ("comment", data["comment"]) if data.get("comment") else ("post", data["post"])
    return [
        Notice(
            "reaction", target, pk, event.recipients, target, data.get("group"), data.get("post")
        )
    ]


def person_followed(event: Event) -> list[Notice]:
    return [Notice("follow", "person", event.subject_id, event.recipients, "person")]


def group_notice(kind: str, target: str) -> Callable[[Event], list[Notice]]:
    def rule(event: Event) -> list[Notice]:
        group = event.data.get("group")
        if group is None:
            return []
        variant = {True: "approved", False: "declined"}.get(event.data.get("approved"), target)
        return [Notice(kind, target, group, event.recipients, variant, group)]

    return rule


def announcement(variant: str) -> Callable[[Event], list[Notice]]:
    def rule(event: Event) -> list[Notice]:
        post = _carried_post(event)
        if post is None:
            return []
        group = event.data.get("group", _post_group(post))
        everyone = variant == "published"
        recipients = [] if everyone else event.recipients
        return [
            Notice(
                "announcement", "post", post, recipients, variant, group, post, audience=everyone
            )
        ]

    return rule


def praise_given(event: Event) -> list[Notice]:
    post = _carried_post(event)
    if post is None:
        return []
    return [Notice("praise", "post", post, event.recipients, "post", _post_group(post), post)]


def answer_accepted(event: Event) -> list[Notice]:
    comment = event.data.get("comment") or _column(
        event.subject_type, event.subject_id, "accepted_comment_id"
    )
    post = event.data.get("post") or _column("posts.comment", comment, "post_id")
    if comment is None or post is None:
        return []
    return [
        Notice(
            "answer_accepted",
            "comment",
            comment,
            event.recipients,
            "comment",
            _post_group(post),
            post,
        )
    ]


def ama_answered(event: Event) -> list[Notice]:
    return [
        Notice("ama_answer", "ama_question", event.subject_id, event.recipients, "ama_question")
    ]


def article_comment(event: Event) -> list[Notice]:
    article = event.data.get("article") or _column(
        event.subject_type, event.subject_id, "article_id"
    )
    if article is None:
        return []
    group = _column("blogs.article", article, "group_id")
    return [Notice("article_comment", "article", article, event.recipients, "article", group)]


def article_comment_pending(event: Event) -> list[Notice]:
    article = event.data.get("article") or _column(
        event.subject_type, event.subject_id, "article_id"
    )
    group = _column("blogs.article", article, "group_id")
    return [
        Notice(
            "article_comment",
            "article_comment",
            event.subject_id,
            event.recipients,
            "article_comment",
            group,
        )
    ]


def moderation_decided(event: Event) -> list[Notice]:
    """The author hears what moderators decided about their content (townhall.moderation)."""
    outcome = event.data.get("outcome", "")
    decision = event.subject_id
    return [Notice("moderation", "moderation_decision", decision, event.recipients, outcome)]


def moderation_report_decided(event: Event) -> list[Notice]:
    """Each reporter hears what moderators decided about what they reported: one notice per
    report (`data.reports`: [reporter id, report id] pairs), so each sees only their own."""
    outcome = event.data.get("outcome", "")
    allowed = set(event.recipients)
    return [
        Notice("report_outcome", "moderation_report", int(report), [int(reporter)], outcome)
        for reporter, report in event.data.get("reports", [])
        if int(reporter) in allowed
    ]


def nothing(event: Event) -> list[Notice]:
    """Events others consume (webhooks, feeds) that notify nobody in-app."""
    return []


RULES: dict[str, Callable[[Event], list[Notice]]] = {
    "post.created": post_mentions,
    "post.edited": post_mentions,
    "comment.created": comment_created,
    "comment.edited": comment_mentions,
    "reaction.added": reaction_added,
    "person.followed": person_followed,
    "group.invited": group_notice("group_invitation", "group"),
    "group.join_requested": group_notice("join_request", "managed_group"),
    "group.join_decided": group_notice("join_decision", "group"),
    "group.member_joined": nothing,
    "group.member_left": nothing,
    "announcement.published": announcement("published"),
    "announcement.reminded": announcement("reminder"),
    "praise.given": praise_given,
    "question.answer_accepted": answer_accepted,
    "ama_question.answered": ama_answered,
    "ama.opened": nothing,
    "article.published": nothing,
    "article_comment.created": article_comment,
    "article_comment.pending": article_comment_pending,
    "moderation.decided": moderation_decided,
    "moderation.report_decided": moderation_report_decided,
}


def notices_for(event: Event) -> list[Notice]:
    rule = RULES.get(event.kind)
    if rule is None:
        return []
    try:
        return rule(event)
    except (KeyError, TypeError, ValueError, LookupError):
        return []  # an event shaped unlike its rule expects: notify nobody, never crash
