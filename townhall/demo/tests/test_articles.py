"""The demo's articles: leaders write public and internal ones, members comment."""

import pytest

from townhall.access.articles import public_articles, visible_articles
from townhall.accounts.models import User
from townhall.blogs.models import Article, ArticleComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo, db):
    return demo


def test_two_leaders_write_public_and_internal_articles(loaded):
    published = Article.objects.filter(status="published")
    authors = set(published.values_list("author__username", flat=True))
    assert authors == {"ingrid", "hakon"}
    assert all(u.role == "leader" for u in User.objects.filter(username__in=authors))
    assert public_articles().count() == 2
    assert published.filter(audience="organisation").exists()
    assert published.filter(audience="group").exists()
    assert "articles by leaders" in loaded


def test_members_commented_and_a_draft_stays_private(loaded):
    assert ArticleComment.objects.filter(status="approved").count() >= 4
    draft = Article.objects.get(status="draft")
    priya = User.objects.get(username="priya")
    assert draft not in visible_articles(priya)
