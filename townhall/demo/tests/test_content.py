"""The demo looks alive: groups of every kind, months of posts, and every rule still holds."""

import random
from datetime import timedelta

import pytest
from django.db.models import F, Min
from django.http import Http404
from django.utils import timezone

from townhall.access.posts import can_view_post, get_post_or_404, visible_posts
from townhall.accounts.models import User
from townhall.demo.load import load_demo
from townhall.demo.steps import SEED, plan_posts
from townhall.feeds.selectors import PAGE_SIZE, company_feed, home_feed
from townhall.groups.models import Decision, Group, GroupInvitation, JoinRequest, Membership
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts.models import Comment, Mention, Post, PostTopic, Reaction, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(demo, db):
    return User.objects.get(username="ada")


def person(username):
    return User.objects.get(username=username)


def everyday_posts():
    """The social core's posts; questions, polls, praise and announcements come from later
    demo steps, written after them and dated in between."""
    return Post.objects.filter(
        question__isnull=True, poll__isnull=True, praise__isnull=True, announcement__isnull=True
    )


def test_there_are_a_dozen_groups_of_each_kind(ada):
    assert Group.objects.count() == 36
    for kind in Group.Kind.values:
        assert Group.objects.filter(kind=kind).count() == 12
    assert {"Engineering guild", "Oslo office", "Board prep", "Running club"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert Group.objects.get(name="Salary review 2026").kind == "secret"
    assert Group.objects.get(name="Product launch Q1").kind == "private"


def test_departments_map_to_their_groups_and_every_group_has_an_owner(ada):
    finance = set(
        Membership.objects.filter(group__name="Finance team").values_list(
            "user__department", flat=True
        )
    )
    assert finance == {"Finance"}
    assert Membership.objects.filter(group__name="Townhall tips & help").count() == 40
    for group in Group.objects.all():
        assert group.memberships.filter(role="owner").count() == 1, group.name
        assert group.memberships.count() >= 3, group.name
    assert Membership.objects.filter(role="admin").count() >= 15


def test_some_requests_and_invitations_wait_one_group_is_archived_and_posts_are_pinned(ada):
    assert JoinRequest.objects.filter(status=Decision.PENDING).count() == 5
    assert GroupInvitation.objects.filter(status=Decision.PENDING).count() == 5
    assert GroupInvitation.objects.filter(invitee=ada, status=Decision.PENDING).exists()
    archived = Group.objects.get(archived_at__isnull=False)
    assert archived.name == "Summer party 2026" and archived.posts.exists()
    pinned = Group.objects.filter(pinned_post__isnull=False)
    assert pinned.count() >= 6
    for group in pinned:
        assert group.pinned_post.group_id == group.pk


def test_hundreds_of_posts_with_comments_replies_and_every_kind_of_reaction(ada):
    assert Post.objects.count() >= 250
    assert Post.objects.filter(group__isnull=True).count() >= 80
    assert Post.objects.filter(group__isnull=False).count() >= 150
    assert not everyday_posts().filter(comments__isnull=True).exists()  # 1-6 comments each
    assert Comment.objects.filter(parent__isnull=False).count() >= 50
    kinds = set(Reaction.objects.values_list("kind", flat=True))
    assert kinds == set(Reaction.Kind.values)
    assert Reaction.objects.filter(comment__isnull=False).exists()
    assert Reaction.objects.values("user").distinct().count() >= 30
    assert Post.objects.filter(edited_at__isnull=False, revisions__isnull=False).exists()


def test_topics_include_nordic_letters_and_mixed_case_spellings_share_one_topic(ada):
    keys = set(Topic.objects.values_list("key", flat=True))
    assert {"møte", "kaffe", "launch", "security", "townhall"} <= keys
    launch = Topic.objects.get(key="launch")
    bodies = Post.objects.filter(post_topics__topic=launch).values_list("body", flat=True)
    spellings = {s for body in bodies for s in ("#Launch", "#launch", "#LAUNCH") if s in body}
    assert len(spellings) >= 2
    assert PostTopic.objects.count() >= 150


def test_mentions_reach_only_people_who_may_see_the_post(ada):
    assert Mention.objects.count() >= 50
    assert Mention.objects.filter(comment__isnull=False).exists()
    for mention in Mention.objects.select_related("person", "post__group", "comment__post"):
        post = mention.post or mention.comment.post
        assert can_view_post(mention.person, post)


def test_only_members_write_and_react_inside_groups(ada):
    members = set(Membership.objects.values_list("group_id", "user_id"))
    for group_id, author_id in Post.objects.filter(group__isnull=False).values_list(
        "group_id", "author_id"
    ):
        assert (group_id, author_id) in members
    for group_id, author_id in Comment.objects.filter(post__group__isnull=False).values_list(
        "post__group_id", "author_id"
    ):
        assert (group_id, author_id) in members
    for group_id, user_id in Reaction.objects.filter(post__group__isnull=False).values_list(
        "post__group_id", "user_id"
    ):
        assert (group_id, user_id) in members
    for group_id, user_id in Reaction.objects.filter(
        comment__post__group__isnull=False
    ).values_list("comment__post__group_id", "user_id"):
        assert (group_id, user_id) in members
    assert not Reaction.objects.filter(post__author=F("user")).exists()


def test_markdown_norwegian_and_links_appear_here_and_there(ada):
    html = list(Post.objects.values_list("body_html", flat=True))
    assert sum("<strong>" in h for h in html) >= 10
    assert sum("<li>" in h for h in html) >= 10
    assert sum('href="https://' in h for h in html) >= 5
    assert sum('class="mention"' in h for h in html) >= 30
    assert Post.objects.filter(body__contains="Husk").exists()
    assert Post.objects.filter(body__regex="[æøå]").count() >= 10


def test_posts_spread_over_months_and_the_newest_is_from_today(ada):
    now = timezone.now()
    oldest = Post.objects.order_by("created_at").first().created_at
    newest = Post.objects.order_by("-created_at").first().created_at
    assert now - oldest >= timedelta(days=90)
    assert now - newest < timedelta(days=1)
    assert newest <= now
    assert Post.objects.filter(created_at__gte=now - timedelta(days=7)).count() >= 10


def test_the_order_of_things_is_coherent(ada):
    by_date = list(everyday_posts().order_by("created_at", "id").values_list("id", flat=True))
    assert by_date == sorted(by_date)  # written in the order they are dated
    assert not Comment.objects.filter(created_at__lte=F("post__created_at")).exists()
    assert not Comment.objects.filter(created_at__lte=F("parent__created_at")).exists()
    assert not Reaction.objects.filter(created_at__lt=F("post__created_at")).exists()
    assert not Reaction.objects.filter(created_at__lt=F("comment__created_at")).exists()
    assert not Mention.objects.exclude(created_at=F("post__created_at")).filter(post__isnull=False)
    first_post = (
        Post.objects.filter(group=F("group")).values("group").annotate(at=Min("created_at"))
    )
    for row in first_post:
        assert Group.objects.get(pk=row["group"]).created_at < row["at"]
    assert not Comment.objects.filter(created_at__gt=timezone.now()).exists()


def test_ada_has_a_lively_home_feed_and_company_feed(ada):
    home = home_feed(ada)
    assert len(home.items) == PAGE_SIZE and home.next_cursor
    authors = {item.post.author_id for item in home.items}
    assert len(authors) >= 8
    assert any(item.post.group_id for item in home.items)
    assert any(item.comment_count for item in home.items)
    assert any(item.reaction_counts for item in home.items)
    company = company_feed(ada)
    assert len(company.items) == PAGE_SIZE
    assert Follow.objects.filter(follower=ada).count() >= 10
    assert TopicFollow.objects.filter(follower=ada).count() >= 5
    assert Mute.objects.filter(muter=ada).exists()
    assert Mute.objects.count() >= 4


def test_secret_group_posts_stay_hidden_from_people_outside_the_group(ada):
    board = Group.objects.get(name="Board prep")
    assert not board.memberships.filter(user=ada).exists()
    secret_posts = Post.objects.filter(group=board)
    assert secret_posts.count() >= 3
    assert not visible_posts(ada).filter(group=board).exists()
    with pytest.raises(Http404):
        get_post_or_404(ada, pk=secret_posts.first().pk)
    assert visible_posts(person("ingrid")).filter(group=board).count() == secret_posts.count()
    hidden = Post.objects.filter(group__kind="secret").exclude(group__memberships__user=ada)
    assert hidden.count() >= 20
    assert not visible_posts(ada).filter(pk__in=hidden).exists()
    # ...while ada does read inside the secret groups she belongs to.
    assert visible_posts(ada).filter(group__name="Townhall admins").exists()
    # and the surprise stays a surprise
    assert not visible_posts(person("ingrid")).filter(group__name__startswith="Surprise").exists()


def test_loading_again_adds_nothing(ada):
    models = [Group, Membership, JoinRequest, GroupInvitation, Post, Comment, Reaction]
    models += [Mention, Topic, Follow, TopicFollow, Mute]
    before = {m.__name__: m.objects.count() for m in models}
    message = load_demo()
    assert "already loaded" in message
    assert {m.__name__: m.objects.count() for m in models} == before


def test_the_message_lists_what_was_added(demo):
    assert "36 groups (12 public, 12 private, 12 secret)" in demo
    assert "join requests" in demo and "invitations waiting" in demo
    assert "posts (" in demo and "comments" in demo and "reactions" in demo
    assert "mentions" in demo and "topics" in demo
    assert "follows between people" in demo and "mutes" in demo


def test_ada_signs_in_and_browses_the_demo(ada, client):
    client.force_login(ada)
    for url in ["/", "/company/", "/groups/", "/groups/engineering-guild/", "/topics/møte/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/groups/board-prep/").status_code == 404
    post = Post.objects.filter(group__name="Engineering guild").first()
    assert client.get(f"/posts/{post.pk}/").status_code == 200


def test_the_content_is_the_same_on_every_load():
    first, second = plan_posts(random.Random(SEED)), plan_posts(random.Random(SEED))
    assert [(p.group, p.author, p.text) for p in first] == [
        (p.group, p.author, p.text) for p in second
    ]
    assert len({p.text for p in first}) == len(first)  # and no post is written twice
