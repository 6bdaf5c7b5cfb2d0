"""Reads about people: the directory, the org chart, manager suggestions.

Everything starts from `access.people.visible_people`, so nobody sees a person here whom
they could not open.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from townhall.access.people import can_view_person, visible_people
from townhall.accounts.models import User, fold
from townhall.core import cursors
from townhall.search.discovery import who_knows

PAGE_SIZE = 24
EXPERTS = 5  # people who know most about the query, first on the first page
MAX_CHAIN = 50  # deepest org chart we walk up; also a guard against loops in old data


@dataclass
class PeoplePage:
    people: list[User]
    next_cursor: str | None


@dataclass
class OrgChart:
    chain: list[User] = field(default_factory=list)  # top of the organisation first
    reports: list[User] = field(default_factory=list)


def directory_queryset(actor) -> QuerySet[User]:
    """The canonical list of people for cards: what a card shows, in a stable order."""
    return visible_people(actor).order_by("display_name", "id")


def encode_cursor(person: User) -> str:
    return cursors.pack([person.display_name, person.pk])


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    """(display_name, id) of the last person on the previous page; None when unreadable."""
    return cursors.unpack(cursor, str, int)


def search_people(
    actor, query: str = "", department: str = "", after: str | None = None, limit: int = PAGE_SIZE
) -> PeoplePage:
    """People matching every word of `query` (any letter case) in `department`, a page at a time.

    With a query, the first page starts with the people who know most about it, ranked by
    the search's "who knows about X" (townhall.search.discovery.who_knows: accepted answers
    count most, then articles, posts, answers, comments and the expertise on a profile,
    counting only what the actor may see); each carries `expert_reasons`. The rest follow
    by name, keyset-paginated on (display_name, id): `after` is the cursor of the last
    card shown. An expert is never listed twice.
    """
    experts = _experts(actor, query, department) if query.strip() else []
    people = directory_queryset(actor).exclude(pk__in=[e.pk for e in experts])
    for word in fold(query).split():
        people = people.filter(search_text__contains=word)
    if department:
        people = people.filter(department=department)
    position = decode_cursor(after) if after else None
    if position is not None:
        name, pk = position
        people = people.filter(Q(display_name__gt=name) | Q(display_name=name, id__gt=pk))
    rows = list(people[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    first = [] if after else experts
    return PeoplePage(first + rows, encode_cursor(rows[-1]) if more and rows else None)


def _experts(actor, query: str, department: str) -> list[User]:
    found = who_knows(actor, query, limit=EXPERTS)
    people = []
    for expert in found:
        if department and expert.person.department != department:
            continue
        expert.person.expert_reasons = expert.reasons
        people.append(expert.person)
    return people


def departments(actor) -> list[str]:
    """Departments that someone the actor can see belongs to, for the directory filter."""
    names = (
        visible_people(actor)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )
    return list(names)


def org_chart(actor, person: User) -> OrgChart:
    """The chain of managers above `person` (as far as the actor can see) and their reports."""
    chain: list[User] = []
    seen = {person.pk}
    current = _manager_of(person)
    while current is not None and current.pk not in seen and len(chain) < MAX_CHAIN:
        if not can_view_person(actor, current):
            break  # a deactivated manager ends the visible chain for members
        chain.append(current)
        seen.add(current.pk)
        current = _manager_of(current)
    chain.reverse()
    reports = list(directory_queryset(actor).filter(manager=person))
    return OrgChart(chain=chain, reports=reports)


def _manager_of(person: User) -> User | None:
    if person.manager_id is None:
        return None
    return User.objects.filter(pk=person.manager_id).first()


def manager_candidates(actor, person: User, query: str, limit: int = 10) -> list[User]:
    """Active colleagues the actor can see whose name or username matches, for the manager field."""
    candidates = directory_queryset(actor).filter(is_active=True).exclude(pk=person.pk)
    words = fold(query).split()
    if not words:
        return []
    for word in words:
        candidates = candidates.filter(search_text__contains=word)
    return list(candidates[:limit])


def find_manager(actor, username: str) -> User | None:
    """The active colleague with this username, if the actor can see them."""
    return directory_queryset(actor).filter(is_active=True, username=username).first()
