"""People, departments, the management tree, groups, memberships, follows and mutes.

Heavy tails on purpose: department sizes, group sizes (rank r gets about S/r members, so
the largest groups have thousands), who is followed (a Zipf-like popularity with leaders
on top) and how many people each person follows (log-normal).
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from townhall.accounts.models import User, fold
from townhall.core.markdown import topic_key
from townhall.generate import words
from townhall.generate.writer import Writer
from townhall.groups.models import Group, Membership
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts.models import Topic

SPAN = 7  # people per manager


@dataclass
class GroupInfo:
    id: int
    kind: str
    members: list[int]  # person indexes
    member_weights: list[float] = field(default_factory=list)  # cumulative activity


@dataclass
class Organisation:
    ids: list[int]  # person index -> user id
    usernames: list[str]
    roles: list[str]
    activity: list[float]  # cumulative weights over all people: who writes and reacts
    groups: list[GroupInfo]
    memberships: list[list[int]]  # person index -> group indexes
    leaders: list[int]  # person indexes of leaders and admins
    topics: dict[str, int]  # topic key -> id
    began: datetime.datetime  # when the organisation joined Townhall


def _ascii(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def _departments(rng: random.Random, count: int) -> list[int]:
    """A department index per person (person 0, the CEO, is in the first department)."""
    weights = list(accumulate(size for _name, _titles, size in words.DEPARTMENTS))
    people = [
        rng.choices(range(len(words.DEPARTMENTS)), cum_weights=weights)[0] for _ in range(count)
    ]
    people[0] = 0
    return people


def build_people(rng, writer: Writer, count: int, began, password: str | None) -> tuple:
    departments = _departments(rng, count)
    ids = list(writer.next_ids(User, count))
    by_department: dict[int, list[int]] = {}
    for person in range(1, count):
        by_department.setdefault(departments[person], []).append(person)
    manager = [None] * count
    roles = [User.Role.MEMBER] * count
    titles = [""] * count
    roles[0], titles[0] = User.Role.ADMIN, "CEO"
    for department, people in by_department.items():
        names = words.DEPARTMENTS[department][1]
        for rank, person in enumerate(people):
            boss = 0 if rank == 0 else people[(rank - 1) // SPAN]
            manager[person] = ids[boss]
            titles[person] = names[0] if rank == 0 else names[1 if rank <= SPAN else 2]
            if rank == 0:
                roles[person] = User.Role.LEADER
    for person in rng.sample(range(1, count), min(count - 1, max(1, count // 500))):
        roles[person] = User.Role.ADMIN if rng.random() < 0.5 else User.Role.MODERATOR
    hashed = make_password(password) if password else make_password(None)
    usernames, taken, rows, emails = [], set(), [], []
    for person in range(count):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        base = _ascii(f"{first}.{last}").lower()
        username = base if base not in taken else f"{base}{person}"
        taken.add(username)
        usernames.append(username)
        department = words.DEPARTMENTS[departments[person]][0]
        user = User(
            username=username,
            display_name=f"{first} {last}",
            job_title=titles[person],
            department=department,
            location=rng.choice(words.LOCATIONS),
            expertise=rng.sample(words.TOPICS, rng.randint(0, 3)),
        )
        user.refresh_search_text()
        email = f"{username}@example.com"
        joined = began + datetime.timedelta(minutes=person)
        rows.append(
            (
                ids[person],
                hashed,
                False,
                username,
                first,
                last,
                email,
                False,
                True,
                joined,
                user.display_name,
                roles[person],
                "",
                user.job_title,
                department,
                user.location,
                manager[person],
                "",
                "",
                user.expertise,
                "",
                "",
                "",
                user.search_text,
            )
        )
        emails.append((ids[person], email, True, True))
    writer.insert(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "display_name",
            "role",
            "avatar",
            "job_title",
            "department",
            "location",
            "manager_id",
            "phone",
            "bio",
            "expertise",
            "pronouns",
            "language",
            "time_zone",
            "search_text",
        ],
        rows,
    )
    writer.insert(EmailAddress, ["user_id", "email", "verified", "primary"], emails)
    leaders = [p for p in range(count) if roles[p] in (User.Role.LEADER, User.Role.ADMIN)]
    return ids, usernames, roles, leaders, departments, manager


def _group_kind(rng: random.Random, rank: int) -> str:
    fixed = {
        1: Group.Kind.PUBLIC,
        2: Group.Kind.PRIVATE,
        3: Group.Kind.PUBLIC,
        4: Group.Kind.SECRET,
    }
    if rank in fixed:
        return fixed[rank]
    return rng.choices([Group.Kind.PUBLIC, Group.Kind.PRIVATE, Group.Kind.SECRET], [6, 3, 1])[0]


def _group_name(rank: int) -> str:
    if rank <= len(words.GROUP_NAMES):
        return words.GROUP_NAMES[rank - 1]
    word = words.PROJECT_WORDS[rank % len(words.PROJECT_WORDS)]
    return f"Project {word} {rank}"


def build_groups(rng, writer: Writer, ids: list[int], activity: list[float], began) -> tuple:
    count = len(ids)
    total = max(4, count // 25)
    biggest = min(count // 2, 5000) or 1
    group_ids = list(writer.next_ids(Group, total))
    groups, memberships = [], [[] for _ in range(count)]
    rows, member_rows, slugs = [], [], set()
    for rank in range(1, total + 1):
        kind = _group_kind(rng, rank)
        size = min(count, max(3, biggest // rank))
        members = sorted(rng.sample(range(count), size))
        rng.shuffle(members)  # the first is the owner, the next ones admins
        name = _group_name(rank)
        slug = slugify(name) or f"group-{rank}"
        slug = slug if slug not in slugs else f"{slug}-{rank}"
        slugs.add(slug)
        group_id = group_ids[rank - 1]
        created = began + datetime.timedelta(hours=rank)
        rows.append(
            (
                group_id,
                name,
                fold(name),
                slug,
                f"The {name} group.",
                kind,
                None,
                None,
                ids[members[0]],
                created,
            )
        )
        for position, person in enumerate(members):
            role = "owner" if position == 0 else "admin" if position <= 2 else "member"
            member_rows.append((group_id, ids[person], role, created))
            memberships[person].append(rank - 1)
        members.sort()
        weights = [activity[p] - (activity[p - 1] if p else 0.0) for p in members]
        groups.append(GroupInfo(group_id, kind, members, list(accumulate(weights))))
    writer.insert(
        Group,
        [
            "id",
            "name",
            "name_key",
            "slug",
            "description",
            "kind",
            "archived_at",
            "pinned_post_id",
            "created_by_id",
            "created_at",
        ],
        rows,
    )
    writer.insert(Membership, ["group_id", "user_id", "role", "created_at"], member_rows)
    return groups, memberships


def build_follows(rng, writer: Writer, ids, manager, departments, leaders, began) -> None:
    count = len(ids)
    order = list(range(count))
    rng.shuffle(order)
    popularity = [0.0] * count
    for rank, person in enumerate(order, start=1):
        popularity[person] = 1.0 / rank**0.9
    for person in leaders:
        popularity[person] += 0.5
    cumulative = list(accumulate(popularity))
    index_of = {user_id: i for i, user_id in enumerate(ids)}
    reports: dict[int, list[int]] = {}
    for person, boss in enumerate(manager):
        if boss is not None:
            reports.setdefault(index_of[boss], []).append(person)
    rows, at = [], began + datetime.timedelta(days=1)
    for person in range(count):
        wanted = min(count - 1, int(rng.lognormvariate(3.0, 0.9)))
        chosen = set(rng.choices(range(count), cum_weights=cumulative, k=wanted))
        if manager[person] is not None:
            chosen.add(index_of[manager[person]])
        chosen.update(reports.get(person, ())[:20])
        chosen.discard(person)
        rows.extend((ids[person], ids[other], at) for other in sorted(chosen))
    writer.insert(Follow, ["follower_id", "followed_id", "created_at"], rows)


def build_topics(rng, writer: Writer, ids: list[int], began) -> dict[str, int]:
    names = list(dict.fromkeys(words.TOPICS))
    topic_ids = list(writer.next_ids(Topic, len(names)))
    keys = [topic_key(name) for name in names]
    writer.insert(
        Topic,
        ["id", "key", "name", "created_at"],
        [(pk, key, name, began) for pk, key, name in zip(topic_ids, keys, names, strict=True)],
    )
    weights = list(accumulate(1.0 / rank for rank in range(1, len(names) + 1)))
    rows, mutes = [], []
    for person, user_id in enumerate(ids):
        for topic in sorted(
            set(rng.choices(range(len(names)), cum_weights=weights, k=rng.randint(0, 6)))
        ):
            rows.append((user_id, topic_ids[topic], began))
        if rng.random() < 0.03:  # a few people mute a noisy topic or colleague
            if rng.random() < 0.5:
                mutes.append((user_id, None, None, topic_ids[rng.randrange(len(names))], began))
            else:
                other = rng.randrange(len(ids))
                if other != person:
                    mutes.append((user_id, ids[other], None, None, began))
    writer.insert(TopicFollow, ["follower_id", "topic_id", "created_at"], rows)
    writer.insert(Mute, ["muter_id", "person_id", "group_id", "topic_id", "created_at"], mutes)
    return dict(zip(keys, topic_ids, strict=True))


def build(rng: random.Random, writer: Writer, count: int, began, password=None) -> Organisation:
    ids, usernames, roles, leaders, departments, manager = build_people(
        rng, writer, count, began, password
    )
    lead = set(leaders)
    weights = [rng.lognormvariate(0, 1.2) * (3 if p in lead else 1) for p in range(count)]
    activity = list(accumulate(weights))
    groups, memberships = build_groups(rng, writer, ids, activity, began)
    build_follows(rng, writer, ids, manager, departments, set(leaders), began)
    topics = build_topics(rng, writer, ids, began)
    return Organisation(
        ids, usernames, roles, activity, groups, memberships, leaders, topics, began
    )
