"""Web Push for the kinds a person chose (decrypted by a push service on loopback), and
the private Atom feeds of the home feed and notifications."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from townhall.groups import actions as groups
from townhall.notifications import actions
from townhall.notifications.models import FeedToken, Notification, PushKind
from townhall.notifications.pushing import push_notifications
from townhall.posts import actions as posts
from townhall.push import actions as push
from townhall.push import vapid
from townhall.push.models import PushSubscription
from townhall.push.tests.test_push import Browser, b64

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(push_service, ann, settings, tmp_path):
    """Ann's phone, subscribed to push (the site's VAPID key lives in a temporary dir)."""
    settings.DATA_DIR = tmp_path
    vapid.site_key.cache_clear()
    browser = Browser()
    push.subscribe(
        actor=ann,
        endpoint=f"{push_service.url}/push/ann-phone",
        p256dh=browser.p256dh,
        auth=b64(browser.auth),
    )
    yield browser
    vapid.site_key.cache_clear()


def pushed(push_service, browser) -> list[dict]:
    return [browser.decrypt(body) for _path, _headers, body in push_service.received]


def test_only_the_chosen_kinds_are_pushed_with_the_in_app_sentence(
    act,
    push_service,
    device,
    ann,
    bo,
    cy,
):
    actions.set_push_kinds(actor=ann, kinds={"mention", "reaction"})
    act(posts.create_post, actor=bo, body="Launch plan, @ann?")
    mention = Notification.objects.get(recipient=ann, kind="mention")
    assert pushed(push_service, device) == [
        {
            "title": "Bo Builder mentioned you in a post",
            "body": "Launch plan, @ann?",
            "url": f"/notifications/{mention.pk}/",
            "tag": f"notification-{mention.pk}",
        }
    ]

    own = act(posts.create_post, actor=ann, body="Friday lunch")
    act(posts.create_comment, actor=bo, post=own, body="Count me in")  # replies: not chosen
    assert len(push_service.received) == 1
    act(posts.react, actor=bo, target=own, kind="like")
    act(posts.react, actor=cy, target=own, kind="like")  # re-grouped: pushed again
    texts = [message["title"] for message in pushed(push_service, device)]
    assert texts[1:] == [
        "Bo Builder reacted to your post",
        "Cy Commenter and 1 other reacted to your post",
    ]


def test_a_push_never_tells_what_the_recipient_may_no_longer_see(
    push_service,
    device,
    ann,
    bo,
):
    actions.set_push_kinds(actor=ann, kinds={"mention"})
    post = posts.create_post(actor=bo, body="Secret plans, @ann")  # consumer not run yet
    posts.delete_post(actor=bo, post=post)
    row = Notification.objects.create(
        recipient=ann, kind="mention", target_type="post", target_id=post.pk, last_actor=bo
    )
    assert push_notifications.call([row.pk]) == 0
    assert push_service.received == []


def test_an_expired_subscription_is_removed_when_a_notification_is_pushed(
    act,
    push_service,
    device,
    ann,
    bo,
):
    actions.set_push_kinds(actor=ann, kinds={"mention"})
    push_service.answers.append(410)
    act(posts.create_post, actor=bo, body="Are you there, @ann?")
    assert not PushSubscription.objects.exists()


def test_a_bad_push_kind_is_refused_by_name(ann):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="gossip"):
        actions.set_push_kinds(actor=ann, kinds={"gossip"})
    assert not PushKind.objects.exists()


# --- Atom -----------------------------------------------------------------------------


@pytest.fixture
def feed_urls(client, ann):
    def make() -> dict[str, str]:
        client.force_login(ann)
        page = client.post(reverse("notifications:private_feeds"), {"do": "new"})
        assert page.status_code == 200
        client.logout()
        urls = page.context["urls"]
        return {name: url.replace("http://testserver", "") for name, url in urls.items()}

    return make


def test_the_private_feeds_show_what_the_pages_show_and_nothing_more(
    act, client, feed_urls, ann, bo
):
    ops = act(groups.create_group, actor=bo, name="Ops")
    act(groups.join_group, actor=ann, group=ops)
    board = act(groups.create_group, actor=bo, name="Board", kind="secret")
    act(posts.create_post, actor=bo, body="Deploy at noon", group=ops)
    act(posts.create_post, actor=bo, body="Salaries are secret", group=board)
    act(posts.create_post, actor=bo, body="Lunch, @ann?")
    urls = feed_urls()

    home = client.get(urls["home"])
    assert home.status_code == 200 and home["Content-Type"].startswith("application/atom+xml")
    assert home["Cache-Control"] == "private, no-store"
    body = home.content.decode()
    assert "Deploy at noon" in body and "Salaries are secret" not in body
    notes = client.get(urls["notifications"]).content.decode()
    assert "Bo Builder mentioned you in a post" in notes

    # Leaving the group takes its posts out of the feed at once.
    act(groups.leave_group, actor=ann, group=ops)
    assert "Deploy at noon" not in client.get(urls["home"]).content.decode()


def test_a_new_url_revokes_the_old_and_the_secret_is_stored_hashed(client, feed_urls, ann):
    first = feed_urls()
    token = first["home"].split("/")[-2]
    assert FeedToken.objects.get(person=ann).digest != token and token not in str(
        FeedToken.objects.values_list()
    )
    second = feed_urls()
    assert client.get(first["home"]).status_code == 404
    assert client.get(second["home"]).status_code == 200

    client.force_login(ann)
    page = client.get(reverse("notifications:private_feeds")).content.decode()
    assert "Make a new URL" in page and token not in page  # shown only once
    client.post(reverse("notifications:private_feeds"), {"do": "revoke"})
    client.logout()
    assert client.get(second["notifications"]).status_code == 404


def test_a_deactivated_persons_feed_is_404(client, feed_urls, ann):
    urls = feed_urls()
    ann.is_active = False
    ann.save(update_fields=["is_active"])
    assert client.get(urls["home"]).status_code == 404
    assert client.get(urls["notifications"]).status_code == 404
    assert client.get("/notifications/feeds/not-a-token/home.atom").status_code == 404


def test_the_home_feed_costs_the_same_for_one_post_or_twenty(act, client, feed_urls, ann, bo):
    from django.db import connection

    from townhall.people import follows

    act(follows.follow_person, actor=ann, person=bo)
    act(posts.create_post, actor=bo, body="Post 0")
    urls = feed_urls()

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(urls["home"]).status_code == 200
        return len(captured)

    one = cost()
    for n in range(1, 20):
        posts.create_post(actor=bo, body=f"Post {n} with a #topic")
        posts.react(actor=ann, target=posts.create_post(actor=bo, body=f"More {n}"), kind="like")
    assert cost() == one
