"""The generated organisation is deterministic and obeys the rules the actions enforce."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from townhall.access.posts import audience_of_post, visible_posts
from townhall.accounts.models import User
from townhall.announcements.models import Acknowledgement, Announcement
from townhall.blogs.models import Article, ArticleComment
from townhall.core.markdown import find_references, render_markdown
from townhall.events.models import Event
from townhall.feeds import lists
from townhall.feeds import selectors as feeds
from townhall.feeds.models import FeedEntry, FeedState
from townhall.generate import generate
from townhall.groups.models import Group, Membership
from townhall.notifications.models import LastSeen, Notification
from townhall.people.models import Follow
from townhall.polls.models import Poll, PollVote
from townhall.posts.models import Comment, Mention, Post, PostTopic, Reaction
from townhall.posts.selectors import feed_page
from townhall.praise.models import PraiseRecipient
from townhall.questions.models import Question
from townhall.search.models import SearchDocument
from townhall.search.text import document_text

UNTIL = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
SMALL = {"people": 150, "posts": 800, "until": UNTIL}


def snapshot() -> dict:
    return {
        "people": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "department", "manager_id", "role"
            )
        ),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "name", "kind")),
        "members": list(
            Membership.objects.order_by("pk").values_list("group_id", "user_id", "role")
        ),
        "follows": list(Follow.objects.order_by("pk").values_list("follower_id", "followed_id")),
        "posts": list(
            Post.objects.order_by("pk").values_list(
                "pk", "author_id", "group_id", "body", "created_at"
            )
        ),
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk", "post_id", "author_id", "parent_id", "body"
            )
        ),
        "reactions": list(
            Reaction.objects.order_by("pk").values_list("user_id", "post_id", "kind")
        ),
        "mentions": list(
            Mention.objects.order_by("pk").values_list("person_id", "post_id", "comment_id")
        ),
        "votes": list(PollVote.objects.order_by("pk").values_list("option_id", "voter_id")),
        "search": sorted(SearchDocument.objects.values_list("kind", "object_id", "text")),
        "articles": list(
            Article.objects.order_by("pk").values_list("pk", "author_id", "title", "audience")
        ),
        "home_lists": sorted(FeedEntry.objects.values_list("person_id", "post_id", "created_at")),
        "list_states": sorted(FeedState.objects.values_list("person_id", "built_at", "truncated")),
        "last_seen": sorted(LastSeen.objects.values_list("person_id", "at")),
    }


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_organisation_and_another_seed_another():
    first_point = transaction.savepoint()
    generate(seed=7, **SMALL)
    first = snapshot()
    transaction.savepoint_rollback(first_point)
    second_point = transaction.savepoint()
    generate(seed=7, **SMALL)
    assert snapshot() == first
    transaction.savepoint_rollback(second_point)
    generate(seed=8, **SMALL)
    assert snapshot()["posts"] != first["posts"]
    assert len(first["posts"]) == 800 and len(first["people"]) == 150


@pytest.fixture
def organisation(db):
    generate(seed=3, **SMALL)


def test_the_organisation_has_one_head_and_a_management_tree_without_cycles(organisation):
    managers = dict(User.objects.values_list("pk", "manager_id"))
    assert [pk for pk, boss in managers.items() if boss is None] == [min(managers)]
    for person in managers:
        seen = set()
        while person is not None:
            assert person not in seen
            seen.add(person)
            person = managers[person]
    assert User.objects.filter(role=User.Role.LEADER).count() >= 5


def test_groups_come_in_all_three_kinds_with_heavy_tailed_sizes(organisation):
    kinds = set(Group.objects.values_list("kind", flat=True))
    assert kinds == {"public", "private", "secret"}
    sizes = sorted(Group.objects.annotate(n=Count("memberships")).values_list("n", flat=True))
    assert sizes[-1] >= 3 * sizes[len(sizes) // 2]  # rank r has about 1/r of the largest
    assert Membership.objects.filter(role="owner").count() == len(sizes)


def test_group_posts_are_written_only_by_members_of_the_group(organisation):
    members = Membership.objects.filter(group=OuterRef("group"), user=OuterRef("author"))
    group_posts = Post.objects.filter(group__isnull=False)
    assert group_posts.count() > 100
    assert not group_posts.exclude(Exists(members)).exists()


def test_comments_reactions_votes_mentions_and_praise_come_from_people_who_can_see_the_post(
    organisation,
):
    closed = Post.objects.filter(group__kind__in=["private", "secret"])
    assert closed.count() > 20

    def member(field):
        return Exists(
            Membership.objects.filter(group=OuterRef("post__group"), user=OuterRef(field))
        )

    assert not Comment.objects.filter(post__in=closed).exclude(member("author")).exists()
    assert not Reaction.objects.filter(post__in=closed).exclude(member("user")).exists()
    assert not Mention.objects.filter(post__in=closed).exclude(member("person")).exists()
    assert Reaction.objects.count() > 1000 and Comment.objects.count() > 600
    for post in Post.objects.filter(
        Q(mentions__isnull=False) | Q(praise__isnull=False) | Q(poll__isnull=False)
    ).distinct()[:60]:
        audience = set(audience_of_post(post).values_list("pk", flat=True))
        assert set(post.mentions.values_list("person_id", flat=True)) <= audience - {post.author_id}
        assert (
            set(
                PraiseRecipient.objects.filter(praise__post=post).values_list(
                    "person_id", flat=True
                )
            )
            <= audience
        )
        assert (
            set(PollVote.objects.filter(poll__post=post).values_list("voter_id", flat=True))
            <= audience
        )
    assert (
        not Reaction.objects.values("user", "post", "kind")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )


def test_body_html_topics_and_search_text_are_what_the_actions_would_make(organisation):
    mentioned = Post.objects.filter(mentions__isnull=False).distinct()
    assert mentioned.exists() and Comment.objects.filter(mentions__isnull=False).exists()
    posts = list(mentioned[:40]) + list(Post.objects.filter(mentions__isnull=True)[:40])
    for post in posts:
        names = list(post.mentions.values_list("person__username", flat=True))
        assert post.body_html == render_markdown(post.body, usernames=names)
        keys = set(PostTopic.objects.filter(post=post).values_list("topic__key", flat=True))
        assert keys == set(find_references(post.body).topics)
        document = SearchDocument.objects.get(kind="post", object_id=post.pk)
        assert document.text == document_text(post.body)
    for comment in Comment.objects.filter(mentions__isnull=False)[:20]:
        names = list(comment.mentions.values_list("person__username", flat=True))
        assert comment.body_html == render_markdown(comment.body, usernames=names)
    assert SearchDocument.objects.count() == Post.objects.count() + Comment.objects.count()


def test_questions_polls_praise_announcements_and_articles_are_there_and_consistent(
    organisation,
):
    answered = Question.objects.filter(accepted_comment__isnull=False)
    assert Question.objects.exists() and answered.exists()
    for question in answered:
        assert question.accepted_comment.post_id == question.post_id
        assert question.accepted_by_id == question.post.author_id
    single = PollVote.objects.filter(poll__kind=Poll.Kind.SINGLE)
    assert not single.values("poll", "voter").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert PraiseRecipient.objects.exists()
    announcement = Announcement.objects.select_related("post__author").get()
    assert announcement.post.author.role in (User.Role.LEADER, User.Role.ADMIN)
    assert announcement.post.group_id is None and Acknowledgement.objects.exists()
    assert Article.objects.filter(status="published").count() >= 3
    assert ArticleComment.objects.exists()
    group_articles = Article.objects.filter(audience="group")
    for article in group_articles:
        assert Membership.objects.filter(group=article.group, user=article.author).exists()


def test_nothing_is_announced_about_the_past(organisation):
    assert not Event.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_command_fills_an_empty_database_and_refuses_one_with_people(make_user):
    out = io.StringIO()
    call_command(
        "generate",
        people=20,
        posts=50,
        seed=1,
        until="2026-01-01",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Generated 20 people and 50 posts" in out.getvalue()
    assert Post.objects.count() == 50
    with pytest.raises(CommandError, match="already has people"):
        call_command("generate", people=20, posts=50, stdout=out)
    with pytest.raises(CommandError, match="not an ISO 8601"):
        call_command("generate", people=20, posts=50, until="soon", stdout=out)


@pytest.mark.django_db
def test_generated_posts_and_comments_can_be_found_by_search(make_user):
    from townhall.search.query import parse
    from townhall.search.selectors import search_posts

    generate(seed=2, people=30, posts=120, until=UNTIL)
    reader = User.objects.filter(role=User.Role.ADMIN).first()
    word = "onboarding"
    expected = Post.objects.filter(body__icontains=word, group__isnull=True).count()
    assert expected
    page = search_posts(reader, parse(word))
    assert page.hits


# --- the precomputed home lists --------------------------------------------------------------


def newest_home_posts(person, count: int) -> list[int]:
    """What the pull query puts first in the person's home list (mutes are read-time)."""
    posts = visible_posts(person, lists.home_candidates(person))
    return list(posts.order_by("-created_at", "-id").values_list("pk", flat=True)[:count])


