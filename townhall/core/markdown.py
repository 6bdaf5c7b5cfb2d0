"""Markdown for everything people write: posts, comments, later articles.

Two steps, in this order, every time:

1. markdown-it-py renders CommonMark plus tables and ~~strikethrough~~. Raw HTML in the
   input is *not* passed through (``html=False``): ``<b>`` shows as the text ``<b>``.
   Images are switched off (external images would leak readers' addresses and the CSP
   blocks them anyway): ``![alt](url)`` renders as ``!`` followed by a link.
   ``#topics`` and ``@mentions`` outside links and code become links.
2. nh3 sanitises the result against the allowlist below, so even a bug in step 1 cannot
   let a tag, attribute or URL scheme through that is not listed here. Links get
   ``rel="nofollow noopener ugc"``.

Public interface:

- ``render_markdown(text, *, usernames=()) -> str``: safe HTML. Only mentions of names in
  ``usernames`` (the caller passes existing, active people the reader may link to) become
  profile links; other ``@words`` stay text.
- ``find_references(text) -> References``: the topics and mentions a text contains, found
  exactly where ``render_markdown`` would link them (never inside code or links).
- ``topic_key(name)``: the case-folded key that makes ``#MØTE`` and ``#møte`` one topic.
- ``topic_path(key)`` / ``person_path(username)``: the URLs the links point at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# Attributes kept from the rendered HTML, per tag. `rel` (always LINK_REL) is added by
# the sanitiser and `class` is limited to ALLOWED_CLASSES; neither is listed here.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "ol": frozenset({"start"}),
}
ALLOWED_CLASSES: dict[str, frozenset[str]] = {"a": frozenset({"topic", "mention"})}
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"
MAX_TOPIC_LENGTH = 64

# `#name`: letters of any script, digits, `_` and `-`; at least one letter; not part of a
# word, a URL fragment (`/#x`) or an HTML entity (`&#123;`).
_TOPIC = r"(?<![\w#&/])#(?P<topic>\w[\w-]*)"
# `@username`: Django's username characters, ending on a word character (so a full stop
# after a mention is not part of it); not part of an email address.
_MENTION = r"(?<![\w@.+-])@(?P<mention>[\w.+-]*\w)"
_REFERENCE = re.compile(f"{_TOPIC}|{_MENTION}")


def topic_key(name: str) -> str:
    """`#MØTE`, `#møte` and `#Møte` (composed or not) share the key `møte`."""
    return unicodedata.normalize("NFC", name).casefold()


def topic_path(key: str) -> str:
    return f"/topics/{quote(key, safe='')}/"


def person_path(username: str) -> str:
    return f"/people/{quote(username, safe='')}/"


def _clean_topic(raw: str) -> str | None:
    name = raw.strip("-_")
    if not name or len(name) > MAX_TOPIC_LENGTH or not any(ch.isalpha() for ch in name):
        return None
    return name


@dataclass
class References:
    """What a text refers to. `topics` maps key -> name as first written; `mentions` holds
    case-folded usernames in order of first appearance."""

    topics: dict[str, str] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)


def _split_text(content: str, usernames: dict[str, str], found: References) -> list[tuple]:
    """Cut a text run into ("text", s) and ("link", href, css_class, label) pieces."""
    pieces: list[tuple] = []
    position = 0
    for match in _REFERENCE.finditer(content):
        href = css_class = None
        if match.group("topic") is not None:
            name = _clean_topic(match.group("topic"))
            if name is None:
                continue
            key = topic_key(name)
            found.topics.setdefault(key, name)
            href, css_class = topic_path(key), "topic"
            end = match.start("topic") + match.group("topic").index(name) + len(name)
        else:
            folded = match.group("mention").casefold()
            if folded not in found.mentions:
                found.mentions.append(folded)
            end = match.end()
            if folded in usernames:
                href, css_class = person_path(usernames[folded]), "mention"
        if href is None:
            continue
        pieces.append(("text", content[position : match.start()]))
        pieces.append(("link", href, css_class, content[match.start() : end]))
        position = end
    pieces.append(("text", content[position:]))
    return pieces


def _link_references(state: StateCore) -> None:
    """Core rule: turn #topics and @mentions in plain text (not in links or code) into links."""
    usernames: dict[str, str] = state.env.get("usernames", {})
    found: References = state.env.setdefault("references", References())
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth > 0 or not _REFERENCE.search(token.content):
                children.append(token)
                continue
            for piece in _split_text(token.content, usernames, found):
                if piece[0] == "text":
                    if piece[1]:
                        text = Token("text", "", 0)
                        text.content = piece[1]
                        children.append(text)
                    continue
                _, href, css_class, label = piece
                opening = Token("link_open", "a", 1)
                opening.attrs = {"href": href, "class": css_class}
                text = Token("text", "", 0)
                text.content = label
                children.extend([opening, text, Token("link_close", "a", -1)])
        block.children = children


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.enable(["table", "strikethrough"])
    parser.disable(["image"])
    parser.core.ruler.push("townhall_references", _link_references)
    return parser


_PARSER = _build_parser()
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def find_references(text: str) -> References:
    env: dict = {"usernames": {}}
    _PARSER.parse(text, env)
    return env.get("references", References())


def render_markdown(text: str, *, usernames: Iterable[str] = ()) -> str:
    """Safe HTML for `text`. `usernames`: people an @mention may link to (case-insensitive)."""
    env = {"usernames": {name.casefold(): name for name in usernames}}
    html = _PARSER.render(text, env)
    return _CLEANER.clean(html)
