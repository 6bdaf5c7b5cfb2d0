"""The cached, viewer-independent part of a feed card, keyed by (post id, Post.version).

    data = cards.get_many(posts)          # {post id: CardData} for those cached: ONE cache read
    cards.set_many(posts, {post id: CardData})

A CardData holds what every reader of the post sees alike: its topics, reaction counts,
comment count and first comments (with their authors and reaction counts). The per-reader
parts (my reactions, may I edit, poll votes) are never in it: townhall.posts.selectors
merges them in at read time.

Why a card is never stale: the key holds `Post.version`, which every action that changes
what a card shows raises in its own transaction (`posts.actions.mark_changed`: edit, move,
delete, a comment added, edited or deleted, a reaction added or removed on the post or one
of its comments, a post or comment hidden by a moderator). A reader that loaded the old
version can only store under the old key, which nobody asks for any more. The key also
holds the post's creation time, so a reused id (a test database rolled back, a restore)
never meets an old card.

What a card can show stale, and for how long: the name, avatar and leader badge of the
AUTHOR OF A FIRST COMMENT (the post's own author and group come live from the page query)
until the card is next changed or expires after CARD_SECONDS. That is the only input not
covered by the version; it is cosmetic (the link still goes to the right person) and
bounded.

Where cards live: in each process, the LOCAL_CARDS most recently used, as objects (a read
costs no copy and no unpickling: most of what a Redis read of a page's cards cost); behind
them, with Redis, the shared cache every process reads and fills. Keys never change
meaning, so the copies cannot disagree; every copy expires CARD_SECONDS after the card was
made. Because other requests (and threads) hold the same objects, nothing changes a card
in place: a card's HTML variants are replaced by a new dict (townhall.posts.rendering), a
page's files travel beside its comments (FeedComment.files), never on them.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

CARD_SECONDS = 15 * 60
LOCAL_CARDS = 5_000  # per process: ~45 MB (a card with its HTML ~9 KB, measured at 1M posts)
PREFIX = "card2"  # bump when CardData changes shape


@dataclass
class CardData:
    topics: list = field(default_factory=list)
    reaction_counts: dict[str, int] = field(default_factory=dict)
    comment_count: int = 0
    first_comments: list = field(default_factory=list)  # [(Comment with author, counts)]
    # the card's HTML per variant (townhall.posts.rendering): {variant: (nonce, html)}
    html: dict = field(default_factory=dict)
    made_at: float = field(default_factory=time.time)  # every copy expires CARD_SECONDS after


class _Recent:
    """The process's most recently used cards, each until its expiry: {key: CardData}."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, CardData] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys) -> dict[str, CardData]:
        made_after = time.time() - CARD_SECONDS
        found = {}
        with self.lock:
            for k in keys:
                card = self.entries.get(k)
                if card is None:
                    continue
                if card.made_at <= made_after:
                    del self.entries[k]
                    continue
                self.entries.move_to_end(k)
                found[k] = card
        return found

    def set_many(self, values: dict[str, CardData]) -> None:
        with self.lock:
            for k, card in values.items():
                self.entries[k] = card
                self.entries.move_to_end(k)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_recent = _Recent(LOCAL_CARDS)


def _shared():
    """The cache all processes share, or None: without Redis each process keeps its own."""
    return cache if settings.TOWNHALL_REDIS_URL else None


def key(post) -> str:
    born = int(post.created_at.timestamp() * 1_000_000)
    return f"{PREFIX}:{post.pk}:{post.version}:{born}"


def get_many(posts) -> dict[int, CardData]:
    keys = {key(post): post.pk for post in posts}
    found = _recent.get_many(keys)
    shared = _shared()
    if shared is not None and len(found) < len(keys):
        fetched = shared.get_many([k for k in keys if k not in found])
        made_after = time.time() - CARD_SECONDS  # a card stored again lives on in Redis
        fetched = {
            k: card
            for k, card in fetched.items()
            if isinstance(card, CardData) and card.made_at > made_after
        }
        _recent.set_many(fetched)
        found.update(fetched)
    return {keys[k]: card for k, card in found.items()}


def set_many(posts, data: dict[int, CardData]) -> None:
    values = {key(post): data[post.pk] for post in posts}
    _recent.set_many(values)
    shared = _shared()
    if shared is not None:
        shared.set_many(values, CARD_SECONDS)


def clear() -> None:
    """Forget this process's cards (tests; never needed for correctness). The shared ones
    go with the cache (`cache.clear()`)."""
    _recent.clear()
