import pytest
from django.core.exceptions import ValidationError

from townhall.groups import actions as groups
from townhall.posts import actions, cards
from townhall.posts.models import Post
from townhall.posts.selectors import feed_page


@pytest.fixture
def people(make_user):
    return [make_user(name, password=None) for name in ("aria", "bo", "cy", "di")]


def busy_posts(people, count, group=None):
    """`count` posts, each with 3 comments and reactions by different people."""
    aria, bo, cy, di = people
    made = []
    for n in range(count):
        post = actions.create_post(actor=aria, group=group, body=f"Post {n} #plans @bo")
        for person, kind in ((bo, "like"), (cy, "celebrate"), (di, "like")):
            actions.react(actor=person, target=post, kind=kind)
            comment = actions.create_comment(actor=person, post=post, body=f"{person} says hi")
            actions.react(actor=aria, target=comment, kind="support")
        made.append(post)
    return made


def test_a_feed_page_shows_author_group_counts_my_reactions_and_first_comments(people):
    aria, bo, cy, di = people
    (post,) = busy_posts(people, 1)
    actions.create_comment(actor=aria, post=post, body="A fourth comment")
    item = feed_page(bo, Post.objects.all()).items[0]
    assert item.post == post and item.post.author == aria and item.post.group is None
    assert item.reaction_counts == {"like": 2, "celebrate": 1}
    assert item.my_reactions == {"like"}
    assert item.comment_count == 4
    assert [c.comment.author for c in item.first_comments] == [bo, cy, di]
    assert item.first_comments[0].reaction_counts == {"support": 1}
    assert [t.key for t in item.topics] == ["plans"]


@pytest.mark.parametrize("size", [1, 20])
def test_a_page_of_1_or_20_busy_posts_takes_7_queries_then_3_once_its_cards_are_cached(
    people, size, django_assert_num_queries
):
    busy_posts(people, size)
    cards.clear()
    # the page, topics, first comments, comment counts, reaction counts, mine, files
    with django_assert_num_queries(7):
        page = feed_page(people[1], Post.objects.all(), limit=size)
        assert len(page.items) == size
        assert all(len(item.first_comments) == 3 for item in page.items)
    # the page, my reactions on the posts and their comments, files (+ one cache read)
    with django_assert_num_queries(3):
        page = feed_page(people[2], Post.objects.all(), limit=size)
        assert len(page.items) == size
        assert all(len(item.first_comments) == 3 for item in page.items)


def test_pages_follow_each_other_newest_first_without_gaps_or_repeats(people):
    made = busy_posts(people, 5)
    first = feed_page(people[1], Post.objects.all(), limit=2)
    second = feed_page(people[1], Post.objects.all(), after_cursor=first.next_cursor, limit=2)
    third = feed_page(people[1], Post.objects.all(), after_cursor=second.next_cursor, limit=2)
    seen = [item.post for page in (first, second, third) for item in page.items]
    assert seen == list(reversed(made))
    assert third.next_cursor is None


def test_a_feed_never_shows_what_the_reader_cannot_see(people):
    aria, bo, cy, _di = people
    secret = groups.create_group(actor=aria, name="Hidden", kind="secret")
    for person in people[1:]:
        invitation = groups.invite_to_group(actor=aria, group=secret, invitee=person)
        groups.accept_invitation(actor=person, invitation=invitation)
    busy_posts(people, 1, group=secret)
    groups.leave_group(actor=bo, group=secret)
    assert feed_page(bo, Post.objects.all()).items == []
    assert len(feed_page(cy, Post.objects.all()).items) == 1


def test_a_tampered_page_link_is_refused(people):
    with pytest.raises(ValidationError, match="not valid"):
        feed_page(people[0], Post.objects.all(), after_cursor="bm9wZQ")
