"""``netj db``: where the journal is, and keeping it safe (check, backup, restore, migrate, copy)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netjournal.cli.common import Db, Json, NoInput, Today, journal, settings
from netjournal.render import Output, emit_json

app = typer.Typer(help="The journal file: where it is, check, back up, restore, migrate, copy.", no_args_is_help=True)


@app.command("path")
def path(ctx: typer.Context, as_json: Json = False, db: Db = None, today: Today = None) -> None:
    """Print where the journal is (it is not created or opened). A journal on a
    server prints its URL without the password (and, in JSON, exists: null)."""
    s = settings(ctx, db=db, today=today)
    if as_json:
        emit_json({"path": s.db_label, "exists": None if s.db_url else s.db_path.exists()})
    else:
        print(s.db_label)


def _server_file(s, label: str) -> Path:
    """Where a backup of a journal on a server goes by default: a private file
    in netj's data directory, named after the database and the time."""
    import re
    from urllib.parse import urlsplit

    from netjournal.settings.env import data_dir
    from netjournal.storage.backup import stamped_path
    from netjournal.storage.files import make_private_dir

    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", urlsplit(s.db_url).path.strip("/")).strip("-.") or "team"
    folder = data_dir() / "backups"
    make_private_dir(folder)
    return stamped_path(folder / f"{name}.db", label, s.now)


def _snapshot(s, conn, dest: Path) -> Path:
    """What the server connection ``conn`` sees, in the transaction it is in,
    copied into a new SQLite journal file ``dest``, checked (`db backup`, and
    what `db restore` keeps of the records it replaces)."""
    from contextlib import closing

    from netjournal.app.maintenance import keep_copy
    from netjournal.storage.backup import snapshot_to
    from netjournal.storage.open import open_journal

    return snapshot_to(dest, lambda tmp: keep_copy(
        conn, lambda: closing(open_journal(tmp, now=s.now)), now=s.now, source_label=s.db_label))


