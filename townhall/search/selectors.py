"""Searching, with every result filtered through townhall.access at query time.

Text search (posts and comments; articles and members' article comments): the backend
finds matching SearchDocument ids; the newest CANDIDATES of them (after the cursor, with
the filters of the query applied in SQL) are the candidate set. They are checked with
access.visible_posts / visible_comments / visible_articles / visible_article_comments and
then either shown newest first (keyset cursor), or ranked by relevance (ranking.py: text
rank from the engine for these candidates only, times recency and engagement boosts;
the cursor is a position in that bounded ranking). Losing access hides results at once,
whatever the index holds. No counts are shown, so nothing is told about what the searcher
may not see.

People, groups and topics reuse the directory rules (visible_people + search_text,
visible_groups + name_key, visible_topics); files, access.visible_attachments.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from townhall.access.articles import visible_article_comments, visible_articles
from townhall.access.files import visible_attachments
from townhall.access.groups import visible_groups
from townhall.access.people import visible_people
from townhall.access.posts import visible_comments, visible_posts, visible_topics
from townhall.access.roles import is_active_member
from townhall.accounts.models import fold as casefold
from townhall.blogs.models import Article, ArticleComment
from townhall.core import cursors
from townhall.files.models import Attachment
from townhall.posts.models import Comment, Post, PostTopic
from townhall.questions.models import Question
from townhall.questions.selectors import question_of, unanswered_filter
from townhall.search import ranking
from townhall.search.backends import get_backend
from townhall.search.indexing import readable_text
from townhall.search.models import SearchDocument
from townhall.search.query import SearchQuery
from townhall.search.snippets import snippet
from townhall.search.text import fold

CANDIDATES = 500
PAGE_SIZE = 20
SUGGESTIONS = 5
Kind = SearchDocument.Kind
SCOPES = {
    "posts": (Kind.POST, Kind.COMMENT),
    "questions": (Kind.POST,),
    "articles": (Kind.ARTICLE, Kind.ARTICLE_COMMENT),
}
SORTS = ("relevance", "newest")


class BadCursor(ValueError):
    pass


@dataclass
class Hit:
    kind: str
    post: Post | None
    comment: Comment | None
    snippet: SafeString
    created_at: datetime.datetime
    article: Article | None = None
    article_comment: ArticleComment | None = None
    title: SafeString | None = None  # an article's title, matches highlighted
    score: float = 0.0

    @property
    def thing(self):
        return self.comment or self.article_comment or self.post or self.article

    @property
    def author(self):
        return self.thing.author

    @property
    def group(self):
        return (self.post or self.article).group

    @property
    def url(self) -> str:
        if self.comment is not None:
            return reverse("posts:comment", args=[self.comment.pk])
        if self.post is not None:
            return reverse("posts:detail", args=[self.post.pk])
        url = reverse("blogs:article", args=[self.article.author.username, self.article.slug])
        if self.article_comment is not None:
            url += f"#article-comment-{self.article_comment.pk}"
        return url

    @property
    def is_question(self) -> bool:
        return self.kind == Kind.POST and question_of(self.post) is not None


@dataclass
class ResultPage:
    hits: list[Hit]
    next_cursor: str | None


def encode_cursor(created_at: datetime.datetime, doc_id: int) -> str:
    return cursors.pack([created_at, doc_id])


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    position = cursors.unpack(cursor, datetime.datetime, int)
    if position is None or position[1] <= 0:
        raise BadCursor
    return position


def _decode_offset(cursor: str) -> int:
    position = cursors.unpack(cursor, int)
    if position is None or not 0 < position[0] < CANDIDATES:
        raise BadCursor
    return position[0]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone()
    )


def _filtered(actor, query: SearchQuery, kinds: tuple[str, ...]) -> QuerySet[SearchDocument]:
    docs = SearchDocument.objects.filter(kind__in=kinds)
    if query.author:
        author = visible_people(actor).filter(username__iexact=query.author).first()
        docs = docs.filter(author_id=author.pk) if author else docs.none()
    if query.group:
        group = visible_groups(actor).filter(slug=query.group).first()
        docs = docs.filter(group_id=group.pk) if group else docs.none()
    for key in query.topics:
        tagged = PostTopic.objects.filter(topic__key=key).values("post_id")
        docs = docs.filter(kind=Kind.POST, object_id__in=tagged)
    if query.unanswered:
        docs = docs.filter(kind=Kind.POST, object_id__in=Post.objects.filter(unanswered_filter()))
    elif query.questions:
        docs = docs.filter(kind=Kind.POST, object_id__in=Question.objects.values("post_id"))
    if query.before:
        docs = docs.filter(created_at__lt=_start_of(query.before))
    if query.after:
        docs = docs.filter(created_at__gte=_start_of(query.after + datetime.timedelta(days=1)))
    return docs


# --- permission check of the candidates -----------------------------------------------

# document id, kind, object id, when, author id, post id (posts and comments)
Candidate = tuple[int, str, int, datetime.datetime, int, int | None]


def _ids(candidates: list[Candidate], kind: str) -> list[int]:
    return [c[2] for c in candidates if c[1] == kind]


def _visible_ids(actor, candidates: list[Candidate]) -> dict[str, set[int]]:
    """Which candidates the actor may see: ids only, one query per kind present (the
    objects themselves are loaded for the page shown, never for the whole candidate set)."""
    wanted = {kind: _ids(candidates, kind) for kind in Kind.values}
    filters = {
        Kind.POST: lambda ids: visible_posts(actor, Post.objects.filter(pk__in=ids)),
        Kind.COMMENT: lambda ids: visible_comments(actor, Comment.objects.filter(pk__in=ids)),
        Kind.ARTICLE: lambda ids: visible_articles(actor, Article.objects.filter(pk__in=ids)),
        Kind.ARTICLE_COMMENT: lambda ids: visible_article_comments(
            actor, ArticleComment.objects.filter(pk__in=ids)
        ),
    }
    return {
        kind: (set(filters[kind](ids).values_list("pk", flat=True)) if ids else set())
        for kind, ids in wanted.items()
    }


def _visible(actor, candidates: list[Candidate]) -> list[Candidate]:
    allowed = _visible_ids(actor, candidates)
    return [c for c in candidates if c[2] in allowed[c[1]]]


def _visible_objects(actor, candidates: list[Candidate]) -> dict[str, dict[int, object]]:
    """The candidates' objects the actor may see, by kind and id (one query per kind)."""
    wanted = {kind: _ids(candidates, kind) for kind in Kind.values}
    readers = {
        Kind.POST: lambda ids: (
            visible_posts(actor, Post.objects.filter(pk__in=ids))
            .select_related("author", "group")
            .select_related("question")
        ),
        Kind.COMMENT: lambda ids: visible_comments(
            actor, Comment.objects.filter(pk__in=ids)
        ).select_related("author", "post", "post__author", "post__group"),
        Kind.ARTICLE: lambda ids: visible_articles(
            actor, Article.objects.filter(pk__in=ids)
        ).select_related("author", "group"),
        Kind.ARTICLE_COMMENT: lambda ids: visible_article_comments(
            actor, ArticleComment.objects.filter(pk__in=ids)
        ).select_related("author", "article", "article__author", "article__group"),
    }
    return {
        kind: ({o.pk: o for o in readers[kind](ids)} if ids else {}) for kind, ids in wanted.items()
    }


