"""What an import did, and the one transaction it runs in (a dry run rolls it back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netjournal.errors import NetjError
from netjournal.formats.contacts import FormatProblem
from netjournal.storage.base import Connection, Journal


class ImportFailed(NetjError):
    """The file cannot be imported; nothing was written."""


class JournalNotEmpty(NetjError):
    """``only_into_empty``: the journal already holds records; nothing was written."""

    def __init__(self, people: int, meetings: int, follow_ups: int) -> None:
        super().__init__(f"it already holds {people} people, {meetings} meetings and {follow_ups} follow-ups")
        self.people, self.meetings, self.follow_ups = people, meetings, follow_ups


@dataclass(frozen=True)
class ImportItem:
    """What happened (or would happen) to one person of the file."""

    line: int | None  # where the person is in the file
    action: str  # created, merged, unchanged, skipped
    handle: str | None
    name: str | None
    detail: str | None = None  # what was filled in, or why it was skipped


@dataclass
class ImportSummary:
    file: str
    format: str
    dry_run: bool
    created: int = 0
    merged: int = 0
    skipped: int = 0
    unchanged: int = 0
    meetings_created: int = 0
    meetings_skipped: int = 0
    follow_ups_created: int = 0
    follow_ups_skipped: int = 0
    ids_kept: bool | None = None  # netj format: ids as in the file (an empty journal) or remapped
    items: list[ImportItem] = field(default_factory=list)
    referrals_created: int = 0  # netj format, schema v3 records (after items: fields are only added)
    referrals_skipped: int = 0
    decisions_created: int = 0
    decisions_skipped: int = 0
    gains_changes_created: int = 0
    gains_changes_skipped: int = 0

    def add(self, item: ImportItem) -> None:
        self.items.append(item)
        setattr(self, item.action, getattr(self, item.action) + 1)


class _DryRun(Exception):
    pass


def run_in_transaction(journal: Journal, dry_run: bool, body: Callable[[Connection], ImportSummary]) -> ImportSummary:
    try:
        with journal.write(create=not dry_run) as conn:
            summary = body(conn)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def failed(source: str, exc: FormatProblem | Any, line: int | None, what: str = "line") -> ImportFailed:
    where = f"{source}, {what} {line}" if line else source
    return ImportFailed(f"{where}: {exc}; nothing was imported.")
