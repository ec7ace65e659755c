"""``netj due``, ``netj done`` and ``netj snooze``: the morning list."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.common import (
    Db,
    Json,
    PersonArg,
    Today,
    complete_author,
    complete_follow_up,
    journal,
    option_date,
    option_span,
    settings,
)
from netjournal.errors import InvalidValue
from netjournal.render import Output, emit_json


def due(
    ctx: typer.Context,
    within: Annotated[str | None, typer.Option("--within", "-w", metavar="SPAN", help="Also show what falls due within this span, e.g. 7d (default 0d; 30d with --ics).", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many rows per section.", show_default=False)] = None,
    as_json: Json = False,
    ics: Annotated[bool, typer.Option("--ics", help="Print an iCalendar (RFC 5545) feed of what is due, as to-dos, for a calendar or task app (see docs/export.md).")] = False,
    events: Annotated[bool, typer.Option("--events", help="With --ics: all-day events instead of to-dos (Google Calendar and Outlook ignore to-dos in a subscribed feed).")] = False,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="With --ics: write the feed to FILE (created 0600) instead of stdout.", show_default=False)] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", autocompletion=complete_author, show_default=False, help="Only the follow-ups NAME wrote down (in a team journal: your own promises); whom to contact stays everyone's.")] = None,
    db: Db = None,
    today: Today = None,
) -> None:
    """Who is overdue for contact, which follow-ups fall due, which paused relationships come up for review."""
    from netjournal.app.due import due_report

    if ics and as_json:
        raise InvalidValue("choose one of --ics and --json.")
    if output is not None and not ics:
        raise InvalidValue("--output goes with --ics.")
    if events and not ics:
        raise InvalidValue("--events goes with --ics.")
    s = settings(ctx, db=db, today=today)
    out = Output()
    span = option_span("--within", within or ("30d" if ics else "0d"))
    with journal(s, out) as j:
        report = due_report(j, today=s.today, within=span, half_life=s.half_life, limit=limit,
                                     author=author)
    if ics:
        _emit_ics(out, report, s, output, events)
    elif as_json:
        emit_json(report.items())
    else:
        out.due(report, s.today)


def _emit_ics(out: Output, report, s, output: str | None, events: bool) -> None:
    import sys
    from pathlib import Path

    from netjournal.storage.files import write_private
    from netjournal.formats import ics

    def fill(f):
        ics.write(report.items(), f, today=s.today, now=s.now, events=events)

    if output is None or output == "-":
        sys.stdout.flush()
        fill(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        write_private(Path(output), fill)
        out.say(f"Wrote {len(report.items())} due item(s) to {output}.")


def done(
    ctx: typer.Context,
    follow_up: Annotated[int, typer.Argument(metavar="FOLLOW_UP_ID", help="The follow-up's number (see `netj due`).", autocompletion=complete_follow_up)],
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Mark a follow-up as done (today)."""
    from netjournal.app.write.follow_ups import complete_follow_up

    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j:
        record = complete_follow_up(j, follow_up, today=s.today)
    out.say(f"Done: follow-up {record.id} for {record.person}.")
    if as_json:
        emit_json(record)


def snooze(
    ctx: typer.Context,
    person: PersonArg,
    until: Annotated[str, typer.Option("--until", "-u", metavar="DATE", help="Not due before this date: friday, 2w, 2026-12-15…")],
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Keep a person off the overdue list until a date."""
    from netjournal.app.write.people import snooze

    s = settings(ctx, db=db, today=today)
    out = Output()
    when = option_date("--until", until, s.today, prefer="future")
    with journal(s, out) as j:
        record = snooze(j, person, until=when, today=s.today, now=s.now)
    out.say(f"Snoozed {record.handle} until {when}; next due {record.next_due_on}.")
    if as_json:
        emit_json(record)
    else:
        print(record.handle)


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("done")(done)
    app.command("snooze")(snooze)
