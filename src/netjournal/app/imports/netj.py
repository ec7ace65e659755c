"""A netj export into the journal: restored (ids kept) into an empty one,
merged (new ids, nothing added twice) into one with data; in one transaction.

Rows are written with the connection (``executemany`` in batches for
meetings), not one ORM object at a time: a 1,000,000-meeting JSONL restore
must run at bulk-insert speed in constant memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from netjournal.app.imports.merge import Merge
from netjournal.app.imports.records import (
    Bad,
)
from netjournal.app.imports.restore import Restore
from netjournal.app.imports.summary import (
    ImportSummary,
    JournalNotEmpty,
    failed,
    run_in_transaction,
)
from netjournal.domain.dates import utc_stamp
from netjournal.domain.meetings import future_meeting
from netjournal.storage.base import Connection, Journal
from netjournal.storage.undo import record as undo_record
from netjournal.storage.undo.capture import ID_TABLES

# Every table of records, those that refer to others first (``replace``).
_CLEAR_ORDER = ("score", "attendance", "follow_up", "referral", "decision", "gains_change", "person_tag", "meeting",
                "person")


def import_netj(
    journal: Journal, source: str, records: Iterator[tuple[str, dict, int | None]], *, now: datetime,
    tags: Iterable[str] = (), dry_run: bool = False, progress: Callable[[int], None] | None = None,
    only_into_empty: bool = False, replace: bool = False, author: str | None = None,
    before_replace: Callable[[Connection], None] | None = None, today: date | None = None,
) -> ImportSummary:
    """Restore or merge a netj export.

    Into an empty journal the ids are kept as in the file, so exporting again
    gives the same document. Into a journal that already has data, records
    get new ids (references are remapped), people are matched as contacts are
    (email, profile URL) or as the same record exported before (same handle
    and ``created_at``), and meetings, follow-ups, referrals, decisions and
    GAINS changes already there (same person, date and ``created_at``, for
    meetings, follow-ups and referrals the same author, and for meetings the
    same content) are skipped, so re-importing adds nothing.
    Exports made before schema v3 (no referrals, decisions, GAINS changes or
    ``owed_by``) import as they are. ``only_into_empty`` (``netj db copy``)
    refuses, in the same transaction, a journal that already has data
    (:class:`JournalNotEmpty`) instead of merging into it. ``replace`` (``netj
    db restore`` on a server) first deletes every record, in the same
    transaction: the journal ends up exactly as the file, or as it was.
    ``author`` is recorded on the meetings, scores, follow-ups and referrals
    of the file that have none (an export made before schema v5, handed over
    into a team journal), and on the same entries already in the journal
    without one; entries with an author keep theirs. With ``today`` (``netj
    import``; not a copy or a backup of a journal), a meeting dated after it
    is refused, as ``netj log`` refuses one.
    """
    from netjournal.domain.inputs import normalize_tag
    from netjournal.formats.netj import NetjFormatError

    extra_tags = sorted({normalize_tag(t) for t in tags})
    summary = ImportSummary(file=source, format="netj", dry_run=dry_run)
    stamp = utc_stamp(now)

    def body(conn: Connection) -> ImportSummary:
        # an import is undone whole, from the ranges of ids it added; a copy or a restore is never undone,
        # and a restore leaves no record of the journal it replaced
        if replace:
            undo_record.forget(conn)
        undo_record.mark(conn, "off" if replace or only_into_empty else "bulk")
        if replace:
            if before_replace is not None:
                before_replace(conn)
            for table in _CLEAR_ORDER:
                conn.execute(f"DELETE FROM {table}")
            conn.dialect.restart_ids(conn, ID_TABLES)  # the journal gives ids as the file did, as a restored file does
        restore = not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                          for t in ("person", "meeting", "follow_up"))
        if only_into_empty and not restore:
            raise JournalNotEmpty(*(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                    for t in ("person", "meeting", "follow_up")))
        summary.ids_kept = restore
        loader = (Restore(conn, summary, extra_tags, author) if restore
                  else Merge(conn, summary, extra_tags, stamp, author))
        line: int | None = None
        order = {"header": 0, "person": 1, "meeting": 2, "follow_up": 3, "referral": 4, "decision": 5,
                 "gains_change": 6}
        last = -1
        n = 0
        try:
            for kind, obj, line in records:
                if order[kind] < last:
                    raise Bad(f"a {kind} record after the {next(k for k, v in order.items() if v == last)} records; "
                               "netj exports list people, then meetings, follow-ups, referrals, decisions "
                               "and GAINS changes")
                last = order[kind]
                if kind == "header":
                    continue
                getattr(loader, kind)(obj, line)
                if kind == "meeting" and today is not None and (  # its date was checked by the loader
                        problem := future_meeting(date.fromisoformat(obj["date"]), today)) is not None:
                    raise Bad(f"{problem}; netj records what happened")
                n += 1
                if progress and n % 10000 == 0:
                    progress(n)
            loader.finish()
        except NetjFormatError as exc:
            raise failed(source, exc.message, exc.line) from None
        except Bad as exc:
            raise failed(source, exc.message, line) from None
        except conn.dialect.integrity_errors() as exc:
            raise failed(source, f"the records break a rule of the journal ({exc})", line) from None
        if last < 0:
            raise failed(source, "the file is empty", None)
        if progress:
            progress(n)
        return summary

    return run_in_transaction(journal, dry_run, body)
