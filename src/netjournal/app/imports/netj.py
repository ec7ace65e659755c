"""A netj export into the journal: restored (ids kept) into an empty one,
merged (new ids, nothing added twice) into one with data; in one transaction.

Rows are written with the connection (``executemany`` in batches for
meetings), not one ORM object at a time: a 1,000,000-meeting JSONL restore
must run at bulk-insert speed in constant memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from netjournal.app.imports.identity import PERSON_INSERT, add_tags, fill_in, matches
from netjournal.app.imports.records import (
    Bad,
    attendees,
    decision_row,
    follow_up_row,
    gains_change_row,
    integer,
    meeting_row,
    person_row,
    referral_row,
)
from netjournal.app.imports.summary import (
    ImportItem,
    ImportSummary,
    JournalNotEmpty,
    failed,
    run_in_transaction,
)
from netjournal.domain.dates import utc_stamp
from netjournal.storage import derived
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.people import free_handle

BATCH = 5000


_REFERRAL_INSERT = ("INSERT INTO referral (id, direction, person_id, other_person_id, on_date, note, outcome, "
                    "outcome_on, value, created_at, updated_at, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


_MEETING_INSERT = "INSERT INTO meeting ({}on_date, at_time, kind, place, notes, created_at, author) VALUES ({}?, ?, ?, ?, ?, ?, ?)"


_ATTENDANCE_INSERT = "INSERT INTO attendance (meeting_id, person_id, on_date, minutes_late) VALUES (?, ?, ?, ?)"


_SCORE_INSERT = "INSERT INTO score (meeting_id, person_id, dimension, value, author) VALUES (?, ?, ?, ?, ?)"


_FOLLOW_UP_INSERT = ("INSERT INTO follow_up ({}person_id, meeting_id, text, due_on, done_on, created_at, owed_by, author) "
                     "VALUES ({}?, ?, ?, ?, ?, ?, ?, ?)")


_DECISION_INSERT = ("INSERT INTO decision (id, person_id, decided_on, status, review_on, reason, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)")


_GAINS_CHANGE_INSERT = ("INSERT INTO gains_change (id, person_id, field, value, changed_on, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)")


# When merging, an entry is the same one only with the same author; an entry
# without one (written before schema v5) is the same as its copy with an
# author, which then fills it in (as a matched person's empty fields are).
_SAME_AUTHOR = "(author IS ? OR author IS NULL OR CAST(? AS TEXT) IS NULL)"  # typed: PostgreSQL must know it


# Every table of records, those that refer to others first (``replace``).
_CLEAR_ORDER = ("score", "attendance", "follow_up", "referral", "decision", "gains_change", "person_tag", "meeting",
                "person")


def import_netj(
    journal: Journal, source: str, records: Iterator[tuple[str, dict, int | None]], *, now: datetime,
    tags: Iterable[str] = (), dry_run: bool = False, progress: Callable[[int], None] | None = None,
    only_into_empty: bool = False, replace: bool = False, author: str | None = None,
    before_replace: Callable[[Connection], None] | None = None,
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
    without one; entries with an author keep theirs.
    """
    from netjournal.domain.inputs import normalize_tag
    from netjournal.formats.netj import NetjFormatError

    extra_tags = sorted({normalize_tag(t) for t in tags})
    summary = ImportSummary(file=source, format="netj", dry_run=dry_run)
    stamp = utc_stamp(now)

    def body(conn: Connection) -> ImportSummary:
        if replace:
            if before_replace is not None:
                before_replace(conn)
            for table in _CLEAR_ORDER:
                conn.execute(f"DELETE FROM {table}")
        restore = not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                          for t in ("person", "meeting", "follow_up"))
        if only_into_empty and not restore:
            raise JournalNotEmpty(*(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                    for t in ("person", "meeting", "follow_up")))
        summary.ids_kept = restore
        loader = (_Restore(conn, summary, extra_tags, author) if restore
                  else _Merge(conn, summary, extra_tags, stamp, author))
        line: int | None = None
        order = {"header": 0, "person": 1, "meeting": 2, "follow_up": 3, "referral": 4, "decision": 5,
                 "gains_change": 6}
        last = -1
        n = 0
        try:
            for kind, obj, line in records:
                if order[kind] < last:
                    raise Bad(f"a {kind} record after the {[k for k, v in order.items() if v == last][0]} records; "
                               "netj exports list people, then meetings, follow-ups, referrals, decisions "
                               "and GAINS changes")
                last = order[kind]
                if kind == "header":
                    continue
                getattr(loader, kind)(obj, line)
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


