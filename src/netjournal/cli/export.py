"""``netj export``: the whole journal as JSON or JSON Lines."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from netjournal.cli.common import Db, Today, journal, settings
from netjournal.errors import InvalidValue
from netjournal.render import Output


def export(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document (the default).")] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="JSON Lines: one record per line, with a type field.")] = False,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (created 0600) instead of stdout.", show_default=False)] = None,
    db: Db = None,
    today: Today = None,
) -> None:
    """Export the journal: people, meetings with attendees and scores, follow-ups (see docs/json.md)."""
    from netjournal import services
    from netjournal.formats import netj

    if as_json and as_jsonl:
        raise InvalidValue("choose one of --json and --jsonl.")
    write = netj.write_jsonl if as_jsonl else netj.write_json
    s = settings(ctx, db=db, today=today)
    out = Output()
    with journal(s, out) as j, closing(services.export_stream(j, now=s.now)) as pairs:
        if output is None or output == "-":
            sys.stdout.flush()
            write(pairs, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            _write_private(Path(output), lambda f: write(pairs, f))
            out.say(f"Exported to {output}.")


def _write_private(path: Path, fill) -> None:
    """Write via a 0600 temporary file renamed into place: never a partial file."""
    path = path.expanduser()
    if path.is_dir():
        raise InvalidValue(f"--output: {path} is a directory.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise InvalidValue(f"--output: cannot write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    app.command("export")(export)
