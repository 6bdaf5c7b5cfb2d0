"""Private Atom feeds: a person's home feed and notifications, for a feed reader that
cannot sign in. The secret in the URL stands for the person (only its SHA-256 is stored;
making a new URL revokes the old). Each feed is read through the same selectors, and so
the same access layer, as the page: `feed_page` over `home_posts` (visible_posts) and
`notification_page` (visible_notifications). A deactivated person's feeds are 404.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from townhall.core.site import current_site_settings
from townhall.feeds.selectors import home_posts
from townhall.notifications import selectors
from townhall.notifications.emails import as_seen_by
from townhall.notifications.targets import excerpt
from townhall.posts.selectors import feed_page

ITEMS = 30


class PrivateFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_object(self, request, token: str):
        person = selectors.feed_owner(token)
        if person is None:
            raise Http404
        return person

    def get_feed(self, obj, request):
        with as_seen_by(obj):  # titles in the person's language
            return super().get_feed(obj, request)


class HomeFeed(PrivateFeed):
    def title(self, obj):
        return _("%(site)s: home feed of %(name)s") % {
            "site": current_site_settings().name,
            "name": obj,
        }

    def link(self, obj):
        return "/"

    def items(self, obj):
        return [item.post for item in feed_page(obj, home_posts(obj), None, ITEMS).items]

    def item_title(self, post):
        return _("%(name)s: %(text)s") % {"name": post.author, "text": excerpt(post.body)}

    def item_description(self, post):
        return post.body_html

    def item_link(self, post):
        return reverse("posts:detail", args=[post.pk])

    def item_author_name(self, post):
        return str(post.author)

    def item_pubdate(self, post):
        return post.created_at

    def item_guid(self, post):
        return f"tag:townhall,post:{post.pk}"

    item_guid_is_permalink = False


class NotificationsFeed(PrivateFeed):
    def title(self, obj):
        return _("%(site)s: notifications of %(name)s") % {
            "site": current_site_settings().name,
            "name": obj,
        }

    def link(self, obj):
        return reverse("notifications:index")

    def items(self, obj):
        return selectors.notification_page(obj, limit=ITEMS).items

    def item_title(self, item):
        return item.text

    def item_description(self, item):
        return item.excerpt if item.excerpt not in item.text else ""

    def item_link(self, item):
        return item.url or reverse("notifications:index")

    def item_pubdate(self, item):
        return item.notification.created_at

    def item_updateddate(self, item):
        return item.notification.updated_at

    def item_guid(self, item):
        # A new guid when new activity re-groups it, so readers show it again.
        moment = int(item.notification.updated_at.timestamp())
        return f"tag:townhall,notification:{item.notification.pk}:{moment}"

    item_guid_is_permalink = False
