"""``netj due``: who is overdue for contact, which follow-ups fall due, which
referrals you gave have gone quiet, which decisions come up for review."""

from __future__ import annotations

from datetime import date

from netjournal.domain.dates import Span
from netjournal.domain.due import DueReport, build_due, referrals_to_ask_between
from netjournal.domain.scoring import scorecard
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.due import due_contacts, due_follow_ups, due_reviews, open_referrals_given
from netjournal.storage.queries.history import latest_decisions
from netjournal.storage.queries.scores import flows, observations


def due_report(
    journal: Journal, *, today: date, within: Span, half_life: Span, referral_check: Span,
    limit: int | None = None, author: str | None = None,
) -> DueReport:
    """What is due; with ``author``, only the follow-ups and referrals that
    author wrote down (whom to contact and which decisions to review are the
    whole journal's)."""
    with journal.read() as conn:
        if author is not None:  # app.resolve (names, suggestions) only then: `netj due` starts fast
            from netjournal.app.resolve import require_author

            author = require_author(conn, author)
        return due_in(conn, today=today, within=within, half_life=half_life, referral_check=referral_check,
                      limit=limit, author=author)


def due_in(
    conn: Connection, *, today: date, within: Span, half_life: Span, referral_check: Span,
    limit: int | None = None, author: str | None = None,
) -> DueReport:
    """What is due, read in the transaction ``conn`` is in."""
    horizon = within.after(today)
    contacts = due_contacts(conn, horizon)
    follow_ups = due_follow_ups(conn, horizon)
    asks = open_referrals_given(conn, *referrals_to_ask_between(today, horizon, referral_check))
    if author is not None:
        follow_ups = [f for f in follow_ups if f.author == author]
        asks = [r for r in asks if r.author == author]
    reviews = due_reviews(conn, horizon)
    ids = [p.id for p in contacts]
    obs = observations(conn, ids)
    given = flows(conn, ids)
    decided = latest_decisions(conn, [p.id for p in reviews])
    cards = {pid: scorecard(obs.get(pid, ()), today=today, half_life=half_life, flows=given.get(pid, ()),
                            check=referral_check)
             for pid in set(obs) | set(given)}
    return build_due(
        people=contacts, follow_ups=follow_ups, reviews=reviews, scorecards=cards,
        today=today, within=within, limit=limit,
        decisions={pid: (d.date, d.reason) for pid, d in decided.items() if d.status == "paused"},
        open_referrals=asks, referral_check=referral_check,
    )
