"""A year of posts with comments, reactions, mentions, topics, questions, polls, praise and
announcements, then leaders' articles. Every row obeys the rules the actions enforce:

- a group post's author is a member of the group;
- comments, reactions, poll votes, mentions and praise recipients are people who may see
  the post (everyone for organisation-wide and public-group posts, members otherwise);
- `body_html` is what townhall.core.markdown renders for `body` with the mentioned people:
  bodies come from a pool rendered once, and a mention is a placeholder username swapped
  for the real one in the Markdown, the HTML and the search text alike;
- topics (PostTopic) are the #topics the body names; the author is never "mentioned";
- no Event, notification or email is written: this is the past, nobody is told about it.
"""

import datetime
import random
import sys
import time
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from django.db import transaction
from django.utils.text import slugify

from townhall.announcements.models import Acknowledgement, Announcement
from townhall.blogs.models import Article, ArticleComment
from townhall.core.markdown import find_references, person_path, render_markdown
from townhall.generate import words
from townhall.generate.homelists import Timeline
from townhall.generate.organisation import Organisation
from townhall.generate.writer import Writer
from townhall.groups.models import Group
from townhall.polls.models import Poll, PollOption, PollVote
from townhall.posts.models import Comment, Mention, Post, PostTopic, Reaction
from townhall.praise.models import Badge, Praise, PraiseRecipient
from townhall.questions.models import Question
from townhall.search.models import SearchDocument
from townhall.search.text import document_text
from townhall.search.text import words as search_words

SLOT = "mentionslot"  # the placeholder username in pooled bodies
CHUNK = 20_000  # posts per transaction
REACTION_KINDS = [k for k, _label in Reaction.Kind.choices]
REACTION_WEIGHTS = list(accumulate([60, 15, 10, 10, 5]))


# Loaded with their indexes dropped and rebuilt afterwards (SQLite, writer.indexes_deferred).
BIG_TABLES = [
    "posts_post",
    "posts_comment",
    "posts_reaction",
    "posts_mention",
    "posts_posttopic",
    "search_searchdocument",
    "feeds_feedentry",
]


@dataclass
class Body:
    body: str
    html: str
    text: str  # search text
    topics: list[str]  # topic keys
    mentions: bool


def _body(body: str) -> Body:
    html = render_markdown(body, usernames=[SLOT] if SLOT in body else [])
    topics = list(find_references(body).topics)
    return Body(body, html, document_text(body), topics, SLOT in body)


def _with_mention(entry: Body, username: str) -> tuple[str, str, str]:
    html = entry.html.replace(person_path(SLOT), person_path(username))
    return (
        entry.body.replace(SLOT, username),
        html.replace(SLOT, username),
        entry.text.replace(SLOT, " ".join(search_words(username))),
    )


def _post_pool(rng: random.Random, size: int) -> list[Body]:
    pool = []
    for _ in range(size):
        parts = []
        if rng.random() < 0.5:
            parts.append(rng.choice(words.OPENERS))
        parts.extend(rng.sample(words.SENTENCES, rng.randint(1, 3)))
        text = " ".join(parts)
        if rng.random() < 0.35:
            text += " " + " ".join(f"#{t}" for t in rng.sample(words.TOPICS, rng.randint(1, 2)))
        if rng.random() < 0.12:
            text += f" cc @{SLOT}"
        if rng.random() < 0.2:
            text += rng.choice(words.EXTRAS)
        pool.append(_body(text))
    return pool


def _pools(rng: random.Random) -> dict[str, list[Body]]:
    comments = [_body(c) for c in words.COMMENTS]
    comments += [_body(f"@{SLOT} {c}") for c in words.COMMENTS[:5]]
    questions = [_body(q) for q in words.QUESTIONS]
    questions += [_body(f"{q} #{t}") for q in words.QUESTIONS for t in words.TOPICS[:4]]
    return {
        "post": _post_pool(rng, 2000),
        "comment": comments,
        "question": questions,
        "praise": [_body(m) for m in words.PRAISE_MESSAGES],
        "poll": [_body(f"Quick poll: {q}") for q in words.QUESTIONS],
        "announcement": [_body(f"**Announcement.** {s}") for s in words.SENTENCES[:10]],
    }


