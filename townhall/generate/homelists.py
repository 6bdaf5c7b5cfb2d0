"""The precomputed home lists of the generated organisation (townhall/feeds/lists.py).

ACTIVE_SHARE of the people were seen in the last week (a `LastSeen` row); each of them has
a built list (`FeedState`) holding the newest `lists.CAP` posts of their home feed: their
own posts, those of people they follow, of their groups and of topics they follow, as far
as they may see them (a post in a private or secret group only for its members; mutes are
applied when reading, as for lists kept by the fan-out). The others have no list and get
one on their next visit, as a person back after weeks would.

Built in memory, not with the pull query per person: post indexes are kept per author, per
group and per topic in time order, and each person's sources are merged newest first
(heapq.merge) until the list is full. Post ids grow with their time in the generator, so
"newest" is "highest id".
"""

import datetime
import heapq
import random

from django.db import transaction

from townhall.feeds import lists
from townhall.feeds.models import FeedEntry, FeedState
from townhall.groups.models import Group
from townhall.notifications.models import LastSeen
from townhall.people.models import Follow, TopicFollow

ACTIVE_SHARE = 0.7
PEOPLE_PER_TRANSACTION = 500


class Timeline:
    """Each generated post, in time order, with what decides whose home feed it is in."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.times: list[datetime.datetime] = []
        self.groups: list[int | None] = []  # group index
        self.by_author: dict[int, list[int]] = {}  # person index -> post positions
        self.by_group: dict[int, list[int]] = {}
        self.by_topic: dict[int, list[int]] = {}  # topic id -> post positions

    def add(self, post_id, at, author: int, group: int | None, topic_ids) -> None:
        position = len(self.ids)
        self.ids.append(post_id)
        self.times.append(at)
        self.groups.append(group)
        self.by_author.setdefault(author, []).append(position)
        if group is not None:
            self.by_group.setdefault(group, []).append(position)
        for topic_id in topic_ids:
            self.by_topic.setdefault(topic_id, []).append(position)


def fill(writer, org, timeline: Timeline, until, seed: int, progress=None) -> int:
    """Write LastSeen, FeedState and FeedEntry rows; returns the number of lists built."""
    rng = random.Random(f"{seed}-home-lists")  # its own stream: the other tables stay as they were
    index_of = {user_id: person for person, user_id in enumerate(org.ids)}
    follows: dict[int, list[int]] = {}
    for follower, followed in Follow.objects.values_list("follower_id", "followed_id"):
        follows.setdefault(index_of[follower], []).append(index_of[followed])
    topics: dict[int, list[int]] = {}
    for follower, topic_id in TopicFollow.objects.values_list("follower_id", "topic_id"):
        topics.setdefault(index_of[follower], []).append(topic_id)
    closed = {n for n, info in enumerate(org.groups) if info.kind != Group.Kind.PUBLIC}
    active = [person for person in range(len(org.ids)) if rng.random() < ACTIVE_SHARE]
    seen = [until - datetime.timedelta(seconds=rng.uniform(0, 7 * 86400)) for _ in active]
    for start in range(0, len(active), PEOPLE_PER_TRANSACTION):
        chunk = active[start : start + PEOPLE_PER_TRANSACTION]
        entries, states = [], []
        for person in chunk:
            positions, truncated = _newest(timeline, org, person, follows, topics, closed)
            user_id = org.ids[person]
            entries.extend((user_id, timeline.ids[p], timeline.times[p]) for p in positions)
            states.append((user_id, until, until, truncated, until))
        with transaction.atomic():
            writer.insert(
                LastSeen,
                ["person_id", "at"],
                [
                    (org.ids[p], at)
                    for p, at in zip(chunk, seen[start : start + len(chunk)], strict=True)
                ],
            )
            writer.insert(
                FeedState,
                ["person_id", "created_at", "built_at", "truncated", "trimmed_at"],
                states,
            )
            writer.insert(FeedEntry, ["person_id", "post_id", "created_at"], entries)
        if progress is not None:
            progress.update(round((start + len(chunk)) / len(active) * progress.total))
    return len(active)


def _newest(timeline: Timeline, org, person: int, follows, topics, closed) -> tuple[list, bool]:
    """The positions of the person's CAP newest home posts, and whether older ones exist."""
    mine = set(org.memberships[person])
    sources = [timeline.by_author.get(person, [])]
    sources += [timeline.by_author.get(other, []) for other in follows.get(person, ())]
    sources += [timeline.by_group.get(group, []) for group in mine]
    sources += [timeline.by_topic.get(topic, []) for topic in topics.get(person, ())]
    merged = heapq.merge(*(reversed(s) for s in sources if s), reverse=True)
    groups = timeline.groups
    chosen: list[int] = []
    last = -1
    for position in merged:
        if position == last:
            continue
        last = position
        group = groups[position]
        if group is not None and group in closed and group not in mine:
            continue
        if len(chosen) == lists.CAP:
            return chosen, True
        chosen.append(position)
    return chosen, False
