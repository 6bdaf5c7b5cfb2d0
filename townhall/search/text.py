"""How text becomes searchable words, the same way for documents and queries.

Case-folded, then accents removed: Unicode NFKD decomposition with the combining marks
dropped, so `Café`, `CAFE` and `café` are all `cafe`. Letters that are not a base letter
plus a combining mark stay as they are: `ø`, `æ`, `ł` and `đ` have no decomposition, so
`møte` is stored as `møte` and `mote` does NOT find it (nor `ø` find `o`). Words are runs of
letters and digits (underscores and punctuation separate words), which is what both
engines' tokenizers see, so no query text ever reaches them as syntax.
"""

import re
import unicodedata
from html.parser import HTMLParser

WORD = re.compile(r"[^\W_]+")
MAX_WORD_LENGTH = 64


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(text))]


def document_text(*parts: str) -> str:
    return " ".join(word for part in parts for word in words(part))


class _TextOf(HTMLParser):
    """The text of sanitised HTML: tags become spaces, entities are read, nothing kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """What a reader sees of rendered Markdown: no markup, no link addresses, one line."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())
