"""Finding people by what the user typed, and making handles. Pure helpers."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

HANDLE_MAX = 40


# Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN_EXTRA = str.maketrans({
    "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
})


def slugify(name: str) -> str:
    """``"Ron Park"`` → ``"ron-park"``; accents dropped (``Søren Ødegård`` →
    ``soren-odegard``), other scripts kept."""
    text = unicodedata.normalize("NFKD", name.translate(_LATIN_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    slug = "-".join(re.findall(r"[^\W_]+", text))[:HANDLE_MAX].strip("-")
    if not slug:
        return "person"
    return f"p-{slug}" if slug.isdigit() else slug


def unique_handle(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free."""
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def suggestions(ref: str, people: Iterable[tuple[str, str]], limit: int = 3) -> list[tuple[str, str]]:
    """People (handle, name) a mistyped reference probably meant."""
    key = ref.strip().casefold()
    if not key:
        return []
    people = list(people)
    starts = [
        (h, n) for h, n in people
        if h.startswith(key) or any(w.startswith(key) for w in n.casefold().split())
    ]
    by_key: dict[str, tuple[str, str]] = {}
    for h, n in people:
        by_key.setdefault(h, (h, n))
        by_key.setdefault(n.casefold(), (h, n))
    close = [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=limit * 2, cutoff=0.6)]
    out: list[tuple[str, str]] = []
    for pair in starts + close:
        if pair not in out:
            out.append(pair)
    return out[:limit]


def describe_suggestions(found: list[tuple[str, str]]) -> str:
    return " or ".join(f"{h} ({n})" for h, n in found)
