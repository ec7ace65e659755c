"""``netj import``: bring people in from LinkedIn, Google, Outlook, vCard, or a netj export."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Annotated

import typer

from netjournal.cli.common import Db, Json, Today, journal, settings
from netjournal.render import Output, emit_json, safe

FORMAT_HELP = "auto (the default: from the file's contents), netj, linkedin, google, outlook or vcard."


def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The file to import (LinkedIn's .zip is accepted too).", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)] = "auto",
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show who would be created, merged and skipped; write nothing.")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Add this tag to everyone imported (repeatable).", show_default=False)] = None,
    cadence: Annotated[str | None, typer.Option("--cadence", metavar="SPAN", help="Put the people created on this keep-in-touch cadence (e.g. 90d); by default they have none.", show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", metavar="NAME", help="The file's text encoding when it is not UTF-8 (e.g. cp1252 for a file saved by Excel).", show_default=False)] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", help="netj exports: record NAME as the author of the meetings, scores, follow-ups and referrals that have none (an export from before authors were recorded).", show_default=False)] = None,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Import people from a contacts file, or a netj export; all or nothing (see docs/import.md)."""
    from netjournal.cli.common import option_span
    from netjournal.errors import InvalidValue
    from netjournal.app.imports.files import FORMATS, import_file

    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidValue(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}.")
    span = str(option_span("--cadence", cadence)) if cadence else None
    if author is not None:
        from netjournal.domain.authorship import check_name

        author = check_name(author, where="--author")
    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j, _progress(out) as progress:
        summary = import_file(j, file, fmt=fmt, now=s.now, tags=tag or (), cadence=span, encoding=encoding,
                              dry_run=dry_run, progress=progress, author=author)
    if as_json:
        emit_json(summary)
    elif dry_run:
        _plan(out, summary)
    for item in summary.items:
        if item.action == "skipped" and not dry_run:
            where = f"{summary.file}, line {item.line}" if item.line else summary.file
            out.say(f"Skipped {where}: {item.detail}")
    line = f"created {summary.created}, merged {summary.merged}, skipped {summary.skipped + summary.unchanged}"
    if summary.format == "netj":
        line += (f"; meetings: created {summary.meetings_created}, skipped {summary.meetings_skipped}"
                 f"; follow-ups: created {summary.follow_ups_created}, skipped {summary.follow_ups_skipped}")
        for what, key in (("referrals", "referrals"), ("decisions", "decisions"), ("GAINS changes", "gains_changes")):
            created, skipped = getattr(summary, f"{key}_created"), getattr(summary, f"{key}_skipped")
            if created or skipped:  # schema v3 records: said only when the file has some
                line += f"; {what}: created {created}, skipped {skipped}"
    out.say(("Dry run, nothing written: would have " if dry_run else "") + line)


def _plan(out: Output, summary) -> None:
    """The dry run's plan, one person per line on stdout."""
    for item in summary.items:
        row = f"line {item.line}" if item.line else "-"
        who = f"{item.name or ''}{' (' + item.handle + ')' if item.handle else ''}"
        detail = f": {item.detail}" if item.detail else ""
        sys.stdout.write(safe(f"{item.action}\t{row}\t{who}{detail}") + "\n")
    sys.stdout.flush()


@contextmanager
def _progress(out: Output):
    """A counter on stderr while importing, only in a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("Importing… {task.completed} records"), console=out.err,
                  transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.update(task, completed=n)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
