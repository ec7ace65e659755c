"""Cleaning what people type: one-line fields, free-text notes and tags.

Pure functions without pydantic, so the read commands can use them too;
:mod:`netjournal.domain.inputs` builds its validators from them. Errors are
``ValueError`` with a message that names the problem, never the text.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LINE = 500
MAX_NOTE_BYTES = 16 * 1024 * 1024


def _control_chars(text: str, allowed: str = "") -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc" and c not in allowed]


def _describe(c: str) -> str:
    return {"\x00": "a NUL byte", "\x1b": "an escape character (ESC)", "\n": "a line break", "\t": "a tab"}.get(
        c, f"the control character U+{ord(c):04X}"
    )


def clean_line(value: str) -> str:
    """A one-line field: trimmed, no control characters."""
    value = value.strip()
    bad = _control_chars(value)
    if bad:
        raise ValueError(f"contains {_describe(bad[0])}; type it on one line without control characters")
    if len(value) > MAX_LINE:
        raise ValueError(f"is {len(value)} characters long; the limit is {MAX_LINE}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid UTF-8 text") from None
    return value


def clean_text(value: str) -> str:
    """Free text (notes): kept exactly, but no NUL bytes and a size limit."""
    if "\x00" in value:
        raise ValueError("contains a NUL byte; remove it (is this a binary file?)")
    if len(value.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        raise ValueError(f"is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid UTF-8 text") from None
    return value


def normalize_tag(value: str) -> str:
    tag = "-".join(clean_line(value).casefold().split())
    if not tag or "," in tag:
        raise ValueError(f"tag {value!r} must be a non-empty word without commas")
    return tag


_AMOUNT_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_amount(text: str) -> float:
    """``2500``, ``2,500``, ``1200.50`` → a non-negative amount; anything else is a ValueError."""
    import math

    cleaned = text.strip()
    if not _AMOUNT_RE.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not an amount; use a number such as 2500, 2,500 or 1200.50")
    value = float(cleaned.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is too large")
    return value
