"""``netj follow-ups list``, and the follow-ups of a meeting: promises with
whom they are for, who owes them, and whether they are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output, by_cell, by_column, one_line, several_authors

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netjournal.domain.records import FollowUpRecord


def follow_ups(out: Output, rows: Sequence[FollowUpRecord], *, filtered: bool) -> None:
    """``netj follow-ups list``."""
    if not rows:
        out.out.print("No follow-ups match." if filtered else
                      "No open follow-ups. Promise one with `netj log PERSON --follow-up TEXT --follow-up-on DATE`.")
        return
    follow_up_table(out, rows)


def follow_up_table(out: Output, rows: Sequence[FollowUpRecord], *, title: str | None = None) -> None:
    """Follow-ups with whom they are for, who owes them, and whether they are done."""
    t = out.text
    shared = several_authors(f.author for f in rows)
    table = out.table(title, ("#", {"justify": "right", "style": "dim"}), ("Person", {"style": "cyan"}),
                      ("Promise", {"ratio": 1}), ("Due", {"no_wrap": True}), ("Owed by", {}), *by_column(shared),
                      ("Done", {"no_wrap": True}))
    for f in rows:
        table.add_row(t(f.id), t(f.person), t(one_line(f.text, 80)), t(f.due_on.isoformat()),
                      t("you" if f.owed_by == "me" else f.person), *by_cell(out, f.author, shared),
                      t(f.done_on.isoformat() if f.done_on else "–", "green" if f.done_on else "dim"))
    out.out.print(table)
