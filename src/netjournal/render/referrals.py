"""``netj referrals``: the ledger and its rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output, money, one_line
from netjournal.render.scores import referral_balance

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netjournal.domain.records import ReferralRecord

_OUTCOME_STYLE = {"won": "bold green", "lost": "red", "met": "green", "open": "yellow"}


def _way(r: ReferralRecord) -> str:
    if r.direction == "received":
        return "received ←"
    return "introduced →" if r.other_person else "given →"


def ledger(out: Output, ledger) -> None:
    """``netj referrals``: the table, and the balance of one person."""
    t = out.text
    if ledger.person is not None:
        out.out.print(t(ledger.name, "bold") + t(f" ({ledger.person})", "dim"))
        referral_balance(out, ledger.balance)
    if not ledger.rows and ledger.filtered:
        out.out.print("No referrals match.")
        return
    if not ledger.rows:
        out.out.print("No referrals recorded yet. Record one with `netj refer given PERSON` or "
                       "`netj refer received PERSON`.")
        return
    referrals(out, ledger.rows)


def referrals(out: Output, rows: Sequence[ReferralRecord], *, title: str | None = None, limit: int | None = None) -> None:
    t = out.text
    table = out.table(title, ("#", {"justify": "right", "style": "dim"}), ("Date", {}), ("Way", {}),
                        ("Person", {}), ("Outcome", {}), ("Value", {"justify": "right"}), ("Note", {"ratio": 1}))
    for r in rows[:limit]:
        table.add_row(t(r.id), t(r.date.isoformat()), t(_way(r)), t(r.person, "bold") + t(
            f" → {r.other_person}" if r.other_person else "", "dim"),
            t(r.outcome, _OUTCOME_STYLE.get(r.outcome, "")), t(money(r.value)), t(one_line(r.note, 60)))
    out.out.print(table)
    if limit is not None and len(rows) > limit:
        out.out.print(t(f"… and {len(rows) - limit} more: netj referrals {rows[0].person}", "dim"))
