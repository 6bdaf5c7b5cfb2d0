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

The cache is the `cards` alias when settings.CACHES has one (a per-process memory cache
without Redis: keys never change meaning, so per-process copies cannot disagree), else the
default cache.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches

CARD_SECONDS = 15 * 60
PREFIX = "card1"  # bump when CardData changes shape


@dataclass
class CardData:
    topics: list = field(default_factory=list)
    reaction_counts: dict[str, int] = field(default_factory=dict)
    comment_count: int = 0
    first_comments: list = field(default_factory=list)  # [(Comment with author, counts)]
    # the card's HTML per variant (townhall.posts.rendering): {variant: (nonce, html)}
    html: dict = field(default_factory=dict)


def _cache():
    return caches["cards" if "cards" in settings.CACHES else "default"]


def key(post) -> str:
    born = int(post.created_at.timestamp() * 1_000_000)
    return f"{PREFIX}:{post.pk}:{post.version}:{born}"


def get_many(posts) -> dict[int, CardData]:
    keys = {key(post): post.pk for post in posts}
    found = _cache().get_many(list(keys))
    return {keys[k]: value for k, value in found.items() if isinstance(value, CardData)}


def set_many(posts, data: dict[int, CardData]) -> None:
    for card in data.values():  # set per request by attach_files; not part of the card
        for comment, _counts in card.first_comments:
            comment.__dict__.pop("files", None)
    _cache().set_many({key(post): data[post.pk] for post in posts}, CARD_SECONDS)


def clear() -> None:
    """Forget every card (tests; never needed for correctness)."""
    if "cards" in settings.CACHES:
        caches["cards"].clear()
