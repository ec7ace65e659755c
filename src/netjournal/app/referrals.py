"""``netj referrals``: the ledger, and one person's balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netjournal.app.resolve import require
from netjournal.domain.dates import Span
from netjournal.domain.records import ReferralRecord
from netjournal.domain.scoring import Reciprocity, reciprocity
from netjournal.storage.base import Journal
from netjournal.storage.queries.referrals import referrals
from netjournal.storage.queries.scores import flows


@dataclass(frozen=True)
class ReferralLedger:
    """``netj referrals``: the rows, and the balance when one person is asked for."""

    rows: tuple[ReferralRecord, ...]
    person: str | None = None
    name: str | None = None
    balance: Reciprocity | None = None
    filtered: bool = False  # --direction, --outcome or --since narrowed the rows


def referral_ledger(journal: Journal, ref: str | None, *, today: date, referral_check: Span,
                    direction: str | None = None,
                    outcome: str | None = None, since: date | None = None,
                    limit: int | None = None) -> ReferralLedger:
    filtered = any(x is not None for x in (direction, outcome, since))
    with journal.read() as conn:
        if ref is None:
            return ReferralLedger(tuple(referrals(conn, direction=direction, outcome=outcome, since=since,
                                                  limit=limit)), filtered=filtered)
        pid, handle, name = require(conn, ref)
        rows = referrals(conn, person_id=pid, direction=direction, outcome=outcome, since=since, limit=limit)
        balance = reciprocity(flows(conn, [pid]).get(pid, ()), today=today, check=referral_check)
    return ReferralLedger(tuple(rows), handle, name, balance, filtered)
