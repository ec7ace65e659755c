"""Full-text search, the pure part: what the user typed as a safe FTS5 query,
and highlighted text as a one-line snippet with the offsets of its matches.

No SQL and no clock here (see :mod:`netjournal.storage.fulltext` for the
queries). A search never hands what the user typed to FTS5 as query syntax:
each word becomes a quoted phrase with a prefix star, so ``AND``, ``NEAR``,
``col:``, ``-`` or an unbalanced ``"`` are searched for as text (or ignored as
punctuation) and can never make SQLite raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from netjournal.domain.tokens import is_alnum
from netjournal.errors import InvalidValue

SNIPPET_WIDTH = 100  # characters, before the ellipses
# What one search may ask for. Longer words and more of them find nothing more
# in a journal, and each becomes a regular expression on PostgreSQL.
MAX_WORD_CHARS = 100
MAX_WORDS = 32


@dataclass(frozen=True)
class MatchSpan:
    """Where a matched word is in a snippet: ``snippet[start:end]`` (code points)."""

    start: int
    end: int


@dataclass(frozen=True)
class SearchHit:
    """One text that matches: what it is, when, who, and the matching excerpt."""

    type: str  # meeting | follow_up | person (their notes) | gains | referral
    field: str  # the text that matched: notes, text, goals, accomplishments, interests, networks, skills, note
    id: int  # the meeting's, follow-up's, person's (person, gains) or referral's id
    date: date
    people: tuple[str, ...]  # handles: the attendees, the follow-up's or referral's people, the person
    snippet: str
    matches: tuple[MatchSpan, ...]


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    more: bool  # more texts match than the limit let through


def search_words(text: str) -> list[str]:
    """The words of a search: whitespace-separated pieces with at least one
    letter or digit (a piece of punctuation alone can match nothing)."""
    return [w for w in text.split() if any(is_alnum(c) for c in w)]


def fts_query(text: str) -> str:
    """An FTS5 query matching texts that contain every word of ``text``, each
    as a prefix (``caf`` finds "Café"): ``"word"*`` phrases, quotes doubled."""
    words = search_words(text)
    if not words:
        raise InvalidValue("nothing to search for: give at least one word with letters or digits, "
                           "e.g. `netj search coffee`.")
    if len(words) > MAX_WORDS:
        raise InvalidValue(f"too many words to search for ({len(words)}); give at most {MAX_WORDS}.")
    longest = max(len(w) for w in words)
    if longest > MAX_WORD_CHARS:
        raise InvalidValue(f"a word to search for is {longest} characters long; give at most {MAX_WORD_CHARS} "
                           "(the start of a word finds it).")
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def markers_for(text: str) -> tuple[str, str]:
    """Two characters that do not occur in ``text``, to mark matches with."""
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    return next(free), next(free)


def parse_marked(marked: str, open_: str, close: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``marked`` (text with matches between ``open_`` and ``close``) as the
    plain text and the ``(start, end)`` offsets of the matches in it."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    n, start = 0, None
    for piece in re.split(f"({re.escape(open_)}|{re.escape(close)})", marked):
        if piece == open_:
            start = n
        elif piece == close:
            if start is not None and n > start:
                spans.append((start, n))
            start = None
        else:
            plain.append(piece)
            n += len(piece)
    return "".join(plain), tuple(spans)


def _flatten(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line (runs of whitespace as one space, trimmed), with
    ``spans`` moved along."""
    out: list[str] = []
    pos = [0] * (len(text) + 1)
    n, space = 0, False
    for i, c in enumerate(text):
        pos[i] = n
        if c.isspace():
            space = True
            continue
        if space and n:
            out.append(" ")
            n += 1
            pos[i] = n
        space = False
        out.append(c)
        n += 1
    pos[len(text)] = n
    return "".join(out), [(pos[s], pos[e]) for s, e in spans if pos[e] > pos[s]]


def snippet(text: str, spans: tuple[tuple[int, int], ...], width: int = SNIPPET_WIDTH) -> tuple[str, tuple[MatchSpan, ...]]:
    """A one-line excerpt of ``text`` of about ``width`` characters around its
    first match, cut at spaces, with "…" where text was left out, and the
    matches that fall inside it as offsets into the excerpt."""
    ordered = sorted(spans)
    anchor = ordered[0][0] if ordered else 0
    # Only the neighbourhood of the first match is worked on (a note can be megabytes).
    lo, hi = max(0, anchor - 2 * width), min(len(text), anchor + 3 * width)
    cut_left, cut_right = bool(text[:lo].strip()), bool(text[hi:].strip())
    flat, local = _flatten(text[lo:hi], [(s - lo, e - lo) for s, e in ordered if s >= lo and e <= hi])
    first = local[0] if local else (0, 0)
    start = max(0, min(first[0] - width // 3, len(flat) - width))  # use the width: more before a late match
    if start > 0 or cut_left:  # begin at a word
        space = flat.find(" ", start, first[0])
        start = space + 1 if space >= 0 else start
    end = min(len(flat), start + width)
    if end < len(flat):  # end at a word
        space = flat.rfind(" ", first[1], end + 1)
        end = space if space >= 0 else end
    end = max(end, first[1])
    prefix = "…" if start > 0 or cut_left else ""
    suffix = "…" if end < len(flat) or cut_right else ""
    shift = len(prefix) - start
    inside = tuple(MatchSpan(s + shift, e + shift) for s, e in local if s >= start and e <= end)
    return prefix + flat[start:end] + suffix, inside


def segments(text: str, matches: tuple[MatchSpan, ...]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_match)`` pieces, in order (for display)."""
    out: list[tuple[str, bool]] = []
    at = 0
    for m in sorted(matches, key=lambda m: m.start):
        if m.start < at:
            continue
        if m.start > at:
            out.append((text[at:m.start], False))
        out.append((text[m.start:m.end], True))
        at = m.end
    if at < len(text):
        out.append((text[at:], False))
    return out
