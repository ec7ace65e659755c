"""Shell completion of people, follow-up ids and authors, from the journal.

Completion never creates a journal, never prints a traceback into the shell
and never loads the ORM or pydantic (each TAB starts netj anew).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer

from netjournal.cli.coercion import unfiltered

T = TypeVar("T")


def _complete(ctx: typer.Context, use_case: Callable[[Any], list[T]]) -> list[T]:
    """Run a completion use case on the journal (never creating one)."""
    try:
        from netjournal.cli.context import settings
        from netjournal.storage.open import open_journal

        s = settings(ctx)
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
    """Handles starting with what was typed, then people with a name word
    starting with it (``Park`` → ron-park, "Ron Park")."""
    from netjournal.app.resolve import complete_handles

    return _complete(ctx, lambda j: complete_handles(j, incomplete))


def complete_follow_up(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Open follow-ups' numbers, with whose and what promise as help."""
    from netjournal.app.resolve import complete_follow_ups

    return _complete(ctx, lambda j: _promises(complete_follow_ups(j, incomplete)))


def complete_done_follow_up(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Numbers of the follow-ups marked done (to reopen one)."""
    from netjournal.app.resolve import complete_any_follow_ups

    return _complete(ctx, lambda j: _promises(complete_any_follow_ups(j, incomplete, done=True)))


def complete_any_follow_up(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Numbers of every follow-up, open ones first (to correct or remove one)."""
    from netjournal.app.resolve import complete_any_follow_ups

    return _complete(ctx, lambda j: _promises(complete_any_follow_ups(j, incomplete, done=None)))


def _promises(rows: list[tuple[int, str, str]]) -> list[tuple[str, str]]:
    from netjournal.render.core import one_line

    return [(str(fid), f"{handle}: {one_line(text, 50)}") for fid, handle, text in rows]


@unfiltered  # "ruiz" and "ana" both complete "Ana Ruiz", case aside
def complete_author(ctx: typer.Context, incomplete: str) -> list[str]:
    """Everyone who has written in the journal with a word starting with what was typed."""
    from netjournal.app.resolve import complete_authors

    return _complete(ctx, lambda j: complete_authors(j, incomplete))


def complete_meeting(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Meetings' numbers, newest first, with when, what and who as help."""
    from netjournal.app.resolve import complete_meetings
    from netjournal.render.core import one_line

    return _complete(ctx, lambda j: [(str(mid), one_line(f"{on} {kind}: {who}", 60))
                                     for mid, on, kind, who in complete_meetings(j, incomplete)])


def complete_referral(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Referrals' numbers, newest first, with when, which way and with whom as help."""
    from netjournal.app.resolve import complete_referrals

    return _complete(ctx, lambda j: [(str(rid), f"{on} {way} {'to' if way == 'given' else 'from'} {handle}")
                                     for rid, on, way, handle in complete_referrals(j, incomplete)])
