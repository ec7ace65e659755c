"""``netj prep``: what to read before meeting someone."""

from __future__ import annotations

import typer

from netjournal.cli.options import PersonArg, Run, command


@command()
def prep(run: Run, person: PersonArg) -> None:
    """One screen before a meeting: GAINS, scorecard, referral balance, the last three meetings' notes, open follow-ups both ways, and what you do not know yet."""
    from netjournal.app.prep import briefing as read_briefing
    from netjournal.render.prep import briefing

    s = run.settings
    with run.journal() as j:
        brief = read_briefing(j, person, today=s.today, half_life=s.half_life, referral_check=s.referral_check)
    run.emit(brief, lambda: briefing(run.out, brief, s.today))


def register(app: typer.Typer) -> None:
    app.command("prep")(prep)
