"""Events from the real actions become grouped notifications for the right people only."""

import pytest
from django.db import transaction

from townhall.events.models import Event
from townhall.events.outbox import deliver
from townhall.groups import actions as groups
from townhall.notifications import actions, selectors
from townhall.notifications.consumers import notifications_from_event
from townhall.notifications.models import Notification, NotificationActor
from townhall.people import follows
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reaction_notifies_the_author_once_and_others_join_the_same_row(
    ann, bo, cy, make_user, texts
):
    post = posts.create_post(actor=ann, body="Lunch plans")
    posts.react(actor=bo, target=post, kind="like")
    assert texts(ann) == ["Bo Builder reacted to your post"]
    posts.react(actor=bo, target=post, kind="celebrate")  # the same person again
    assert texts(ann) == ["Bo Builder reacted to your post"]
    posts.react(actor=cy, target=post, kind="like")
    assert texts(ann) == ["Cy Commenter and 1 other reacted to your post"]
    for name in ("dag", "eva", "fia"):
        posts.react(actor=make_user(name), target=post, kind="funny")
    assert texts(ann) == ["Fia and 4 others reacted to your post"]
    assert Notification.objects.filter(recipient=ann).count() == 1
    assert selectors.unread_count(ann) == 1


def test_a_reaction_to_a_comment_is_about_the_comment(ann, bo, texts):
    post = posts.create_post(actor=bo, body="Question")
    comment = posts.create_comment(actor=ann, post=post, body="Answer")
    posts.react(actor=bo, target=comment, kind="insightful")
    assert texts(ann) == ["Bo Builder reacted to your comment"]


def test_nobody_is_notified_of_their_own_actions(ann, texts):
    post = posts.create_post(actor=ann, body="Talking to myself @ann")
    posts.react(actor=ann, target=post, kind="like")
    posts.create_comment(actor=ann, post=post, body="Still me")
    assert texts(ann) == []
    assert not Notification.objects.exists()


def test_mentions_replies_and_comments_each_reach_the_right_person(ann, bo, cy, texts):
    post = posts.create_post(actor=ann, body="Plans with @bo")
    assert texts(bo) == ["Ann Author mentioned you in a post"]
    top = posts.create_comment(actor=bo, post=post, body="Sounds good")
    assert texts(ann) == ["Bo Builder commented on your post"]
    posts.create_comment(actor=cy, post=post, parent=top, body="Agreed, @ann")
    # Bo hears of the reply to his comment; Ann of the mention (not also of the comment).
    assert texts(bo) == [
        "Cy Commenter replied to your comment",
        "Ann Author mentioned you in a post",
    ]
    assert texts(ann) == [
        "Cy Commenter mentioned you in a comment",
        "Bo Builder commented on your post",
    ]


def test_editing_in_a_new_mention_notifies_only_the_newly_mentioned(ann, bo, cy, texts):
    post = posts.create_post(actor=ann, body="Hello @bo")
    posts.edit_post(actor=ann, post=post, body="Hello @bo and @cy")
    assert texts(bo) == ["Ann Author mentioned you in a post"]
    assert texts(cy) == ["Ann Author mentioned you in a post"]
    assert NotificationActor.objects.filter(notification__recipient=bo).count() == 1


def test_a_new_follower_and_group_invitations_requests_and_answers(ann, bo, cy, texts):
    follows.follow_person(actor=bo, person=ann)
    follows.follow_person(actor=cy, person=ann)
    assert texts(ann) == ["Cy Commenter and 1 other started following you"]

    secret = groups.create_group(actor=ann, name="Skunkworks", kind="secret")
    groups.invite_to_group(actor=ann, group=secret, invitee=bo)
    assert texts(bo) == ["Ann Author invited you to join Skunkworks"]

    council = groups.create_group(actor=ann, name="Council", kind="private")
    request = groups.request_to_join(actor=cy, group=council)
    assert texts(ann)[0] == "Cy Commenter asked to join Council"
    groups.decide_join_request(actor=ann, join_request=request, approve=True)
    assert texts(cy) == ["Ann Author approved your request to join Council"]


def test_a_declined_invitation_to_a_secret_group_disappears_with_the_group(ann, bo, texts):
    secret = groups.create_group(actor=ann, name="Skunkworks", kind="secret")
    invitation = groups.invite_to_group(actor=ann, group=secret, invitee=bo)
    assert selectors.unread_count(bo) == 1
    groups.decline_invitation(actor=bo, invitation=invitation)
    assert texts(bo) == [] and selectors.unread_count(bo) == 0


