"""``netj undo``: revert your most recent write, list the writes kept, or forget them."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Run, command
from netjournal.errors import InvalidValue


@command(no_input=True)
def undo(
    run: Run,
    list_: Annotated[bool, typer.Option("--list", "-l", help="List the writes the journal keeps to undo, newest first.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would be reverted; change nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (scripts).")] = False,
    forget: Annotated[bool, typer.Option("--forget", help="Empty the undo record now: nothing written so far can be undone, and the old wordings it kept are gone.")] = False,
) -> None:
    """Revert your most recent write that is not undone yet: a meeting logged,
    a correction, a follow-up marked done, an import…

    netj shows what it will revert and asks (--yes in scripts); run it again
    to step further back. In a shared journal it reverts your writes only, and
    a write whose records were changed since (by anyone) is refused whole,
    never half-undone. Deletions (people rm, meetings rm, follow-ups rm,
    refer rm) are final by design and cannot be undone. The journal keeps the
    last 100 writes of the last 30 days, with the wording of what they changed
    (see docs/privacy.md); --forget empties it now, after asking (--yes in
    scripts). --dry-run exits 1 when the undo would be refused.

    Examples: `netj undo`, `netj undo --dry-run`, `netj undo --list --json`, `netj undo --forget --yes`.
    """
    from netjournal.render import undo as show

    if list_ + dry_run + forget > 1 or (yes and (list_ or dry_run)):
        raise InvalidValue("choose one of --list, --dry-run and --forget (--yes goes with --forget or alone).")
    s = run.settings
    if list_:
        from netjournal.app.undo import recent_writes

        with run.journal() as j:
            rows = recent_writes(j)
        run.emit(rows, lambda: show.writes(run.out, rows))
        return
    if forget:
        from netjournal.app.write.undo import forget as forget_all
        from netjournal.cli.prompts import confirm
        from netjournal.errors import MissingValue

        if not yes:  # it empties the record for every author of a shared journal: ask, as the rm commands do
            if not s.interactive:
                raise MissingValue("this empties the undo record: nothing written until now could be undone. "
                                   "Pass --yes to confirm.")
            if not confirm("Empty the undo record? Nothing written until now could be undone.", default=False):
                run.out.say("Nothing was forgotten.")
                raise typer.Exit(1)
        with run.journal() as j:
            n = forget_all(j)
        run.out.say(f"Forgot {n} write{'s' * (n != 1)}: nothing written until now can be undone.")
        run.emit({"forgotten": n}, lambda: None)
        return
    from netjournal.app.undo import undo_plan
    from netjournal.app.write.undo import undo_last
    from netjournal.cli.prompts import confirm
    from netjournal.errors import Conflict, MissingValue

    author = s.author_if_known
    with run.journal() as j:
        seen = undo_plan(j, author)
        if dry_run:
            run.emit(seen, lambda: show.plan(run.out, seen))
            if seen.blocked:  # a script tells a refused undo from a possible one by the exit code
                raise typer.Exit(1)
            return
        show.plan(run.out, seen, to=run.out.err)
        if seen.blocked:
            raise Conflict(f"{seen.blocked}; nothing was undone.", hint="`netj undo --list` shows the writes since.")
        if not yes:
            if not s.interactive:
                raise MissingValue(f"this reverts write {seen.write.id} (netj {seen.write.command}). "
                                   "Pass --yes to confirm, or --dry-run to see it only.")
            if not confirm("Undo it?", default=False):
                run.out.say("Nothing was undone.")
                raise typer.Exit(1)
        done = undo_last(j, author, now=s.now, expected=seen)
    run.out.say(f"Undid write {done.write.id} (netj {done.write.command}).")
    run.emit(done)


def register(app: typer.Typer) -> None:
    app.command("undo")(undo)
