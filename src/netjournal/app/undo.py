"""``netj undo --list`` and what ``netj undo`` would revert (``--dry-run``): reading the undo record.

A plan is made in the transaction that reads it: in a read snapshot for
``--dry-run`` and the question asked first, and again under the write lock
by :mod:`netjournal.app.write.undo`, which reverts only what the user saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netjournal.domain.undo import (
    STATES,
    Clash,
    Reversal,
    UndoPlan,
    UndoStep,
    WriteInfo,
    WriteSummary,
    change_detail,
    describe,
    later_writes,
    pick,
    reverse,
)
from netjournal.errors import NothingToDo
from netjournal.storage.base import Journal
from netjournal.storage.undo import record
from netjournal.storage.undo.record import RowImage, WriteRow


def summary(w: WriteRow) -> WriteSummary:
    c = w.counts
    return WriteSummary(w.id, w.command, w.author, w.at, STATES[w.state], c.get("added", {}), c.get("changed", {}),
                        c.get("removed", {}), w.undone_at)


def recent_writes(journal: Journal) -> list[WriteSummary]:
    """The writes the undo record holds, newest first."""
    with journal.read() as conn:
        return [summary(w) for w in record.writes(conn)]


@dataclass(frozen=True)
class Worked:
    """A plan, and what carrying it out takes."""

    plan: UndoPlan
    target: WriteRow
    reversals: tuple[Reversal, ...]
    people: frozenset[int]  # whose last contact and next due to recompute afterwards


def handles(conn: Any, person_ids: Iterable[int], rows: Iterable[RowImage] = ()) -> dict[int, str]:
    """Handles of people, from the journal and, for people no longer in it, from the images."""
    found = {r.key[0]: (r.new or r.old or {}).get("handle", "") for r in rows if r.table == "person"}
    ids = sorted({i for i in person_ids if isinstance(i, int)})
    for start in range(0, len(ids), 500):
        marks, params = conn.dialect.id_list(ids[start: start + 500])
        found.update(dict(conn.execute(f"SELECT id, handle FROM person WHERE id IN ({marks})", params).fetchall()))
    return found


def people_in(rows: Iterable[RowImage]) -> set[int]:
    out = set()
    for r in rows:
        for image in (r.old, r.new):
            if image is None:
                continue
            if r.table == "person":
                out.add(image["id"])
            for column in ("person_id", "other_person_id"):
                if isinstance(image.get(column), int):
                    out.add(image[column])
    return out


def write_name(w: WriteRow) -> str:
    """``write 12 (netj log, Ana Ruiz, 2026-11-22T09:00:00Z)``."""
    return f"write {w.id} (netj {w.command}" + (f", {w.author}" if w.author else "") + f", {w.at})"


def work_out(conn: Any, author: str | None) -> Worked:
    """What undoing ``author``'s most recent write that can be undone takes, in
    the transaction ``conn`` is in; :class:`NothingToDo` when there is none."""
    held = record.writes(conn)
    infos = [WriteInfo(w.id, w.author, w.state, w.mode) for w in held]
    target_info, skipped_infos = pick(infos, author)
    by_id = {w.id: w for w in held}
    skipped = tuple(summary(by_id[s.id]) for s in skipped_infos)
    if target_info is None:
        whose = f"by {author}" if author else "in this journal"
        why = (f"; your latest write{'s' * (len(skipped) > 1)} ({', '.join(f'netj {s.command}' for s in skipped)}) "
               "cannot be undone" if skipped else "")
        raise NothingToDo(f"there is nothing {whose} to undo{why}.",
                          hint="`netj undo --list` shows the writes the journal keeps (the last 100, up to 30 days).")
    target = by_id[target_info.id]
    rows = record.images(conn, target.id)
    names = handles(conn, people_in(rows), rows)
    reversals, steps, blocked = [], [], None
    for r in rows:
        done = reverse(r.table, r.key, r.row_key, r.old, r.new, record.current(conn, r.table, r.key))
        if isinstance(done, Clash):
            if blocked is None:
                later = record.touched_after(conn, target.id, r.table, r.row_key)
                by = f" by {write_name(later)}" if later else ""
                blocked = (f"{describe(r.table, done.image or {}, names)} {done.why}{by}; undoing "
                           f"{write_name(target)} would undo that too")
            continue
        if done is None:
            continue
        reversals.append(done)
        if done.action == "restore" and not done.fields:
            continue  # only its updated_at goes back: nothing a person would call a change
        steps.append(UndoStep(r.table, r.key, done.action, describe(r.table, r.new or r.old or {}, names),
                              done.fields, change_detail(done)))
    if target.mode == "bulk" and blocked is None:
        after = later_writes(infos, target_info)
        if after:
            blocked = (f"an import is undone whole, and only while nothing written after it stands: "
                       f"{', '.join(write_name(by_id[w.id]) for w in after)} came after {write_name(target)}")
    plan = UndoPlan(summary(target), tuple(steps), dict(target.added), skipped, blocked)
    return Worked(plan, target, tuple(reversals), frozenset(people_in(rows)))


def undo_plan(journal: Journal, author: str | None) -> UndoPlan:
    """What ``netj undo`` would revert for ``author`` now."""
    with journal.read() as conn:
        return work_out(conn, author).plan
