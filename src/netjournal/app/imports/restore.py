"""A netj export into an empty journal: ids kept, rows in bulk."""

from __future__ import annotations

from netjournal.app.imports.identity import PERSON_INSERT
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
from netjournal.app.imports.rows import (
    ATTENDANCE_INSERT,
    BATCH,
    DECISION_INSERT,
    FOLLOW_UP_INSERT,
    GAINS_CHANGE_INSERT,
    MEETING_INSERT,
    REFERRAL_INSERT,
    SCORE_INSERT,
)
from netjournal.app.imports.summary import ImportItem, ImportSummary
from netjournal.storage.base import Connection


class Restore:
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
                c.executemany(MEETING_INSERT.format("id, ", "?, "), self.meetings)
            except self.conn.dialect.integrity_errors():
                raise Bad("a meeting id appears twice") from None
            c.executemany(ATTENDANCE_INSERT, self.attendance)
            c.executemany(SCORE_INSERT, self.scores)
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
            self.conn.execute(FOLLOW_UP_INSERT.format("id, ", "?, "), f)
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
        self._insert(REFERRAL_INSERT, r, "referral")
        self.summary.referrals_created += 1

    def decision(self, obj: dict, line: int | None) -> None:
        d = decision_row(obj)
        self._person_of(d[1])
        self._insert(DECISION_INSERT, d, "decision")
        self.summary.decisions_created += 1

    def gains_change(self, obj: dict, line: int | None) -> None:
        g = gains_change_row(obj)
        self._person_of(g[1])
        self._insert(GAINS_CHANGE_INSERT, g, "GAINS change")
        self.summary.gains_changes_created += 1

    def finish(self) -> None:
        self._flush()
