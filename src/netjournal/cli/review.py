"""``netj review``: the end-of-day run-through of a day's meetings."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.common import Db, Json, Today, journal, option_date, settings
from netjournal.render import Output, emit_json


def review(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--day", "-d", metavar="DATE", help="The day to review (default today): yesterday, friday, 2026-11-20…", show_default=False)] = None,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """A day's meetings with attendees, scores and notes, the follow-ups promised that day, and what is due tomorrow."""
    from netjournal.app.review import day_review

    s = settings(ctx, db=db, today=today)
    when = option_date("--day", day, s.today) if day else s.today
    out = Output()
    with journal(s, out) as j:
        result = day_review(j, day=when, half_life=s.half_life)
    if result.empty:
        out.say(f"No meetings or follow-ups on {when.isoformat()}.")
    emit_json(result) if as_json else out.review(result)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
