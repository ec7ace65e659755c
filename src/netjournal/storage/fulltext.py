"""Full-text search on the stdlib driver: hits, their details and highlights,
people by the words of their names, and the index's check and rebuild.

The index (``search_index``, migration 4) holds one row per searchable text,
at rowid ``id * SEARCH_STRIDE + slot`` (see :mod:`.schema`): a hit's slot says
which table and column it came from, its id finds the row by primary key.
Queries here take an FTS5 query already made safe by
:func:`netjournal.domain.search.fts_query`.

On PostgreSQL (no FTS5; migration 4 is SQLite's) the same functions scan the
texts instead, and find what FTS5 finds: each word of the query becomes a
regular expression built from :mod:`netjournal.domain.tokens` (the model of SQLite's
tokenizer), where every letter is the class of the characters that fold to
it (``e`` is ``[eEéÉèÈ…]``), accents SQLite drops may follow any letter, and
a word starts after a separator. So "cafe" finds "Café" and "CAFÉS", "zoe"
finds "Zoë", "петр" finds "Петров" but not "ров" inside it, whatever the
database's locale, with no extension. Highlights are worked out in Python
with the same model. A scan: fine for a team journal's size (4,000 meeting
notes in about 10 ms, as fast as a plain case-insensitive scan); a tsvector
index can come later.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from netjournal.domain import tokens
from netjournal.domain.search import markers_for, parse_marked
from netjournal.storage.schema import (
    NAME_TABLE,
    SEARCH_SOURCES,
    SEARCH_STRIDE,
    SEARCH_TABLE,
    search_fill_statements,
)

S = SEARCH_STRIDE


def _slot(table: str, column: str) -> int:
    return next(slot for slot, t, c in SEARCH_SOURCES if (t, c) == (table, column))


def hit_type(slot: int) -> tuple[str, str]:
    """``(type, field)`` of the texts in ``slot``: ``("meeting", "notes")``, ``("gains", "goals")``…"""
    _, table, column = next(s for s in SEARCH_SOURCES if s[0] == slot)
    if table == "person":
        return ("person" if column == "notes" else "gains"), column
    return table, column


_GAINS_SLOTS = sorted(slot for slot, t, c in SEARCH_SOURCES if t == "person" and c != "notes")
_GAINS_FIELD = "CASE h.r % {s} {whens} END".format(
    s=S, whens=" ".join(f"WHEN {slot} THEN '{hit_type(slot)[1]}'" for slot in _GAINS_SLOTS))


def _branches(who: str | None) -> list[str]:
    """One SELECT per source table: the hit's rowid and its date, for hits
    from that table (and, with ``who``, involving one of the people)."""
    def also(cond: str) -> str:
        return f" AND {cond}" if who else ""

    return [
        f"SELECT h.r, m.on_date AS on_date FROM hit h JOIN meeting m ON m.id = h.r / {S} "
        f"WHERE h.r % {S} = {_slot('meeting', 'notes')}"
        + also(f"EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id AND a.person_id IN ({who}))"),
        # a follow-up is dated by when it was promised: its meeting's date, else the day it was recorded
        f"SELECT h.r, coalesce((SELECT fm.on_date FROM meeting fm WHERE fm.id = f.meeting_id), "
        f"substr(f.created_at, 1, 10)) FROM hit h JOIN follow_up f ON f.id = h.r / {S} "
        f"WHERE h.r % {S} = {_slot('follow_up', 'text')}" + also(f"f.person_id IN ({who})"),
        f"SELECT h.r, substr(p.updated_at, 1, 10) FROM hit h JOIN person p ON p.id = h.r / {S} "
        f"WHERE h.r % {S} = {_slot('person', 'notes')}" + also(f"p.id IN ({who})"),
        # a GAINS field is dated by when it was last learned, else by the person's last change
        f"SELECT h.r, coalesce((SELECT max(g.changed_on) FROM gains_change g WHERE g.person_id = p.id "
        f"AND g.field = {_GAINS_FIELD}), substr(p.updated_at, 1, 10)) FROM hit h JOIN person p ON p.id = h.r / {S} "
        f"WHERE h.r % {S} BETWEEN {_GAINS_SLOTS[0]} AND {_GAINS_SLOTS[-1]}" + also(f"p.id IN ({who})"),
        f"SELECT h.r, rf.on_date FROM hit h JOIN referral rf ON rf.id = h.r / {S} "
        f"WHERE h.r % {S} = {_slot('referral', 'note')}"
        + also(f"(rf.person_id IN ({who}) OR rf.other_person_id IN ({who}))"),
    ]


def _scans(conn) -> bool:
    """Whether this journal has no FTS5 index and its texts are scanned (PostgreSQL)."""
    return getattr(conn, "dialect", "sqlite") == "postgresql"


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


def search(conn: sqlite3.Connection, query: str, *, person_ids: Sequence[int] = (), since: date | None = None,
           limit: int) -> list[tuple[int, date]]:
    """``(rowid, date)`` of the texts matching ``query``, newest first (then
    the latest written first), at most ``limit``. The FTS5 query runs once;
    each hit's date is read from its row by primary key."""
    params: dict[str, object] = {"q": query, "since": since.isoformat() if since else "", "n": limit}
    who = None
    if person_ids:
        who = ", ".join(f":w{i}" for i in range(len(person_ids)))
        params.update({f"w{i}": pid for i, pid in enumerate(person_ids)})
    hits = (_scan_hits(query, params) if _scans(conn)
            else f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q")
    sql = (
        f"WITH hit(r) AS MATERIALIZED ({hits}) "
        f"SELECT r, on_date FROM ({' UNION ALL '.join(_branches(who))}) AS hits "
        "WHERE on_date >= :since ORDER BY on_date DESC, r DESC LIMIT :n"
    )
    return [(r, date.fromisoformat(d)) for r, d in conn.execute(sql, params)]


def people_of(conn: sqlite3.Connection, rowid: int) -> tuple[str, ...]:
    """The handles of the people a text belongs to: a meeting's attendees, a
    follow-up's person, the person, a referral's person and whom they were introduced to."""
    type_, _field = hit_type(rowid % S)
    key = {"id": rowid // S}
    if type_ == "meeting":
        sql = ("SELECT p.handle FROM attendance a JOIN person p ON p.id = a.person_id "
               "WHERE a.meeting_id = :id ORDER BY p.handle")
    elif type_ == "follow_up":
        sql = "SELECT p.handle FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = :id"
    elif type_ == "referral":
        sql = ("SELECT p.handle FROM referral r JOIN person p ON p.id = r.person_id WHERE r.id = :id "
               "UNION ALL SELECT o.handle FROM referral r JOIN person o ON o.id = r.other_person_id WHERE r.id = :id")
    else:
        sql = "SELECT handle FROM person WHERE id = :id"
    return tuple(h for (h,) in conn.execute(sql, key))


def source_of(rowid: int) -> tuple[str, str, int]:
    """``(type, field, id)`` of the text at ``rowid``: ``("meeting", "notes", 12)``."""
    return (*hit_type(rowid % S), rowid // S)


def matched_text(conn: sqlite3.Connection, query: str, rowid: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text at ``rowid`` and the ``(start, end)`` offsets of what ``query``
    matches in it, as FTS5 found them (its ``highlight()``, with markers that
    do not occur in the text)."""
    if _scans(conn):
        _slot_, table, column = next(src for src in SEARCH_SOURCES if src[0] == rowid % S)
        body = conn.execute(f"SELECT {column} FROM {table} WHERE id = :id", {"id": rowid // S}).fetchone()[0]
        return body, _spans(body, query_words(query))
    body = conn.execute(f"SELECT body FROM {SEARCH_TABLE} WHERE rowid = :r", {"r": rowid}).fetchone()[0]
    open_, close = markers_for(body)
    (marked,) = conn.execute(
        f"SELECT highlight({SEARCH_TABLE}, 0, :o, :c) FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q AND rowid = :r",
        {"o": open_, "c": close, "q": query, "r": rowid},
    ).fetchone()
    return parse_marked(marked, open_, close)


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


def people_named(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[tuple[str, str]]:
    """``(handle, name)`` of people with a word of their name matching
    ``query`` (an FTS5 prefix query): ``"park"*`` finds Ron Park. A search of
    the name index's terms, not a scan of the people."""
    if _scans(conn):  # the name matches each word, as in a search
        words = query_words(query)
        params: dict[str, object] = {"n": limit}
        params.update({f"q{i}": _word_pattern(w) for i, w in enumerate(words)})
        where = " AND ".join(f"name ~ :q{i}" for i in range(len(words)))
        return conn.execute(f"SELECT handle, name FROM person WHERE {where} ORDER BY handle LIMIT :n",
                            params).fetchall()
    return conn.execute(
        f"SELECT p.handle, p.name FROM {NAME_TABLE} n JOIN person p ON p.id = n.rowid "
        f"WHERE {NAME_TABLE} MATCH :q ORDER BY p.handle LIMIT :n", {"q": query, "n": limit},
    ).fetchall()


# --- check and rebuild ----------------------------------------------------------------


def index_problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the search indexes: FTS5's own integrity check of
    each, and texts missing from, stale in, or left over in the search index
    compared with the tables (one pass over each, by primary key and rowid).
    Empty when they are sound. FTS5's check is an ``INSERT`` that writes
    nothing but needs the write lock: run this in a write transaction."""
    if _scans(conn):
        return []  # no index to go wrong
    problems = []
    for table, what in ((SEARCH_TABLE, "search"), (NAME_TABLE, "name")):
        try:
            # rank 1: an external-content index is also checked against its content (person.name)
            conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            code = getattr(exc, "sqlite_errorname", "")
            if code.startswith("SQLITE_READONLY"):
                continue  # FTS5 runs its check as a write: a read-only journal gets the comparisons below
            if not code.startswith("SQLITE_CORRUPT"):
                raise
            problems.append(f"the {what} index fails its check ({exc})")
    if problems:
        return problems
    missing = sum(conn.execute(
        f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        f"{SEARCH_TABLE} s WHERE s.rowid = t.id * {S} + {slot} AND s.body = t.{column})").fetchone()[0]
        for slot, table, column in SEARCH_SOURCES)
    source = " ".join(f"WHEN {slot} THEN EXISTS (SELECT 1 FROM {table} t WHERE t.id = s.rowid / {S} "
                      f"AND t.{column} IS NOT NULL)" for slot, table, column in SEARCH_SOURCES)
    extra = conn.execute(
        f"SELECT count(*) FROM {SEARCH_TABLE} s WHERE NOT CASE s.rowid % {S} {source} ELSE 0 END").fetchone()[0]
    if missing:
        problems.append(f"the search index misses {missing} text(s) or has an old copy of them")
    if extra:
        problems.append(f"the search index holds {extra} text(s) no longer in the journal")
    return problems


def rebuild(conn: sqlite3.Connection) -> None:
    """Empty both indexes and fill them again from the tables, inside the caller's transaction."""
    if _scans(conn):
        return
    conn.execute(f"DELETE FROM {SEARCH_TABLE}")
    for statement in search_fill_statements():
        conn.execute(statement)
    optimize(conn)


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index into one segment. FTS5 deletes by adding tombstones;
    merging drops the deleted entries (and, with ``secure_delete``, overwrites
    the pages that held them), so the words of a deleted note leave the file."""
    if _scans(conn):
        return
    for table in (SEARCH_TABLE, NAME_TABLE):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
