"""``netj undo`` and ``netj undo --forget``: reverting the most recent write,
and emptying the undo record.

The write is reverted from its row images (:mod:`netjournal.storage.undo`)
in one transaction, under the write lock: the plan is made again there and
must be the one the user saw; a row changed since refuses the whole undo;
and what the undo touched is checked against what the write had changed
(a cascade reaching a row written since refuses it too). Then the people
concerned get their last contact and next due recomputed
(:func:`netjournal.storage.derived.refresh`), the search index is merged
when texts were removed, and the write's images are dropped.
"""

from __future__ import annotations

from datetime import datetime

from netjournal.app.undo import handles, people_in, work_out, write_name
from netjournal.domain.undo import BOOKKEEPING, DERIVED, UndoPlan, describe, in_order
from netjournal.errors import Conflict
from netjournal.storage import derived, fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.undo import record
from netjournal.storage.undo.capture import ID_TABLES


def undo_last(journal: Journal, author: str | None, *, now: datetime, expected: UndoPlan | None = None) -> UndoPlan:
    """Revert ``author``'s most recent write that can be undone; the plan carried out."""
    if journal.writer is None:  # the undo is recorded while it runs: that is how it sees what it touches
        journal.writer = record.Writer("undo", lambda: author)
    with journal.write() as conn:
        record.mark(conn, "undo")
        worked = work_out(conn, author)
        plan, target = worked.plan, worked.target
        if expected is not None and plan != expected:
            raise Conflict("the journal changed while you were confirming; nothing was undone.",
                           hint="Run `netj undo` again to see what it would revert now.")
        if plan.blocked:
            raise Conflict(f"{plan.blocked}; nothing was undone.", hint="`netj undo --list` shows the writes since.")
        people = set(worked.people)
        removed_any = False
        if target.added:  # an import: the rows it added go by their ids, children first
            people |= _attending_added_meetings(conn, target.added)
            record.mark(conn, "off")
            for table in reversed(ID_TABLES):
                if table in target.added:
                    first, last, _ = target.added[table]
                    record.delete_added(conn, table, first, last)
            record.mark(conn, "undo")
            removed_any = True
        for r in in_order(worked.reversals):
            if r.action == "remove":
                record.delete_row(conn, r.table, r.key)
                removed_any = True
            elif r.action == "bring back":
                record.insert_row(conn, r.table, r.values)
            else:
                record.update_row(conn, r.table, r.key, r.values)
        _check_reach(conn, target.id)
        derived.refresh(conn, sorted(people))
        if removed_any:
            fulltext.optimize(conn)  # the words of what was removed leave the index too
        record.mark_undone(conn, target.id, now)
        return plan


def _attending_added_meetings(conn: Connection, added: dict[str, list[int]]) -> set[int]:
    if "meeting" not in added:
        return set()
    first, last, _ = added["meeting"]
    return {pid for (pid,) in conn.execute(
        "SELECT DISTINCT person_id FROM attendance WHERE meeting_id >= :a AND meeting_id <= :b",
        {"a": first, "b": last})}


def _check_reach(conn: Connection, target_id: int) -> None:
    """Refuse the undo when it changed a row the write had not changed (a
    cascade reaching a row added since), beyond a person's derived dates."""
    (own,) = conn.execute("SELECT id FROM undo_write WHERE state = 'open'").fetchone()
    target_rows, own_rows = record.images(conn, target_id), record.images(conn, own)
    wrote = {(r.table, r.row_key) for r in target_rows}
    for r in own_rows:
        if (r.table, r.row_key) in wrote:
            continue
        if r.old is not None and r.new is not None and r.table in DERIVED:
            moved = {c for c in r.new if r.old.get(c) != r.new[c]}
            if moved <= DERIVED[r.table] | BOOKKEEPING:
                continue
        later = record.touched_after(conn, target_id, r.table, r.row_key)
        names = handles(conn, people_in([r]), [*target_rows, *own_rows])  # a person removed by the undo too
        target = next(w for w in record.writes(conn) if w.id == target_id)
        by = f", written since by {write_name(later)}" if later else ", written since"
        raise Conflict(f"undoing {write_name(target)} would also change "
                       f"{describe(r.table, r.old or r.new or {}, names)}{by}; nothing was undone.",
                       hint="`netj undo --list` shows the writes since.")


def forget(journal: Journal) -> int:
    """Empty the undo record now (the images of old wordings go with it); how many writes it held."""
    with journal.write() as conn:
        return record.forget(conn)
