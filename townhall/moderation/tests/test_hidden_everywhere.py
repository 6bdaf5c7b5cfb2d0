"""Content a moderator hid is hidden on every path, for every persona (its author and the
moderators included): pages, API, feeds, search, and the access layer's pairs agree."""

import pytest

from townhall.access import articles as article_access
from townhall.access import posts as post_access
from townhall.blogs import actions as blogs
from townhall.blogs.models import Article
from townhall.moderation import actions
from townhall.moderation.content import url_of
from townhall.moderation.tests.conftest import api, signed_in
from townhall.posts import actions as posts
from townhall.posts.models import Comment, Post

pytestmark = pytest.mark.django_db

WORD = "zanzibar"
TEXT = "quokkas"  # in the content, never in a query (search pages echo the query)


def everyone(town):
    return {
        "author": town.ada,
        "reader": town.ben,
        "moderator": town.mo,
        "admin": town.alma,
        "group admin": town.gina,
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**arguments)

    return run


def hide(town, target, committed):
    actions.report_content(actor=town.ben, target=target, reason="spam")
    committed(actions.decide, actor=town.alma, target=target, outcome="hide")


def test_a_hidden_post_is_gone_from_every_path_for_everyone(town, committed):
    post = committed(
        posts.create_post, actor=town.ada, body=f"Visit {WORD} {TEXT}", group=town.garden
    )
    paths = {
        "page": f"/posts/{post.pk}/",
        "group page": f"/groups/{town.garden.slug}/",
        "company feed": "/company/",
        "home feed": "/",
        "search": f"/search/?q={WORD}",
    }
    api_paths = {
        "api post": f"/api/v1/posts/{post.pk}",
        "api company feed": "/api/v1/feeds/company",
        "api group feed": f"/api/v1/groups/{town.garden.pk}/feed",
        "api search": f"/api/v1/search?q={WORD}",
    }
    # Before: the reader finds it on every path (so the paths are the right ones).
    reader, reader_api = signed_in(town.ben), api(town.ben)
    for name, path in paths.items():
        assert TEXT in reader.get(path).content.decode(), name
    for name, path in api_paths.items():
        assert TEXT in reader_api.get(path).content.decode(), name

    hide(town, post, committed)

    for persona, person in everyone(town).items():
        pages, endpoints = signed_in(person), api(person)
        assert pages.get(paths["page"]).status_code == 404, persona
        assert endpoints.get(api_paths["api post"]).status_code == 404, persona
        for name, path in {**paths, **api_paths}.items():
            client = endpoints if name.startswith("api") else pages
            assert TEXT not in client.get(path).content.decode(), (persona, name)
        assert not post_access.can_view_post(person, Post.objects.get(pk=post.pk)), persona
        assert not post_access.visible_posts(person).filter(pk=post.pk).exists(), persona
        assert not post_access.audience_of_post(post).filter(pk=person.pk).exists(), persona


def test_a_hidden_comment_and_its_replies_are_gone_but_the_post_stays(town, committed):
    post = committed(posts.create_post, actor=town.gina, body="Lunch plans")
    comment = committed(posts.create_comment, actor=town.ada, post=post, body=f"{WORD} {TEXT}")
    reply = committed(
        posts.create_comment, actor=town.gina, post=post, parent=comment, body="Reply here"
    )
    reader = signed_in(town.ben)
    assert TEXT in reader.get(f"/posts/{post.pk}/").content.decode()
    assert TEXT in reader.get(f"/search/?q={WORD}").content.decode()

    hide(town, comment, committed)

    for persona, person in everyone(town).items():
        pages, endpoints = signed_in(person), api(person)
        page = pages.get(f"/posts/{post.pk}/")
        assert page.status_code == 200, persona
        assert TEXT not in page.content.decode() and "Reply here" not in page.content.decode()
        assert endpoints.get(f"/api/v1/comments/{comment.pk}").status_code == 404, persona
        assert endpoints.get(f"/api/v1/comments/{reply.pk}").status_code == 404, persona
        assert TEXT not in endpoints.get(f"/api/v1/posts/{post.pk}/comments").content.decode()
        assert TEXT not in pages.get(f"/search/?q={WORD}").content.decode(), persona
        for target in (comment, reply):
            fresh = Comment.objects.select_related("post", "parent").get(pk=target.pk)
            assert not post_access.can_view_comment(person, fresh), persona
            assert not post_access.visible_comments(person).filter(pk=target.pk).exists()


def test_a_hidden_article_is_gone_for_its_author_and_the_organisation(town, committed):
    article = committed(blogs.create_article, actor=town.ada, title=f"On {WORD} {TEXT}", body="x")
    committed(blogs.publish_article, actor=town.ada, article=article)
    url = url_of(article)
    reader = signed_in(town.ben)
    assert reader.get(url).status_code == 200
    assert TEXT in reader.get("/blogs/").content.decode()
    assert TEXT in reader.get(f"/search/?q={WORD}&type=articles").content.decode()

    hide(town, article, committed)

    for persona, person in everyone(town).items():
        pages = signed_in(person)
        assert pages.get(url).status_code == 404, persona
        assert TEXT not in pages.get("/blogs/").content.decode(), persona
        found = pages.get(f"/search/?q={WORD}&type=articles").content.decode()
        assert TEXT not in found, persona
        fresh = Article.objects.get(pk=article.pk)
        assert not article_access.can_view_article(person, fresh), persona
        assert not article_access.visible_articles(person).filter(pk=article.pk).exists()


def test_what_was_not_hidden_stays_visible_to_all_and_the_pairs_agree(town, committed):
    kept = committed(posts.create_post, actor=town.ada, body="Kept", group=town.garden)
    gone = committed(posts.create_post, actor=town.ada, body="Gone", group=town.garden)
    hide(town, gone, committed)
    for persona, person in everyone(town).items():
        for post in Post.objects.select_related("group"):
            in_filter = post_access.visible_posts(person).filter(pk=post.pk).exists()
            assert post_access.can_view_post(person, post) == in_filter, (persona, post.body)
        assert post_access.visible_posts(person).filter(pk=kept.pk).exists(), persona
