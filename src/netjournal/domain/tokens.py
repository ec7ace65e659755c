"""SQLite's ``unicode61`` tokenizer with ``remove_diacritics 2``, in Python:
which characters make words, how a word is folded, and the words of a text
with their offsets. Pure; no SQL.

A SQLite journal's search index tokenizes with FTS5's ``unicode61``; a
PostgreSQL journal has no FTS5, so its search (storage/pg/textscan.py) builds
its patterns and highlights from this model, to find what SQLite finds:

- A word (token) starts at a letter, digit or private-use character (and,
  as in SQLite's tables, a code point Unicode had not assigned) and runs on
  through those and the combining accents SQLite drops (:data:`DIACRITICS`);
  anything else separates words. A leading accent is a separator.
- A word is folded character by character: case folded (``Σ`` and ``ς``
  to ``σ``, ``ſ`` to ``s``; no context rules, ``ß`` stays), and a Latin letter
  with accents SQLite knows becomes its base letter (``é`` → ``e``). Other
  scripts keep their marks: Greek ``ά``, Arabic ``أ`` and Hangul are not
  decomposed.

Checked against SQLite's tokenizer for every code point Unicode 3.2 already
had (tests/domain/test_tokens.py). Characters assigned since Unicode 6.1, whose
class SQLite's tables do not know, are the only known difference.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The combining accents SQLite's tokenizer removes: part of a word, folded to nothing.
DIACRITICS = frozenset(
    "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030f\u0311\u031b"
    "\u0323\u0324\u0325\u0326\u0327\u0328\u032d\u032e\u0330\u0331")
_LATIN = ((0xC0, 0x24F), (0x1E00, 0x1EFF))  # where SQLite removes accents from letters
_KEPT = {"\u01e0": "\u01e1", "\u01e1": "\u01e1"}  # ǡ: SQLite's table keeps its two accents
# Code points past these have no case and no accents: planes 0-3 and the tags plane are scanned.
_SCANNED = ((0, 0x40000), (0xE0000, 0xE1000))
_CASED_BELOW = 0x1F000


def is_alnum(c: str) -> bool:
    """Whether ``c`` starts or continues a word: letters, numbers, private use, unassigned."""
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat in ("Co", "Cn")


@lru_cache(maxsize=8192)
def fold(c: str) -> str:
    """One character of a word as SQLite indexes it: case folded, Latin
    accents removed; an accent of :data:`DIACRITICS` is ``""``."""
    if c in DIACRITICS:
        return ""
    if c in _KEPT:
        return _KEPT[c]
    f = c.casefold()
    if len(f) != 1:  # SQLite folds one to one: ß stays, İ is i
        lower = c.lower()
        f = lower if len(lower) == 1 else lower[0] if _accents(lower[1:]) else c
    if any(lo <= ord(f) <= hi for lo, hi in _LATIN):
        d = unicodedata.normalize("NFD", f)
        if len(d) > 1 and d[0].isascii() and _accents(d[1:]):
            f = d[0]
    return f


def _accents(text: str) -> bool:
    return bool(text) and all(c in DIACRITICS for c in text)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word as SQLite indexes it: each character :func:`fold`-ed."""
    return "".join(fold(c) for c in word)


@lru_cache(maxsize=1)
def separator_ranges() -> tuple[tuple[int, int], ...]:
    """The code points that separate words, as inclusive ``(first, last)``
    ranges (surrogates left out). Worked out once, in about 30 ms."""
    category = unicodedata.category
    ranges: list[list[int]] = []
    for lo, hi in _SCANNED:
        for o in range(lo, hi):
            cat = category(chr(o))
            if cat[0] in "LN" or cat in ("Co", "Cn", "Cs") or chr(o) in DIACRITICS:
                continue
            if ranges and ranges[-1][1] == o - 1:
                ranges[-1][1] = o
            else:
                ranges.append([o, o])
    return tuple((a, b) for a, b in ranges)


@lru_cache(maxsize=1)
def _variant_map() -> dict[str, str]:
    out: dict[str, list[str]] = {}
    latin = [chr(o) for lo, hi in _LATIN for o in range(lo, hi + 1)]
    for c in [*(chr(o) for o in range(_CASED_BELOW) if chr(o).casefold() != chr(o)), *latin]:
        if not is_alnum(c):
            continue
        f = fold.__wrapped__(c)
        if f != c:
            out.setdefault(f, [f])
            if c not in out[f]:
                out[f].append(c)
    return {f: "".join(cs) for f, cs in out.items()}


def variants(f: str) -> str:
    """Every character that folds to ``f`` (``f`` itself first): ``"e"`` →
    ``"eEÈÉÊË…"``."""
    return _variant_map().get(f, f)


@lru_cache(maxsize=1)
def _word_re() -> re.Pattern[str]:
    def cls(ranges) -> str:
        return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                       for a, b in ranges)

    seps = cls(separator_ranges())
    surrogates = "\ud800-\udfff"
    accents = "".join(sorted(DIACRITICS))
    # a word: something neither a separator nor an accent, then anything but separators
    return re.compile(f"[^{seps}{surrogates}{accents}][^{seps}{surrogates}]*")


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as SQLite's tokenizer reads them: ``(start, end,
    folded)``, offsets in code points."""
    return [(m.start(), m.end(), fold_word(m.group())) for m in _word_re().finditer(text)]
