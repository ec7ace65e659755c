"""``netj review``: the day's meetings and promises, and tomorrow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    Output,
    author_label,
    one_line,
    punctuality,
    safe,
    several_authors,
)
from netjournal.render.due import due

if TYPE_CHECKING:
    from netjournal.domain.digests import DayReview


def review(out: Output, r: DayReview) -> None:
    from rich.padding import Padding

    from netjournal.domain.due import DueReport

    t = out.text
    n = len(r.meetings)
    out.out.print(t(f"Review of {r.day.strftime('%A')} {r.day.isoformat()}", "bold")
                   + t(f"  {n} meeting{'s' * (n != 1)}, {len(r.follow_ups)} follow-up{'s' * (len(r.follow_ups) != 1)}"))
    out.out.print()
    team = several_authors(m.author for m in r.meetings)
    for m in r.meetings:
        by = f"by {author_label(m.author)}" if team else None
        head = " · ".join(x for x in (m.time, m.kind, safe(m.place) if m.place else None, by) if x)
        out.out.print(t(f"Meeting {m.id}", "bold") + t(f"  {head}", "dim"))
        table = out.table(None, ("Person", {"style": "cyan"}), ("Listening", {"justify": "right"}),
                            ("Preparation", {"justify": "right"}), ("Punctuality", {}))
        for a in m.attendees:
            late = a.minutes_late
            when = "–" if late is None else punctuality(late)
            table.add_row(t(a.person), t(a.scores.get("listening") or "–"), t(a.scores.get("preparation") or "–"),
                          t(when))
        out.out.print(Padding(table, (0, 0, 0, 2), expand=False))
        if m.notes:
            out.out.print(Padding(t(m.notes), (0, 0, 0, 2), expand=False))
        out.out.print()
    if r.follow_ups:
        table = out.table(f"Follow-ups promised ({len(r.follow_ups)})", ("#", {"justify": "right", "style": "dim"}),
                            ("Person", {}), ("Promise", {"ratio": 1}), ("Due", {}), ("Owed by", {}))
        for f in r.follow_ups:
            table.add_row(t(f.id), t(f.person), t(one_line(f.text, 80)), t(f.due_on.isoformat()),
                          t("you" if f.owed_by == "me" else f.person))
        out.out.print(table)
        out.out.print()
    out.out.print(t(f"Due tomorrow, {r.tomorrow.strftime('%A')} {r.tomorrow.isoformat()}", "bold"))
    items = r.due_tomorrow
    report = DueReport(*(tuple(i for i in items if i.type == k) for k in ("contact", "follow_up", "review", "referral")))
    due(out, report, r.tomorrow, on_the_day="tomorrow", empty="Nothing is due tomorrow.")
