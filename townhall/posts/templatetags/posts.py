"""Showing posts anywhere: `{% load posts %}`.

- `{% reaction_buttons counts mine as reactions %}`: one entry per reaction kind, in the
  fixed order, with its label, symbol, count and whether the reader chose it.
- `{{ group|group_url }}`, `{{ topic|topic_url }}`: where a group or topic page lives.
"""

import secrets

from django import template
from django.urls import NoReverseMatch, reverse
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