def visible_matches(actor, query: SearchQuery, kinds: tuple[str, ...]) -> list[Candidate]:
    """The newest CANDIDATES documents of `kinds` matching `query` that the actor may see
    (document id, kind, object id, when, author id, post id): what "who knows about X"
    counts. Empty for non-members."""
    if not query.has_text or not is_active_member(actor):
        return []
    return _visible(actor, _candidates(_filtered(actor, query, kinds), query))


def _hit(kind: str, thing, created_at, query: SearchQuery, score: float = 0.0) -> Hit:
    targets = query.highlight
    prefix = query.words[-1] if query.prefix and query.words else None
    text = readable_text(thing)
    if kind == Kind.ARTICLE:
        text = " ".join(part for part in (thing.summary, text) if part)
    hit = Hit(kind, None, None, snippet(text, targets, prefix), created_at, score=score)
    if kind == Kind.POST:
        hit.post = thing
    elif kind == Kind.COMMENT:
        hit.comment, hit.post = thing, thing.post
    elif kind == Kind.ARTICLE:
        hit.article = thing
    else:
        hit.article_comment, hit.article = thing, thing.article
    if hit.article is not None:
        hit.title = snippet(hit.article.title, targets, prefix, width=1000)
    return hit


def search(
    actor,
    query: SearchQuery,
    *,
    scope: str = "posts",
    sort: str = "relevance",
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> ResultPage:
    """Documents of `scope` matching `query` that `actor` may see, by `sort`."""
    if query.is_empty or not is_active_member(actor):
        return ResultPage([], None)
    if scope == "questions":
        query.questions = True
    docs = _filtered(actor, query, SCOPES[scope])
    if sort == "newest" or not query.has_text:
        return _newest(actor, query, docs, cursor, limit)
    return _relevant(actor, query, docs, cursor, limit)


CANDIDATE_FIELDS = ("pk", "kind", "object_id", "created_at", "author_id", "post_id")


def _candidates(
    docs: QuerySet[SearchDocument], query: SearchQuery, before: datetime.datetime | None = None
) -> list[Candidate]:
    """The newest CANDIDATES documents of `docs` (filtered, and below the cursor that lies
    at `before`) matching the query's text: the backend decides how to find them without
    reading every match of a frequent word."""
    return get_backend().newest(docs, query, CANDIDATE_FIELDS, CANDIDATES, before)


def _newest(actor, query, docs, cursor, limit) -> ResultPage:
    when = None
    if cursor:
        when, doc_id = decode_cursor(cursor)
        docs = docs.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=doc_id))
    candidates = _candidates(docs, query, when)
    # The page's objects come with their permission check (one query per kind) for the
    # newest 2 x limit + 1 candidates; only when too few of those may be seen are the
    # rest checked by id (one more query per kind) and the missing objects read.
    head = candidates[: 2 * limit + 1]
    objects = _visible_objects(actor, head)
    visible = [c for c in head if c[2] in objects[c[1]]]
    if len(visible) <= limit and len(head) < len(candidates):
        more = _visible(actor, candidates[len(head) :])
        for kind, found in _visible_objects(actor, more[: limit - len(visible)]).items():
            objects[kind].update(found)
        visible += more
    hits = [
        _hit(c[1], objects[c[1]][c[2]], c[3], query)
        for c in visible[:limit]
        if c[2] in objects[c[1]]
    ]
    next_cursor = None
    if len(visible) > limit:
        last = visible[limit - 1]
        next_cursor = encode_cursor(last[3], last[0])
    elif len(candidates) == CANDIDATES:
        last = candidates[-1]
        next_cursor = encode_cursor(last[3], last[0])
    return ResultPage(hits, next_cursor)