def test_losing_access_hides_the_notification_at_once_and_from_the_count(ann, bo, texts):
    team = groups.create_group(actor=ann, name="Team", kind="private")
    groups.invite_to_group(actor=ann, group=team, invitee=bo)
    groups.accept_invitation(actor=bo, invitation=bo.group_invitations.get())
    actions.mark_all_read(actor=bo)
    post = posts.create_post(actor=bo, body="Inside the team", group=team)
    posts.react(actor=ann, target=post, kind="like")
    assert texts(bo) == ["Ann Author reacted to your post", "Ann Author invited you to join Team"]
    assert selectors.unread_count(bo) == 1
    groups.leave_group(actor=bo, group=team)
    assert texts(bo) == ["Ann Author invited you to join Team"]  # the group stays listed
    assert selectors.unread_count(bo) == 0


def test_a_deleted_post_takes_its_notifications_with_it(ann, bo, texts):
    post = posts.create_post(actor=ann, body="Soon gone")
    posts.react(actor=bo, target=post, kind="like")
    posts.delete_post(actor=ann, post=post)
    assert texts(ann) == [] and selectors.unread_count(ann) == 0


def test_no_notification_about_what_the_recipient_cannot_see(ann, bo, texts):
    secret = groups.create_group(actor=ann, name="Skunkworks", kind="secret")
    post = posts.create_post(actor=ann, body="Secret plans @bo", group=secret)
    assert texts(bo) == []
    assert not Notification.objects.filter(recipient=bo).exists()
    assert post.mentions.count() == 0


def test_muted_people_groups_and_threads_stay_quiet(ann, bo, cy, texts):
    lounge = groups.create_group(actor=ann, name="Lounge", kind="public")
    follows.mute(actor=ann, person=bo)
    post = posts.create_post(actor=ann, body="Hi")
    posts.react(actor=bo, target=post, kind="like")
    assert texts(ann) == []

    follows.mute(actor=ann, group=lounge)
    groups.join_group(actor=cy, group=lounge)
    in_group = posts.create_post(actor=ann, body="In the lounge", group=lounge)
    posts.react(actor=cy, target=in_group, kind="like")
    assert texts(ann) == []

    actions.mute_thread(actor=ann, post=post)
    posts.create_comment(actor=cy, post=post, body="Hello")
    assert texts(ann) == []
    actions.unmute_thread(actor=ann, post=post)
    posts.react(actor=cy, target=post, kind="like")
    assert texts(ann) == ["Cy Commenter reacted to your post"]


def test_a_kind_turned_off_notifies_nothing_and_the_others_still_work(ann, bo, texts):
    actions.set_preferences(actor=ann, channels={"reaction": "off"})
    post = posts.create_post(actor=ann, body="Hi")
    posts.react(actor=bo, target=post, kind="like")
    posts.create_comment(actor=bo, post=post, body="Hey")
    assert texts(ann) == ["Bo Builder commented on your post"]


def test_a_second_delivery_of_the_same_event_changes_nothing(ann, bo, texts):
    post = posts.create_post(actor=ann, body="Hi")
    posts.react(actor=bo, target=post, kind="like")
    event = Event.objects.get(kind="reaction.added")
    actions.mark_all_read(actor=ann)
    assert deliver("notifications", event) is False
    # Even run by hand again, the upsert keeps one row and one actor.
    with transaction.atomic():
        notifications_from_event(event)
    note = Notification.objects.get(recipient=ann)
    assert note.actor_count == 1 and NotificationActor.objects.count() == 1
    assert texts(ann) == ["Bo Builder reacted to your post"]


def test_a_new_reaction_after_reading_makes_it_unread_again(ann, bo, cy):
    post = posts.create_post(actor=ann, body="Hi")
    posts.react(actor=bo, target=post, kind="like")
    actions.mark_all_read(actor=ann)
    assert selectors.unread_count(ann) == 0
    posts.react(actor=cy, target=post, kind="like")
    assert selectors.unread_count(ann) == 1


def test_an_event_of_an_unknown_kind_or_subject_notifies_nobody(ann, bo):
    with transaction.atomic():
        for kind, subject_type, data in [
            ("something.new", "posts.post", {}),
            ("praise.given", "nothere.praise", {}),
            ("reaction.added", "posts.reaction", {"unexpected": 1}),
            ("article_comment.created", "nothere.comment", {}),
        ]:
            event = Event.objects.create(
                kind=kind,
                actor=bo,
                subject_type=subject_type,
                subject_id=1,
                recipients=[ann.pk],
                data=data,
            )
            notifications_from_event(event)
    assert not Notification.objects.exists()


def test_the_excerpt_shows_the_text_not_its_markdown(ann, bo):
    post = posts.create_post(
        actor=ann, body="**Big news:** see [the plan](https://plan.example) #q3"
    )
    posts.create_comment(actor=bo, post=post, body="# Yes\n\n*Great* work")
    [item] = selectors.notification_page(ann).items
    assert item.text == "Bo Builder commented on your post"
    assert item.excerpt == "Big news: see the plan #q3"
