"""Articles and members' article comments in search: the index follows every article
action after commit, and who may find an article is decided at query time."""

import pytest

from townhall.blogs import actions as blogs
from townhall.groups import actions as groups
from townhall.search.indexing import index_article
from townhall.search.models import SearchDocument
from townhall.search.query import parse
from townhall.search.selectors import search_articles


def found(actor, raw):
    return [(h.kind, h.thing.pk) for h in search_articles(actor, parse(raw)).hits]


@pytest.fixture
def article(bo, committed):
    made = committed(
        blogs.create_article, actor=bo, title="Quarterly zeppelin review", body="Lift is up."
    )
    return committed(blogs.publish_article, actor=bo, article=made)


def test_a_draft_is_found_by_its_author_only(bo, member, committed):
    draft = committed(blogs.create_article, actor=bo, title="Zeppelin draft", body="Secret")
    assert found(bo, "zeppelin") == [("article", draft.pk)]
    assert found(member, "zeppelin") == []
    committed(blogs.publish_article, actor=bo, article=draft)
    assert found(member, "zeppelin") == [("article", draft.pk)]


def test_editing_changes_what_finds_it(bo, member, article, committed):
    committed(
        blogs.edit_article, actor=bo, article=article, title="Quarterly blimp review", body="x"
    )
    assert found(member, "zeppelin") == []
    assert found(member, "blimp") == [("article", article.pk)]


def test_unpublishing_hides_it_and_its_comments_at_once(bo, member, article, committed):
    comment = committed(
        blogs.add_article_comment, actor=member, article=article, body="Zeppelin fan here"
    )
    assert len(found(member, "zeppelin")) == 2
    committed(blogs.unpublish_article, actor=bo, article=article)
    assert found(member, "zeppelin") == []
    assert found(bo, "zeppelin") == [("article_comment", comment.pk), ("article", article.pk)]


def test_deleting_an_article_or_a_comment_removes_it(bo, member, article, committed):
    comment = committed(
        blogs.add_article_comment, actor=member, article=article, body="Zeppelin fan here"
    )
    committed(blogs.edit_article_comment, actor=member, comment=comment, body="Airship fan")
    assert found(member, "airship") == [("article_comment", comment.pk)]
    committed(blogs.delete_article_comment, actor=member, comment=comment)
    assert found(member, "airship") == []
    committed(blogs.delete_article, actor=bo, article=article)
    assert found(bo, "zeppelin") == []
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_moving_an_article_into_a_secret_group_hides_it_from_outsiders(
    bo, member, article, secret_group, committed
):
    comment = committed(
        blogs.add_article_comment, actor=member, article=article, body="Zeppelin fan here"
    )
    committed(
        blogs.edit_article,
        actor=bo,
        article=article,
        title=article.title,
        body=article.body,
        audience="group",
        group=secret_group,
    )
    assert found(member, "zeppelin") == []
    assert found(bo, f"zeppelin in:{secret_group.slug}") == [
        ("article_comment", comment.pk),
        ("article", article.pk),
    ]
    doc = SearchDocument.objects.get(kind="article_comment", object_id=comment.pk)
    assert doc.group_id == secret_group.pk  # comments follow their article


def test_a_group_article_follows_the_group_turning_secret(bo, member, committed):
    lab = groups.create_group(actor=bo, name="Open lab", kind="public")
    made = committed(
        blogs.create_article,
        actor=bo,
        title="Zeppelin lab",
        body="Notes",
        audience="group",
        group=lab,
    )
    committed(blogs.publish_article, actor=bo, article=made)
    assert found(member, "zeppelin") == [("article", made.pk)]
    groups.change_kind(actor=bo, group=lab, kind="secret")  # no re-indexing needed
    assert found(member, "zeppelin") == []


def test_visitor_comments_are_not_indexed(bo, article):
    article.comments.create(body="Zeppelin spam", visitor_name="V", status="approved")
    index_article(article.pk)
    assert not SearchDocument.objects.filter(kind="article_comment").exists()
