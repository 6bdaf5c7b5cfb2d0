"""Visitor comments: who sees and who moderates a pending and an approved one.

Typed by hand: 9 personas x 2 comments (a visitor's pending comment and a visitor's
approved one, on a public article that takes visitor comments). For each cell the object
check and the queryset filter must agree, for seeing (townhall.access.articles) and for
moderating (townhall.access.commenters), and the moderation queue page must list exactly
the pending comments the persona moderates. A commenter identity (signed in externally)
must fare exactly as a signed-out visitor. An external guest (in no group here) reads a
public article's approved comments like any member, moderates nothing, and does not
comment as a visitor (members comment as themselves).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from townhall.access.articles import can_view_article_comment, visible_article_comments
from townhall.access.commenters import (
    can_comment_as_visitor,
    can_moderate_comment,
    moderatable_comments,
)
from townhall.accounts.models import User
from townhall.blogs.models import Article, ArticleComment

pytestmark = pytest.mark.django_db

# persona: (sees pending, moderates pending, sees approved, moderates approved, comments)
V, M = "view", "moderate"
MATRIX = {
    "anonymous": {"pending": "", "approved": V, "comments": True},
    "commenter": {"pending": "", "approved": V, "comments": True},
    "member": {"pending": "", "approved": V, "comments": False},
    "author": {"pending": V + M, "approved": V + M, "comments": False},
    "moderator": {"pending": V + M, "approved": V + M, "comments": False},
    "admin": {"pending": V + M, "approved": V + M, "comments": False},
    "other_author": {"pending": "", "approved": V, "comments": False},
    "deactivated": {"pending": "", "approved": V, "comments": True},
    "guest": {"pending": "", "approved": V, "comments": False},
}


@pytest.fixture
def world(make_user):
    author = make_user("lea", role="leader")
    article = Article.objects.create(
        author=author,
        title="Open books",
        slug="open-books",
        body="x",
        body_html="<p>x</p>",
        audience="public",
        status="published",
        published_at=timezone.now(),
        allow_visitor_comments=True,
    )
    commenter = User.objects.create(
        username="commenter-1",
        email="commenter-1@commenters.invalid",
        display_name="Vera",
        role=User.Role.COMMENTER,
    )
    deactivated = make_user("dee")
    deactivated.is_active = False
    deactivated.save()
    people = {
        "anonymous": AnonymousUser(),
        "commenter": commenter,
        "member": make_user("mona"),
        "author": author,
        "moderator": make_user("moe", role="moderator"),
        "admin": make_user("alma", role="admin"),
        "other_author": make_user("olav", role="leader"),
        "deactivated": deactivated,
        "guest": make_user("gwen", role="guest"),
    }
    comments = {
        status: ArticleComment.objects.create(
            article=article,
            author=commenter if status == "pending" else None,
            body=status,
            body_html=status,
            status=status,
            visitor_name="Vera",
            visitor_email="vera@example.org",
        )
        for status in ("pending", "approved")
    }
    return people, comments, article


def test_the_matrix_has_18_cells():
    assert sum(len([k for k in row if k != "comments"]) for row in MATRIX.values()) == 18


@pytest.mark.parametrize("persona", MATRIX)
def test_each_persona_sees_and_moderates_exactly_what_the_table_says(world, persona):
    people, comments, article = world
    actor = people[persona]
    for status, comment in comments.items():
        expected = MATRIX[persona][status]
        sees = can_view_article_comment(actor, comment)
        assert sees == (V in expected), (persona, status, "view")
        assert visible_article_comments(actor).filter(pk=comment.pk).exists() == sees
        moderates = can_moderate_comment(actor, comment)
        assert moderates == (M in expected), (persona, status, "moderate")
        assert moderatable_comments(actor).filter(pk=comment.pk).exists() == moderates
    assert can_comment_as_visitor(actor, article) == MATRIX[persona]["comments"]


@pytest.mark.parametrize(
    "persona", ["member", "author", "moderator", "admin", "other_author", "guest"]
)
def test_the_queue_page_lists_exactly_the_pending_comments_a_persona_moderates(
    world, persona, client
):
    people, comments, _ = world
    client.force_login(people[persona])
    page = client.get("/moderation/?show=held").content.decode()  # the one review queue
    assert (f'id="pending-{comments["pending"].pk}"' in page) == (M in MATRIX[persona]["pending"])
    assert f'id="pending-{comments["approved"].pk}"' not in page


@pytest.mark.parametrize("persona", ["anonymous", "commenter", "deactivated"])
def test_visitors_see_only_the_approved_comment_on_the_public_comment_page(world, persona, client):
    people, comments, article = world
    if persona == "commenter":
        client.force_login(people[persona])
    page = client.get(f"/comments/articles/{article.pk}/").content.decode()
    assert f'id="comment-{comments["approved"].pk}"' in page
    assert f'id="comment-{comments["pending"].pk}"' not in page
    assert "vera@example.org" not in page  # the address is for moderators only
