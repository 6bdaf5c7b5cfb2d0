"""Markdown for articles: townhall.core.markdown plus pictures uploaded to the article.

Everything core allows, and ``![description](/blogs/images/<name>.webp)``: an <img> whose
address is one of our own article images (served through an access check, so a reader
who may not see the article the picture belongs to gets a 404). Any other image address
(an external one would leak readers' addresses and the CSP blocks it) is dropped.
"""

import re
from collections.abc import Iterable

import nh3
from markdown_it import MarkdownIt

from townhall.core import markdown as core

IMAGE_PATH = re.compile(r"^/blogs/images/[A-Za-z0-9_-]{8,64}\.webp$")


def _image_src(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if IMAGE_PATH.match(value) else None
    return value


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.enable(["table", "strikethrough"])
    parser.core.ruler.push("townhall_references", core._link_references)
    return parser


_PARSER = _build_parser()
_CLEANER = nh3.Cleaner(
    tags={*core.ALLOWED_TAGS, "img"},
    attributes={
        **{tag: set(names) for tag, names in core.ALLOWED_ATTRIBUTES.items()},
        "img": {"src", "alt", "title"},
    },
    allowed_classes={tag: set(names) for tag, names in core.ALLOWED_CLASSES.items()},
    url_schemes=set(core.ALLOWED_URL_SCHEMES),
    link_rel=core.LINK_REL,
    strip_comments=True,
    attribute_filter=_image_src,
)
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def render_article_markdown(text: str, *, usernames: Iterable[str] = ()) -> str:
    """Safe HTML for an article's text; images only from our own article images."""
    env = {"usernames": {name.casefold(): name for name in usernames}}
    html = _CLEANER.clean(_PARSER.render(text, env))
    # An image whose address was refused keeps no src: drop the empty tag altogether.
    html = _IMG_WITHOUT_SRC.sub("", html)
    return html.replace("<img ", '<img loading="lazy" ')
