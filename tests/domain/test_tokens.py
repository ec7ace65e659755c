"""The Python model of SQLite's unicode61 tokenizer (remove_diacritics 2)
that PostgreSQL search is built on, checked against SQLite itself."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from netjournal.domain import tokens


@pytest.mark.parametrize(("text", "expected"), [
    ("Café Zanzibar", [(0, 4, "cafe"), (5, 13, "zanzibar")]),
    ("Zoë Ångström", [(0, 3, "zoe"), (4, 12, "angstrom")]),
    ("Cafe\u0301s", [(0, 6, "cafes")]),  # a decomposed accent inside a word is dropped
    ("\u0301cafe", [(1, 5, "cafe")]),  # a leading accent separates
    ("e-mail me", [(0, 1, "e"), (2, 6, "mail"), (7, 9, "me")]),
    ("ΟΔΟΣ οδός", [(0, 4, "οδοσ"), (5, 9, "οδόσ")]),  # case folded per letter; Greek keeps its accents
    ("Straße İstanbul", [(0, 6, "straße"), (7, 15, "istanbul")]),
    ("東京都に行く", [(0, 6, "東京都に行く")]),  # no spaces, one word (as SQLite)
    ("Петров, Пётр", [(0, 6, "петров"), (8, 12, "пётр")]),
    ("x_y 50% \\z", [(0, 1, "x"), (2, 3, "y"), (4, 6, "50"), (9, 10, "z")]),
    ("", []),
])
def test_words_fold_and_offsets(text, expected):
    assert tokens.words(text) == expected


def test_variants_are_everything_that_folds_to_a_letter():
    assert set("eEéÉèêëĚ") <= set(tokens.variants("e")) and tokens.variants("e")[0] == "e"
    assert set(tokens.variants("σ")) == {"σ", "Σ", "ς"}
    assert all(tokens.fold(c) == "e" for c in tokens.variants("e"))
    assert tokens.variants("東") == "東"


def _sqlite_words(docs: list[str]) -> list[list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(b, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    conn.executemany("INSERT INTO t (rowid, b) VALUES (?, ?)", enumerate(docs))
    out: list[list[str]] = [[] for _ in docs]
    for doc, term in conn.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
        out[doc].append(term)
    return out


# Letters whose class changed after Unicode 6.1 (SQLite's tables): Lo then, Mn now.
_RECLASSIFIED = {"\u1885", "\u1886"}


def test_every_character_is_read_as_sqlite_reads_it():
    """Each code point Unicode 3.2 had, between two letters: separated, dropped or folded as FTS5 does."""
    chars = [chr(o) for o in range(0x30000) if not 0xD800 <= o < 0xE000
             and unicodedata.ucd_3_2_0.category(chr(o)) != "Cn" and chr(o) not in _RECLASSIFIED]
    docs = [f"a{c}b" for c in chars]
    ours = [[w for _, _, w in tokens.words(d)] for d in docs]
    theirs = _sqlite_words(docs)
    wrong = [(hex(ord(c)), o, t) for c, o, t in zip(chars, ours, theirs, strict=True) if o != t]
    assert not wrong, wrong[:20]
    assert len(chars) > 90_000
