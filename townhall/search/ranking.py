"""Relevance: the engine's text rank times a recency boost times an engagement boost,
computed for a bounded candidate set only (the newest CANDIDATES matches), never for
every match: fully ranking a very common word costs seconds on a large organisation.

    score = text × recency × engagement
    text        the engine's rank (FTS5 bm25 with titles ×5, or ts_rank with titles A and
                text B) divided by the best rank among the candidates: 0..1
    recency     1 / (1 + age in days / HALF_LIFE_DAYS): a month-old match counts half
    engagement  1 + ENGAGEMENT × ln(1 + reactions + comments)
"""

import datetime
import math

from django.db.models import Count

from townhall.blogs.models import ArticleComment
from townhall.posts.models import Comment, Reaction
from townhall.search.models import SearchDocument

HALF_LIFE_DAYS = 30.0
ENGAGEMENT = 0.25
Kind = SearchDocument.Kind


def score(rank: float, best: float, age: datetime.timedelta, activity: int) -> float:
    text = rank / best if best > 0 else 1.0
    days = max(age.total_seconds(), 0.0) / 86_400
    recency = 1.0 / (1.0 + days / HALF_LIFE_DAYS)
    return text * recency * (1.0 + ENGAGEMENT * math.log1p(activity))


def _add(totals: dict, kind: str, rows) -> None:
    for object_id, count in rows:
        totals[(kind, object_id)] = totals.get((kind, object_id), 0) + count


def engagement(ids: dict[str, list[int]]) -> dict[tuple[str, int], int]:
    """Reactions and comments per (kind, object id), one grouped query per kind present.
    These are only used to order results the searcher may already see."""
    totals: dict[tuple[str, int], int] = {}
    if posts := ids.get(Kind.POST):
        _add(
            totals,
            Kind.POST,
            Reaction.objects.filter(post_id__in=posts)
            .values_list("post_id")
            .annotate(n=Count("pk")),
        )
        _add(
            totals,
            Kind.POST,
            Comment.objects.filter(post_id__in=posts, deleted_at__isnull=True)
            .values_list("post_id")
            .annotate(n=Count("pk")),
        )
    if comments := ids.get(Kind.COMMENT):
        _add(
            totals,
            Kind.COMMENT,
            Reaction.objects.filter(comment_id__in=comments)
            .values_list("comment_id")
            .annotate(n=Count("pk")),
        )
    if articles := ids.get(Kind.ARTICLE):
        _add(
            totals,
            Kind.ARTICLE,
            ArticleComment.objects.filter(
                article_id__in=articles,
                deleted_at__isnull=True,
                status=ArticleComment.Status.APPROVED,
            )
            .values_list("article_id")
            .annotate(n=Count("pk")),
        )
    return totals
