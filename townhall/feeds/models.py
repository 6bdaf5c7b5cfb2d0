"""The precomputed home feed: a capped list of post ids per person (fan-out on write).

`FeedEntry` rows are written in the background by the outbox consumer (one INSERT ...
SELECT per post, townhall/feeds/consumers.py) and read by `home_feed` through the same
home predicate and `access.posts.visible_posts` as the pull query, so an entry never shows
more than the person may see (townhall/feeds/lists.py explains the whole design).

`FeedState` says whose list is kept: no row, nobody writes to that person's list (never
visited, or away for more than 30 days); a row with `built_at` empty, the list is being
built; `built_at` set, the list holds every post of their home feed newer than its oldest
entry, and all of them when `truncated` is False.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedEntry(models.Model):
    # No index of its own on person: both indexes below start with it, and every fan-out
    # writes one index entry per index per reader (5,000 rows for a post to a big group).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()  # the post's, so a page is read from this table alone

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "post"], name="feedentry_once"),
        ]
        indexes = [
            models.Index(fields=["person", "-created_at", "-post"], name="feedentry_newest"),
        ]


class FeedState(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    truncated = models.BooleanField(default=False)  # older posts than the list's are left out
    trimmed_at = models.DateTimeField(default=timezone.now)
