"""``netj report``: the last weeks on one screen (meetings, partners,
referrals, one-way streets, who is drifting)."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Run, command, option_since
from netjournal.errors import InvalidValue

MAX_DAYS = 3 * 366  # a week per row: three years is already a long screen


@command()
def report(
    run: Run,
    since: Annotated[str, typer.Option("--since", "-s", metavar="SPAN|DATE", help="Start of the period, up to today: a span back (90d, 6w, 3m, 1y) or a date (2026-01-01, 3 months ago).")] = "90d",
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many rows in the partner, one-way, referral and drifting lists.")] = 10,
) -> None:
    """Meetings per week and per day, partners ranked, referral flows, one-way streets, who is drifting."""
    from netjournal.app.report import journal_report
    from netjournal.render.report import report as show

    s = run.settings
    start = option_since("--since", since, s.today)
    if (s.today - start).days > MAX_DAYS:
        raise InvalidValue(f"--since {since!r}: a report covers at most 3 years; pick a later start, e.g. --since 1y.")
    with run.journal() as j:
        result = journal_report(j, today=s.today, since=start, half_life=s.half_life,
                                referral_check=s.referral_check, limit=limit)
    run.emit(result, lambda: show(run.out, result))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
