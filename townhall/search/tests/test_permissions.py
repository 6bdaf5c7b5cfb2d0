"""Search never shows, counts or suggests what the searcher may not see, and losing
access hides results at once (permissions are applied at query time, not in the index)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from townhall.groups import actions as groups
from townhall.posts import actions as posts
from townhall.search.query import parse
from townhall.search.selectors import search_groups, search_posts, search_topics


def post_ids(actor, raw):
    return [hit.post.pk for hit in search_posts(actor, parse(raw)).hits]


@pytest.mark.parametrize("group_name", ["secret_group", "private_group"])
def test_outsider_never_finds_a_closed_group_post(request, member, bo, post, group_name):
    group = request.getfixturevalue(group_name)
    hidden = post(bo, "Project zephyr #zephyr", group=group)
    assert post_ids(bo, "zephyr") == [hidden.pk]
    assert post_ids(member, "zephyr") == []
    assert post_ids(member, "#zephyr") == []
    assert search_topics(member, "zeph") == []


def test_outsider_never_finds_a_comment_on_a_secret_post(member, bo, post, secret_group, committed):
    hidden = post(bo, "Plans", group=secret_group)
    committed(posts.create_comment, actor=bo, post=hidden, body="zephyr details")
    assert post_ids(bo, "zephyr") == [hidden.pk]
    assert post_ids(member, "zephyr") == []


def test_secret_group_is_not_found_by_outsiders(member, bo, secret_group, private_group):
    assert search_groups(bo, "skunk") == [secret_group]
    assert search_groups(member, "skunk") == []
    assert search_groups(member, "board") == [private_group]


def test_leaving_a_group_hides_its_posts_at_once(member, bo, post, private_group):
    invitation = groups.invite_to_group(actor=bo, group=private_group, invitee=member)
    groups.accept_invitation(actor=member, invitation=invitation)
    inside = post(bo, "Board minutes zephyr", group=private_group)
    assert post_ids(member, "zephyr") == [inside.pk]
    groups.leave_group(actor=member, group=private_group)
    assert post_ids(member, "zephyr") == []


def test_a_group_turning_secret_hides_its_posts_from_outsiders(member, bo, post):
    group = groups.create_group(actor=bo, name="Open lab", kind="public")
    inside = post(bo, "Lab results zephyr", group=group)
    assert post_ids(member, "zephyr") == [inside.pk]
    groups.change_kind(actor=bo, group=group, kind="secret")
    assert post_ids(member, "zephyr") == []


def test_moving_a_post_into_a_secret_group_hides_it(member, bo, post, secret_group, committed):
    moved = post(bo, "Zephyr draft")
    assert post_ids(member, "zephyr") == [moved.pk]
    committed(posts.move_post, actor=bo, post=moved, group=secret_group)
    assert post_ids(member, "zephyr") == []
    assert post_ids(bo, f"zephyr in:{secret_group.slug}") == [moved.pk]


def test_deleted_posts_and_comments_disappear(member, bo, post, committed):
    gone = post(bo, "Zephyr old news")
    kept = post(bo, "Other news")
    comment = committed(posts.create_comment, actor=bo, post=kept, body="zephyr comment")
    assert set(post_ids(member, "zephyr")) == {gone.pk, kept.pk}
    committed(posts.delete_post, actor=bo, post=gone)
    committed(posts.delete_comment, actor=bo, comment=comment)
    assert post_ids(member, "zephyr") == []


def test_deactivated_and_anonymous_people_find_nothing(bo, post, make_user):
    post(bo, "Zephyr for all")
    gone = make_user("gone", is_active=False)
    assert post_ids(AnonymousUser(), "zephyr") == []
    assert post_ids(gone, "zephyr") == []
