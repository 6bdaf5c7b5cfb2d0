"""The index follows every change after commit, and `reindex` rebuilds it."""

from io import StringIO

from django.core.management import call_command

from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import search_posts


def found(actor, raw):
    return [hit.post.pk for hit in search_posts(actor, parse(raw)).hits]


def test_editing_a_post_changes_what_finds_it(member, post, committed):
    note = post(member, "Draft about apples")
    committed(posts.edit_post, actor=member, post=note, body="Final text about pears")
    assert found(member, "apples") == []
    assert found(member, "pears") == [note.pk]


def test_editing_a_comment_changes_what_finds_it(member, post, committed):
    note = post(member, "Fruit thread")
    comment = committed(posts.create_comment, actor=member, post=note, body="I like plums")
    committed(posts.edit_comment, actor=member, comment=comment, body="I like kiwis")
    assert found(member, "plums") == []
    assert found(member, "kiwis") == [note.pk]


def test_nothing_is_indexed_when_the_transaction_rolls_back(member):
    posts.create_post(actor=member, body="Never committed")  # no commit in this test
    assert not SearchDocument.objects.exists()


def test_reindex_rebuilds_the_index_and_prints_progress(member, post, committed):
    note = post(member, "Reindex me please")
    committed(posts.create_comment, actor=member, post=note, body="and my comment")
    SearchDocument.objects.all().delete()
    assert found(member, "reindex") == []
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "[##############################] 100% indexed 1/1" in out.getvalue()
    assert found(member, "reindex") == [note.pk]
    assert found(member, "comment") == [note.pk]
    call_command("reindex", stdout=StringIO())  # twice is harmless
    assert SearchDocument.objects.count() == 2


def _rows():
    return sorted(
        SearchDocument.objects.values_list(
            "kind", "object_id", "post_id", "author_id", "group_id", "text", "created_at"
        )
    )


def test_reindex_writes_the_rows_the_after_commit_tasks_write(member, bo, post, committed):
    """The bulk rebuild (batches of posts with their comments) and the per-object tasks
    agree row for row: markup left out, a comment carrying its post's group, deleted
    posts and comments left out, rows of vanished objects removed."""
    group = groups.create_group(actor=bo, name="Orchard")
    groups.join_group(actor=member, group=group)
    kept = post(member, "**Apples** at [the orchard](https://example.com/o)", group=group)
    committed(posts.create_comment, actor=bo, post=kept, body="Pears _too_")
    gone = committed(posts.create_comment, actor=member, post=kept, body="Plums")
    committed(posts.delete_comment, actor=member, comment=gone)
    deleted = post(member, "Soon gone")
    committed(posts.delete_post, actor=member, post=deleted)
    post(bo, "Outside any group")
    by_tasks = _rows()
    SearchDocument.objects.filter(kind="post").update(text="stale")
    SearchDocument.objects.create(
        kind="post",
        object_id=999_999,
        post_id=999_999,
        author_id=bo.pk,
        text="ghost",
        created_at=kept.created_at,
    )
    call_command("reindex", stdout=StringIO())
    assert _rows() == by_tasks
    assert found(member, "orchard") == [kept.pk]
    assert found(member, "example") == []
