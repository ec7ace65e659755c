"""``netj import``: bring people in from LinkedIn, Google, Outlook, vCard, or a netj export."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Run, command

FORMAT_HELP = "auto (the default: from the file's contents), netj, linkedin, google, outlook or vcard."


@command()
def import_(
    run: Run,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The file to import (LinkedIn's .zip is accepted too).", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)] = "auto",
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show who would be created, merged and skipped; write nothing.")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Add this tag to everyone imported (repeatable).", show_default=False)] = None,
    cadence: Annotated[str | None, typer.Option("--cadence", metavar="SPAN", help="Put the people created on this keep-in-touch cadence (e.g. 90d); by default they have none.", show_default=False)] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", metavar="NAME", help="The file's text encoding when it is not UTF-8 (e.g. cp1252 for a file saved by Excel).", show_default=False)] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="NAME", help="netj exports: record NAME as the author of the meetings, scores, follow-ups and referrals that have none (an export from before authors were recorded).", show_default=False)] = None,
) -> None:
    """Import people from a contacts file, or a netj export; all or nothing (see docs/import.md)."""
    from netjournal.app.imports.files import FORMATS, import_file
    from netjournal.cli.options import option_span
    from netjournal.errors import InvalidValue
    from netjournal.render import imports

    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidValue(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}.")
    span = str(option_span("--cadence", cadence)) if cadence else None
    if author is not None:
        from netjournal.domain.authorship import check_name

        author = check_name(author, where="--author")
    s = run.settings
    with run.journal() as j, imports.progress(run.out) as progress:
        summary = import_file(j, file, fmt=fmt, now=s.now, tags=tag or (), cadence=span, encoding=encoding,
                              dry_run=dry_run, progress=progress, author=author, today=s.today)
    if run.as_json:
        run.emit(summary)
    elif dry_run:
        imports.plan(summary)
    imports.outcome(run.out, summary)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
