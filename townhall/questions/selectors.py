"""Reads of questions, filtered by townhall.access.

Questions are shown as the posts that carry them, so lists go through
townhall.posts.selectors.feed_page (visibility, cursor pages, a fixed number of queries);
`with_question` is what feed_page adds to load each post's question in the same query.
"""

from django.db.models import Q, QuerySet

from townhall.access.posts import visible_posts
from townhall.groups.models import Group
from townhall.posts.models import Post

QUESTION_JOINS = ("question", "question__accepted_comment")


def with_question(queryset: QuerySet[Post]) -> QuerySet[Post]:
    """Posts with their question (if any) and its accepted answer: joins, no extra query."""
    return queryset.select_related(*QUESTION_JOINS)


def unanswered_filter(prefix: str = "") -> Q:
    """Posts that are questions without a (still existing) accepted answer."""
    return Q(**{f"{prefix}question__isnull": False}) & (
        Q(**{f"{prefix}question__accepted_comment__isnull": True})
        | Q(**{f"{prefix}question__accepted_comment__deleted_at__isnull": False})
    )


def unanswered_posts(group: Group | None = None) -> QuerySet[Post]:
    """The queryset to hand to feed_page (which applies visibility and pages it)."""
    posts = Post.objects.filter(unanswered_filter())
    return posts if group is None else posts.filter(group=group)


def question_groups(actor) -> list[Group]:
    """Groups with an open question the actor may read, for the list's group filter."""
    open_posts = visible_posts(actor, unanswered_posts().filter(group__isnull=False))
    return list(Group.objects.filter(pk__in=open_posts.values("group_id")).order_by("name", "id"))


def question_of(post: Post):
    """The post's Question or None (no query when loaded with `with_question`)."""
    try:
        return post.question
    except Post.question.RelatedObjectDoesNotExist:
        return None


def accepted_first(post: Post, threads: list) -> list:
    """A post page's comment threads with the accepted answer's thread first."""
    question = question_of(post)
    if question is None or not question.is_answered:
        return threads
    first = [t for t in threads if t.entry.comment.pk == question.accepted_comment_id]
    return first + [t for t in threads if t.entry.comment.pk != question.accepted_comment_id]
