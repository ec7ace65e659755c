"""``netj report``: the last weeks on one screen (meetings, partners,
referrals, one-way streets, who is drifting)."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.common import Db, Json, Today, journal, option_since, settings
from netjournal.errors import InvalidValue
from netjournal.render import Output, emit_json

MAX_DAYS = 3 * 366  # a week per row: three years is already a long screen


def report(
    ctx: typer.Context,
    since: Annotated[str, typer.Option("--since", "-s", metavar="SPAN|DATE", help="Start of the period, up to today: a span back (90d, 6w, 3m, 1y) or a date (2026-01-01, 3 months ago).")] = "90d",
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many rows in the partner, one-way, referral and drifting lists.")] = 10,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Meetings per week and per day, partners ranked, referral flows, one-way streets, who is drifting."""
    from netjournal.app.report import journal_report

    s = settings(ctx, db=db, today=today)
    start = option_since("--since", since, s.today)
    if (s.today - start).days > MAX_DAYS:
        raise InvalidValue(f"--since {since!r}: a report covers at most 3 years; pick a later start, e.g. --since 1y.")
    out = Output()
    with journal(s, out) as j:
        result = journal_report(j, today=s.today, since=start, half_life=s.half_life, limit=limit)
    emit_json(result) if as_json else out.report(result)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
