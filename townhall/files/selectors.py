"""Reads of attachments, already filtered by townhall.access.files.

`attach_files(posts, comments)` loads, in ONE query, the attachments and link cards of
those posts and of their comments, and sets `post.files`, `post.pictures`,
`post.link_card` and `comment.files`. `post_files(posts, comment_ids)` is the same query
for comments shared between requests (the feed's cached cards, townhall.posts.cards): it
answers their files instead of setting them on the shared objects.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from townhall.access.files import visible_attachments
from townhall.access.groups import can_read_group_content
from townhall.core import cursors
from townhall.core.compiled import instances
from townhall.files.models import Attachment
from townhall.posts.models import Comment
from townhall.search.text import fold

PAGE = 50


def attach_files(posts: list, comments: list = ()) -> None:
    files = post_files(posts, [c.pk for c in comments])
    for comment in comments:
        comment.files = files.get(comment.pk, [])


def post_files(posts: list, comment_ids: list[int] = ()) -> dict[int, list[Attachment]]:
    for post in posts:
        post.files, post.pictures, post.link_card = [], [], None
    if not posts:
        return {}
    by_post = {p.pk: p for p in posts}
    by_comment: dict[int, list[Attachment]] = {pk: [] for pk in comment_ids}
    # on every feed page: its SQL is compiled once per number of posts (core.compiled)
    found = instances(("page files",), _page_files, post_ids=tuple(by_post))
    for attachment in sorted(found, key=lambda a: (a.position, a.pk)):
        if attachment.post_id in by_post:
            post = by_post[attachment.post_id]
            if attachment.kind == Attachment.Kind.LINK:
                if attachment.is_ready:
                    post.link_card = attachment
                continue
            post.files.append(attachment)
            if attachment.kind == Attachment.Kind.IMAGE:
                post.pictures.append(attachment)
        elif attachment.comment_id in by_comment:
            by_comment[attachment.comment_id].append(attachment)
    return by_comment


def _page_files(post_ids: tuple[int, ...]) -> QuerySet[Attachment]:
    """The two halves each on its own index (post, comment): as one OR, SQLite and
    PostgreSQL scanned every attachment. Not ordered: post_files sorts them."""
    shown = Attachment.objects.exclude(state=Attachment.State.REMOVED).order_by()
    comments = Comment.objects.filter(post_id__in=post_ids).values("pk")
    on_posts = shown.filter(post_id__in=post_ids)
    return on_posts.union(shown.filter(comment_id__in=comments), all=True)


def post_pictures(actor, post) -> list[Attachment]:
    """The pictures of a post (already checked with access.get_post_or_404), for the gallery."""
    return list(
        visible_attachments(actor, Attachment.objects.filter(post=post, kind="image"))
        .filter(state=Attachment.State.READY)
        .order_by("position", "pk")
    )


def article_files(actor, article) -> list[Attachment]:
    """The files and pictures of a blog article (already checked with
    access.get_article_or_404), for its page and its editor: one query."""
    return list(
        visible_attachments(actor, Attachment.objects.filter(article=article))
        .exclude(kind=Attachment.Kind.LINK)
        .order_by("position", "pk")
    )


def article_pictures(actor, article) -> list[Attachment]:
    """The ready pictures of an article, for its gallery."""
    return [a for a in article_files(actor, article) if a.kind == "image" and a.is_ready]


@dataclass
class FilePage:
    items: list[Attachment]
    next_cursor: str | None


def file_page(
    actor,
    *,
    group=None,
    shared_with_me: bool = False,
    mine: bool = False,
    query: str = "",
    kind: str = "",
    after_cursor: str | None = None,
    limit: int = PAGE,
) -> FilePage:
    """Attached files (not link cards) the actor may see, newest first, by keyset cursor.

    group: only files in that group's posts and comments (the caller checked the group);
    shared_with_me: files others attached; mine: only the actor's own, pending included;
    query: part of the file name, folded like search (text.fold: `cafe` finds `Café.pdf`);
    kind: "image" or "file"."""
    rows = visible_attachments(actor).exclude(kind=Attachment.Kind.LINK)
    if group is not None:
        if not can_read_group_content(actor, group):
            rows = rows.none()
        rows = rows.filter(Q(post__group=group) | Q(comment__post__group=group))
    if shared_with_me:
        rows = rows.exclude(uploader=actor).filter(Q(post__isnull=False) | Q(comment__isnull=False))
    if mine:
        rows = rows.filter(uploader=actor)
    if query.strip():
        rows = rows.filter(name_folded__contains=fold(query.strip()[:100]))
    if kind in (Attachment.Kind.IMAGE, Attachment.Kind.FILE):
        rows = rows.filter(kind=kind)
    if after_cursor:
        position = cursors.unpack(after_cursor, int)
        if position is not None:
            rows = rows.filter(pk__lt=position[0])
    limit = max(1, min(limit, 100))
    page = list(
        rows.select_related("uploader", "post", "post__group", "comment").order_by("-pk")[
            : limit + 1
        ]
    )
    more = len(page) > limit
    page = page[:limit]
    return FilePage(page, cursors.pack([page[-1].pk]) if more and page else None)
