"""Highlighted snippets, made the same way on both backends: a window of the original text
around the first match, HTML-escaped, with matching words (compared folded, so `cafe`
highlights `Café`) wrapped in <mark>. Nothing else is ever unescaped."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from townhall.search.text import WORD, fold

WIDTH = 240


def _matches(word: str, targets: set[str], prefix: str | None) -> bool:
    folded = fold(word)
    return folded in targets or (prefix is not None and folded.startswith(prefix))


def snippet(text: str, targets: set[str], prefix: str | None = None) -> SafeString:
    text = re.sub(r"\s+", " ", text).strip()
    spans = [m.span() for m in WORD.finditer(text) if _matches(m.group(), targets, prefix)]
    start = max(0, spans[0][0] - WIDTH // 3) if spans else 0
    end = min(len(text), start + WIDTH)
    pieces = ["…"] if start > 0 else []
    position = start
    for first, last in spans:
        if first < start or last > end:
            continue
        pieces += [escape(text[position:first]), "<mark>", escape(text[first:last]), "</mark>"]
        position = last
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece of text is escaped above
