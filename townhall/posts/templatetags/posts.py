"""Showing posts anywhere: `{% load posts %}`.

- `{% reaction_buttons counts mine as reactions %}`: one entry per reaction kind, in the
  fixed order, with its label, symbol, count and whether the reader chose it.
- `{{ group|group_url }}`, `{{ topic|topic_url }}`: where a group or topic page lives.
- `{% live_since when %}`, `{% live_reactions "post" post counts mine %}`, `{% live_files
  owner %}`, `{% live_link_card post %}`, `{% live_poll post %}`: the parts of a card that
  differ by reader or by the clock. Rendered in place, except while
  townhall.posts.rendering renders a card for the shared cache (`card_nonce` in the
  context): then each is a placeholder that rendering fills in for every reader.
"""

import secrets
from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from townhall.core.markdown import topic_path
from townhall.posts.models import Reaction

register = template.Library()

SYMBOLS = {
    Reaction.Kind.LIKE: "👍",
    Reaction.Kind.CELEBRATE: "🎉",
    Reaction.Kind.SUPPORT: "🤝",
    Reaction.Kind.INSIGHTFUL: "💡",
    Reaction.Kind.FUNNY: "😄",
}
# "who reacted with X" headings on the reactions page
PAST_TENSE = {
    Reaction.Kind.LIKE: _("Liked"),
    Reaction.Kind.CELEBRATE: _("Celebrated"),
    Reaction.Kind.SUPPORT: _("Supported"),
    Reaction.Kind.INSIGHTFUL: _("Found it insightful"),
    Reaction.Kind.FUNNY: _("Found it funny"),
}


@register.simple_tag
def reaction_buttons(counts=None, mine=None) -> list[dict]:
    counts = counts or {}
    mine = mine or set()
    return [
        {
            "kind": kind,
            "label": label,
            "symbol": SYMBOLS[kind],
            "count": counts.get(kind, 0),
            "pressed": kind in mine,
        }
        for kind, label in Reaction.Kind.choices
    ]


def reaction_bar(target_type: str, pk: int, counts, mine, csrf_token: str, path: str) -> str:
    """posts/_reactions.html, byte for byte, without the template engine: a feed page has
    up to 80 of these (tested to agree with the template). The buttons depend only on the
    language, the counts and the reader's choices, so each such combination is made once
    per process; the addresses' shape is made once too."""
    on_comment = target_type == "comment"
    url = _address("posts:comment_react" if on_comment else "posts:react", pk)
    buttons = _buttons(
        get_language(),
        tuple(sorted(counts.items())) if counts else (),
        tuple(sorted(mine)) if mine else (),
    )
    who = ""
    if reaction_total(counts):
        who_url = _address("posts:comment_reactions" if on_comment else "posts:reactions", pk)
        who = f'<a class="reactions-who" href="{who_url}">{escape(gettext("Who reacted"))}</a>'
    html = (
        f'\n<form class="reactions" method="post" id="reactions-{target_type}-{pk}"\n'
        f'  action="{url}"\n  hx-post="{url}"\n'
        f'  hx-target="#reactions-{target_type}-{pk}" hx-swap="outerHTML">\n'
        f'  <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="next" value="{escape(path)}#{target_type}-{pk}">\n'
        f"  {buttons}\n  {who}\n</form>\n"
    )
    return mark_safe(html)  # noqa: S308 -- every value above is escaped or ours


_COUNT = ' <span class="reaction-count">{}</span>'
_MARK = 987_654_321_987  # stands for the pk in an address made once


@lru_cache(maxsize=4096)
def _buttons(language: str, counts: tuple, mine: tuple) -> str:
    """The bar's buttons for these (kind, count) pairs and chosen kinds, in this language."""
    counted = dict(counts)
    buttons = []
    for kind, symbol, label in _kinds(language):
        pressed = kind in mine
        count = counted.get(kind, 0)
        buttons.append(
            f'<button type="submit" class="reaction{" reaction-mine" if pressed else ""}" '
            f'name="{"unreact" if pressed else "react"}" value="{kind}" '
            f'aria-pressed="{"true" if pressed else "false"}" data-kind="{kind}">'
            f'<span aria-hidden="true">{symbol}</span> <span class="reaction-label">{label}'
            f"</span>{_COUNT.format(count) if count else ''}</button>\n  "
        )
    return "".join(buttons)


