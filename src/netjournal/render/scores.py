"""``netj score``: a scorecard, the ranking, the referral balance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    AUTHOR_COLUMN,
    Output,
    author_label,
    num,
    sparkline,
    verdict,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netjournal.domain.records import PersonScorecard


def scorecard(out: Output, card: PersonScorecard, *, heading: bool = True) -> None:
    t = out.text
    if heading:
        out.out.print(t(card.name, "bold") + t(f" ({card.person})", "dim")
                       + (t(f"  as {card.author} scored them", "cyan") if card.author else t("")))
    elif card.author:
        out.out.print(t(f"Scorecard as {card.author} scored them", "cyan"))
    table = out.table(None, ("Dimension", {}), ("Weighted", {"justify": "right"}),
                        ("All-time", {"justify": "right"}), ("Last 3", {"justify": "right"}),
                        ("Trend", {}), ("Count", {"justify": "right"}), ("History", {}))
    arrows = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", None: "–"}
    for d in card.dimensions:
        table.add_row(t(d.dimension), t(num(d.average), "bold"), t(num(d.mean)), t(num(d.recent)),
                      t(arrows[d.trend]), t(d.count), t(sparkline(d.history), "cyan"))
    out.out.print(table)
    if card.referrals is not None:
        referral_balance(out, card.referrals)
    out.out.print(t("Verdict: ", "bold") + verdict(out, card, in_table=False) + t(f" — {card.reason}"))


def referral_balance(out: Output, r) -> None:
    """``Referrals, last 12 months: 3 given (2 met or won, 1 lost), 0 received (balance -3, you gave more)``,
    and what reciprocity makes of it."""
    t = out.text
    lean = ("even" if r.balance == 0 else f"+{r.balance}, they gave more" if r.balance > 0
            else f"{r.balance}, you gave more")
    fates = f" ({r.fates()})" if r.given else ""
    line = (t("Referrals, last 12 months: ", "bold") + t(f"{r.given} given{fates}, {r.received} received ")
            + t(f"(balance {lean})", "red" if r.one_way else "dim"))
    if r.one_way:
        line += t(" · a one-way street: none honoured, none back", "red")
    elif r.honours:
        line += t(" · they honour your referrals", "green")
    elif r.you_owe:
        line += t(" · you owe them", "bold yellow")
    out.out.print(line)


def ranking(out: Output, rows: Sequence[PersonScorecard], *, by_author: bool = False) -> None:
    """Scorecards in rows: the ranking, or (``by_author``) a partner as each author scored them."""
    if not rows:
        out.out.print("No scored meetings yet. Score partners with `netj log … --listening N --preparation N`.")
        return
    t = out.text
    if not by_author and rows[0].author:
        out.out.print(t(f"As {rows[0].author} scored them", "cyan"))
    author = (("By", AUTHOR_COLUMN),) if by_author else ()
    table = out.table(None, ("#", {"justify": "right"}), ("Person", {}), *author,
                        ("Overall", {"justify": "right"}),
                        ("Listening", {"justify": "right"}), ("Preparation", {"justify": "right"}),
                        ("Meetings", {"justify": "right"}), ("Verdict", {}))
    for n, r in enumerate(rows, 1):
        by = (t(author_label(r.author), "cyan"),) if by_author else ()
        table.add_row(t(n, "dim"), t(r.name, "bold") + t(f" {r.person}", "dim"), *by, t(num(r.overall), "bold"),
                      *dimension_cells(out, r.dimensions), t(r.scored_meetings), verdict(out, r))
    out.out.print(table)


def dimension_cells(out: Output, dimensions) -> list:
    """Listening and preparation: weighted average and a sparkline of the last scores."""
    t = out.text
    dims = {d.dimension: d for d in dimensions}
    cells = []
    for name in ("listening", "preparation"):
        d = dims.get(name)
        cells.append(t(num(d.average) if d else "–") + t(f" {sparkline(d.history, 6)}" if d and d.history else "", "cyan"))
    return cells
