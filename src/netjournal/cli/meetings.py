"""``netj meetings``: list, show, edit and remove the meetings you logged."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_meeting, complete_person
from netjournal.cli.options import Run, command
from netjournal.domain.vocab import KINDS
from netjournal.errors import InvalidValue

app = typer.Typer(help="List, show, correct and remove the meetings you logged.", no_args_is_help=True)

MeetingId = Annotated[int, typer.Argument(metavar="ID", help="The meeting's number (see `netj meetings list`).",
                                          autocompletion=complete_meeting, show_default=False)]


@app.command("list")
@command()
def list_(
    run: Run,
    person: Annotated[str | None, typer.Argument(metavar="PERSON", help="Only the meetings this person attended.", autocompletion=complete_person, show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only meetings on or after this date (2026-01-01, 3m…).", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help=f"Only meetings of this kind: {', '.join(KINDS)}.", show_default=False)] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many, newest first.")] = 20,
) -> None:
    """The meetings you logged, newest first, with who was there and how they scored.

    Examples: `netj meetings list`, `netj meetings list ron-park --since 3m`,
    `netj meetings list --kind lunch --json | jq '.[].id'`.
    """
    from netjournal.app.meetings import list_meetings
    from netjournal.cli.options import option_since
    from netjournal.render.meetings import meetings

    if kind is not None and kind.strip().lower() not in KINDS:
        raise InvalidValue(f"--kind {kind!r}: use one of {', '.join(KINDS)}.")
    s = run.settings
    start = option_since("--since", since, s.today) if since else None
    with run.journal() as j:
        listing = list_meetings(j, person, since=start, kind=kind.strip().lower() if kind else None, limit=limit)
    run.emit(listing.rows, lambda: meetings(run.out, listing))


@app.command("show")
@command()
def show(run: Run, meeting: MeetingId) -> None:
    """Everything about one meeting: when, where, who attended with their
    scores and punctuality, the note, who logged it, and its follow-ups.

    Example: `netj meetings show 12 --json | jq '.meeting.attendees'`.
    """
    from netjournal.app.meetings import meeting_detail
    from netjournal.render.meetings import meeting as show_meeting

    with run.journal() as j:
        found = meeting_detail(j, meeting)
    run.emit(found, lambda: show_meeting(run.out, found))


@app.command("edit")
@command(no_input=True)
def edit(
    run: Run,
    meeting: MeetingId,
    on: Annotated[str | None, typer.Option("--date", "-d", metavar="DATE", help="When it happened: 2026-11-20, yesterday, last friday, 3d…; never after today.", show_default=False)] = None,
    at: Annotated[str | None, typer.Option("--time", metavar="HH:MM", help="Time of day ('' clears).", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help=f"One of: {', '.join(KINDS)}.", show_default=False)] = None,
    place: Annotated[str | None, typer.Option("--place", "-p", metavar="TEXT", help="Where you met ('' clears).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Replace the note ('' clears; prefer --note-file - or --edit to keep it out of shell history).", show_default=False)] = None,
    note_file: Annotated[str | None, typer.Option("--note-file", metavar="PATH|-", help="Replace the note with a UTF-8 file, or - for stdin.", show_default=False)] = None,
    edit_note: Annotated[bool, typer.Option("--edit", "-e", help="Edit the note in your editor, starting from the current one; needs a terminal.")] = False,
    add: Annotated[list[str] | None, typer.Option("--add", metavar="PERSON", help="Someone who was there too (in the journal). Repeatable.", autocompletion=complete_person, show_default=False)] = None,
    remove: Annotated[list[str] | None, typer.Option("--remove", metavar="PERSON", help="Someone who was not there after all; their scores go, their follow-ups stay. Repeatable.", autocompletion=complete_person, show_default=False)] = None,
    score: Annotated[list[str] | None, typer.Option("--score", "-s", metavar="PERSON:DIM=N,…", help="Set an attendee's scores and punctuality, as `netj log` takes them: ron-park:listening=4,preparation=5,late=10. Repeatable.", show_default=False)] = None,
) -> None:
    """Correct a meeting: its date, time, kind, place, note, who attended, and their scores.

    What depends on it is recomputed at once: the attendees' last contact
    and next due (a meeting moved back moves their clock back), scorecards,
    search and reports. In a terminal with no option, netj asks what to change.

    Examples: `netj meetings edit 12 --date 2026-11-18`,
    `netj meetings edit 12 --score ron-park:listening=4`,
    `netj meetings edit 12 --remove ron-park --add lorraine-chu`,
    `netj meetings edit 12 --edit`. Undo a correction with `netj undo`.
    """
    from netjournal.app.meetings import meeting_detail
    from netjournal.app.write.meeting_changes import edit_meeting
    from netjournal.cli import prompts
    from netjournal.cli.meeting_options import EditOptions, edit_values
    from netjournal.cli.options import read_note_file
    from netjournal.domain.inputs import MeetingPatch, validated
    from netjournal.errors import MissingValue
    from netjournal.render.meetings import meeting as show_meeting

    s = run.settings
    author = s.author_if_known
    o = EditOptions(on, at, kind, place, note, note_file, edit_note, tuple(add or ()), tuple(remove or ()),
                    tuple(score or ()))
    values = edit_values(o, s.today)  # what cannot be right is said before anything else
    if edit_note and not s.interactive:
        raise MissingValue("--edit opens your editor, which needs a terminal; use --note-file instead.")
    if note_file is not None:
        values["notes"] = read_note_file(note_file)
    with run.journal() as j:
        seen = None
        if not o.given() or edit_note:
            if not o.given() and not s.interactive:
                raise MissingValue("what should change? Pass --date, --time, --kind, --place, --note, --add, "
                                   "--remove or --score (no questions without a terminal or with --no-input).")
            current = meeting_detail(j, meeting)
            seen = current.meeting
            if not o.given():
                from netjournal.app.resolve import resolve_many

                show_meeting(run.out, current)
                o = prompts.ask_meeting_changes(
                    seen, today=s.today, people=lambda refs: [prompts.choose_person(r) for r in resolve_many(j, refs)])
                if not o.given():  # Enter at every question: a choice, not a mistake
                    run.out.say("Nothing changed.")
                    run.emit(seen, lambda: print(meeting))
                    return
                values = edit_values(o, s.today)
            if o.edit:
                values["notes"] = prompts.edit_note(seen.notes or "") or ""
        if s.interactive:  # "did you mean …?" for a near miss, as netj log asks
            from netjournal.app.resolve import resolve_many

            for name in ("add", "remove"):
                if values.get(name):
                    values[name] = [prompts.choose_person(r) for r in resolve_many(j, values[name])]
        patch = validated(MeetingPatch, **values)
        found, said = edit_meeting(j, meeting, patch, today=s.today, now=s.now, author=author, expected=seen)
    run.out.say(f"Updated meeting {meeting}: {'; '.join(said)}.")
    run.emit(found, lambda: print(meeting))


@app.command("rm")
@command(no_input=True)
def rm(
    run: Run,
    meeting: MeetingId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (scripts).")] = False,
) -> None:
    """Delete a meeting with its note, scores and follow-ups, for good.

    The attendees stay; their last contact and next due are recomputed. The
    note is overwritten in the journal file, not left behind, and a removal
    cannot be undone (`netj undo` does not bring it back): privacy comes first.

    Example: `netj meetings rm 12` (asks first), `netj meetings rm 12 --yes` in a script.
    """
    from netjournal.app.write.meeting_changes import removal_plan, remove_meeting
    from netjournal.cli.prompts import confirm_deletion

    s = run.settings
    with run.journal() as j:
        with j.read() as conn:
            plan = removal_plan(conn, meeting)
        summary = _removal_summary(plan)
        confirm_deletion(run.out, summary, yes=yes, interactive=s.interactive)
        done = remove_meeting(j, meeting, expected=plan)
    run.out.say(f"Deleted meeting {done.meeting}.")
    run.emit(done)


def _removal_summary(plan) -> str:
    def n(count: int, what: str) -> str:
        return f"{count} {what}{'s' * (count != 1)}"

    parts = (["its note"] if plan.note else []) + [n(plan.scores, "score"), n(plan.follow_ups, "follow-up")]
    return (f"meeting {plan.meeting} ({plan.kind} on {plan.date.isoformat()} with {', '.join(plan.people)}) "
            f"with {', '.join(parts)}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="meetings")
