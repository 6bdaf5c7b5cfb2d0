"""The reaction counts of a page's cards read each post's and each comment's reactions by
their (target, kind) index, never by a scan of all reactions.

The trap (docs/performance.md): as one query, `post_id IN (...) OR comment_id IN (...)`
grouped by (post, comment, kind), SQLite's planner -- with the statistics of a real
organisation, where most reactions are on posts and comment_id is mostly NULL -- walked the
post_id index over every reaction: 0.18-0.27 s per page of cold cards at 1M posts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from townhall.files.models import Attachment
from townhall.files.selectors import post_files
from townhall.posts import actions
from townhall.posts.models import Comment, Post, Reaction
from townhall.posts.selectors import _card_data, _my_reactions

pytestmark = pytest.mark.django_db

POSTS = 300


@pytest.fixture
def page(make_user):
    """20 posts with first comments, among POSTS posts with reactions from 30 people: most
    reactions on posts, some on comments; analysed."""
    author = make_user("ada", password=None)
    people = [make_user(f"reader{n}", password=None) for n in range(30)]
    posts = [actions.create_post(actor=author, body=f"Post {n}") for n in range(POSTS)]
    comments = [actions.create_comment(actor=author, post=p, body="First") for p in posts[:40]]
    kinds = [k for k, _label in Reaction.Kind.choices]
    Reaction.objects.bulk_create(
        [
            Reaction(user=person, post=post, kind=kinds[(i + j) % len(kinds)])
            for i, post in enumerate(posts)
            for j, person in enumerate(people)
        ]
        + [Reaction(user=person, comment=c, kind="like") for c in comments for person in people[:3]]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return author, [p.pk for p in posts[:20]]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_card_reaction_counts_read_each_target_by_its_index(page):
    author, post_ids = page
    with CaptureQueriesContext(connection) as captured:
        cards = _card_data(author, post_ids)
    assert (
        cards[post_ids[0]].reaction_counts
        and sum(cards[post_ids[0]].reaction_counts.values()) == 30
    )
    assert cards[post_ids[0]].first_comments[0][1] == {"like": 3}
    counts_sql = next(q["sql"] for q in captured.captured_queries if "posts_reaction" in q["sql"])
    plan = _plan(counts_sql)
    if connection.vendor == "sqlite":
        assert "SCAN posts_reaction" not in plan, plan
        assert "reaction_post_kind" in plan and "reaction_comment_kind" in plan, plan
    else:
        assert "Seq Scan on posts_reaction" not in plan, plan


def test_a_pages_files_and_my_reactions_are_read_by_their_indexes(page):
    """With a JOIN to the comments, the files query's OR scanned every attachment and the
    my-reactions query walked all of the reader's reactions on comments."""
    author, post_ids = page
    posts = list(Post.objects.filter(pk__in=post_ids))
    comments = list(Comment.objects.filter(post_id__in=post_ids))
    file = {"uploader": author, "kind": "file", "state": "ready"}
    Attachment.objects.bulk_create(  # most on posts, some on comments, a few not attached
        [Attachment(post=p, position=n, **file) for p in Post.objects.all() for n in range(3)]
        + [Attachment(comment=c, **file) for c in Comment.objects.all()]
        + [Attachment(uploader=author, kind="file") for _ in range(50)]
    )
    Reaction.objects.bulk_create(
        [Reaction(user=author, comment=c, kind="like") for c in Comment.objects.all()]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        files = post_files(list(posts), [c.pk for c in comments])
        mine = list(_my_reactions(author, tuple(post_ids)))
    assert all(len(p.files) == 3 for p in posts) and all(len(files[c.pk]) == 1 for c in comments)
    assert len(mine) == len(comments)
    files_sql, mine_sql = (q["sql"] for q in captured.captured_queries)
    if connection.vendor == "sqlite":
        plans = _plan(files_sql) + "\n" + _plan(mine_sql)
        assert "SCAN files_attachment" not in plans, plans
        assert "one_comment_reaction_per_kind (user_id=? AND comment_id=?)" in plans, plans
    else:  # a table this small is rightly scanned: show the plan CAN use the indexes
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            try:
                files_plan, mine_plan = _plan(files_sql), _plan(mine_sql)
            finally:
                cursor.execute("RESET enable_seqscan")
        assert "Seq Scan" not in files_plan + mine_plan, files_plan + mine_plan
        assert "Index Cond: (post_id = ANY" in files_plan, files_plan  # not with an OR