@lru_cache(maxsize=16)
def _kinds(language: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, symbol, escaped label) of each reaction kind, in order, in this language."""
    return tuple((kind, SYMBOLS[kind], escape(label)) for kind, label in Reaction.Kind.choices)


def _address(name: str, pk: int) -> str:
    before, after = _address_shape(name, get_script_prefix())
    return f"{before}{pk}{after}"


@lru_cache(maxsize=64)
def _address_shape(name: str, _prefix: str) -> tuple[str, str]:
    before, _mark, after = reverse(name, args=[_MARK]).partition(str(_MARK))
    return before, after


@register.filter
def reaction_total(counts) -> int:
    return sum((counts or {}).values())


@register.filter
def group_url(group) -> str:
    """The group's page (the groups app owns it); /groups/<slug>/ until it is routed."""
    if group is None:
        return ""
    try:
        return reverse("groups:detail", kwargs={"slug": group.slug})
    except NoReverseMatch:
        return f"/groups/{group.slug}/"


@register.filter
def topic_url(topic) -> str:
    return topic_path(topic.key)


@register.simple_tag
def form_token() -> str:
    """A fresh one-time token for a form: the same form posted twice creates one thing."""
    return secrets.token_urlsafe(18)


# --- the live parts of a card (townhall.posts.rendering) --------------------------------


def placeholder(nonce: str, kind: str, arg: str = "") -> str:
    return format_html("\u27e6{}:{}:{}\u27e7", nonce, kind, arg)


def since_text(when) -> str:
    """ "3 hours, 5 minutes ago": Django's timesince, with its units' words in the reader's
    language looked up once per number instead of through lazy translations (a feed page
    shows ~40 of these)."""
    ago, units = _since_words(get_language())
    return ago % {"since": timesince(when, time_strings=units)}


class _Unit:
    """One of timesince's units ("%(num)d hour" / "%(num)d hours"): `unit % {"num": n}`."""

    def __init__(self, singular: str, plural: str):
        self.singular, self.plural = singular, plural
        self.texts: dict[int, str] = {}

    def __mod__(self, values: dict) -> str:
        num = values["num"]
        text = self.texts.get(num)
        if text is None:
            text = self.texts[num] = ngettext(self.singular, self.plural, num) % {"num": num}
        return text


@lru_cache(maxsize=16)
def _since_words(_language: str) -> tuple[str, dict[str, _Unit]]:
    """For the active language (the key): "%(since)s ago" and timesince's units."""
    units = {
        "year": _Unit("%(num)d year", "%(num)d years"),
        "month": _Unit("%(num)d month", "%(num)d months"),
        "week": _Unit("%(num)d week", "%(num)d weeks"),
        "day": _Unit("%(num)d day", "%(num)d days"),
        "hour": _Unit("%(num)d hour", "%(num)d hours"),
        "minute": _Unit("%(num)d minute", "%(num)d minutes"),
    }
    return gettext("%(since)s ago"), units


def _include(context, name: str, **values) -> str:  # safe: a rendered template
    tpl = context.template.engine.get_template(name)
    with context.push(**values):
        return tpl.render(context)


@register.simple_tag(takes_context=True)
def live_since(context, when):
    nonce = context.get("card_nonce")
    if nonce:
        return placeholder(nonce, "since", str(int(when.timestamp() * 1_000_000)))
    return since_text(when)


def _owner_key(owner) -> str:
    return f"{'comment' if getattr(owner, 'post_id', None) else 'post'}-{owner.pk}"


@register.simple_tag(takes_context=True)
def live_reactions(context, target_type, target, counts, mine):
    nonce = context.get("card_nonce")
    if nonce:
        return placeholder(nonce, "reactions", f"{target_type}-{target.pk}")
    return _include(
        context,
        "posts/_reactions.html",
        target=target,
        target_type=target_type,
        counts=counts,
        mine=mine,
    )


@register.simple_tag(takes_context=True)
def live_files(context, owner, files):
    """`files`: the owner's attachments (townhall.files.selectors)."""
    nonce = context.get("card_nonce")
    if nonce:
        return placeholder(nonce, "files", _owner_key(owner))
    return _include(context, "files/_attachments.html", owner=owner, files=files)


@register.simple_tag(takes_context=True)
def live_link_card(context, post):
    nonce = context.get("card_nonce")
    if nonce:
        return placeholder(nonce, "link", str(post.pk))
    return _include(context, "files/_link_card.html", post=post)


@register.simple_tag(takes_context=True)
def live_poll(context, post):
    nonce = context.get("card_nonce")
    if nonce:
        return placeholder(nonce, "poll", str(post.pk))
    return _include(context, "polls/_post_poll.html", post=post)
