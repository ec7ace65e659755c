"""What every command shares: the options, the settings of the run, opening
the journal, and :func:`command`, which gives a command all of them.

A command is written as ``def due(run: Run, within: …) -> None`` and
registered as ``app.command("due")(command()(due))``: the decorator adds the
hidden ``--db`` and ``--today`` options (also accepted before the command),
``--json`` and ``--no-input`` where asked for, and hands the function a
:class:`Run` holding the settings, the output and the journal to open.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from netjournal.cli.completion import complete_author, complete_person
from netjournal.cli.context import journal, settings
from netjournal.domain.dates import Prefer, Span, parse_date, parse_span
from netjournal.errors import InvalidValue, MissingValue
from netjournal.render.core import Output, emit_json
from netjournal.settings.env import Settings

if TYPE_CHECKING:
    from netjournal.storage.base import Journal

T = TypeVar("T")

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


class Run:
    """One run of a command: its context, settings (resolved when first
    needed), output, and whether JSON was asked for."""

    def __init__(self, ctx: typer.Context, *, no_input: bool = False, db: str | None = None,
                 today: str | None = None, as_json: bool = False) -> None:
        self.ctx, self.as_json, self.out = ctx, as_json, Output()
        self.no_input = no_input
        self.asked_db = db  # --db as given after the command (before it: see root())
        self.asked_today = today

    @cached_property
    def settings(self) -> Settings:
        return settings(self.ctx, no_input=self.no_input, db=self.asked_db, today=self.asked_today)

    @property
    def today(self) -> date:
        return self.settings.today

    @property
    def interactive(self) -> bool:
        return self.settings.interactive

    def journal(self) -> AbstractContextManager[Journal]:
        """The journal, open for the block; what this command writes goes in the undo record."""
        from netjournal.cli.context import command_name

        return journal(self.settings, self.out, command_name(self.ctx))

    def emit(self, record: object, show: Callable[[], object] | None = None) -> None:
        """``record`` as JSON on stdout with ``--json``, else ``show()`` (a table, a line)."""
        if self.as_json:
            emit_json(record)
        elif show is not None:
            show()

    def require(self, value: T | None, *, what: str, option: str, ask: Callable[[], T]) -> T:
        """``value`` if given; otherwise ask in a terminal, or fail with exit 2."""
        return require_value(self.settings, value, what=what, option=option, ask=ask)


def command(*, json: bool = True, no_input: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Turn ``fn(run, …)`` into a Typer callback with the shared options:
    hidden ``--db`` and ``--today``, ``--json`` when ``json``, ``--no-input``
    when ``no_input``."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(fn, eval_str=True)
        own = list(sig.parameters.values())[1:]  # after run
        shared: list[tuple[str, object, object]] = [("no_input", NoInput, False)] if no_input else []
        shared += [("as_json", Json, False)] if json else []
        shared += [("db", Db, None), ("today", Today, None)]
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        params = [inspect.Parameter("ctx", kind, annotation=typer.Context), *own,
                  *(inspect.Parameter(name, kind, annotation=ann, default=default) for name, ann, default in shared)]

        @functools.wraps(fn)
        def callback(ctx: typer.Context, **kw: Any) -> Any:
            run = Run(ctx, no_input=kw.pop("no_input") if no_input else False,
                      as_json=kw.pop("as_json") if json else False, db=kw.pop("db"), today=kw.pop("today"))
            return fn(run, **kw)

        callback.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        callback.__annotations__ = {p.name: p.annotation for p in params}
        return callback

    return decorate


# --- option values ---------------------------------------------------------------------------


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


def require_value(s: Settings, value: T | None, *, what: str, option: str, ask: Callable[[], T]) -> T:
    """``value`` if given; otherwise ask in a terminal, or fail with exit 2."""
    if value is not None and value != [] and value != "":
        return value
    if not s.interactive:
        raise MissingValue(f"{what} is required; pass {option} (no prompt without a terminal or with --no-input).")
    return ask()


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
