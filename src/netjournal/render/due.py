"""``netj due``: the morning list, in up to four tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    Output,
    by_cell,
    by_column,
    due_style,
    due_verdict,
    due_when,
    one_line,
    several_authors,
)

if TYPE_CHECKING:
    from datetime import date

    from netjournal.domain.due import DueReport


# Referrals to ask about that the table shows without --limit: a journal whose
# outcomes were never recorded may have hundreds, and the morning list stays short.
ASKS_SHOWN = 10


def due(out: Output, report: DueReport, today: date, *, on_the_day: str = "today",
        empty: str = "Nothing is due. Enjoy the day.", asks_shown: int | None = None) -> None:
    if not report.items():
        out.out.print(empty)
        return
    t = out.text
    if report.contacts:
        table = out.table(f"Keep in touch ({len(report.contacts)})", ("Person", {}), ("Due", {}),
                            ("Why", {"ratio": 1}))
        for i in report.contacts:
            table.add_row(t(i.name, "bold") + t(f" {i.person}", "dim"), t(due_when(i, on_the_day), due_style(i)),
                          t(i.reason) + due_verdict(out, i))
        out.out.print(table)
        out.out.print()
    if report.follow_ups:
        shared = several_authors(i.author for i in report.follow_ups)  # whose promise is it
        table = out.table(f"Follow-ups ({len(report.follow_ups)})", ("#", {"justify": "right"}),
                          ("Person", {}), ("Promise", {"ratio": 1}), *by_column(shared), ("Due", {}))
        for i in report.follow_ups:
            owed = t("they promised: ", "italic") if i.owed_by == "them" else t("")
            table.add_row(t(i.follow_up_id, "dim"), t(i.name, "bold"), owed + t(one_line(i.text, 80)),
                          *by_cell(out, i.author, shared),
                          t(due_when(i, on_the_day), due_style(i)))
        out.out.print(table)
        out.out.print()
    if report.referrals:
        asks = report.referrals[: asks_shown or ASKS_SHOWN]
        shared = several_authors(i.author for i in asks)
        table = out.table(f"Referrals to ask about ({len(report.referrals)})", ("#", {"justify": "right"}),
                          ("Person", {}), ("Ask how it went", {"ratio": 1}), *by_column(shared), ("Given", {}),
                          ("Due", {}))
        for i in asks:
            assert i.referred_on is not None
            what = t(f"the intro to {i.other_name}") if i.other_name else t("your referral")
            if i.text:
                what += t(f" — {one_line(i.text, 60)}", "dim")
            table.add_row(t(i.referral_id, "dim"), t(i.name, "bold"), what, *by_cell(out, i.author, shared),
                          t(i.referred_on.isoformat()), t(due_when(i, on_the_day), due_style(i)))
        out.out.print(table)
        if len(asks) < len(report.referrals):
            out.out.print(t(f"… and {len(report.referrals) - len(asks)} more (netj due --limit N shows N of each "
                            "kind; netj due --json lists them all).", "dim"))
        out.out.print(t("Record what became of each: netj refer update ID --outcome met|won|lost", "dim"))
        out.out.print()
    if report.reviews:
        table = out.table(f"Decisions to review ({len(report.reviews)})", ("Person", {}), ("Due", {}),
                            ("Why", {"ratio": 1}))
        for i in report.reviews:
            why = t(f" (“{one_line(i.decision_reason, 60)}”)", "dim") if i.decision_reason else t("")
            table.add_row(t(i.name, "bold") + t(f" {i.person}", "dim"), t(due_when(i, on_the_day), due_style(i)),
                          t(i.reason) + why)
        out.out.print(table)
