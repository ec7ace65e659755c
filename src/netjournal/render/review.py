"""``netj review``: the day's meetings and promises, and tomorrow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output, one_line, several_authors
from netjournal.render.due import due
from netjournal.render.meetings import meeting_block

if TYPE_CHECKING:
    from netjournal.domain.digests import DayReview


def review(out: Output, r: DayReview) -> None:
    from netjournal.domain.due import DueReport

    t = out.text
    n = len(r.meetings)
    out.out.print(t(f"Review of {r.day.strftime('%A')} {r.day.isoformat()}", "bold")
                   + t(f"  {n} meeting{'s' * (n != 1)}, {len(r.follow_ups)} follow-up{'s' * (len(r.follow_ups) != 1)}"))
    out.out.print()
    team = several_authors(m.author for m in r.meetings)
    for m in r.meetings:
        meeting_block(out, m, by=team)
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
