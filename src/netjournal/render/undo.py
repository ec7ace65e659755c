"""``netj undo``: the writes the journal keeps, and what an undo reverts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output, author_label, several_authors

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from netjournal.domain.undo import UndoPlan, WriteSummary

_WORDS = {"person": ("person", "people"), "person_tag": ("tag", "tags"), "meeting": ("meeting", "meetings"),
          "attendance": ("attendance", "attendances"), "score": ("score", "scores"),
          "follow_up": ("follow-up", "follow-ups"), "gains_change": ("GAINS change", "GAINS changes"),
          "decision": ("decision", "decisions"), "referral": ("referral", "referrals")}
_STATE_STYLE = {"undoable": "green", "undone": "dim", "final": "yellow", "too large": "yellow", "gone": "yellow"}
_ACTION = {"remove": "remove", "restore": "put back", "bring back": "bring back"}
SHOWN = 30  # rows of a plan a table lists


def counted(rows: dict[str, int]) -> str:
    """``1 meeting, 2 scores``."""
    return ", ".join(f"{n} {_WORDS.get(t, (t, t))[n != 1]}" for t, n in rows.items())


def what(w: WriteSummary) -> str:
    parts = [f"{verb} {counted(rows)}" for verb, rows in (("added", w.added), ("changed", w.changed),
                                                         ("removed", w.removed)) if rows]
    return "; ".join(parts) or ("deletions, final" if w.state == "final" else "")


def writes(out: Output, rows: Sequence[WriteSummary]) -> None:
    """``netj undo --list``: newest first."""
    t = out.text
    if not rows:
        out.out.print("No writes are kept to undo. The journal keeps the last 100 writes of the last 30 days.")
        return
    shared = several_authors(w.author for w in rows)
    table = out.table(None, ("#", {"justify": "right", "style": "dim"}), ("When (UTC)", {"no_wrap": True}),
                      *((("By", {"no_wrap": True}),) if shared else ()), ("Command", {"style": "cyan"}),
                      ("What", {}), ("State", {"no_wrap": True}))
    for w in rows:
        by = (t(author_label(w.author)),) if shared else ()
        table.add_row(t(w.id), t(w.at.replace("T", " ").rstrip("Z")), *by, t(f"netj {w.command}"), t(what(w)),
                      t(w.state, _STATE_STYLE.get(w.state, "")))
    out.out.print(table)


def plan(out: Output, p: UndoPlan, *, to: Console | None = None) -> None:
    """What ``netj undo`` reverts, on ``to`` (stdout for ``--dry-run``, stderr before asking)."""
    console = to or out.out
    t = out.text
    w = p.write
    by = f" by {w.author}" if w.author else ""
    console.print(t(f"Undo write {w.id}: netj {w.command}{by}, {w.at.replace('T', ' ').rstrip('Z')} UTC", "bold"))
    for s in p.skipped:
        console.print(t(f"(your later write {s.id}, netj {s.command}, is {s.state}: it cannot be undone"
                        + (", deletions are final)" if s.state == "final" else ")"), "dim"))
    if p.removed_ranges:
        console.print(t("remove what it imported: " + counted({k: v[2] for k, v in p.removed_ranges.items()})))
    if p.steps:
        table = out.table(None, ("", {"style": "cyan", "no_wrap": True}), ("What", {}), ("", {"style": "dim"}))
        for step in p.steps[:SHOWN]:
            table.add_row(t(_ACTION[step.action]), t(step.what), t(step.detail))
        console.print(table)
        if len(p.steps) > SHOWN:
            console.print(t(f"… and {len(p.steps) - SHOWN} more rows (--json lists them all)", "dim"))
    if p.blocked:
        console.print(t(f"Cannot be undone: {p.blocked}", "bold red"))
