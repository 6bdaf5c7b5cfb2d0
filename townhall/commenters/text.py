"""Cleaning what visitors type: one-line fields and counting links."""

import re
import unicodedata

LINK = re.compile(r"(?i)\b(?:https?://|www\.)|\[[^\]]*\]\(")


def has_control_characters(value: str) -> bool:
    """Newlines and other control characters (header injection) in a one-line field."""
    return any(unicodedata.category(ch) == "Cc" for ch in value)


def clean_line(value: str, max_length: int) -> str:
    """`value` on one line: control characters dropped, spaces collapsed, cut to length."""
    value = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(value))
    return " ".join(value.split())[:max_length]


def count_links(text: str) -> int:
    return len(LINK.findall(text))
