"""Generate a realistic organisation for benchmarks: `townhall manage generate`.

A plain package (not a Django app, no models): organisation.py builds people, the
management tree, groups, follows and topics; content.py a year of posts and everything
hanging off them, plus articles; homelists.py the precomputed home lists of the people
it marks active; writer.py writes rows in bulk (COPY on PostgreSQL).
docs/performance.md says how long it takes and what it makes.
"""

import datetime
import random

from townhall.generate import content, homelists, organisation
from townhall.generate.writer import Writer


def generate(
    *,
    people: int,
    posts: int,
    seed: int = 1,
    until: datetime.datetime,
    comments: float = 2.0,
    reactions: float = 3.0,
    index: bool = True,
    password: str | None = None,
    progress=None,
) -> Writer:
    """Fill an empty database. Same arguments, same rows (ids included)."""
    from django.db import connection, transaction

    rng = random.Random(seed)
    writer = Writer()
    began = until - datetime.timedelta(days=400)
    _speed_up(connection)
    with transaction.atomic():
        org = organisation.build(rng, writer, people, began, password)
    maker = content.Content(rng, writer, org, until, comments, reactions)
    bar = content.Progress("posts", posts, progress) if progress is not None else None
    with writer.indexes_deferred(content.BIG_TABLES):
        maker.posts(posts, index, bar)
        if bar:
            bar.done()
        lists_bar = None
        if progress is not None:
            lists_bar = content.Progress("home lists", len(org.ids), progress)
        homelists.fill(writer, org, maker.timeline, until, seed, lists_bar)
        if lists_bar:
            lists_bar.done()
    maker.acknowledgements()
    maker.articles(max(3, posts // 5000) if posts else 0)
    from townhall.accounts.models import User
    from townhall.announcements.models import Announcement
    from townhall.blogs.models import Article, ArticleComment
    from townhall.groups.models import Group
    from townhall.polls.models import Poll, PollOption
    from townhall.posts.models import Comment, Post, Topic
    from townhall.praise.models import Praise

    writer.reset_sequences(
        [
            User,
            Group,
            Topic,
            Post,
            Comment,
            Poll,
            PollOption,
            Praise,
            Announcement,
            Article,
            ArticleComment,
        ]
    )
    _analyze(connection)
    return writer


def _speed_up(connection) -> None:
    if connection.in_atomic_block:  # inside a test; SQLite refuses to change it there
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")


def _analyze(connection) -> None:
    """Fresh planner statistics, so the first queries after a big load use the indexes."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
