"""``netj prep``: one screen before a meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    Output,
    ago,
    author_label,
    num,
    one_line,
    punctuality,
    several_authors,
    sparkline,
    verdict,
)
from netjournal.render.people import decision_text, follow_ups, gains_grid
from netjournal.render.referrals import referrals
from netjournal.render.scores import referral_balance

if TYPE_CHECKING:
    from datetime import date


def briefing(out: Output, b, today: date) -> None:
    """``netj prep``: everything worth knowing before the meeting, on one screen."""
    p, t, card = b.person, out.text, b.scorecard
    role = ", ".join(x for x in (p.title, p.company) if x)
    out.out.print(t(p.name, "bold") + t(f"  {p.handle}", "cyan") + t(f"  {role}" if role else "")
                   + t(f"  [{p.status}]", "dim"))
    clock = [f"last met {ago(p.last_contact_on, today)}" if p.last_contact_on else "never met"]
    if p.cadence:
        clock.append(f"cadence {p.cadence}")
    if p.next_due_on:
        late = (today - p.next_due_on).days
        clock.append(f"due {p.next_due_on.isoformat()}" + (f" ({late}d late)" if late > 0 else ""))
    if b.latest_decision is not None and p.status != "active":
        clock.append(decision_text(b.latest_decision))
    out.out.print(t(" · ".join(clock), "dim"))
    out.out.print()
    if card.referrals is not None and card.referrals.you_owe:
        you_owe(out, p, card.referrals)
    out.out.print(t("Verdict: ", "bold") + verdict(out, card, in_table=False) + t(f" — {card.reason}"))
    dims = []
    for d in card.dimensions:
        if d.count:
            arrow = {"up": " ↑", "down": " ↓", "flat": " →"}.get(d.trend, "")
            dims.append(t(f"{d.dimension.capitalize()} ") + t(num(d.average), "bold")
                        + t(f" {sparkline(d.history)}", "cyan") + t(arrow))
    if dims:
        line = t("")
        for i, part in enumerate(dims):
            line += (t("   ") if i else t("")) + part
        n = card.scored_meetings
        out.out.print(line + t(f"   ({n} scored meeting{'s' * (n != 1)})", "dim"))
    if card.referrals is not None:
        referral_balance(out, card.referrals)
    out.out.print()
    out.out.print(t("GAINS", "bold"))
    gains_grid(out, p)
    if b.unknown:
        out.out.print(t("What you don't know yet: ", "bold yellow") + t(", ".join(b.unknown))
                       + t(f" — ask, then `netj gains {p.handle}`.", "dim"))
    out.out.print()
    if b.last_meetings:
        out.out.print(t(f"Last {len(b.last_meetings)} meeting{'s' if len(b.last_meetings) != 1 else ''}", "bold"))
        team = several_authors(m.author for m in b.last_meetings)  # whose notes these are, in a shared journal
        for m in b.last_meetings:
            mine = next((a for a in m.attendees if a.person == p.handle), None)
            scores = " ".join(f"{k} {v}" for k, v in (mine.scores.items() if mine else ()) if v)
            if mine and mine.minutes_late:
                scores += f" {punctuality(mine.minutes_late)}"
            others = [a.person for a in m.attendees if a.person != p.handle]
            head = f"{m.date.isoformat()} {m.kind}" + (f" at {m.place}" if m.place else "")
            head += f" with {', '.join(others)}" if others else ""
            head += f", logged by {author_label(m.author)}" if team else ""
            out.out.print(t(head) + t(f"  {scores}" if scores else "", "cyan"))
            if m.notes:
                from rich.padding import Padding

                out.out.print(Padding(t(one_line(m.notes, 400)), (0, 0, 0, 2)))
    else:
        out.out.print("No meetings yet.")
    for title, rows in (("You promised", b.you_promised), ("They promised you", b.they_promised)):
        if rows:
            out.out.print()
            follow_ups(out, rows, today, title=title, mark_theirs=False)
    if b.referrals:
        out.out.print()
        referrals(out, b.referrals, title="Recent referrals")


def you_owe(out: Output, p, r) -> None:
    """At the top of ``netj prep``: you owe this partner, and their GAINS goals
    and networks as ideas for what to give."""
    from rich.padding import Padding

    t = out.text
    given = "none given" if not r.given else f"{r.given} given"
    out.out.print(t(f"You owe {p.name}: {r.received} referrals received, {given}", "bold yellow")
                  + t(" in the last 12 months.", "yellow"))
    ideas = [(label, value) for label, value in (("Goals", p.goals), ("Networks", p.networks)) if value]
    if ideas:
        out.out.print(Padding(t("Ideas for what to give:", "dim"), (0, 0, 0, 2), expand=False))
        for label, value in ideas:
            out.out.print(Padding(t(f"{label}: ", "bold") + t(one_line(value, 200)), (0, 0, 0, 4), expand=False))
    else:
        out.out.print(Padding(t("Ask about their goals and networks, then "
                                f"`netj gains {p.handle} --goals … --networks …`: that is what to give.", "dim"),
                              (0, 0, 0, 2)))
    out.out.print()