def _relevant(actor, query, docs, cursor, limit) -> ResultPage:
    offset = _decode_offset(cursor) if cursor else 0
    visible = _visible(actor, _candidates(docs, query))
    text_rank = get_backend().rank(query, [c[0] for c in visible])
    engagement = ranking.engagement({kind: _ids(visible, kind) for kind in Kind.values})
    now = timezone.now()
    scored = sorted(
        (
            (
                ranking.score(
                    text_rank.get(doc_id, 0.0),
                    max(text_rank.values(), default=0.0),
                    now - when,
                    engagement.get((kind, oid), 0),
                ),
                doc_id,
                kind,
                oid,
                when,
            )
            for doc_id, kind, oid, when, _author, _post in visible
        ),
        key=lambda row: (-row[0], -row[1]),
    )
    page = scored[offset : offset + limit]
    objects = _visible_objects(
        actor, [(d, kind, oid, when, 0, None) for _s, d, kind, oid, when in page]
    )
    hits = [
        _hit(kind, objects[kind][oid], when, query, score)
        for score, _d, kind, oid, when in page
        if oid in objects[kind]
    ]
    more = offset + limit < len(scored)
    return ResultPage(hits, cursors.pack([offset + limit]) if more else None)


def search_posts(actor, query: SearchQuery, **options) -> ResultPage:
    """Posts and comments (newest first unless `sort="relevance"`)."""
    options.setdefault("sort", "newest")
    return search(actor, query, scope="posts", **options)


def search_articles(actor, query: SearchQuery, **options) -> ResultPage:
    options.setdefault("sort", "newest")
    return search(actor, query, scope="articles", **options)


# --- people, groups, topics -----------------------------------------------------------


def _printable(raw: str) -> str:
    """No control characters (PostgreSQL refuses NUL in a text parameter)."""
    return "".join(c if c.isprintable() else " " for c in raw[:200])


def _folded_words(raw: str) -> list[str]:
    return [w for w in casefold(_printable(raw)).split() if w][:8]


def search_people(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = _folded_words(raw)
    if not terms:
        return []
    people = visible_people(actor).filter(is_active=True)
    for term in terms:
        people = people.filter(search_text__contains=term)
    return list(people.order_by("display_name", "username", "pk")[:limit])


def search_groups(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = _folded_words(raw)
    if not terms:
        return []
    groups = visible_groups(actor)
    for term in terms:
        groups = groups.filter(name_key__contains=term)
    return list(groups.order_by("name_key", "pk")[:limit])


def search_files(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    """Files and pictures attached to posts, comments and articles the actor may see
    (access.visible_attachments: exactly as visible as what holds them; never a pending
    upload, a removed file or a link card), whose name or type (`pdf`, `image/png`)
    contains every word, newest first. Names are matched folded like the text search
    (text.fold: `cafe` finds `Café.pdf`, `mote` does not find `møte.pdf`) on the
    attachment's `name_folded`. Matched at query time on the attachments themselves:
    names are short, and this follows every attach, removal, move and permission change
    at once."""
    terms = [w for w in fold(_printable(raw)).split() if w][:8]
    if not terms or not is_active_member(actor):
        return []
    files = (
        visible_attachments(actor)
        .exclude(kind=Attachment.Kind.LINK)
        .filter(Q(post__isnull=False) | Q(comment__isnull=False) | Q(article__isnull=False))
    )
    for term in terms:
        files = files.filter(Q(name_folded__contains=term) | Q(content_type__icontains=term))
    return list(
        files.select_related(
            "uploader", "post", "post__group", "comment", "article", "article__author"
        ).order_by("-pk")[:limit]
    )


def search_topics(actor, raw: str, *, limit: int = PAGE_SIZE) -> list:
    terms = [w for w in casefold(_printable(raw).replace("#", " ")).split() if w][:1]
    if not terms:
        return []
    return list(visible_topics(actor).filter(key__startswith=terms[0]).order_by("key")[:limit])


__all__ = [
    "BadCursor",
    "Hit",
    "ResultPage",
    "search",
    "search_articles",
    "search_files",
    "search_groups",
    "search_people",
    "search_posts",
    "search_topics",
]
