"""What every command shares: settings from the context, opening the journal,
option types, date parsing with the option's name, completion of people."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from netjournal.cli.coercion import unfiltered
from netjournal.settings.env import DEMO_FILE, Settings, data_dir, resolve
from netjournal.domain.dates import Prefer, Span, parse_date, parse_span
from netjournal.errors import InvalidValue, MissingValue
from netjournal.render import Output


@dataclass
class RootOptions:
    db: str | None = None
    today: str | None = None
    no_input: bool = False
    demo: bool = False


def root(ctx: typer.Context) -> RootOptions:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, RootOptions) else RootOptions()


def settings(ctx: typer.Context, *, no_input: bool = False, db: str | None = None, today: str | None = None) -> Settings:
    """Settings for this run; options given after the command win over the same
    options given before it (``netj --db A due --db B`` reads B)."""
    opts = root(ctx)
    db = db or opts.db
    if opts.demo and not db:
        db = str(data_dir() / DEMO_FILE)
    return resolve(db=db, today=today or opts.today, no_input=no_input or opts.no_input)


@contextmanager
def journal(s: Settings, out: Output) -> Iterator:
    from netjournal.storage.base import damage_of
    from netjournal.storage.open import open_journal

    j = open_journal(s.db_url or s.db_path, now=s.now, notify=out.say)
    try:
        for w in j.warnings:
            out.warn(w)
        yield j
    except Exception as exc:
        damaged = damage_of(exc, j.path)
        if damaged is None:
            raise
        raise damaged from None
    finally:
        j.close()


def option_date(option: str, text: str, today: date, *, prefer: Prefer = "past") -> date:
    try:
        return parse_date(text, today, prefer=prefer)
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc.message}") from None


def option_span(option: str, text: str) -> Span:
    try:
        return parse_span(text)
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc.message}") from None


def option_since(option: str, text: str, today: date, *, future_ok: bool = False) -> date:
    """The start of a period that ends today, typed as a span back (``90d``,
    ``3m``) or a date (``2026-01-01``, ``3 months ago``); see :func:`parse_since`.
    ``future_ok``: a date after today is allowed too (an export of what is
    dated from then on, empty for now)."""
    from netjournal.domain.dates import parse_since

    try:
        return parse_since(text, today)
    except InvalidValue as exc:
        if future_ok:
            try:
                return parse_date(text, today, prefer="past")
            except InvalidValue:
                pass
        raise InvalidValue(f"{option}: {exc.message}") from None


def require_value(s: Settings, value, *, what: str, option: str, ask):
    """``value`` if given; otherwise ask in a terminal, or fail with exit 2."""
    if value is not None and value != [] and value != "":
        return value
    if not s.interactive:
        raise MissingValue(f"{what} is required; pass {option} (no prompt without a terminal or with --no-input).")
    return ask()


def _complete(ctx: typer.Context, use_case) -> list[tuple[str, str]]:
    """Run a completion use case on the journal (never creating one)."""
    try:
        s = settings(ctx)
        from netjournal.storage.open import open_journal

        if not s.db_url and not s.db_path.exists():
            return []
        j = open_journal(s.db_url or s.db_path, now=s.now)
        try:
            return use_case(j)
        finally:
            j.close()
    except Exception:  # completion must never print a traceback into the shell
        return []


@unfiltered  # name matches do not start with what was typed
def complete_person(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of people: handles starting with what was typed, then
    people with a name word starting with it (``Park`` → ron-park, "Ron Park")."""
    from netjournal.app.resolve import complete_handles

    return _complete(ctx, lambda j: complete_handles(j, incomplete))


def complete_follow_up(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of open follow-ups' numbers, with whose and what promise as help."""
    from netjournal.render import one_line
    from netjournal.app.resolve import complete_follow_ups

    return _complete(ctx, lambda j: [(str(fid), f"{handle}: {one_line(text, 50)}")
                                     for fid, handle, text in complete_follow_ups(j, incomplete)])


@unfiltered  # "ruiz" and "ana" both complete "Ana Ruiz", case aside
def complete_author(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of authors: everyone who has written in the journal
    with a word starting with what was typed."""
    from netjournal.app.resolve import complete_authors

    return _complete(ctx, lambda j: complete_authors(j, incomplete))


Json = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead of a table.")]
Author = Annotated[str | None, typer.Option("--author", metavar="NAME", autocompletion=complete_author, show_default=False,
                                            help="Only what NAME wrote: their meetings, scores, follow-ups and referrals.")]
ByAuthor = Annotated[bool, typer.Option("--by-author", help="One scorecard per author: how each of you scored the partner.")]
NoInput = Annotated[bool, typer.Option("--no-input", help="Never prompt; a missing value is an error (exit 2).")]
Db = Annotated[str | None, typer.Option("--db", metavar="PATH|URL", hidden=True, help="Journal file or postgresql:// URL (also accepted before the command).")]
Today = Annotated[str | None, typer.Option("--today", hidden=True, help="Pin today's date (tests, demos).")]
PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="Handle, email or name of the person.", autocompletion=complete_person, show_default=False)
]


def read_note_file(path: str) -> str:
    """The text of ``--note-file`` (``-`` for stdin), as strict UTF-8."""
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            data = Path(path).expanduser().read_bytes()
    except FileNotFoundError:
        raise InvalidValue(f"--note-file: no such file {path!r}.") from None
    except IsADirectoryError:
        raise InvalidValue(f"--note-file: {path!r} is a directory.") from None
    except OSError as exc:
        raise InvalidValue(f"--note-file: cannot read {path!r}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidValue(
            f"--note-file: {path!r} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8."
        ) from None
