"""``netj due``, ``netj done`` and ``netj snooze``: the morning list."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_author, complete_follow_up
from netjournal.cli.options import PersonArg, Run, command, option_date, option_span
from netjournal.errors import InvalidValue


@command()
def due(
    run: Run,
    within: Annotated[str | None, typer.Option("--within", "-w", metavar="SPAN", help="Also show what falls due within this span, e.g. 7d (default 0d; 30d with --ics).", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many rows per section.", show_default=False)] = None,
    ics: Annotated[bool, typer.Option("--ics", help="Print an iCalendar (RFC 5545) feed of what is due, as to-dos, for a calendar or task app (see docs/export.md).")] = False,
    events: Annotated[bool, typer.Option("--events", help="With --ics: all-day events instead of to-dos (Google Calendar and Outlook ignore to-dos in a subscribed feed).")] = False,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="With --ics: write the feed to FILE (created 0600) instead of stdout.", show_default=False)] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", autocompletion=complete_author, show_default=False, help="Only the follow-ups and referrals NAME wrote down (in a team journal: your own); whom to contact stays everyone's.")] = None,
) -> None:
    """Who is overdue for contact, which follow-ups fall due, which referrals you gave have gone quiet (open 30 days on, NETJ_REFERRAL_CHECK), which paused relationships come up for review."""
    from netjournal.app.due import due_report
    from netjournal.render.due import due as show

    if ics and run.as_json:
        raise InvalidValue("choose one of --ics and --json.")
    if output is not None and not ics:
        raise InvalidValue("--output goes with --ics.")
    if events and not ics:
        raise InvalidValue("--events goes with --ics.")
    s = run.settings
    span = option_span("--within", within or ("30d" if ics else "0d"))
    with run.journal() as j:
        report = due_report(j, today=s.today, within=span, half_life=s.half_life, referral_check=s.referral_check,
                            limit=limit, author=author)
    if ics:
        _emit_ics(run, report.items(), output, events)
    else:
        run.emit(report.items(), lambda: show(run.out, report, s.today, asks_shown=limit))


def _emit_ics(run: Run, items, output: str | None, events: bool) -> None:
    import sys
    from pathlib import Path

    from netjournal.formats import ics
    from netjournal.storage.files import write_private

    def fill(f) -> None:
        ics.write(items, f, today=run.settings.today, now=run.settings.now, events=events)

    if output is None or output == "-":
        sys.stdout.flush()
        fill(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        write_private(Path(output), fill)
        run.out.say(f"Wrote {len(items)} due item(s) to {output}.")


@command()
def done(
    run: Run,
    follow_ups: Annotated[list[int], typer.Argument(metavar="FOLLOW_UP_ID...", help="The follow-ups' numbers (see `netj due`); one or more.", autocompletion=complete_follow_up)],
) -> None:
    """Mark follow-ups as done (today); several at once in one go.

    Examples: `netj done 7`, `netj done 7 9 12`. Marked too early? `netj follow-ups reopen 7`.
    With --json: the follow-up, or a list of them when several ids are given.
    """
    from netjournal.app.write.follow_ups import complete_follow_ups

    with run.journal() as j:
        marked, already = complete_follow_ups(j, follow_ups, today=run.today)
    for record in already:
        run.out.say(f"Follow-up {record.id} for {record.person} was already done on {record.done_on}; left as it was.")
    for record in marked:
        run.out.say(f"Done: follow-up {record.id} for {record.person}.")
    records = marked + already
    run.emit(records[0] if len(follow_ups) == 1 else sorted(records, key=lambda r: follow_ups.index(r.id)))


@command()
def snooze(
    run: Run,
    person: PersonArg,
    until: Annotated[str, typer.Option("--until", "-u", metavar="DATE", help="Not due before this date: friday, 2w, 2026-12-15…")],
) -> None:
    """Keep a person off the overdue list until a date."""
    from netjournal.app.write.people import snooze_person

    s = run.settings
    when = option_date("--until", until, s.today, prefer="future")
    with run.journal() as j:
        record = snooze_person(j, person, until=when, today=s.today, now=s.now)
    run.out.say(f"Snoozed {record.handle} until {when}; next due {record.next_due_on}.")
    run.emit(record, lambda: print(record.handle))


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("done")(done)
    app.command("snooze")(snooze)
