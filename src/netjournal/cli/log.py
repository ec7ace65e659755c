"""``netj log``: record a meeting right after it happened.

The options become a meeting in :mod:`.log_options` (pure); this module asks,
in a terminal, for what they leave out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from netjournal.cli.completion import complete_person
from netjournal.cli.log_options import LogOptions, attendee_scores, meeting_input, plan_log, with_attendees
from netjournal.cli.options import Run, command, option_date, read_note_file
from netjournal.domain.vocab import DIMENSIONS, KINDS, SCORE_MAX, SCORE_MIN
from netjournal.errors import MissingValue

WRITE_STACK = "netjournal.app.write.meetings"  # SQLAlchemy, SQLModel, the tables and the input models


@command(no_input=True)
def log(
    run: Run,
    people: Annotated[list[str] | None, typer.Argument(metavar="PEOPLE", help="Who attended: handles, emails or names.", autocompletion=complete_person, show_default=False)] = None,
    on: Annotated[str, typer.Option("--date", "-d", metavar="DATE", help="When it happened: today, yesterday, 2026-11-20, last friday, 3d (three days ago)…; never after today.")] = "today",
    at: Annotated[str | None, typer.Option("--time", metavar="HH:MM", help="Time of day, HH:MM.", show_default=False)] = None,
    kind: Annotated[str, typer.Option("--kind", "-k", metavar="KIND", help=f"One of: {', '.join(KINDS)}.")] = "coffee",
    place: Annotated[str | None, typer.Option("--place", "-p", metavar="TEXT", help="Where you met.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What was said (prefer --note-file - to keep notes out of shell history).", show_default=False)] = None,
    note_file: Annotated[str | None, typer.Option("--note-file", metavar="PATH|-", help="Read the note from a UTF-8 file, or - for stdin.", show_default=False)] = None,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Write the note in your editor ($VISUAL or $EDITOR); needs a terminal.")] = False,
    listening: Annotated[int | None, typer.Option("--listening", "-l", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="Did they listen? 1-5 (single attendee).", show_default=False)] = None,
    preparation: Annotated[int | None, typer.Option("--preparation", "-P", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="Did they prepare? 1-5 (single attendee).", show_default=False)] = None,
    late: Annotated[int | None, typer.Option("--late", metavar="MINUTES", help="Minutes they were late; negative if early (single attendee).", show_default=False)] = None,
    score: Annotated[list[str] | None, typer.Option("--score", "-s", metavar="PERSON:DIM=N,…", help="Scores for one of several attendees, e.g. ron-park:listening=4,preparation=5,late=10. Repeatable.", show_default=False)] = None,
    follow_up: Annotated[list[str] | None, typer.Option("--follow-up", "-f", metavar="TEXT", help="A promise to keep, e.g. 'Send Ron the intro to Lorraine'. Repeatable.", show_default=False)] = None,
    they_promise: Annotated[list[str] | None, typer.Option("--they-promise", metavar="TEXT", help="A promise they made to you, e.g. 'Intro to his accountant'; due on --follow-up-on too. Repeatable.", show_default=False)] = None,
    follow_up_on: Annotated[str | None, typer.Option("--follow-up-on", metavar="DATE", help="When the follow-ups are due: friday, in 1w, 2026-12-01…", show_default=False)] = None,
    follow_up_with: Annotated[str | None, typer.Option("--follow-up-with", metavar="PERSON", help="Whom the follow-ups are for (needed with several attendees).", show_default=False, autocompletion=complete_person)] = None,
    new: Annotated[bool, typer.Option("--new", help="Add attendees who are not in the journal yet, without asking.")] = False,
) -> None:
    """Record a meeting: who attended, when, where, notes, follow-ups and scores."""
    from netjournal.app.resolve import ambiguous_person, resolve_many, unknown_person
    from netjournal.cli import prompts
    from netjournal.render.log import logged

    s = run.settings
    if s.interactive:  # the ORM loads while the person answers the prompts (cli/preload.py)
        from netjournal.cli.preload import preload

        preload(WRITE_STACK, "netjournal.render.log", "netjournal.storage.orm:warm_up")
    author = s.author  # before any prompt: a writer netj cannot name is told so first
    o = LogOptions(tuple(people or ()), on, at, kind, place, note, note_file, edit, listening, preparation, late,
                   tuple(score or ()), tuple(follow_up or ()), tuple(they_promise or ()), follow_up_on, follow_up_with)
    plan = plan_log(o, s.today)
    if edit and not s.interactive:
        raise MissingValue("--edit opens your editor, which needs a terminal; use --note-file instead.")
    text = read_note_file(note_file) if note_file is not None else note
    if not plan.refs:
        if not s.interactive:
            raise MissingValue("who attended? Name at least one person (netj log ron-park …).")
        answer = prompts.ask_text("Who did you meet? (handles or names, comma-separated)", required=True)
        plan = with_attendees(plan, [r for r in answer.split(",") if r.strip()], o)
    due_on = plan.due_on
    if plan.promises and due_on is None:
        if not s.interactive:
            raise MissingValue("a follow-up needs a date; pass --follow-up-on (e.g. friday, in 1w, 2026-12-01).")
        due_on = option_date("--follow-up-on", prompts.ask_text("When is the follow-up due?", default="in 1w"),
                             s.today, prefer="future")
        plan = replace(plan, due_on=due_on)

    with run.journal() as j:
        resolutions = resolve_many(j, plan.refs)
        if s.interactive:
            settled = prompts.settle_people(resolutions, create_new=new)
        else:
            settled = []
            for res in resolutions:
                if res.match:
                    settled.append((res.match[1], False))
                elif res.candidates:
                    raise ambiguous_person(res)
                elif new:
                    settled.append((res.ref, True))
                else:
                    raise unknown_person(res, hint="Check the spelling, or pass --new to add them.")

        def handle_of(ref: str) -> str | None:
            found = resolve_many(j, [ref])[0].match
            return found[1] if found else None

        scores = attendee_scores(plan, settled, handle_of)
        if s.interactive:
            for i, (ref, _) in enumerate(settled):
                given, mins = scores.get(i, ({}, None))
                if not given:
                    typer.echo(f"How did {ref} show up?", err=True)
                    for d in DIMENSIONS:
                        v = prompts.ask_score(d)
                        if v is not None:
                            given[d] = v
                scores[i] = (given, mins)
            if edit:
                text = prompts.edit_note()
            elif text is None:
                text = prompts.ask_text("Notes (Enter to skip)") or None

        owner = follow_up_with
        if plan.promises and owner is None and len(settled) > 1:
            if not s.interactive:
                raise MissingValue("with several attendees, say whom the follow-up is for: --follow-up-with PERSON.")
            handles = ", ".join(ref for ref, _ in settled)
            owner = prompts.ask_text(f"Whom is the follow-up for? ({handles})", required=True)

        data = meeting_input(plan, o, settled, scores, text, owner)
        from netjournal.app.write.meetings import log_meeting  # after the prompts: see cli/preload.py

        done = log_meeting(j, data, now=s.now, default_cadence=s.default_cadence, author=author)

    logged(run.out, done)
    run.emit(done, lambda: print(done.meeting.id))


def register(app: typer.Typer) -> None:
    app.command("log")(log)
