"""Undoing a write, row by row: pure rules, no database.

The undo record keeps, for each row a write changed, its image before
(``old``, None when the write added it) and after (``new``, None when the
write deleted it). :func:`reverse` compares them with the row as it is now
and says how to put it back, or why it cannot be: a write whose rows were
changed since is refused, never half-undone. The last contact and next due
of a person are derived (recomputed after an undo, never compared) and a
row's ``updated_at`` is bookkeeping (put back only if nothing touched it
since). :func:`pick` chooses which write ``netj undo`` reverts, and
:func:`expired` which writes the record no longer keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

DERIVED: Mapping[str, frozenset[str]] = {"person": frozenset({"last_contact_on", "next_due_on"})}
BOOKKEEPING = frozenset({"updated_at"})
# Texts a person wrote: a plan names the field, never shows the words.
PRIVATE = frozenset({"notes", "note", "text", "reason", "value:gains_change",
                     "goals", "accomplishments", "interests", "networks", "skills"})
STATES = {"kept": "undoable", "undone": "undone", "final": "final", "too_large": "too large", "gone": "gone"}


@dataclass(frozen=True)
class Reversal:
    """How to put one row back as it was before the write."""

    table: str
    key: tuple
    action: str  # "remove" (the write added it), "restore" (it changed it), "bring back" (it deleted it)
    values: dict[str, Any]  # restore: the columns to set; bring back: the whole row
    fields: tuple[str, ...] = ()  # restore: the columns the write changed
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None


@dataclass(frozen=True)
class Clash:
    """Why a row cannot be put back: it was changed, removed or added again since."""

    table: str
    key: tuple
    row_key: str
    why: str  # "was changed since", "was removed since", "was added again since"
    image: dict[str, Any] | None = None  # the row as the write left it, to name it


def _ignored(table: str) -> frozenset[str]:
    return DERIVED.get(table, frozenset()) | BOOKKEEPING


def reverse(table: str, key: tuple, row_key: str, old: dict | None, new: dict | None,
            current: dict | None) -> Reversal | Clash | None:
    """How to undo one row's change, given the row as it is now; None when
    the write left it as it found it."""
    skip = _ignored(table)
    if old is None and new is None:
        return None
    if old is None:
        assert new is not None
        if current is None:
            return Clash(table, key, row_key, "was removed since", new)
        if any(current.get(c) != v for c, v in new.items() if c not in skip):
            return Clash(table, key, row_key, "was changed since", new)
        return Reversal(table, key, "remove", {}, old=None, new=new)
    if new is None:
        if current is not None:
            return Clash(table, key, row_key, "was added again since", old)
        return Reversal(table, key, "bring back", dict(old), old=old, new=None)
    changed = tuple(c for c, v in new.items() if old.get(c) != v and c not in skip)
    if current is None:
        return Clash(table, key, row_key, "was removed since", new)
    if any(current.get(c) != new[c] for c in changed):
        return Clash(table, key, row_key, "was changed since", new)
    values = {c: old.get(c) for c in changed}
    values.update({c: old.get(c) for c in BOOKKEEPING  # bookkeeping goes back only where nobody touched it since
                   if c in new and old.get(c) != new[c] and current.get(c) == new[c]})
    if not values:
        return None  # only derived dates moved: they are recomputed anyway
    return Reversal(table, key, "restore", values, changed, old=old, new=new)


ORDER = ("person", "person_tag", "meeting", "attendance", "score", "follow_up", "gains_change", "decision",
         "referral")  # parents before the rows that refer to them


def in_order(reversals: Sequence[Reversal]) -> list[Reversal]:
    """The order to apply them in: rows brought back parents first, then
    rows restored, then rows removed children first (no reference is ever
    left pointing nowhere, and no cascade takes a row still to be restored)."""
    rank = {t: i for i, t in enumerate(ORDER)}

    def key(r: Reversal) -> tuple:
        if r.action == "bring back":
            return (0, rank[r.table])
        if r.action == "restore":
            return (1, rank[r.table])
        return (2, -rank[r.table])

    return sorted(reversals, key=key)


def describe(table: str, image: Mapping[str, Any], handles: Mapping[int, str]) -> str:
    """A row as a person names it, from its image: ``meeting 12 (coffee on
    2026-11-20)``, ``ron-park's listening score at meeting 12``. Never a note's words."""
    def who(pid: Any) -> str:
        return handles.get(pid, f"person {pid}")

    i = image
    if table == "person":
        return str(i.get("handle") or who(i.get("id")))
    if table == "person_tag":
        return f"tag {i.get('tag')} of {who(i.get('person_id'))}"
    if table == "meeting":
        return f"meeting {i.get('id')} ({i.get('kind')} on {i.get('on_date')})"
    if table == "attendance":
        return f"{who(i.get('person_id'))} at meeting {i.get('meeting_id')}"
    if table == "score":
        return f"{who(i.get('person_id'))}'s {i.get('dimension')} score at meeting {i.get('meeting_id')}"
    if table == "follow_up":
        return f"follow-up {i.get('id')} for {who(i.get('person_id'))}"
    if table == "referral":
        return f"referral {i.get('id')} ({i.get('direction')}, {who(i.get('person_id'))})"
    if table == "decision":
        return f"the decision of {i.get('decided_on')} about {who(i.get('person_id'))} ({i.get('status')})"
    if table == "gains_change":
        return f"{who(i.get('person_id'))}'s {i.get('field')} as learned on {i.get('changed_on')}"
    return f"{table} {i}"


def change_detail(r: Reversal) -> str:
    """What a restore puts back: ``listening 4 → 1``; a text only by name (``note``)."""
    if r.action != "restore" or r.new is None or r.old is None:
        return ""
    parts = []
    for c in r.fields:
        if c in PRIVATE or f"{c}:{r.table}" in PRIVATE:
            parts.append(c)
        else:
            parts.append(f"{c} {_show(r.new.get(c))} → {_show(r.old.get(c))}")
    return ", ".join(parts)


def _show(v: Any) -> str:
    return "none" if v is None else str(v)


# --- which write, and for how long ------------------------------------------------------------


@dataclass(frozen=True)
class WriteInfo:
    """What :func:`pick` needs of a write: newest first in the list it is given."""

    id: int
    author: str | None
    state: str  # kept, undone, final, too_large, gone
    mode: str  # rows, bulk, final, off


def pick(writes: Sequence[WriteInfo], author: str | None) -> tuple[WriteInfo | None, list[WriteInfo]]:
    """The write ``netj undo`` reverts: the most recent one by ``author`` that
    can be undone; and the later writes of theirs that cannot (deletions,
    writes too large to keep, writes part of which was deleted since), to
    say so. ``writes`` is newest first."""
    skipped: list[WriteInfo] = []
    for w in writes:
        if w.author != author or w.state == "undone":
            continue
        if w.state == "kept":
            return w, skipped
        skipped.append(w)
    return None, skipped


def later_writes(writes: Sequence[WriteInfo], target: WriteInfo) -> list[WriteInfo]:
    """The writes after ``target`` that still stand (an import is undone whole,
    and only while nothing written after it stands)."""
    return [w for w in writes if w.id > target.id and w.state != "undone"]


def expired(writes: Sequence[tuple[int, datetime]], now: datetime, *, keep: int, days: int) -> set[int]:
    """The writes the record no longer keeps: beyond the latest ``keep``, or older than ``days`` days."""
    newest = sorted(writes, key=lambda w: w[0], reverse=True)
    cutoff = now - timedelta(days=days)
    return {wid for n, (wid, at) in enumerate(newest) if n >= keep or at < cutoff}


# --- what netj undo says ------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteSummary:
    """One write in the undo record (``netj undo --list``)."""

    id: int
    command: str  # the netj command that wrote it: "log", "meetings edit"…
    author: str | None
    at: str  # when it was written (UTC)
    state: str  # undoable, undone, final, too large, gone
    added: dict[str, int] = field(default_factory=dict)  # rows added, by table
    changed: dict[str, int] = field(default_factory=dict)  # rows changed, by table
    removed: dict[str, int] = field(default_factory=dict)  # rows deleted, by table
    undone_at: str | None = None


@dataclass(frozen=True)
class UndoStep:
    """One row ``netj undo`` puts back."""

    table: str
    key: tuple  # the row's key values (its id, or e.g. meeting id, person id, dimension)
    action: str  # remove, restore, bring back
    what: str  # the row as a person names it
    fields: tuple[str, ...] = ()  # restore: the columns put back
    detail: str = ""  # restore: old values where they are not texts (listening 4 → 1)


@dataclass(frozen=True)
class UndoPlan:
    """What ``netj undo`` reverts (``--dry-run`` shows it, ``--json`` prints it)."""

    write: WriteSummary
    steps: tuple[UndoStep, ...]
    removed_ranges: dict[str, list[int]] = field(default_factory=dict)  # an import: {table: [first id, last id, rows]}
    skipped: tuple[WriteSummary, ...] = ()  # your later writes that cannot be undone
    blocked: str | None = None  # why it cannot be undone now; None: it can