def post_times(rng: random.Random, count: int, until: datetime.datetime) -> list:
    """`count` moments over the year before `until`, mostly on working days and hours."""
    start = until - datetime.timedelta(days=365)
    seconds = []
    while len(seconds) < count:
        day = rng.randrange(365)
        if (start + datetime.timedelta(days=day)).weekday() >= 5 and rng.random() < 0.8:
            continue
        hour = min(23.99, max(0.0, rng.gauss(12.5, 3.0)))
        seconds.append(day * 86400 + hour * 3600)
    seconds.sort()
    return [start + datetime.timedelta(seconds=s) for s in seconds]


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=None) -> None:
        self.label, self.total, self.began = label, max(1, total), time.monotonic()
        self.stream = stream or sys.stderr

    def update(self, done: int) -> None:
        share = done / self.total
        elapsed = time.monotonic() - self.began
        left = elapsed / share - elapsed if share else 0
        bar = "#" * int(share * 30)
        self.stream.write(
            f"\r{self.label} [{bar:<30}] {done:,}/{self.total:,} {share:4.0%} "
            f"{elapsed:5.0f}s elapsed, ~{left:4.0f}s left"
        )
        self.stream.flush()

    def done(self) -> None:
        self.update(self.total)
        self.stream.write("\n")


class Content:
    def __init__(self, rng, writer: Writer, org: Organisation, until, comments, reactions):
        self.rng, self.writer, self.org, self.until = rng, writer, org, until
        self.mean_comments, self.mean_reactions = comments, reactions
        self.pools = _pools(rng)
        self.everyone = list(range(len(org.ids)))
        self.rows: dict[str, list] = {}
        self.announcements: list[tuple[int, datetime.datetime, int]] = []
        self.timeline = Timeline()  # for the home lists (townhall.generate.homelists)

    # --- helpers --------------------------------------------------------------------
    def _audience(self, group: int | None) -> tuple[list[int], list[float]]:
        if group is None or self.org.groups[group].kind == Group.Kind.PUBLIC:
            return self.everyone, self.org.activity
        info = self.org.groups[group]
        return info.members, info.member_weights

    def _some(self, audience, weights, count: int, exclude: int) -> list[int]:
        """Up to `count` distinct people of the audience (activity-weighted), not `exclude`."""
        chosen: dict[int, None] = {}
        limit = min(count, len(audience) - _contains(audience, exclude))
        tries = 0
        while len(chosen) < limit and tries < count * 4 + 10:
            for person in self.rng.choices(audience, cum_weights=weights, k=limit - len(chosen)):
                if person != exclude:
                    chosen[person] = None
            tries += limit
        return list(chosen)

    def _count(self, mean: float, cap: int) -> int:
        return min(cap, int(self.rng.expovariate(1.0 / (mean + 0.5)))) if mean > 0 else 0

    def _add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)

    # --- posts ----------------------------------------------------------------------
    def posts(self, count: int, index: bool, progress: Progress | None) -> None:
        times = post_times(self.rng, count, self.until)
        ids = self.writer.next_ids(Post, count)
        every = max(1, count // (count // 80_000 + 1)) if count >= 100 else 0
        for start in range(0, count, CHUNK):
            stop = min(count, start + CHUNK)
            for i in range(start, stop):
                announce = every and i % every == every // 2
                self._post(ids[i], times[i], announce)
            self._flush(index)
            if progress:
                progress.update(stop)

    def _post(self, post_id: int, at: datetime.datetime, announce: bool) -> None:
        rng, org = self.rng, self.org
        if announce:
            author, group = rng.choice(org.leaders), None
        else:
            author = bisect_left(org.activity, rng.random() * org.activity[-1])
            mine = org.memberships[author]
            group = rng.choice(mine) if mine and rng.random() < 0.55 else None
        audience, weights = self._audience(group)
        roll = rng.random()
        kind = (
            "announcement"
            if announce
            else (
                "question"
                if roll < 0.03
                else "poll"
                if roll < 0.04
                else "praise"
                if roll < 0.05
                else "post"
            )
        )
        entry = rng.choice(self.pools[kind])
        body, html, text = entry.body, entry.html, entry.text
        group_id = org.groups[group].id if group is not None else None
        if entry.mentions:
            named = self._some(audience, weights, 1, author)
            if named:
                body, html, text = _with_mention(entry, org.usernames[named[0]])
                self._add("mention", (org.ids[named[0]], post_id, None, at))
            else:  # nobody else can see it: render as the action would, without a link
                body = entry.body.replace(f" cc @{SLOT}", "")
                html, text = render_markdown(body), document_text(body)
        author_id = org.ids[author]
        self._add("post", (post_id, author_id, group_id, body, html, at, None, None))
        for key in entry.topics:
            self._add("post_topic", (post_id, org.topics[key]))
        self.timeline.add(post_id, at, author, group, [org.topics[key] for key in entry.topics])
        self._add("search", ("post", post_id, post_id, author_id, group_id, text, at))
        comments = self._comments(post_id, at, author, audience, weights, group_id)
        for person in self._some(audience, weights, self._count(self.mean_reactions, 500), author):
            kind_ = REACTION_KINDS[bisect_left(REACTION_WEIGHTS, rng.random() * 100)]
            self._add("reaction", (org.ids[person], post_id, None, kind_, at))
        if kind == "question":
            self._question(post_id, at, author, comments)
        elif kind == "poll":
            self._poll(post_id, at, author, audience, weights)
        elif kind == "praise":
            self._praise(post_id, at, author, audience, weights)
        elif kind == "announcement":
            self.announcements.append((post_id, at, author))

    def _comments(self, post_id, at, author, audience, weights, group_id) -> list[tuple]:
        rng, org = self.rng, self.org
        made, top = [], []
        count = self._count(self.mean_comments, 200)
        if not count:
            return made
        ids = self.writer.next_ids(Comment, count)
        when = at
        for comment_id in ids:
            when = min(self.until, when + datetime.timedelta(seconds=rng.expovariate(1 / 3600)))
            person = bisect_left(weights, rng.random() * weights[-1])
            person = audience[person]
            parent = rng.choice(top) if top and rng.random() < 0.25 else None
            entry = rng.choice(self.pools["comment"])
            body, html, text = entry.body, entry.html, entry.text
            if entry.mentions:
                if person != author:  # mention the post's author, who can see their post
                    body, html, text = _with_mention(entry, org.usernames[author])
                    self._add("mention", (org.ids[author], None, comment_id, when))
                else:
                    entry = self.pools["comment"][0]
                    body, html, text = entry.body, entry.html, entry.text
            self._add("comment", (comment_id, post_id, org.ids[person], parent, body, html, when))
            self._add(
                "search", ("comment", comment_id, post_id, org.ids[person], group_id, text, when)
            )
            made.append((comment_id, person, when, parent))
            if parent is None:
                top.append(comment_id)
        return made

    def _question(self, post_id, at, author, comments) -> None:
        answers = [c for c in comments if c[1] != author and c[3] is None]
        accepted = answers[0] if answers and self.rng.random() < 0.6 else None
        if accepted:
            when = min(self.until, accepted[2] + datetime.timedelta(hours=1))
            self._add("question", (post_id, accepted[0], when, self.org.ids[author], at))
        else:
            self._add("question", (post_id, None, None, None, at))

    def _poll(self, post_id, at, author, audience, weights) -> None:
        rng = self.rng
        poll_id = self.writer.next_ids(Poll, 1)[0]
        single = rng.random() < 0.8
        closes = at + datetime.timedelta(days=7)
        self._add(
            "poll",
            (poll_id, post_id, "single" if single else "multiple", closes, rng.random() < 0.3, at),
        )
        choices = rng.choice(words.POLL_CHOICES)
        options = self.writer.next_ids(PollOption, len(choices))
        for position, (option_id, text) in enumerate(zip(options, choices, strict=True)):
            self._add("poll_option", (option_id, poll_id, position, text))
        for voter in self._some(audience, weights, rng.randint(2, 30), -1):
            picked = [rng.choice(options)] if single else rng.sample(options, rng.randint(1, 2))
            for option_id in picked:
                self._add(
                    "poll_vote",
                    (
                        poll_id,
                        option_id,
                        self.org.ids[voter],
                        single,
                        min(self.until, at + datetime.timedelta(hours=2)),
                    ),
                )

    def _praise(self, post_id, at, author, audience, weights) -> None:
        praise_id = self.writer.next_ids(Praise, 1)[0]
        self._add("praise", (praise_id, post_id, self.rng.choice(Badge.values), at))
        for person in self._some(audience, weights, self.rng.randint(1, 3), author):
            self._add("praise_recipient", (praise_id, self.org.ids[person]))

    # --- writing ----------------------------------------------------------------------
    TABLES = [
        (
            "post",
            Post,
            [
                "id",
                "author_id",
                "group_id",
                "body",
                "body_html",
                "created_at",
                "edited_at",
                "deleted_at",
            ],
        ),
        ("post_topic", PostTopic, ["post_id", "topic_id"]),
        (
            "comment",
            Comment,
            ["id", "post_id", "author_id", "parent_id", "body", "body_html", "created_at"],
        ),
        ("mention", Mention, ["person_id", "post_id", "comment_id", "created_at"]),
        ("reaction", Reaction, ["user_id", "post_id", "comment_id", "kind", "created_at"]),
        (
            "question",
            Question,
            ["post_id", "accepted_comment_id", "accepted_at", "accepted_by_id", "created_at"],
        ),
        ("poll", Poll, ["id", "post_id", "kind", "closes_at", "show_voters", "created_at"]),
        ("poll_option", PollOption, ["id", "poll_id", "position", "text"]),
        ("poll_vote", PollVote, ["poll_id", "option_id", "voter_id", "single", "created_at"]),
        ("praise", Praise, ["id", "post_id", "badge", "created_at"]),
        ("praise_recipient", PraiseRecipient, ["praise_id", "person_id"]),
        (
            "search",
            SearchDocument,
            ["kind", "object_id", "post_id", "author_id", "group_id", "text", "created_at"],
        ),
    ]

    def _flush(self, index: bool) -> None:
        with transaction.atomic():
            for name, model, fields in self.TABLES:
                rows = self.rows.pop(name, [])
                if name == "search" and not index:
                    continue
                self.writer.insert(model, fields, rows)
        self.rows.clear()

    # --- announcements and articles -----------------------------------------------------
    def acknowledgements(self) -> None:
        """Everyone got the announcements older than a month; 60% got the recent ones."""
        ids = self.writer.next_ids(Announcement, len(self.announcements))
        rows, acks = [], []
        recent = self.until - datetime.timedelta(days=30)
        for announcement_id, (post_id, at, _author) in zip(ids, self.announcements, strict=True):
            rows.append((announcement_id, post_id, at))
            for person, user_id in enumerate(self.org.ids):
                if at < recent or self.rng.random() < 0.6:
                    when = min(self.until, at + datetime.timedelta(hours=1 + person % 48))
                    acks.append((announcement_id, user_id, when))
        with transaction.atomic():
            self.writer.insert(Announcement, ["id", "post_id", "created_at"], rows)
            self.writer.insert(Acknowledgement, ["announcement_id", "person_id", "at"], acks)

    def articles(self, count: int) -> None:
        rng, org = self.rng, self.org
        times = post_times(rng, count, self.until)
        ids = self.writer.next_ids(Article, count)
        rendered = {c: render_markdown(c) for c in words.COMMENTS}
        rows, comments = [], []
        for article_id, at in zip(ids, times, strict=True):
            author = rng.choice(org.leaders)
            title = rng.choice(words.ARTICLE_TITLES)
            slug = f"{slugify(title)}-{article_id}"
            paragraphs = [
                "\n\n".join(rng.sample(words.SENTENCES, 3)) for _ in range(rng.randint(3, 6))
            ]
            body = "\n\n".join(paragraphs)
            mine = org.memberships[author]
            roll = rng.random()
            audience, group = ("public", None) if roll < 0.1 else ("organisation", None)
            if roll > 0.9 and mine:
                audience, group = "group", rng.choice(mine)
            group_id = org.groups[group].id if group is not None else None
            rows.append(
                (
                    article_id,
                    org.ids[author],
                    title,
                    slug,
                    paragraphs[0][:300],
                    body,
                    render_markdown(body),
                    "",
                    "",
                    audience,
                    group_id,
                    "published",
                    None,
                    at,
                    audience == "public",
                    at,
                )
            )
            people, weights = self._audience(group)
            for person in self._some(people, weights, rng.randint(0, 6), author):
                text = rng.choice(words.COMMENTS)
                when = min(self.until, at + datetime.timedelta(hours=rng.randint(1, 72)))
                comments.append(
                    (
                        article_id,
                        org.ids[person],
                        text,
                        rendered[text],
                        "approved",
                        "",
                        "",
                        "",
                        None,
                        False,
                        when,
                    )
                )
        with transaction.atomic():
            self.writer.insert(
                Article,
                [
                    "id",
                    "author_id",
                    "title",
                    "slug",
                    "summary",
                    "body",
                    "body_html",
                    "cover_image",
                    "cover_alt",
                    "audience",
                    "group_id",
                    "status",
                    "publish_at",
                    "published_at",
                    "allow_visitor_comments",
                    "created_at",
                ],
                rows,
            )
            self.writer.insert(
                ArticleComment,
                [
                    "article_id",
                    "author_id",
                    "body",
                    "body_html",
                    "status",
                    "visitor_name",
                    "visitor_email",
                    "visitor_website",
                    "ip_address",
                    "notify_followups",
                    "created_at",
                ],
                comments,
            )


def _contains(people: list[int], person: int) -> bool:
    """`person in people` for a sorted list, without scanning thousands of members."""
    index = bisect_left(people, person)
    return index < len(people) and people[index] == person
