"""``netj db``: where the journal is, and keeping it safe (check, backup, restore, migrate, copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netjournal.cli.options import Run, command

app = typer.Typer(help="The journal file: where it is, check, back up, restore, migrate, copy.", no_args_is_help=True)


@app.command("path")
@command()
def path(run: Run) -> None:
    """Print where the journal is (it is not created or opened). A journal on a
    server prints its URL without the password (and, in JSON, exists: null)."""
    from netjournal.app.backup import JournalPath

    s = run.settings
    run.emit(JournalPath(s.db_label, None if s.db_url else s.db_path.exists()), lambda: print(s.db_label))


@app.command("check")
@command()
def check(
    run: Run,
    repair: Annotated[bool, typer.Option("--repair", help="Recompute stored dates (last contact, next due) found wrong, and rebuild a wrong search index.")] = False,
) -> None:
    """Check the journal: SQLite integrity, links between records, schema version,
    the stored next-due and last-contact dates against a recomputation, and the
    search index against the notes. Exits 1 when something is wrong."""
    from netjournal.app.maintenance import check_journal
    from netjournal.render import db

    with run.journal() as j:
        report = check_journal(j, repair=repair)
    run.emit(report)
    db.check(run.out, report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("backup")
@command()
def backup(
    run: Run,
    target: Annotated[str | None, typer.Argument(metavar="FILE", help="Where to write it (default: beside the journal, with the date and time in its name).", show_default=False)] = None,
) -> None:
    """Copy the journal to a backup file (0600), consistent even while netj writes,
    and check the copy. A journal on a server is backed up into a SQLite
    journal file (by default in netj's data directory)."""
    from netjournal.app.backup import backup_journal
    from netjournal.settings.env import data_dir

    s = run.settings
    with run.journal() as j:
        done = backup_journal(j, Path(target) if target else None, now=s.now, data_dir=data_dir())
    run.out.say(f"Backed up {s.db_label} to {done.path} (checked).")
    run.emit(done, lambda: print(done.path))


@app.command("restore")
@command(no_input=True)
def restore(
    run: Run,
    source: Annotated[str, typer.Argument(metavar="FILE", help="A backup made by `netj db backup` (or any netj journal file).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the journal with a backup. The backup is checked first, the
    journal must not be in use, and the replaced journal is kept beside it
    (for a journal on a server: in one transaction, the replaced records kept
    in a backup file first)."""
    from netjournal.app.backup import restore_file, restore_server
    from netjournal.cli.prompts import confirm
    from netjournal.errors import MissingValue
    from netjournal.settings.env import data_dir
    from netjournal.storage.backup import inspect

    s, out = run.settings, run.out
    info = inspect(Path(source))
    summary = (f"{s.db_label} with {info.path} (schema v{info.schema_version}, {info.people} people, "
               f"{info.meetings} meetings)")
    if not yes and (s.db_url or s.db_path.exists()):
        if not s.interactive:
            raise MissingValue(f"this replaces {summary}. Pass --yes to confirm.")
        out.say(f"This replaces {summary}; the current journal is kept as a backup.")
        if not confirm("Restore?", default=False):
            out.say("Nothing was changed.")
            raise typer.Exit(1)
    if s.db_url:
        with run.journal() as j:
            done = restore_server(j, info, now=s.now, data_dir=data_dir())
    else:
        done = restore_file(info, s.db_path, now=s.now)
    out.say(f"Restored {summary}." + (f" The replaced journal is kept at {done.kept}." if done.kept else ""))
    run.emit(done)


@app.command("migrate")
@command()
def migrate(run: Run) -> None:
    """Bring the journal to this netj's schema now (netj also does it on first
    use after an upgrade), keeping a backup of the previous version."""
    from netjournal.app.backup import migrated

    s = run.settings
    with run.journal() as j:
        done = migrated(j, s.db_label)
    if done.upgraded_from is None:
        run.out.say(f"{s.db_label} is up to date (schema v{done.schema_version}).")
    run.emit(done)


@app.command("copy")
@command()
def copy(
    run: Run,
    to: Annotated[str, typer.Option("--to", metavar="PATH|URL", help="The empty journal to fill: a SQLite file (created 0600 if missing) or a postgresql:// URL.", show_default=False)],
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", help="Record NAME as the author of the entries that have none (a journal from before authors were recorded, handed over to a team).", show_default=False)] = None,
) -> None:
    """Copy the whole journal, ids and all, into an empty journal on either
    backend (SQLite to PostgreSQL and back), in one transaction; a target that
    already holds data is refused. To merge journals, use `netj import`."""
    from netjournal.app.maintenance import copy_journal
    from netjournal.cli.context import journal, settings
    from netjournal.errors import InvalidValue
    from netjournal.render import db

    if not to.strip():
        raise InvalidValue("--to: give the journal to fill, a SQLite file or a postgresql:// URL.")
    if author is not None:
        from netjournal.domain.authorship import check_name

        author = check_name(author, where="--author")
    s = run.settings
    t = settings(run.ctx, db=to, today=run.asked_today)
    with run.journal() as source:
        done = copy_journal(source, lambda: journal(t, run.out), now=s.now, source_label=s.db_label,
                            target_label=t.db_label, author=author)
    db.copied(run.out, done)
    run.emit(done)


def register(root_app: typer.Typer) -> None:
    root_app.add_typer(app, name="db")
