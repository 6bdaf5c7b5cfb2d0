"""Highlighted snippets, made the same way on both backends: a window of the text a reader
sees (rendered Markdown without its markup, townhall.search.text.plain_text) around the
first match, HTML-escaped, with matching words wrapped in <mark>. Nothing else is ever
unescaped. Words are compared folded (`cafe` highlights `Café`); a stemmed match is
highlighted when one word starts with the other and they differ by at most three letters
(`meetings` highlights `meeting`, `meet` highlights `meeting`), an approximation of the
engines' stemmers that never marks an unrelated word."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from townhall.search.text import WORD, fold

WIDTH = 240


def related(word: str, target: str) -> bool:
    short, long = sorted((word, target), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3


def _matches(word: str, targets: set[str], prefix: str | None) -> bool:
    folded = fold(word)
    if folded in targets or (prefix is not None and folded.startswith(prefix)):
        return True
    return any(related(folded, target) for target in targets)


def snippet(
    text: str, targets: set[str], prefix: str | None = None, *, width: int = WIDTH
) -> SafeString:
    text = re.sub(r"\s+", " ", text).strip()
    spans = [m.span() for m in WORD.finditer(text) if _matches(m.group(), targets, prefix)]
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
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