@app.command("check")
def check(
    ctx: typer.Context,
    repair: Annotated[bool, typer.Option("--repair", help="Recompute stored dates (last contact, next due) found wrong, and rebuild a wrong search index.")] = False,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Check the journal: SQLite integrity, links between records, schema version,
    the stored next-due and last-contact dates against a recomputation, and the
    search index against the notes. Exits 1 when something is wrong."""
    from netjournal.app.maintenance import check_journal

    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j:
        report = check_journal(j, repair=repair)
    if as_json:
        emit_json({"path": report.path, "ok": report.ok, "schema_version": report.schema_version,
                   "people": report.people, "meetings": report.meetings, "follow_ups": report.follow_ups,
                   "problems": list(report.problems), "repaired": report.repaired,
                   "rebuilt_search_index": report.rebuilt_search_index})
    for problem in report.problems:
        out.say(f"Problem: {problem}", style="red")
    if report.repaired:
        out.say(f"Repaired {report.repaired} stored date(s).")
    if report.rebuilt_search_index:
        out.say("Rebuilt the search index.")
    verdict = "ok" if report.ok else f"{len(report.problems)} problem(s) found"
    out.say(f"{report.path}: {verdict} (schema v{report.schema_version}, {report.people} people, "
            f"{report.meetings} meetings, {report.follow_ups} follow-ups).")
    if not report.ok:
        hint = "restore a backup with `netj db restore FILE`" if report.damaged else "run `netj db check --repair`"
        out.say(f"To fix it, {hint}.")
        raise typer.Exit(1)


@app.command("backup")
def backup(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Argument(metavar="FILE", help="Where to write it (default: beside the journal, with the date and time in its name).", show_default=False)] = None,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Copy the journal to a backup file (0600), consistent even while netj writes,
    and check the copy. A journal on a server is backed up into a SQLite
    journal file (by default in netj's data directory)."""
    from netjournal.storage.backup import copy_to, stamped_path

    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j:
        if j.pending:
            from netjournal.errors import NothingToDo

            raise NothingToDo(f"there is no journal at {s.db_label} yet; nothing to back up.")
        if s.db_url:
            with j.read() as conn:  # one consistent snapshot
                written = _snapshot(s, conn, Path(target) if target else _server_file(s, "backup"))
        else:
            dest = Path(target) if target else stamped_path(j.path, "backup", s.now)
            written = copy_to(j.path, dest)
    out.say(f"Backed up {s.db_label} to {written} (checked).")
    if as_json:
        emit_json({"path": str(written)})
    else:
        print(written)


@app.command("restore")
def restore(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE", help="A backup made by `netj db backup` (or any netj journal file).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    no_input: NoInput = False,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Replace the journal with a backup. The backup is checked first, the
    journal must not be in use, and the replaced journal is kept beside it
    (for a journal on a server: in one transaction, the replaced records kept
    in a backup file first)."""
    from netjournal.cli.prompts import confirm
    from netjournal.errors import MissingValue
    from netjournal.storage import backup as backups

    s = settings(ctx, no_input=no_input, db=db, today=today)
    out = Output()
    info = backups.inspect(Path(source))
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
        _restore_on_server(s, info, summary, out, as_json)
        return
    keep = backups.stamped_path(s.db_path, "replaced", s.now)
    backups.restore(info.path, s.db_path, keep)
    kept = keep if keep.exists() else None
    out.say(f"Restored {summary}." + (f" The replaced journal is kept at {kept}." if kept else ""))
    if as_json:
        emit_json({"path": str(s.db_path), "restored_from": str(info.path), "kept": str(kept) if kept else None})


def _restore_on_server(s, info, summary: str, out: Output, as_json: bool) -> None:
    """Put a backup file's records in place of a server journal's, in one
    write transaction: under its lock the current records are kept in a
    backup file, then deleted and replaced (a failure leaves the journal as
    it was, and removes the kept file). The backup is read from a private
    copy, so an older one is migrated there, not in place."""
    import shutil
    import tempfile
    from contextlib import closing, nullcontext

    from netjournal.app.maintenance import copy_journal
    from netjournal.settings.env import data_dir
    from netjournal.storage.backup import copy_to
    from netjournal.storage.files import make_private_dir
    from netjournal.storage.open import open_journal

    kept: list[Path] = []

    def keep(conn) -> None:  # inside the restore's transaction, under the write lock: no write slips between
        from netjournal.storage.queries.people import counts

        if any(counts(conn).values()):
            kept.append(_snapshot(s, conn, _server_file(s, "replaced")))

    with journal(s, out) as j:
        make_private_dir(data_dir())
        work = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir()))  # 0700
        try:
            copy = copy_to(info.path, work / "backup.db")
            with closing(open_journal(copy, now=s.now)) as source:
                copy_journal(source, lambda: nullcontext(j), now=s.now, source_label=str(info.path),
                                      target_label=s.db_label, replace=True, before_replace=keep)
        except BaseException:
            for path in kept:  # the journal was left as it was: nothing replaced, nothing to keep
                path.unlink(missing_ok=True)
            kept.clear()
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    saved = kept[0] if kept else None
    out.say(f"Restored {summary}." + (f" The replaced journal is kept at {saved}." if saved else ""))
    if as_json:
        emit_json({"path": s.db_label, "restored_from": str(info.path), "kept": str(saved) if saved else None})


@app.command("migrate")
def migrate(ctx: typer.Context, as_json: Json = False, db: Db = None, today: Today = None) -> None:
    """Bring the journal to this netj's schema now (netj also does it on first
    use after an upgrade), keeping a backup of the previous version."""
    from netjournal.storage.schema import SCHEMA_VERSION

    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j:
        before, saved = j.upgraded_from, j.upgrade_backup
    if before is None:
        out.say(f"{s.db_label} is up to date (schema v{SCHEMA_VERSION}).")
    if as_json:
        emit_json({"path": s.db_label, "schema_version": SCHEMA_VERSION, "upgraded_from": before,
                   "backup": str(saved) if saved else None})


@app.command("copy")
def copy(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", metavar="PATH|URL", help="The empty journal to fill: a SQLite file (created 0600 if missing) or a postgresql:// URL.", show_default=False)],
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", help="Record NAME as the author of the entries that have none (a journal from before authors were recorded, handed over to a team).", show_default=False)] = None,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Copy the whole journal, ids and all, into an empty journal on either
    backend (SQLite to PostgreSQL and back), in one transaction; a target that
    already holds data is refused. To merge journals, use `netj import`."""
    from netjournal.app.maintenance import copy_journal
    from netjournal.errors import InvalidValue

    if not to.strip():
        raise InvalidValue("--to: give the journal to fill, a SQLite file or a postgresql:// URL.")
    if author is not None:
        from netjournal.domain.authorship import check_name

        author = check_name(author, where="--author")
    s = settings(ctx, db=db, today=today)
    t = settings(ctx, db=to, today=today)
    out = Output()
    with journal(s, out) as source:
        done = copy_journal(source, lambda: journal(t, out), now=s.now, source_label=s.db_label,
                                     target_label=t.db_label, author=author)
    out.say(f"Copied {done.source} to {done.target}: {done.people} people, {done.meetings} meetings, "
            f"{done.follow_ups} follow-ups, {done.referrals} referrals, {done.decisions} decisions, "
            f"{done.gains_changes} GAINS changes.")
    if as_json:
        emit_json(done)


def register(root_app: typer.Typer) -> None:
    root_app.add_typer(app, name="db")
