"""Following and muting: idempotent, never yourself, never what you cannot see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from townhall.accounts.actions import deactivate_user
from townhall.feeds import selectors as feeds
from townhall.people import follows
from townhall.people.models import Follow, Mute, TopicFollow
from townhall.posts import actions as posts
from townhall.posts.models import Topic


def test_following_twice_keeps_one_follow_and_unfollowing_twice_is_harmless(office):
    bo, aria = office.bo, office.aria
    first = follows.follow_person(actor=bo, person=aria)
    assert follows.follow_person(actor=bo, person=aria) == first
    assert feeds.relationship(bo, person=aria).following
    follows.unfollow_person(actor=bo, person=aria)
    follows.unfollow_person(actor=bo, person=aria)
    assert not Follow.objects.filter(follower=bo).exists()


def test_following_is_one_way_and_needs_no_approval(office):
    follows.follow_person(actor=office.bo, person=office.aria)
    assert feeds.relationship(office.bo, person=office.aria).following
    assert not feeds.relationship(office.aria, person=office.bo).following


def test_nobody_follows_or_mutes_themselves(office):
    with pytest.raises(ValidationError, match="cannot follow yourself"):
        follows.follow_person(actor=office.bo, person=office.bo)
    with pytest.raises(ValidationError, match="cannot mute yourself"):
        follows.mute(actor=office.bo, person=office.bo)
    assert not Follow.objects.exists() and not Mute.objects.exists()


def test_a_deactivated_colleague_cannot_be_followed_and_looks_missing_to_members(
    office, admin_user
):
    deactivate_user(actor=admin_user, person=office.cy)
    with pytest.raises(Http404):
        follows.follow_person(actor=office.bo, person=office.cy)
    with pytest.raises(Http404):
        follows.mute(actor=office.bo, person=office.cy)
    # An admin sees the account, and is told plainly why not.
    with pytest.raises(ValidationError, match="deactivated"):
        follows.follow_person(actor=admin_user, person=office.cy)
    assert not Follow.objects.exists() and not Mute.objects.exists()


def test_anonymous_and_deactivated_people_follow_and_mute_nothing(office, admin_user):
    posts.create_post(actor=office.aria, body="On #plans")
    plans = Topic.objects.get(key="plans")
    deactivate_user(actor=admin_user, person=office.di)
    office.di.refresh_from_db()
    for actor in (AnonymousUser(), office.di):
        with pytest.raises(Http404):
            follows.follow_person(actor=actor, person=office.aria)
        with pytest.raises(Http404):
            follows.follow_topic(actor=actor, topic=plans)
        with pytest.raises(Http404):
            follows.mute(actor=actor, group=office.commons)
        with pytest.raises(Http404):
            follows.unfollow_person(actor=actor, person=office.aria)
    assert not Follow.objects.exists() and not TopicFollow.objects.exists()


def test_a_topic_used_only_in_a_secret_group_cannot_be_followed_or_muted_by_outsiders(office):
    posts.create_post(actor=office.aria, group=office.skunkworks, body="#moonshot begins")
    moonshot = Topic.objects.get(key="moonshot")
    with pytest.raises(Http404):
        follows.follow_topic(actor=office.bo, topic=moonshot)
    with pytest.raises(Http404):
        follows.mute(actor=office.bo, topic=moonshot)
    assert follows.follow_topic(actor=office.aria, topic=moonshot).topic == moonshot


def test_topics_are_followed_once_and_unfollowed_quietly(office):
    posts.create_post(actor=office.aria, body="On #plans")
    plans = Topic.objects.get(key="plans")
    follows.follow_topic(actor=office.bo, topic=plans)
    follows.follow_topic(actor=office.bo, topic=plans)
    assert TopicFollow.objects.filter(follower=office.bo).count() == 1
    follows.unfollow_topic(actor=office.bo, topic=plans)
    follows.unfollow_topic(actor=office.bo, topic=plans)
    assert not TopicFollow.objects.exists()


def test_a_secret_group_cannot_be_muted_by_someone_who_cannot_see_it(office):
    with pytest.raises(Http404):
        follows.mute(actor=office.bo, group=office.skunkworks)
    # A private group is listed, so anyone may mute it.
    follows.mute(actor=office.bo, group=office.board)
    assert feeds.relationship(office.bo, group=office.board).muted


def test_mute_needs_exactly_one_thing(office):
    with pytest.raises(ValidationError, match="one person, group or topic"):
        follows.mute(actor=office.bo)
    with pytest.raises(ValidationError, match="one person, group or topic"):
        follows.mute(actor=office.bo, person=office.aria, group=office.commons)
    with pytest.raises(ValidationError):
        follows.unmute(actor=office.bo)
    assert not Mute.objects.exists()


def test_muting_twice_keeps_one_mute(office):
    follows.mute(actor=office.bo, person=office.aria)
    follows.mute(actor=office.bo, person=office.aria)
    assert Mute.objects.filter(muter=office.bo).count() == 1
    follows.unmute(actor=office.bo, person=office.aria)
    follows.unmute(actor=office.bo, person=office.aria)
    assert not Mute.objects.exists()


def test_the_following_overview_lists_follows_and_mutes_the_reader_can_still_see(
    office, admin_user
):
    bo = office.bo
    posts.create_post(actor=office.aria, body="On #plans")
    plans = Topic.objects.get(key="plans")
    follows.follow_person(actor=bo, person=office.aria)
    follows.follow_person(actor=bo, person=office.cy)
    follows.follow_topic(actor=bo, topic=plans)
    follows.mute(actor=bo, person=office.di)
    follows.mute(actor=bo, group=office.board)
    follows.mute(actor=bo, topic=plans)
    deactivate_user(actor=admin_user, person=office.cy)
    overview = feeds.following_overview(bo)
    assert [f.followed for f in overview.people] == [office.aria]
    assert [f.topic for f in overview.topics] == [plans]
    assert [m.person for m in overview.muted_people] == [office.di]
    assert [m.group for m in overview.muted_groups] == [office.board]
    assert [m.topic for m in overview.muted_topics] == [plans]
