"""The notifications page, the nav count, marking read, settings and muting a post."""

import pytest
from django.urls import reverse

from townhall.groups import actions as groups
from townhall.notifications import actions, selectors
from townhall.notifications.models import Preference, ThreadMute
from townhall.posts import actions as posts

pytestmark = pytest.mark.django_db(transaction=True)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def reacted(ann, bo):
    post = posts.create_post(actor=ann, body="Lunch plans for Friday")
    posts.react(actor=bo, target=post, kind="like")
    return post


def test_the_page_lists_the_notification_and_the_nav_counts_it(client, ann, reacted):
    client.force_login(ann)
    page = html(client.get(reverse("notifications:index")))
    assert "Bo Builder reacted to your post" in page
    assert "Lunch plans for Friday" in page
    assert 'data-unread="1"' in page
    assert 'aria-current="page"' in page


def test_opening_a_notification_marks_it_read_and_leads_to_the_post(client, ann, reacted):
    client.force_login(ann)
    note = selectors.notification_page(ann).items[0].notification
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[reacted.pk])
    assert selectors.unread_count(ann) == 0
    assert 'data-unread="0"' in html(client.get(reverse("home")))


def test_mark_one_and_mark_all_read(client, ann, bo, cy, reacted):
    follows_post = posts.create_post(actor=ann, body="Second")
    posts.react(actor=cy, target=follows_post, kind="like")
    client.force_login(ann)
    first = selectors.notification_page(ann).items[0].notification
    client.post(reverse("notifications:read", args=[first.pk]))
    assert selectors.unread_count(ann) == 1
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "All notifications are marked as read." in html(response)
    assert selectors.unread_count(ann) == 0
    assert "Nothing unread." in html(client.get(reverse("notifications:index") + "?show=unread"))


def test_someone_elses_notification_is_not_found(client, ann, bo, reacted):
    note = selectors.notification_page(ann).items[0].notification
    client.force_login(bo)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert selectors.unread_count(ann) == 1


def test_a_bad_cursor_shows_the_first_page(client, ann, reacted):
    client.force_login(ann)
    response = client.get(reverse("notifications:index"), {"after": "not a cursor!"})
    assert response.status_code == 200 and "Bo Builder reacted" in html(response)


def test_the_list_pages_with_a_cursor(client, ann, make_user):
    for n in range(25):
        post = posts.create_post(actor=ann, body=f"Post {n}")
        posts.react(actor=make_user(f"p{n}"), target=post, kind="like")
    first = selectors.notification_page(ann)
    assert len(first.items) == 20 and first.next_cursor
    rest = selectors.notification_page(ann, cursor=first.next_cursor)
    assert len(rest.items) == 5 and rest.next_cursor is None
    seen = {i.notification.pk for i in first.items} | {i.notification.pk for i in rest.items}
    assert len(seen) == 25


def test_settings_save_a_channel_per_kind(client, ann):
    client.force_login(ann)
    page = html(client.get(reverse("notifications:preferences")))
    assert "Reactions to my posts and comments" in page
    assert reverse("notifications:preferences") in html(client.get(reverse("accounts:security")))
    form = {kind: channel for kind, channel in selectors.channels_of(ann).items()}
    form["reaction"] = "off"
    response = client.post(reverse("notifications:preferences"), form, follow=True)
    assert "Your notification settings are saved." in html(response)
    assert selectors.channels_of(ann)["reaction"] == "off"
    assert Preference.objects.filter(person=ann).count() == 1  # defaults keep no row


def test_a_bad_channel_gets_a_clear_message_and_no_change(client, ann):
    client.force_login(ann)
    form = dict(selectors.channels_of(ann), reaction="loudly")
    response = client.post(reverse("notifications:preferences"), form)
    assert response.status_code == 400
    assert "Select a valid choice" in html(response)
    assert not Preference.objects.exists()


def test_mute_a_post_from_its_page_and_unmute_it_from_settings(client, ann, bo, reacted):
    client.force_login(ann)
    detail = html(client.get(reverse("posts:detail", args=[reacted.pk])))
    assert "Mute notifications about this post" in detail
    client.post(reverse("notifications:mute_thread", args=[reacted.pk]), {"do": "mute"})
    assert ThreadMute.objects.filter(person=ann, post=reacted).exists()
    assert "Notify me about this post again" in html(
        client.get(reverse("posts:detail", args=[reacted.pk]))
    )
    assert "Unmute the post by Ann Author" in html(client.get(reverse("notifications:preferences")))
    client.post(reverse("notifications:mute_thread", args=[reacted.pk]), {"do": "unmute"})
    assert not ThreadMute.objects.exists()


def test_nobody_mutes_a_post_they_cannot_see(client, ann, bo):
    secret = groups.create_group(actor=bo, name="Skunkworks", kind="secret")
    post = posts.create_post(actor=bo, body="Hidden", group=secret)
    client.force_login(ann)
    response = client.post(reverse("notifications:mute_thread", args=[post.pk]))
    assert response.status_code == 404 and not ThreadMute.objects.exists()


def test_pages_are_for_signed_in_people(client):
    response = client.get(reverse("notifications:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_browsing_records_when_the_person_was_last_seen(client, ann):
    from townhall.notifications.models import LastSeen

    client.force_login(ann)
    client.get(reverse("notifications:index"))
    first = LastSeen.objects.get(person=ann).at
    client.get(reverse("notifications:index"))
    assert LastSeen.objects.get(person=ann).at == first  # at most once a minute
    assert actions.record_seen(actor=ann) is False


@pytest.mark.parametrize("size", [1, 20])
def test_the_page_takes_the_same_queries_for_1_or_20_notifications(
    client, ann, make_user, size, django_assert_num_queries
):
    team = groups.create_group(actor=ann, name="Team", kind="public")
    for n in range(size):
        other = make_user(f"p{n}")
        post = posts.create_post(actor=ann, body=f"Post {n}", group=team)
        posts.react(actor=other, target=post, kind="like")
        posts.create_comment(actor=other, post=post, body="Hi")
        posts.react(
            actor=other, target=posts.create_comment(actor=ann, post=post, body="Yo"), kind="like"
        )
    client.force_login(ann)
    client.get(reverse("notifications:index"))  # warms the site settings and last seen
    # session, user, the page's notifications, posts, comments; the nav count (the kinds
    # unread, then the count of those kinds)
    with django_assert_num_queries(7):
        response = client.get(reverse("notifications:index"))
    assert html(response).count('class="card notification') == min(3 * size, 20)


def test_the_unread_count_is_two_queries_whatever_the_kinds_and_one_when_none(
    ann, bo, reacted, django_assert_num_queries
):
    groups.invite_to_group(
        actor=bo, group=groups.create_group(actor=bo, name="Secret", kind="secret"), invitee=ann
    )
    with django_assert_num_queries(2):
        assert selectors.unread_count(ann) == 2
    actions.mark_all_read(actor=ann)
    with django_assert_num_queries(1):
        assert selectors.unread_count(ann) == 0
