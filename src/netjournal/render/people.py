"""``netj people list|show`` and ``netj gains``: people, one person, their GAINS and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.domain.vocab import GAINS_LABELS
from netjournal.render.core import (
    Output,
    ago,
    by_cell,
    by_column,
    one_line,
    punctuality,
    several_authors,
)
from netjournal.render.referrals import referrals
from netjournal.render.scores import ranking, scorecard

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date

    from netjournal.domain.records import (
        DecisionRecord,
        FollowUpRecord,
        PersonDetail,
        PersonSummary,
    )


def decision_text(d: DecisionRecord) -> str:
    what = {"paused": f"paused, review on {d.review_on.isoformat() if d.review_on else '?'}",
            "archived": "archived", "active": "active again"}[d.status]
    return what + (f": {d.reason}" if d.reason else "")


def people(out: Output, rows: Sequence[PersonSummary], today: date) -> None:
    if not rows:
        out.out.print("No people match.")
        return
    t = out.text
    table = out.table(None, ("Handle", {"style": "cyan"}), ("Name", {}), ("Company", {}), ("Tags", {}),
                        ("Last met", {}), ("Next due", {}), ("Score", {"justify": "right"}),
                        ("Status", {}))
    for r in rows:
        table.add_row(t(r.handle), t(r.name), t(r.company), t(", ".join(r.tags)),
                      t(ago(r.last_contact_on, today)), t(r.next_due_on.isoformat() if r.next_due_on else "–"),
                      t(f"{r.overall:.1f}" if r.overall is not None else "–"), t(r.status))
    out.out.print(table)


def person(out: Output, detail: PersonDetail, today: date, *, history: bool = False) -> None:
    from rich.table import Table

    p, t = detail.person, out.text
    out.out.print(t(p.name, "bold") + t(f"  {p.handle}", "cyan") + t(f"  [{p.status}]", "dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for label, value in (
        ("Company", p.company), ("Title", p.title), ("Email", p.email), ("Phone", p.phone), ("URL", p.url),
        ("Tags", ", ".join(p.tags) or None),
        ("Cadence", p.cadence or "not tracked"),
        ("Last met", ago(p.last_contact_on, today) if p.last_contact_on else "never"),
        ("Next due", p.next_due_on.isoformat() if p.next_due_on else None),
        ("Review on", p.review_on.isoformat() if p.review_on else None),
        ("Snoozed until", p.snoozed_until.isoformat() if p.snoozed_until else None),
        ("Notes", p.notes),
        *((GAINS_LABELS[k], v) for k, v in p.gains().items()),
    ):
        if value:
            grid.add_row(label, t(value))
    out.out.print(grid)
    out.out.print()
    scorecard(out, detail.scorecard, heading=False)
    out.out.print()
    if detail.by_author:
        ranking(out, detail.by_author, by_author=True)
        out.out.print()
    if detail.referrals:
        referrals(out, detail.referrals, title="Referrals", limit=5)
        out.out.print()
    if detail.meetings:
        shared = several_authors(m.author for m in detail.meetings)  # then say who logged each
        table = out.table("Meetings", ("#", {"justify": "right", "style": "dim"}), ("Date", {}), ("Kind", {}),
                          ("Place", {}), *by_column(shared), ("Scores", {}), ("Notes", {"ratio": 1}))
        for m in detail.meetings:
            mine = next((a for a in m.attendees if a.person == p.handle), None)
            scores = " ".join(f"{k[0].upper()}{v}" for k, v in (mine.scores.items() if mine else ()) if v)
            if mine and mine.minutes_late:
                scores += f" {punctuality(mine.minutes_late)}"
            table.add_row(t(m.id), t(m.date.isoformat()), t(m.kind), t(m.place), *by_cell(out, m.author, shared),
                          t(scores),
                          t(one_line(m.notes, 70)))
        out.out.print(table)
    else:
        out.out.print("No meetings yet.")
    if detail.open_follow_ups:
        follow_ups(out, detail.open_follow_ups, today, title="Open follow-ups")
    if history:
        out.out.print()
        history_table(out, detail)


def history_table(out: Output, detail: PersonDetail) -> None:
    """Decisions and GAINS changes, oldest first: what you learned when."""
    t = out.text
    events = [(d.date, 0, d.id, "decision", decision_text(d)) for d in detail.decisions]
    events += [(g.date, 1, g.id, GAINS_LABELS[g.field], g.value if g.value is not None else "(cleared)")
               for g in detail.gains_history]
    if not events:
        out.out.print("No history yet: no decisions and no GAINS recorded.")
        return
    table = out.table("History", ("Date", {}), ("What", {"style": "cyan"}), ("", {"ratio": 1}))
    for on, _, _, what, text in sorted(events):
        table.add_row(t(on.isoformat()), t(what), t(one_line(text, 90)))
    out.out.print(table)


def gains(out: Output, profile) -> None:
    t = out.text
    out.out.print(t(profile.name, "bold") + t(f" ({profile.person})", "dim") + t(" — GAINS"))
    gains_grid(out, profile)


def gains_grid(out: Output, holder) -> None:
    """The five GAINS fields of a person or profile, 'not known yet' where empty."""
    from rich.table import Table

    t = out.text
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column(ratio=1)
    for field, label in GAINS_LABELS.items():
        value = getattr(holder, field)
        grid.add_row(label, t(value) if value else t("not known yet", "italic dim"))
    out.out.print(grid)


def follow_ups(out: Output, rows: Iterable[FollowUpRecord], today: date, title: str | None = None,
               mark_theirs: bool = True) -> None:
    t = out.text
    table = out.table(title, ("#", {"justify": "right", "style": "dim"}), ("Promise", {"ratio": 1}),
                        ("Due", {}))
    for f in rows:
        late = (today - f.due_on).days
        owed = t("they promised: ", "italic") if mark_theirs and f.owed_by == "them" else t("")
        table.add_row(t(f.id), owed + t(one_line(f.text, 80)), t(f.due_on.isoformat(), "red" if late > 0 else ""))
    out.out.print(table)
