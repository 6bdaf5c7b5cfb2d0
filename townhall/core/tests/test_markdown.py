"""Markdown renders what people mean and nothing a browser could be tricked by.

The property tests judge the output with Python's own html.parser (independent of nh3's
html5ever) and compare every tag, attribute and URL scheme with the allowlist constants.
"""

import re
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from townhall.core.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    LINK_REL,
    find_references,
    render_markdown,
    topic_key,
)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "background", "poster"}
# What a browser strips before it looks for a scheme (WHATWG URL parser).
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_LEADING_JUNK = re.compile(r"^[\x00-\x20]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class AllowlistAudit(HTMLParser):
    """Collects every way the HTML steps outside the allowlist."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = set(ALLOWED_ATTRIBUTES.get(tag, ()))
        for name, value in attrs:
            value = value or ""
            if name == "rel" and tag == "a":
                if value != LINK_REL:
                    self.problems.append(f"rel={value!r}")
            elif name == "class" and tag in ALLOWED_CLASSES:
                if not set(value.split()) <= ALLOWED_CLASSES[tag]:
                    self.problems.append(f"class={value!r}")
            elif name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES:
                url = _LEADING_JUNK.sub("", _IGNORED_IN_URLS.sub("", value))
                scheme = _SCHEME.match(url)
                if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
                    self.problems.append(f"URL scheme in {value!r}")
        if tag == "a" and ("rel", LINK_REL) not in attrs:
            self.problems.append("link without rel")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def problems_in(html: str) -> list[str]:
    audit = AllowlistAudit()
    audit.feed(html)
    audit.close()
    return audit.problems


HTML_BITS = st.sampled_from(
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
        "<iframe src=//evil>", "<style>*{}</style>", "<svg onload=x>", "<!-- c -->", "</p>",
        '<a href="data:text/html,x">', "<b onclick=x>", "<math><mi>", "<table>", "<div",
        "javascript:alert(1)", "JaVaScRiPt:", "java\tscript:", "data:text/html;base64,PHM+",
        "vbscript:x", "&#106;avascript:", "&lt;", "&#x3C;", "\x00", "mailto:a@b.c",
        "https://example.com/x?y=1#z", "//evil.example", "'", '"', "`", "\\",
    ]
)  # fmt: skip
MARKDOWN_BITS = st.sampled_from(
    [
        "[", "]", "(", ")", "<", ">", "![", "](", "*", "_", "~~", "`", "```", "#", "@", "|",
        "\n", "\n\n", "    ", "> ", "- ", "1. ", "---", "| a | b |\n|---|---|\n", "[x]: ",
        "#møte", "#MØTE", "@mona", "@mona.", "&amp;", " ", "a",
    ]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(HTML_BITS, MARKDOWN_BITS, st.text(max_size=8)), max_size=30).map(
    "".join
)


@given(HOSTILE_TEXT)
@example("[click](javascript:alert(1))")
@example("[click](JAVASCRIPT:alert(1))")
@example("[click](data:text/html;base64,PHNjcmlwdD4=)")
@example('<a href="javascript:alert(1)">x</a>')
@example("[x](java&#x09;script:alert(1))")
@example("<javascript:alert(1)>")
def test_no_markdown_input_produces_html_outside_the_allowlist(text):
    assert problems_in(render_markdown(text, usernames=["mona"])) == []


@given(st.text())
def test_arbitrary_unicode_text_stays_inside_the_allowlist(text):
    assert problems_in(render_markdown(text)) == []


def test_the_audit_itself_notices_a_forbidden_tag_attribute_and_scheme():
    html = '<script></script><a href="javascript:x" onclick="y">z</a>'
    assert problems_in(html) == [
        "tag <script>",
        "URL scheme in 'javascript:x'",
        "attribute onclick on <a>",
        "link without rel",
    ]


def test_ordinary_markdown_renders_as_people_expect():
    html = render_markdown("**bold** _it_ ~~gone~~ `code`\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<s>gone</s>" in html
    assert "<code>code</code>" in html
    assert "<ul>\n<li>one</li>" in html


def test_tables_render_without_inline_styles_the_csp_would_block():
    html = render_markdown("| a | b |\n|--:|---|\n| 1 | 2 |")
    assert "<table>" in html and "<td>1</td>" in html
    assert "style" not in html


def test_links_are_marked_as_user_content_and_not_followed():
    html = render_markdown("[site](https://example.com)")
    assert html == ('<p><a href="https://example.com" rel="nofollow noopener ugc">site</a></p>\n')


def test_javascript_and_data_links_do_not_become_links():
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"):
        html = render_markdown(f"[click]({url})")
        assert "<a" not in html, html


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown("<script>alert('x')</script> <b>bold?</b>")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_images_are_not_embedded():
    html = render_markdown("![cat](https://example.com/cat.png)")
    assert "<img" not in html
    assert 'href="https://example.com/cat.png"' in html


def test_topics_become_links_to_their_case_folded_topic_page():
    html = render_markdown("Agenda for the #MØTE tomorrow")
    assert (
        '<a href="/topics/m%C3%B8te/" class="topic" rel="nofollow noopener ugc">#MØTE</a>' in html
    )


def test_topic_names_in_any_case_or_script_share_one_key():
    assert topic_key("MØTE") == topic_key("møte") == "møte"
    assert topic_key("Ünïcode") == topic_key("ÜNÏCODE")
    assert topic_key("Mo\u0308te") == topic_key("MÖTE")  # decomposed ö is the same letter


def test_numbers_fragments_code_and_links_are_not_topics():
    text = "issue #12, https://x.example/#anchor, `#code`, [#linked](https://x.example)"
    assert find_references(text).topics == {}
    assert 'class="topic"' not in render_markdown(text)


def test_mentions_link_only_to_the_people_the_caller_names():
    html = render_markdown("Thanks @Mona and @ghost.", usernames=["mona"])
    assert '<a href="/people/mona/" class="mention" rel="nofollow noopener ugc">@Mona</a>' in html
    assert "@ghost." in html and "/people/ghost/" not in html


def test_email_addresses_are_not_mentions():
    assert find_references("write to bo@northwind.example").mentions == []


def test_references_list_each_topic_and_mention_once_in_order():
    refs = find_references("#Plan @bo #plan @Bo @al. `@code`")
    assert refs.topics == {"plan": "Plan"}
    assert refs.mentions == ["bo", "al"]
