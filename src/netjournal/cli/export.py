"""``netj export``: the journal, or a slice of it, as JSON, JSON Lines, CSV or vCard."""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from netjournal.cli.options import Run, command, option_since
from netjournal.errors import InvalidValue

FORMAT_HELP = "json (one document, the default), jsonl, csv or vcard (see docs/export.md)."


def _format(fmt: str | None, as_json: bool, as_jsonl: bool) -> str:
    """The one format asked for; --json and --jsonl are aliases of --format."""
    from netjournal.formats.registry import EXPORT_FORMATS

    asked = []
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in EXPORT_FORMATS:
            raise InvalidValue(f"--format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}.")
        asked.append(("--format " + fmt, fmt))
    if as_json:
        asked.append(("--json", "json"))
    if as_jsonl:
        asked.append(("--jsonl", "jsonl"))
    if len({f for _, f in asked}) > 1:
        raise InvalidValue(f"choose one format: {' and '.join(o for o, _ in asked)} disagree.")
    return asked[0][1] if asked else "json"


@command(json=False)
def export(
    run: Run,
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP, show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="Same as --format jsonl: one record per line, with a type field.")] = False,
    table: Annotated[str | None, typer.Option("--table", metavar="TABLE", help="With --format csv: people (the default), meetings (one row per attendee), follow-ups or referrals.", show_default=False)] = None,
    person: Annotated[list[str] | None, typer.Option("--person", "-p", metavar="PERSON", help="Only this person, their meetings, follow-ups, referrals, decisions and GAINS changes (repeatable).", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Only people with this tag, and what --person would keep for them (repeatable: any of them).", show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only meetings, referrals, decisions and GAINS changes on or after DATE, and the people and follow-ups they concern.", show_default=False)] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (created 0600) instead of stdout.", show_default=False)] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of the JSON export and exit.")] = False,
) -> None:
    """Export the journal, or part of it: people, meetings with attendees and scores, follow-ups, referrals, decisions and GAINS changes (see docs/export.md)."""
    from netjournal.app.export import ExportFilter, export_stream
    from netjournal.domain.text import normalize_tag
    from netjournal.formats.registry import CSV_TABLES, exporter

    if schema:
        from netjournal.formats.schema import schema_bytes

        sys.stdout.buffer.write(schema_bytes())
        sys.stdout.buffer.flush()
        return
    chosen = _format(fmt, as_json, as_jsonl)
    if table is not None and chosen != "csv":
        raise InvalidValue("--table goes with --format csv.")
    table = (table or "people").strip().lower()
    if table not in CSV_TABLES:
        raise InvalidValue(f"--table: {table!r} is not one of {', '.join(CSV_TABLES)}.")
    try:
        tags = tuple(dict.fromkeys(normalize_tag(t) for t in tag or ()))
    except ValueError as exc:
        raise InvalidValue(f"--tag: {exc}.") from None
    s = run.settings
    only = ExportFilter(people=tuple(person or ()), tags=tags,
                        since=option_since("--since", since, s.today, future_ok=True) if since else None)
    fmt_ = exporter(chosen, table)
    with run.journal() as j, closing(export_stream(j, now=s.now, only=only, sections=fmt_.sections)) as pairs:
        if output is None or output == "-":
            sys.stdout.flush()
            fmt_.write(pairs, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            from netjournal.storage.files import write_private

            write_private(Path(output), lambda f: fmt_.write(pairs, f))
            run.out.say(f"Exported to {output}.")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
