"""``netj follow-ups``: list, correct, reopen and remove promises (``netj done`` keeps one)."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_any_follow_up, complete_done_follow_up, complete_person
from netjournal.cli.options import Run, command, option_date
from netjournal.domain.vocab import OWED_BY
from netjournal.errors import InvalidValue

app = typer.Typer(help="List, correct, reopen and remove follow-ups (`netj done` marks them kept).",
                  no_args_is_help=True)


def _id(complete, help_: str = "The follow-up's number (see `netj follow-ups list`).") -> object:
    return typer.Argument(metavar="ID", help=help_, autocompletion=complete, show_default=False)


@app.command("list")
@command()
def list_(
    run: Run,
    person: Annotated[str | None, typer.Argument(metavar="PERSON", help="Only this person's follow-ups.", autocompletion=complete_person, show_default=False)] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only the open ones (the default).")] = False,
    done: Annotated[bool, typer.Option("--done", help="Only the ones marked done, latest first.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Open and done.")] = False,
    owed_by: Annotated[str | None, typer.Option("--owed-by", metavar="WHO", help="me: the promises you made; them: those made to you.", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many.", show_default=False)] = None,
) -> None:
    """Follow-ups: the open ones soonest due first, then (with --done or --all) those kept, latest first.

    Examples: `netj follow-ups list`, `netj follow-ups list ron-park --all`,
    `netj follow-ups list --owed-by them --json`.
    """
    from netjournal.app.follow_ups import list_follow_ups
    from netjournal.render.follow_ups import follow_ups

    if open_ + done + all_ > 1:
        raise InvalidValue("choose one of --open, --done and --all.")
    if owed_by is not None and owed_by not in OWED_BY:
        raise InvalidValue(f"--owed-by {owed_by!r}: use me (your promises) or them (promises made to you).")
    state = "done" if done else "all" if all_ else "open"
    with run.journal() as j:
        rows = list_follow_ups(j, person, state=state, owed_by=owed_by, limit=limit)
    filtered = person is not None or owed_by is not None or state != "open"
    run.emit(rows, lambda: follow_ups(run.out, rows, filtered=filtered))


@app.command("edit")
@command()
def edit(
    run: Run,
    follow_up: Annotated[int, _id(complete_any_follow_up)],
    text: Annotated[str | None, typer.Option("--text", "-t", metavar="TEXT", help="What was promised, reworded.", show_default=False)] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="DATE", help="When it is due: friday, in 1w, 2026-12-01…", show_default=False)] = None,
    person: Annotated[str | None, typer.Option("--person", metavar="PERSON", help="Whom it is for (someone at the meeting where it was promised).", autocompletion=complete_person, show_default=False)] = None,
    owed_by: Annotated[str | None, typer.Option("--owed-by", metavar="WHO", help="me: you promised it; them: they promised it to you.", show_default=False)] = None,
) -> None:
    """Correct a follow-up: its promise, due date, whom it is for, or who owes it.

    Examples: `netj follow-ups edit 7 --due friday`,
    `netj follow-ups edit 7 --person lorraine-chu --owed-by them`.
    """
    from netjournal.app.write.follow_ups import edit_follow_up
    from netjournal.domain.inputs import FollowUpPatch, validated

    s = run.settings
    given = {k: v for k, v in dict(text=text, person_ref=person, owed_by=owed_by,
                                    due_on=option_date("--due", due, s.today, prefer="future") if due else None
                                    ).items() if v is not None}
    patch = validated(FollowUpPatch, **given)
    with run.journal() as j:
        if s.interactive and person is not None:  # "did you mean …?" for a near miss
            from netjournal.app.resolve import resolve_many
            from netjournal.cli.prompts import choose_person

            patch = validated(FollowUpPatch, **{**given, "person_ref": choose_person(resolve_many(j, [person])[0])})
        record, said = edit_follow_up(j, follow_up, patch)
    run.out.say(f"Updated follow-up {record.id}: {'; '.join(said)}.")
    run.emit(record, lambda: print(record.id))


@app.command("reopen")
@command()
def reopen(run: Run, follow_up: Annotated[int, _id(complete_done_follow_up, "A follow-up marked done (see `netj follow-ups list --done`).")]) -> None:
    """Open again a follow-up marked done too early; it is due on its date again.

    Example: `netj follow-ups reopen 7`.
    """
    from netjournal.app.write.follow_ups import reopen_follow_up

    with run.journal() as j:
        record, was = reopen_follow_up(j, follow_up)
    run.out.say(f"Reopened follow-up {record.id} for {record.person} (it was marked done on {was}); "
                f"due {record.due_on}.")
    run.emit(record, lambda: print(record.id))


@app.command("rm")
@command(no_input=True)
def rm(
    run: Run,
    follow_up: Annotated[int, _id(complete_any_follow_up)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (scripts).")] = False,
) -> None:
    """Delete a follow-up for good (a kept promise is better marked done: `netj done`).

    A removal cannot be undone (`netj undo` does not bring it back).

    Example: `netj follow-ups rm 7` (asks first), `netj follow-ups rm 7 --yes`.
    """
    from netjournal.app.write.follow_ups import remove_follow_up
    from netjournal.cli.prompts import confirm_deletion
    from netjournal.storage.queries.follow_ups import follow_up_by_id

    s = run.settings
    with run.journal() as j:
        with j.read() as conn:
            seen = follow_up_by_id(conn, follow_up)
        if seen is None:
            from netjournal.app.resolve import no_such

            raise no_such("follow-up", follow_up)
        what = f"follow-up {seen.id} for {seen.person}, due {seen.due_on}"
        confirm_deletion(run.out, what, yes=yes, interactive=s.interactive)
        record = remove_follow_up(j, follow_up, expected=seen)
    run.out.say(f"Deleted follow-up {record.id}.")
    run.emit(record)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="follow-ups")
