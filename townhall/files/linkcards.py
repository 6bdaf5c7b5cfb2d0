"""Link cards: a page's title, description, picture and site name, from its HTML meta tags.

Fetched only through townhall.core.outbound (refuses private, loopback and link-local
addresses after DNS and on every redirect; at most 3 redirects, 5 s, and here 1 MB of
HTML), read with the standard library's html.parser (no JavaScript, no oEmbed). The
picture is fetched the same guarded way, checked with Pillow and stored by us: a card
never hot-links.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from townhall.core.outbound import fetch

PAGE_BYTES = 1_000_000
PICTURE_BYTES = 5_000_000


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").strip().lower()
            if key and "content" in values and key not in self.meta:
                self.meta[key] = values["content"].strip()
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _short(text: str, length: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def parse_card(html: str, page_url: str) -> dict:
    """{"title", "description", "site_name", "image"} from a page's meta tags."""
    parser = _MetaParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser is lenient; what it read, we keep
        parser.title = parser.title or ""
    meta = parser.meta
    image = meta.get("og:image") or meta.get("og:image:url") or meta.get("twitter:image") or ""
    image = urljoin(page_url, image) if image else ""
    if urlsplit(image).scheme not in ("http", "https"):
        image = ""
    return {
        "title": _short(meta.get("og:title") or meta.get("twitter:title") or parser.title, 300),
        "description": _short(
            meta.get("og:description")
            or meta.get("twitter:description")
            or meta.get("description", ""),
            1000,
        ),
        "site_name": _short(meta.get("og:site_name") or urlsplit(page_url).hostname or "", 200),
        "image": image[:2000],
    }


def fetch_page(url: str) -> tuple[dict, str]:
    """The card of `url` and the final URL (after redirects). OutboundError on failure;
    ValueError when the answer is not an HTML page."""
    response = fetch(
        url, headers={"Accept": "text/html,application/xhtml+xml"}, max_bytes=PAGE_BYTES
    )
    if not response.ok:
        raise ValueError(f"the page answered {response.status_code}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("text/html", "application/xhtml+xml"):
        raise ValueError(f"not a web page ({content_type or 'no type'})")
    return parse_card(response.text, response.url), response.url


def fetch_picture(url: str) -> bytes:
    response = fetch(url, headers={"Accept": "image/*"}, max_bytes=PICTURE_BYTES)
    if not response.ok or response.truncated:
        raise ValueError("the picture could not be fetched whole")
    return response.content
