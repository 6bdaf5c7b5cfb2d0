"""CSV cells a spreadsheet will not run as formulas (audit log export, import reports)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """`value` as text; text starting with = + - @ (or a tab or carriage return, which some
    programs skip before looking) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
