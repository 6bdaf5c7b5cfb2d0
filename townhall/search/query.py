"""The query language, parsed into plain data that no engine can misread.

    budget meeting        both words (all words must match)
    "exact phrase"        the words next to each other, in this order
    -excluded             no result contains this word
    meet                  the last word also matches as a prefix (meet -> meeting) while typing
    from:@username        written by this person
    in:group-address      in this group (its address, as in /groups/<address>/)
    #topic                posts tagged with this topic
    before:2025-03-01     written before that day (in the searcher's time zone)
    after:2025-03-01      written after that day
    is:question           questions only (posts asking something, townhall.questions)
    is:unanswered         questions without an accepted answer

Everything else is text: quotes, parentheses, FTS5 operators (NEAR, *, ^, column:), SQL,
emoji and control characters are reduced to words (townhall.search.text.words), so the
backends only ever see letters and digits they quote themselves. A lone quote opens no
phrase. Long queries are cut to MAX_WORDS words. A date that cannot be read, or an `is:`
that is not known, is reported in `problems` (a message for the person) and ignored.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from townhall.core.markdown import topic_key
from townhall.search.text import words

MAX_QUERY_LENGTH = 1000
MAX_WORDS = 16
MAX_EXCLUDED = 8
MAX_TOPICS = 4
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
_SLUG = re.compile(r"^[\w-]{1,80}$")
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass
class SearchQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    prefix: bool = False  # the last of `words` also matches as a prefix
    author: str | None = None
    group: str | None = None
    topics: list[str] = field(default_factory=list)
    before: datetime.date | None = None
    after: datetime.date | None = None
    questions: bool = False  # is:question
    unanswered: bool = False  # is:unanswered
    problems: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.author
            or self.group
            or self.topics
            or self.before
            or self.after
            or self.questions
            or self.unanswered
        )

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)

    @property
    def highlight(self) -> set[str]:
        return set(self.words) | {word for phrase in self.phrases for word in phrase}


def _date(token: str, value: str, query: SearchQuery) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value) if _ISO_DAY.match(value) else None
    except ValueError:
        day = None
    if day is None:
        query.problems.append(
            _("“%(token)s” is not a date. Write the day as YYYY-MM-DD, for example %(example)s.")
            % {"token": token[:40], "example": "before:2025-03-01"}
        )
    return day


def _special(token: str, lowered: str, query: SearchQuery) -> bool:
    """Read a before:, after: or is: token into `query`; False if the token is not one."""
    if lowered.startswith(("before:", "after:")):
        name, _colon, value = token.partition(":")
        setattr(query, name.lower(), _date(token, value, query))
        return True
    if lowered.startswith("is:"):
        value = lowered[3:]
        if value == "question":
            query.questions = True
        elif value == "unanswered":
            query.questions = query.unanswered = True
        else:
            query.problems.append(
                _("“%(token)s” is not a filter here: use is:question or is:unanswered.")
                % {"token": token[:40]}
            )
        return True
    return False


def parse(raw: str) -> SearchQuery:
    raw = (raw or "")[:MAX_QUERY_LENGTH]
    query = SearchQuery()
    budget = MAX_WORDS
    last_was_word = False
    for match in _TOKEN.finditer(raw):
        phrase, token = match.groups()
        last_was_word = False
        if phrase is not None:
            found = words(phrase)[:budget]
            budget -= len(found)
            if len(found) == 1:
                query.words.extend(found)
            elif found:
                query.phrases.append(found)
            continue
        lowered = token.casefold()
        if lowered.startswith("from:"):
            name = token[5:].lstrip("@")
            if _USERNAME.match(name):
                query.author = name
            continue
        if _special(token, lowered, query):
            continue
        if lowered.startswith("in:"):
            slug = token[3:]
            if _SLUG.match(slug):
                query.group = slug.lower()
            continue
        if token.startswith("#") and len(token) > 1:
            key = topic_key(token[1:].rstrip(".,;:!?"))
            if key and len(key) <= 64 and "\x00" not in key and len(query.topics) < MAX_TOPICS:
                query.topics.append(key)
            continue
        if token.startswith("-") and len(token) > 1:
            query.excluded.extend(words(token[1:]))
            query.excluded = query.excluded[:MAX_EXCLUDED]
            continue
        found = words(token)[:budget]
        budget -= len(found)
        query.words.extend(found)
        last_was_word = bool(found)
    query.prefix = last_was_word and not raw[-1:].isspace()
    return query