class _Restore:
    """Into an empty journal: ids kept, rows in bulk."""

    def __init__(self, conn: Connection, summary: ImportSummary, extra_tags: list[str],
                 default_author: str | None = None) -> None:
        self.conn, self.summary, self.extra_tags = conn, summary, extra_tags
        self.default_author = default_author  # for the entries without an author (import --author)
        self.people: set[int] = set()
        self.meetings: list[tuple] = []
        self.attendance: list[tuple] = []
        self.scores: list[tuple] = []
        self.meeting_lines: list[int | None] = []

    def person(self, obj: dict, line: int | None) -> None:
        row, tags = person_row(obj)
        pid = integer(obj, "id", required=True)
        if pid in self.people:
            raise Bad(f"person id {pid} appears twice")
        row["id"] = pid
        try:
            self.conn.execute(PERSON_INSERT.replace("(handle,", "(id, handle,").replace("(:handle,", "(:id, :handle,"), row)
        except self.conn.dialect.integrity_errors() as exc:
            what = "handle" if "handle" in str(exc) else "email" if "email" in str(exc) else "record"
            raise Bad(f"the {what} of person {pid} is already used by an earlier person") from None
        self.conn.executemany("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)",
                              [(pid, t) for t in sorted(set(tags) | set(self.extra_tags))])
        self.people.add(pid)
        self.summary.add(ImportItem(line, "created", row["handle"], row["name"]))

    def meeting(self, obj: dict, line: int | None) -> None:
        m = meeting_row(obj)
        m = (*m[:7], m[7] or self.default_author)
        for pid, late, scores, scored_by in attendees(obj):
            if pid not in self.people:
                raise Bad(f"attendee person_id {pid} is not a person of the file")
            self.attendance.append((m[0], pid, m[1], late))
            self.scores.extend((m[0], pid, dim, v, scored_by.get(dim) or self.default_author)
                               for dim, v in scores.items())
        self.meetings.append(m)
        if len(self.meetings) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        c = self.conn
        if self.meetings:
            try:
                c.executemany(_MEETING_INSERT.format("id, ", "?, "), self.meetings)
            except self.conn.dialect.integrity_errors():
                raise Bad("a meeting id appears twice") from None
            c.executemany(_ATTENDANCE_INSERT, self.attendance)
            c.executemany(_SCORE_INSERT, self.scores)
            self.summary.meetings_created += len(self.meetings)
        self.meetings, self.attendance, self.scores = [], [], []

    def follow_up(self, obj: dict, line: int | None) -> None:
        self._flush()
        f = follow_up_row(obj)
        f = (*f[:8], f[8] or self.default_author)
        if f[1] not in self.people:
            raise Bad(f"person_id {f[1]} is not a person of the file")
        if f[2] is not None and not self.conn.execute("SELECT 1 FROM meeting WHERE id = ?", (f[2],)).fetchone():
            raise Bad(f"meeting_id {f[2]} is not a meeting of the file")
        try:
            self.conn.execute(_FOLLOW_UP_INSERT.format("id, ", "?, "), f)
        except self.conn.dialect.integrity_errors():
            raise Bad(f"follow-up id {f[0]} appears twice") from None
        self.summary.follow_ups_created += 1

    def _person_of(self, pid: int | None, key: str = "person_id") -> None:
        if pid is not None and pid not in self.people:
            raise Bad(f"{key} {pid} is not a person of the file")

    def _insert(self, sql: str, row: tuple, what: str) -> None:
        try:
            self.conn.execute(sql, row)
        except self.conn.dialect.integrity_errors() as exc:
            if "UNIQUE" not in str(exc).upper():
                raise
            raise Bad(f"{what} id {row[0]} appears twice") from None

    def referral(self, obj: dict, line: int | None) -> None:
        r = referral_row(obj)
        r = (*r[:11], r[11] or self.default_author)
        self._person_of(r[2])
        self._person_of(r[3], "other_person_id")
        self._insert(_REFERRAL_INSERT, r, "referral")
        self.summary.referrals_created += 1

    def decision(self, obj: dict, line: int | None) -> None:
        d = decision_row(obj)
        self._person_of(d[1])
        self._insert(_DECISION_INSERT, d, "decision")
        self.summary.decisions_created += 1

    def gains_change(self, obj: dict, line: int | None) -> None:
        g = gains_change_row(obj)
        self._person_of(g[1])
        self._insert(_GAINS_CHANGE_INSERT, g, "GAINS change")
        self.summary.gains_changes_created += 1

    def finish(self) -> None:
        self._flush()


