"""Search without FTS5 (a journal on PostgreSQL): the texts are scanned with
regular expressions that find what FTS5 finds.

Each word of the query becomes a regular expression built from
:mod:`netjournal.domain.tokens` (the model of SQLite's tokenizer), where every
letter is the class of the characters that fold to it (``e`` is
``[eEéÉèÈ…]``), accents SQLite drops may follow any letter, and a word starts
after a separator. So "cafe" finds "Café" and "CAFÉS", "zoe" finds "Zoë",
"петр" finds "Петров" but not "ров" inside it, whatever the database's
locale, with no extension. Highlights are worked out in Python with the same
model. A scan: fine for a team journal's size (4,000 meeting notes in about
10 ms, as fast as a plain case-insensitive scan); a tsvector index can come later.
"""

from __future__ import annotations

import re
from functools import lru_cache

from netjournal.domain import tokens
from netjournal.storage.base import Connection, TextIndex
from netjournal.storage.fulltext import S
from netjournal.storage.schema import SEARCH_SOURCES


def query_words(query: str) -> list[str]:
    """The words of an FTS5 query made by :func:`netjournal.domain.search.fts_query`."""
    return [w.replace('""', '"') for w in re.findall(r'"((?:[^"]|"")*)"\*', query)]


def _pg(o: int) -> str:
    """Code point ``o`` as a PostgreSQL regular-expression escape: never a metacharacter."""
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


@lru_cache(maxsize=1)
def _pg_classes() -> tuple[str, str]:
    """The separators and the dropped accents, as the insides of PostgreSQL bracket expressions."""
    seps = "".join(_pg(a) if a == b else f"{_pg(a)}-{_pg(b)}" for a, b in tokens.separator_ranges())
    return seps, "".join(_pg(ord(c)) for c in sorted(tokens.DIACRITICS))


@lru_cache(maxsize=64)
def _word_pattern(word: str) -> str:
    """A PostgreSQL regular expression matching the texts that FTS5's
    ``"word"*`` matches: the words of ``word`` in a row, at the start of a
    word of the text, the last as a prefix, case and Latin accents aside."""
    seps, accents = _pg_classes()
    dropped = f"[{accents}]*"
    parts = [dropped.join("[" + "".join(_pg(ord(v)) for v in tokens.variants(c)) + "]" for c in folded)
             for _, _, folded in tokens.words(word)]
    # a word ends at a separator; the next starts after separators and leading accents
    between = f"{dropped}[{seps}][{seps}{accents}]*"
    return f"(^|[{seps}]){dropped}" + between.join(parts)


def _scan_hits(query: str, params: dict[str, object]) -> str:
    """The ``hit(r)`` rows of a scan: every text that each word of the query matches."""
    words = query_words(query)
    params.update({f"q{i}": _word_pattern(w) for i, w in enumerate(words)})
    return " UNION ALL ".join(
        f"SELECT id * {S} + {slot} FROM {table} WHERE "
        + " AND ".join(f"{column} ~ :q{i}" for i in range(len(words)))
        for slot, table, column in SEARCH_SOURCES)


def _spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    """Where FTS5's ``highlight()`` would mark ``words`` (each a ``"word"*``
    phrase) in ``text``: each place a phrase matches, from its first word to
    its last, places that share a word of the text merged."""
    found = tokens.words(text)
    places: list[tuple[int, int]] = []  # first and last word of the text, by index
    for word in words:
        phrase = [f for _, _, f in tokens.words(word)]
        if not phrase:
            continue
        *whole, last = phrase
        for i in range(len(found) - len(phrase) + 1):
            if all(found[i + k][2] == w for k, w in enumerate(whole)) and found[i + len(whole)][2].startswith(last):
                places.append((i, i + len(whole)))
    merged: list[list[int]] = []
    for first, final in sorted(places):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], final)
        else:
            merged.append([first, final])
    return tuple((found[a][0], found[b][1]) for a, b in merged)


class ScanIndex(TextIndex):
    def hits(self, query: str, params: dict[str, object]) -> str:
        return _scan_hits(query, params)

    def matched_text(self, conn: Connection, query: str, rowid: int) -> tuple[str, tuple[tuple[int, int], ...]]:
        _slot, table, column = next(src for src in SEARCH_SOURCES if src[0] == rowid % S)
        body = conn.execute(f"SELECT {column} FROM {table} WHERE id = :id", {"id": rowid // S}).fetchone()[0]
        return body, _spans(body, query_words(query))

    def people_named(self, conn: Connection, query: str, limit: int) -> list[tuple[str, str]]:
        """The name matches each word, as in a search."""
        words = query_words(query)
        params: dict[str, object] = {"n": limit}
        params.update({f"q{i}": _word_pattern(w) for i, w in enumerate(words)})
        where = " AND ".join(f"name ~ :q{i}" for i in range(len(words)))
        return conn.execute(f"SELECT handle, name FROM person WHERE {where} ORDER BY handle LIMIT :n",
                            params).fetchall()