def listed(person) -> list[int]:
    entries = FeedEntry.objects.filter(person=person).order_by("-created_at", "-post_id")
    return list(entries.values_list("post_id", flat=True))


def test_people_seen_lately_have_built_lists_equal_to_the_pull_query(organisation):
    states = dict(FeedState.objects.values_list("person_id", "built_at"))
    people = list(User.objects.order_by("pk"))
    assert 0.55 < len(states) / len(people) < 0.85  # about ACTIVE_SHARE
    seen = dict(LastSeen.objects.values_list("person_id", "at"))
    assert set(seen) == set(states)
    assert all(UNTIL - datetime.timedelta(days=7) <= at <= UNTIL for at in seen.values())
    assert set(states.values()) == {UNTIL}
    for person in people:
        if person.pk in states:
            assert listed(person) == newest_home_posts(person, lists.CAP), person.username
        else:
            assert not FeedEntry.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_lists_hold_the_newest_cap_posts_and_know_when_older_ones_exist(monkeypatch):
    monkeypatch.setattr(lists, "CAP", 25)
    generate(seed=5, people=40, posts=300, until=UNTIL)
    truncated = dict(FeedState.objects.values_list("person_id", "truncated"))
    assert any(truncated.values())
    for person in User.objects.filter(pk__in=truncated):
        assert listed(person) == newest_home_posts(person, 25)
        assert truncated[person.pk] == (len(newest_home_posts(person, 26)) == 26)
        # and the home feed read from it is the pull query's, page after page
        pages = []
        for load in (
            lambda after, p=person: feeds.home_feed(p, after, 7),
            lambda after, p=person: feed_page(p, feeds.home_posts(p), after, 7),
        ):
            cursor, ids = None, []
            while True:
                page = load(cursor)
                ids.append([item.post.pk for item in page.items])
                cursor = page.next_cursor
                if cursor is None:
                    break
            pages.append(ids)
        assert pages[0] == pages[1]
