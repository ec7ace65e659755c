"""``netj review``: the end-of-day run-through of a day's meetings."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Run, command, option_date


@command()
def review(
    run: Run,
    day: Annotated[str | None, typer.Option("--day", "-d", metavar="DATE", help="The day to review (default today): yesterday, friday, 2026-11-20…", show_default=False)] = None,
) -> None:
    """A day's meetings with attendees, scores and notes, the follow-ups promised that day, and what is due tomorrow."""
    from netjournal.app.review import day_review
    from netjournal.render.review import review as show

    s = run.settings
    when = option_date("--day", day, s.today) if day else s.today
    with run.journal() as j:
        result = day_review(j, day=when, half_life=s.half_life, referral_check=s.referral_check)
    if result.empty:
        run.out.say(f"No meetings or follow-ups on {when.isoformat()}.")
    run.emit(result, lambda: show(run.out, result))


def register(app: typer.Typer) -> None:
    app.command("review")(review)
