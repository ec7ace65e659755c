"""``netj export``: the journal, or a slice of it, as records in a fixed order."""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from netjournal.app.resolve import require
from netjournal.domain.dates import utc_stamp
from netjournal.domain.records import EXPORT_SCHEMA_VERSION
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.export import (
    ExportScope,
    export_scope,
    iter_decisions,
    iter_follow_ups,
    iter_gains_changes,
    iter_meetings,
    iter_people,
    iter_referrals,
)


@dataclass(frozen=True)
class ExportHeader:
    schema_version: int
    exported_at: str


@dataclass(frozen=True)
class ExportFilter:
    """What ``netj export --person/--tag/--since`` asks for; empty = everything."""

    people: tuple[str, ...] = ()  # handles, emails or names, as typed
    tags: tuple[str, ...] = ()
    since: date | None = None

    def __bool__(self) -> bool:
        return bool(self.people or self.tags or self.since)


EXPORT_SECTIONS = ("person", "meeting", "follow_up", "referral", "decision", "gains_change")
_READERS = (("person", iter_people), ("meeting", iter_meetings), ("follow_up", iter_follow_ups),
            ("referral", iter_referrals), ("decision", iter_decisions), ("gains_change", iter_gains_changes))


def export_stream(
    journal: Journal, *, now: datetime, only: ExportFilter | None = None,
    sections: Sequence[str] = EXPORT_SECTIONS,
) -> Generator[tuple[str, object], None, None]:
    """The journal (or the slice ``only`` selects) as ``(type, record)`` pairs,
    header first, in a fixed order, from one consistent snapshot, without
    loading it all into memory. ``sections`` leaves out the record types a
    format does not write. Unknown people raise before the header is yielded,
    so nothing has been written when the filter is wrong."""
    with journal.read() as conn:
        scope = None
        if only:
            ids = [require(conn, ref, hint="See `netj people list`.")[0] for ref in only.people]
            scope = export_scope(person_ids=list(dict.fromkeys(ids)), tags=only.tags, since=only.since)
        yield from records(conn, now=now, scope=scope, sections=sections)


def records(conn: Connection, *, now: datetime, scope: ExportScope | None = None,
            sections: Sequence[str] = EXPORT_SECTIONS) -> Iterator[tuple[str, object]]:
    """What ``conn`` sees (in the transaction it is in) as export records, header first."""
    yield "header", ExportHeader(EXPORT_SCHEMA_VERSION, utc_stamp(now))
    for kind, read in _READERS:
        if kind in sections:
            for record in read(conn, scope=scope):
                yield kind, record
