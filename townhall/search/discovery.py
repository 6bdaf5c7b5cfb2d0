"""Discovery: trending topics, "who knows about X", people to follow and groups to join.

Everything is computed from what the person may see (townhall.access querysets), so no
name, count or reason tells them about a post, group or membership hidden from them.

- Trending topics: topics of the posts of the last TRENDING_DAYS days the person may see,
  ranked by how many distinct people used them (then by posts), not by raw volume.
- Who knows about X: among the newest matches of X the person may see (the search's
  bounded candidate set), each author scores per item (EXPERT_POINTS: an accepted answer
  counts most, then articles, posts, answers to questions, comments), plus points when X
  is in the expertise on their profile.
- People to follow: colleagues in my department and people my follows follow, not yet
  followed, with the reason ("2 people you follow follow them", "Also in Finance").
- Groups to join: groups I am not in where people I follow are members, counted only
  where the person may see the member list ("3 people you follow are members").
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.access.groups import member_group_ids, visible_groups, visible_memberships
from townhall.access.people import visible_people
from townhall.access.posts import visible_posts, visible_topics
from townhall.access.roles import is_active_member
from townhall.accounts.models import User
from townhall.groups.models import Group, Membership
from townhall.people.models import Follow
from townhall.posts.models import Post, PostTopic, Topic
from townhall.questions.models import Question
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import visible_matches
from townhall.search.text import fold, words

TRENDING_DAYS = 7
Kind = SearchDocument.Kind
EXPERT_POINTS = {
    "accepted": 5,
    "article": 3,
    "expertise": 4,
    "post": 2,
    "answer": 1.5,
    "comment": 1,
    "article_comment": 1,
}


@dataclass
class TrendingTopic:
    topic: Topic
    people: int
    posts: int


def trending_topics(actor, *, days: int = TRENDING_DAYS, limit: int = 10) -> list[TrendingTopic]:
    if not is_active_member(actor):
        return []
    since = timezone.now() - datetime.timedelta(days=days)
    recent = visible_posts(actor, Post.objects.filter(created_at__gte=since)).values("pk")
    rows = list(
        PostTopic.objects.filter(post__in=recent)
        .values("topic_id")
        .annotate(people=Count("post__author", distinct=True), posts=Count("post", distinct=True))
        .order_by("-people", "-posts", "topic_id")[:limit]
    )
    topics = visible_topics(actor).in_bulk([row["topic_id"] for row in rows])
    return [
        TrendingTopic(topics[row["topic_id"]], row["people"], row["posts"])
        for row in rows
        if row["topic_id"] in topics
    ]


# --- who knows about X ----------------------------------------------------------------


@dataclass
class Expert:
    person: User
    score: float = 0.0
    counts: Counter = field(default_factory=Counter)

    @property
    def reasons(self) -> list[str]:
        c = self.counts
        texts = {
            "accepted": ngettext("%(n)d accepted answer", "%(n)d accepted answers", c["accepted"]),
            "article": ngettext("%(n)d article", "%(n)d articles", c["article"]),
            "post": ngettext("%(n)d post", "%(n)d posts", c["post"]),
            "answer": ngettext("%(n)d answer", "%(n)d answers", c["answer"]),
            "comment": ngettext("%(n)d comment", "%(n)d comments", c["comment"]),
        }
        found = [texts[key] % {"n": c[key]} for key in texts if c[key]]
        if c["expertise"]:
            found.append(_("lists it as expertise"))
        return found


def _kind_of(kind: str, object_id: int, post_id, accepted: set[int], questions: set[int]) -> str:
    if kind == Kind.COMMENT:
        if object_id in accepted:
            return "accepted"
        return "answer" if post_id in questions else "comment"
    if kind == Kind.ARTICLE_COMMENT:
        return "comment"
    return kind


def who_knows(actor, raw: str, *, limit: int = 5) -> list[Expert]:
    """People ranked by what they wrote about `raw` that `actor` may see, and by the
    expertise on their profile. Every reason shown comes from what the actor may see."""
    query = parse(raw)
    if not is_active_member(actor) or not query.has_text:
        return []
    found = visible_matches(actor, query, tuple(Kind.values))
    comment_ids = [c[2] for c in found if c[1] == Kind.COMMENT]
    post_ids = {c[5] for c in found if c[1] == Kind.COMMENT}
    accepted, questions = set(), set()
    if comment_ids:
        accepted = set(
            Question.objects.filter(
                accepted_comment_id__in=comment_ids, accepted_comment__deleted_at__isnull=True
            ).values_list("accepted_comment_id", flat=True)
        )
        questions = set(
            Question.objects.filter(post_id__in=post_ids).values_list("post_id", flat=True)
        )
    experts: dict[int, Expert] = {}
    authors: dict[int, list[str]] = defaultdict(list)
    for _doc, kind, object_id, _when, author_id, post_id in found:
        authors[author_id].append(_kind_of(kind, object_id, post_id, accepted, questions))
    wanted = [w for w in query.words + [w for p in query.phrases for w in p]]
    people = visible_people(actor).filter(is_active=True)
    matching_expertise = people.filter(
        Q(pk__in=list(authors)) | _all_in_search_text(wanted)
    ).order_by("pk")[:200]
    for person in matching_expertise:
        expert = experts.setdefault(person.pk, Expert(person))
        for what in authors.get(person.pk, []):
            expert.counts[what] += 1
        if _has_expertise(person, wanted):
            expert.counts["expertise"] += 1
        expert.score = sum(EXPERT_POINTS[k] * n for k, n in expert.counts.items())
    ranked = sorted(
        (e for e in experts.values() if e.score > 0),
        key=lambda e: (-e.score, e.person.display_name or e.person.username, e.person.pk),
    )
    return ranked[:limit]


def _all_in_search_text(wanted: list[str]) -> Q:
    match = Q()
    for word in wanted:
        match &= Q(search_text__contains=word)
    return match if wanted else Q(pk__in=[])


def _has_expertise(person: User, wanted: list[str]) -> bool:
    listed = {w for item in person.expertise or [] for w in words(str(item))}
    return bool(wanted) and all(fold(w) in listed for w in wanted)


# --- suggestions for me ---------------------------------------------------------------


@dataclass
class Suggestion:
    thing: object  # a User or a Group
    reason: str
    weight: int = 0


def _following_ids(actor) -> list[int]:
    return list(Follow.objects.filter(follower=actor).values_list("followed_id", flat=True))


def people_to_follow(actor, *, limit: int = 5) -> list[Suggestion]:
    if not is_active_member(actor):
        return []
    following = _following_ids(actor)
    skip = {actor.pk, *following}
    people = visible_people(actor).filter(is_active=True).exclude(pk__in=skip)
    via = dict(
        Follow.objects.filter(follower_id__in=following, followed__in=people)
        .values_list("followed_id")
        .annotate(n=Count("follower_id", distinct=True))
        .order_by("-n", "followed_id")[:50]
    )
    colleagues = []
    if actor.department:
        colleagues = list(
            people.filter(department__iexact=actor.department)
            .order_by("display_name", "pk")
            .values_list("pk", flat=True)[:50]
        )
    found = people.in_bulk([*via, *colleagues])
    suggestions = []
    for pk, person in found.items():
        reasons, weight = [], 0
        if pk in via:
            reasons.append(
                ngettext(
                    "%(n)d person you follow follows them",
                    "%(n)d people you follow follow them",
                    via[pk],
                )
                % {"n": via[pk]}
            )
            weight += 2 * via[pk]
        if pk in colleagues:
            reasons.append(_("Also in %(department)s") % {"department": person.department})
            weight += 1
        suggestions.append(Suggestion(person, " · ".join(reasons), weight))
    suggestions.sort(key=lambda s: (-s.weight, s.thing.display_name or s.thing.username))
    return suggestions[:limit]


def groups_to_join(actor, *, limit: int = 5) -> list[Suggestion]:
    """Groups the actor may see and is not in, where people they follow are members (only
    memberships the actor may see are counted: townhall.access.groups)."""
    if not is_active_member(actor):
        return []
    following = _following_ids(actor)
    if not following:
        return []
    candidates = visible_groups(actor).exclude(pk__in=member_group_ids(actor))
    counted = visible_memberships(
        actor,
        Membership.objects.filter(
            user_id__in=following, user__is_active=True, group__in=candidates
        ),
    )
    rows = list(
        counted.values_list("group_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by("-n", "group_id")[:limit]
    )
    groups = Group.objects.in_bulk([group_id for group_id, _n in rows])
    return [
        Suggestion(
            groups[group_id],
            ngettext(
                "%(n)d person you follow is a member",
                "%(n)d people you follow are members",
                n,
            )
            % {"n": n},
            n,
        )
        for group_id, n in rows
        if group_id in groups
    ]
