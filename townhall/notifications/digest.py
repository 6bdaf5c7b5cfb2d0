"""What goes into a person's digest: reads only, every one through townhall.access.

- notifications they missed: unread, not emailed yet, of kinds they hear of by email or in
  the digest (`visible_notifications`, so nothing they may no longer see);
- top posts in their groups, from the people and on the topics they follow (`home_posts`
  through `visible_posts`), busiest first, since their last digest;
- unanswered questions there that they could answer (not theirs, not answered by them);
- announcements they have not acknowledged (`pinned_for`).

Nothing already emailed comes back: posts of earlier digests and of emailed notifications
are left out, and so is what the person has visibly read (their own posts, posts they
commented on or reacted to, read notifications, acknowledged announcements).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from townhall.access.notifications import visible_notifications
from townhall.access.posts import visible_posts
from townhall.announcements.selectors import pinned_for
from townhall.feeds.selectors import home_posts
from townhall.notifications.emails import absolute
from townhall.notifications.models import Channel, DigestRun, Notification
from townhall.notifications.selectors import Item, channel_filter, present
from townhall.notifications.targets import excerpt
from townhall.posts.models import Comment, Post, Reaction
from townhall.questions.selectors import unanswered_filter

NOTIFICATIONS = 20
TOP_POSTS = 5
QUESTIONS = 5
ANNOUNCEMENTS = 5
QUESTION_AGE = timedelta(days=30)
REMEMBERED_RUNS = 30  # how many earlier digests are checked for repeats


@dataclass
class Entry:
    """A post in the digest, as the person may see it."""

    post_id: int
    author: str
    text: str
    url: str
    group: str = ""


@dataclass
class DigestContent:
    notifications: list[Item] = field(default_factory=list)
    top_posts: list[Entry] = field(default_factory=list)
    questions: list[Entry] = field(default_factory=list)
    announcements: list[Entry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.notifications or self.top_posts or self.questions or self.announcements)

    def post_ids(self) -> list[int]:
        return [e.post_id for e in (*self.top_posts, *self.questions, *self.announcements)]


def missed_notifications(person) -> list[Notification]:
    pending = Notification.objects.filter(
        channel_filter({Channel.EMAIL, Channel.DIGEST}),
        read_at__isnull=True,
        emailed_at__isnull=True,
    )
    queryset = visible_notifications(person, pending).select_related("last_actor")
    return list(queryset.order_by("-updated_at", "-id")[:NOTIFICATIONS])


def already_told(person) -> set[int]:
    """Posts the person was already emailed about (earlier digests, emailed notifications)."""
    told: set[int] = set()
    runs = DigestRun.objects.filter(person=person).values_list("items", flat=True)
    for items in runs[:REMEMBERED_RUNS]:
        told.update(int(pk) for pk in (items or {}).get("posts", []))
    emailed = Notification.objects.filter(
        recipient=person, target_type="post", emailed_at__isnull=False
    )
    told.update(emailed.values_list("target_id", flat=True))
    return told


def _entry(post: Post) -> Entry:
    return Entry(
        post_id=post.pk,
        author=post.author.display_name or post.author.username,
        text=excerpt(post.body),
        url=absolute(reverse("posts:detail", args=[post.pk])),
        group=post.group.name if post.group_id else "",
    )


def _unread_by(person, posts):
    """Posts the person did not write, comment on or react to."""
    commented = Comment.objects.filter(post=OuterRef("pk"), author=person)
    reacted = Reaction.objects.filter(post=OuterRef("pk"), user=person)
    return posts.exclude(author=person).exclude(Exists(commented)).exclude(Exists(reacted))


def _count(model, **lookup):
    rows = model.objects.filter(post=OuterRef("pk"), **lookup).order_by().values("post")
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
    )


def top_posts(person, since: datetime, told: set[int]) -> list[Entry]:
    posts = visible_posts(person, home_posts(person)).filter(
        created_at__gte=since, announcement__isnull=True, question__isnull=True
    )
    posts = (
        _unread_by(person, posts)
        .exclude(pk__in=told)
        .annotate(score=_count(Comment, deleted_at__isnull=True) + _count(Reaction))
        .select_related("author", "group")
        .order_by("-score", "-created_at", "-id")
    )
    return [_entry(post) for post in posts[:TOP_POSTS]]


def open_questions(person, now: datetime, told: set[int]) -> list[Entry]:
    posts = visible_posts(person, home_posts(person)).filter(
        unanswered_filter(), created_at__gte=now - QUESTION_AGE
    )
    posts = (
        _unread_by(person, posts)
        .exclude(pk__in=told)
        .select_related("author", "group")
        .order_by("-created_at", "-id")
    )
    return [_entry(post) for post in posts[:QUESTIONS]]


def unacknowledged(person, told: set[int]) -> list[Entry]:
    waiting = pinned_for(person, limit=ANNOUNCEMENTS + len(told))
    entries = [_entry(a.post) for a in waiting if a.post_id not in told]
    return entries[:ANNOUNCEMENTS]


def digest_content(person, *, since: datetime, now: datetime) -> DigestContent:
    """Call inside emails.as_seen_by(person): the sentences are in their language."""
    missed = missed_notifications(person)
    told = already_told(person)
    told.update(n.target_id for n in missed if n.target_type == "post")
    content = DigestContent(notifications=present(missed))
    content.announcements = unacknowledged(person, told)
    told.update(content.post_ids())
    content.questions = open_questions(person, now, told)
    told.update(content.post_ids())
    content.top_posts = top_posts(person, since, told)
    return content
