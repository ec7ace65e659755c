"""The context of a run: the options given before the command, the settings
they and the environment make, and the journal those settings name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from netjournal.render.core import Output
from netjournal.settings.env import DEMO_FILE, Settings, data_dir, resolve

if TYPE_CHECKING:
    from netjournal.storage.base import Journal


@dataclass
class RootOptions:
    """The options given before the command (``netj --db X due``)."""

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


def command_name(ctx: typer.Context) -> str:
    """The command being run, as the undo record lists it: ``meetings edit``."""
    return ctx.command_path.partition(" ")[2] or ctx.command_path


@contextmanager
def journal(s: Settings, out: Output, command: str | None = None) -> Iterator[Journal]:
    """The journal of these settings, open for the block; its warnings said on
    stderr, a damaged file named in one line. What ``command`` writes goes in
    the undo record, as written by the user of these settings."""
    from netjournal.storage.base import damage_of
    from netjournal.storage.open import open_journal
    from netjournal.storage.undo.record import Writer

    j = open_journal(s.db_url or s.db_path, now=s.now, notify=out.say)
    if command is not None:
        j.writer = Writer(command, lambda: s.author_if_known)
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