class _Merge:
    """Into a journal with data: new ids, matching, nothing added twice."""

    def __init__(self, conn: Connection, summary: ImportSummary, extra_tags: list[str], stamp: str,
                 default_author: str | None = None) -> None:
        self.conn, self.summary, self.extra_tags, self.stamp = conn, summary, extra_tags, stamp
        self.default_author = default_author  # for the entries without an author, here or in the file
        self.people: dict[int, int] = {}  # file id -> journal id
        self.meetings: dict[int, int] = {}
        self.touched: set[int] = set()

    def person(self, obj: dict, line: int | None) -> None:
        row, tags = person_row(obj)
        fid = integer(obj, "id", required=True)
        if fid in self.people:
            raise Bad(f"person id {fid} appears twice")
        tags = sorted(set(tags) | set(self.extra_tags))
        found = matches(self.conn, [row["email"]] if row["email"] else [], row["url"])
        if not found:
            found = [pid for (pid,) in self.conn.execute(
                "SELECT id FROM person WHERE handle = :h AND created_at = :c", {"h": row["handle"], "c": row["created_at"]})]
        if len(found) > 1:
            raise Bad(f"person {fid} ({row['handle']}) matches {len(found)} people in the journal")
        if found:
            pid = found[0]
            handle = self.conn.execute("SELECT handle FROM person WHERE id = ?", (pid,)).fetchone()[0]
            changed = fill_in(self.conn, pid, row, tags, self.stamp)
            self.summary.add(ImportItem(line, "merged" if changed else "unchanged", handle, row["name"],
                                        ("filled " + ", ".join(changed)) if changed else None))
        else:
            if self.conn.execute("SELECT 1 FROM person WHERE handle = ?", (row["handle"],)).fetchone():
                row["handle"] = free_handle(self.conn, row["handle"])
            pid = self.conn.execute(PERSON_INSERT, row).lastrowid
            add_tags(self.conn, pid, tags)
            self.summary.add(ImportItem(line, "created", row["handle"], row["name"]))
        self.people[fid] = pid

    def meeting(self, obj: dict, line: int | None) -> None:
        m = meeting_row(obj)
        atts = []
        for fpid, late, scores, scored_by in attendees(obj):
            if fpid not in self.people:
                raise Bad(f"attendee person_id {fpid} is not a person of the file")
            atts.append((self.people[fpid], late, scores, scored_by))
        who = sorted(p for p, _, _, _ in atts)
        for mid, there_author in self.conn.execute(
            "SELECT id, author FROM meeting WHERE on_date = ? AND created_at = ? AND kind = ? AND at_time IS ? "
            f"AND place IS ? AND notes IS ? AND {_SAME_AUTHOR} ORDER BY author IS NULL, id",
            (m[1], m[6], m[3], m[2], m[4], m[5], m[7], m[7])).fetchall():
            there = sorted(p for (p,) in self.conn.execute("SELECT person_id FROM attendance WHERE meeting_id = ?", (mid,)))
            if there == who:
                fill = m[7] or self.default_author
                if there_author is None and fill is not None:  # the same entry, now with its author: fill it in
                    self.conn.execute("UPDATE meeting SET author = ? WHERE id = ?", (fill, mid))
                self.conn.executemany(
                    "UPDATE score SET author = ? WHERE meeting_id = ? AND person_id = ? AND dimension = ? "
                    "AND author IS NULL", [(w, mid, pid, d) for pid, _, scores, by in atts for d in scores
                                           if (w := by.get(d) or self.default_author) is not None])
                self.meetings[m[0]] = mid
                self.summary.meetings_skipped += 1
                return
        mid = self.conn.execute(_MEETING_INSERT.format("", ""), (*m[1:7], m[7] or self.default_author)).lastrowid
        self.conn.executemany(_ATTENDANCE_INSERT, [(mid, pid, m[1], late) for pid, late, _, _ in atts])
        self.conn.executemany(_SCORE_INSERT, [(mid, pid, d, v, by.get(d) or self.default_author)
                                              for pid, _, scores, by in atts for d, v in scores.items()])
        self.meetings[m[0]] = mid
        self.touched.update(who)
        self.summary.meetings_created += 1

    def follow_up(self, obj: dict, line: int | None) -> None:
        fid, fpid, fmid, text, due_on, done_on, created, owed_by, author = follow_up_row(obj)
        if fpid not in self.people:
            raise Bad(f"person_id {fpid} is not a person of the file")
        if fmid is not None and fmid not in self.meetings:
            raise Bad(f"meeting_id {fmid} is not a meeting of the file")
        pid, mid = self.people[fpid], self.meetings.get(fmid) if fmid is not None else None
        same = self.conn.execute(
            "SELECT id FROM follow_up WHERE person_id = ? AND text = ? AND due_on = ? AND created_at = ? "
            f"AND {_SAME_AUTHOR} ORDER BY author IS NULL, id", (pid, text, due_on, created, author, author)).fetchone()
        author = author or self.default_author
        if same:
            self.conn.execute("UPDATE follow_up SET author = ? WHERE id = ? AND author IS NULL", (author, same[0]))
            self.summary.follow_ups_skipped += 1
            return
        self.conn.execute(_FOLLOW_UP_INSERT.format("", ""), (pid, mid, text, due_on, done_on, created, owed_by, author))
        self.summary.follow_ups_created += 1

    def _person_of(self, fpid: int | None, key: str = "person_id") -> int | None:
        if fpid is None:
            return None
        if fpid not in self.people:
            raise Bad(f"{key} {fpid} is not a person of the file")
        return self.people[fpid]

    def _add(self, kind: str, row: tuple, insert: str, seen: str, key: tuple) -> None:
        """Insert ``row`` with a new id (its first value, the file's id, is
        dropped) unless ``seen`` with ``key`` finds the same record already there."""
        if self.conn.execute(seen, key).fetchone():
            setattr(self.summary, f"{kind}_skipped", getattr(self.summary, f"{kind}_skipped") + 1)
            return
        self.conn.execute(insert, (None, *row[1:]))
        setattr(self.summary, f"{kind}_created", getattr(self.summary, f"{kind}_created") + 1)

    def referral(self, obj: dict, line: int | None) -> None:
        rid, direction, fpid, fother, on, note, outcome, outcome_on, value, created, updated, author = referral_row(obj)
        pid, other = self._person_of(fpid), self._person_of(fother, "other_person_id")
        # the same referral: same people, direction, date, created_at and author (its outcome may have moved on)
        key = (pid, direction, other, on, created, author, author)
        same = ("SELECT id FROM referral WHERE person_id = ? AND direction = ? AND other_person_id IS ? "
                f"AND on_date = ? AND created_at = ? AND {_SAME_AUTHOR} ORDER BY author IS NULL, id")
        found = self.conn.execute(same, key).fetchone()
        author = author or self.default_author
        if found:
            self.conn.execute("UPDATE referral SET author = ? WHERE id = ? AND author IS NULL", (author, found[0]))
        self._add("referrals", (rid, direction, pid, other, on, note, outcome, outcome_on, value, created, updated,
                                author), _REFERRAL_INSERT, same, key)

    def decision(self, obj: dict, line: int | None) -> None:
        did, fpid, on, status, review_on, reason, created = decision_row(obj)
        pid = self._person_of(fpid)
        self._add("decisions", (did, pid, on, status, review_on, reason, created), _DECISION_INSERT,
                  "SELECT 1 FROM decision WHERE person_id = ? AND decided_on = ? AND status = ? AND created_at = ?",
                  (pid, on, status, created))

    def gains_change(self, obj: dict, line: int | None) -> None:
        gid, fpid, name, value, on, created = gains_change_row(obj)
        pid = self._person_of(fpid)
        self._add("gains_changes", (gid, pid, name, value, on, created), _GAINS_CHANGE_INSERT,
                  "SELECT 1 FROM gains_change WHERE person_id = ? AND field = ? AND value IS ? AND changed_on = ? "
                  "AND created_at = ?", (pid, name, value, on, created))

    def finish(self) -> None:
        """Meetings added to people already in the journal move their clocks."""
        touched = sorted(self.touched)
        # a newer meeting was added: it ends the snooze, as `netj log` does
        self.conn.executemany(
            "UPDATE person SET snoozed_until = NULL WHERE id = ? AND snoozed_until IS NOT NULL AND "
            "(last_contact_on IS NULL OR last_contact_on < (SELECT max(a.on_date) FROM attendance a "
            "WHERE a.person_id = person.id))",
            [(pid,) for pid in touched])
        derived.refresh(self.conn, touched)
