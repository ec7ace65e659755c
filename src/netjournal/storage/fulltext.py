"""Full-text search: hits, their details and highlights, people by the words
of their names, and the index's check and rebuild.

The texts (meeting notes, follow-ups, person notes, the five GAINS fields,
referral notes) are addressed as ``id * SEARCH_STRIDE + slot`` (see
:mod:`.schema`): a hit's slot says which table and column it came from, its
id finds the row by primary key. Queries here take an FTS5 query already made
safe by :func:`netjournal.domain.search.fts_query`.

How the texts are matched is the journal's :class:`TextIndex`, which its
dialect provides: on SQLite the FTS5 index of migration 4
(:class:`Fts5Index`, kept current by triggers); on PostgreSQL a scan with
regular expressions that finds what FTS5 finds
(:class:`netjournal.storage.pg.textscan.ScanIndex`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from netjournal.domain.search import markers_for, parse_marked
from netjournal.storage.base import Connection, TextIndex
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


def search(conn: Connection, query: str, *, person_ids: Sequence[int] = (), since: date | None = None,
           limit: int) -> list[tuple[int, date]]:
    """``(rowid, date)`` of the texts matching ``query``, newest first (then
    the latest written first), at most ``limit``. The FTS5 query runs once;
    each hit's date is read from its row by primary key."""
    params: dict[str, object] = {"q": query, "since": since.isoformat() if since else "", "n": limit}
    who = None
    if person_ids:
        who = ", ".join(f":w{i}" for i in range(len(person_ids)))
        params.update({f"w{i}": pid for i, pid in enumerate(person_ids)})
    hits = conn.dialect.text_index.hits(query, params)
    sql = (
        f"WITH hit(r) AS MATERIALIZED ({hits}) "
        f"SELECT r, on_date FROM ({' UNION ALL '.join(_branches(who))}) AS hits "
        "WHERE on_date >= :since ORDER BY on_date DESC, r DESC LIMIT :n"
    )
    return [(r, date.fromisoformat(d)) for r, d in conn.execute(sql, params)]


def people_of(conn: Connection, rowid: int) -> tuple[str, ...]:
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


def matched_text(conn: Connection, query: str, rowid: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text at ``rowid`` and the ``(start, end)`` offsets of what ``query`` matches in it."""
    return conn.dialect.text_index.matched_text(conn, query, rowid)


def people_named(conn: Connection, query: str, limit: int = 50) -> list[tuple[str, str]]:
    """``(handle, name)`` of people with a word of their name matching
    ``query`` (an FTS5 prefix query): ``"park"*`` finds Ron Park."""
    return conn.dialect.text_index.people_named(conn, query, limit)


def index_problems(conn: Connection) -> list[str]:
    """What is wrong with the search indexes; empty when they are sound. Run
    it in a write transaction (FTS5's check needs the write lock)."""
    return conn.dialect.text_index.index_problems(conn)


def rebuild(conn: Connection) -> None:
    """Empty the indexes and fill them again from the tables, inside the caller's transaction."""
    conn.dialect.text_index.rebuild(conn)


def optimize(conn: Connection) -> None:
    """Merge the indexes, so that the words of a deleted note leave the file."""
    conn.dialect.text_index.optimize(conn)


class Fts5Index(TextIndex):
    """SQLite: the FTS5 tables of migration 4, kept in step by triggers."""

    def hits(self, query: str, params: dict[str, object]) -> str:
        return f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q"

    def matched_text(self, conn: Connection, query: str, rowid: int) -> tuple[str, tuple[tuple[int, int], ...]]:
        """As FTS5 found it (its ``highlight()``, with markers that do not occur in the text)."""
        body = conn.execute(f"SELECT body FROM {SEARCH_TABLE} WHERE rowid = :r", {"r": rowid}).fetchone()[0]
        open_, close = markers_for(body)
        (marked,) = conn.execute(
            f"SELECT highlight({SEARCH_TABLE}, 0, :o, :c) FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q "
            "AND rowid = :r", {"o": open_, "c": close, "q": query, "r": rowid},
        ).fetchone()
        return parse_marked(marked, open_, close)

    def people_named(self, conn: Connection, query: str, limit: int) -> list[tuple[str, str]]:
        """A search of the name index's terms, not a scan of the people."""
        return conn.execute(
            f"SELECT p.handle, p.name FROM {NAME_TABLE} n JOIN person p ON p.id = n.rowid "
            f"WHERE {NAME_TABLE} MATCH :q ORDER BY p.handle LIMIT :n", {"q": query, "n": limit},
        ).fetchall()

    def index_problems(self, conn: Connection) -> list[str]:
        """What is wrong with the search indexes: FTS5's own integrity check of
        each, and texts missing from, stale in, or left over in the search index
        compared with the tables (one pass over each, by primary key and rowid).
        Empty when they are sound. FTS5's check is an ``INSERT`` that writes
        nothing but needs the write lock: run this in a write transaction."""
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


    def rebuild(self, conn: Connection) -> None:
        """Empty both indexes and fill them again from the tables, inside the caller's transaction."""
        conn.execute(f"DELETE FROM {SEARCH_TABLE}")
        for statement in search_fill_statements():
            conn.execute(statement)
        self.optimize(conn)


    def optimize(self, conn: Connection) -> None:
        """Merge each index into one segment. FTS5 deletes by adding tombstones;
        merging drops the deleted entries (and, with ``secure_delete``, overwrites
        the pages that held them), so the words of a deleted note leave the file."""
        for table in (SEARCH_TABLE, NAME_TABLE):
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
