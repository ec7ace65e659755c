"""``netj prep``: the briefing to read before meeting someone."""

from __future__ import annotations

import typer

from netjournal.cli.common import Db, Json, PersonArg, Today, journal, settings
from netjournal.render import Output, emit_json


def prep(ctx: typer.Context, person: PersonArg, as_json: Json = False, db: Db = None, today: Today = None) -> None:
    """One screen before a meeting: GAINS, scorecard, referral balance, the last three meetings' notes, open follow-ups both ways, and what you do not know yet."""
    from netjournal.app.prep import briefing

    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j:
        brief = briefing(j, person, today=s.today, half_life=s.half_life)
    emit_json(brief) if as_json else out.briefing(brief, s.today)


def register(app: typer.Typer) -> None:
    app.command("prep")(prep)
