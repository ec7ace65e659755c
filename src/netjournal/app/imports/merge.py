"""A netj export into a journal with data: new ids, people matched, nothing added twice."""

from __future__ import annotations

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
from netjournal.app.imports.rows import (
    ATTENDANCE_INSERT,
    DECISION_INSERT,
    FOLLOW_UP_INSERT,
    GAINS_CHANGE_INSERT,
    MEETING_INSERT,
    REFERRAL_INSERT,
    SAME_AUTHOR,
    SCORE_INSERT,
)
from netjournal.app.imports.summary import ImportItem, ImportSummary
from netjournal.storage import derived
from netjournal.storage.base import Connection
from netjournal.storage.queries.people import free_handle


class Merge:
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
            f"AND place IS ? AND notes IS ? AND {SAME_AUTHOR} ORDER BY author IS NULL, id",
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
        mid = self.conn.execute(MEETING_INSERT.format("", ""), (*m[1:7], m[7] or self.default_author)).lastrowid
        self.conn.executemany(ATTENDANCE_INSERT, [(mid, pid, m[1], late) for pid, late, _, _ in atts])
        self.conn.executemany(SCORE_INSERT, [(mid, pid, d, v, by.get(d) or self.default_author)
                                              for pid, _, scores, by in atts for d, v in scores.items()])
        self.meetings[m[0]] = mid
        self.touched.update(who)
        self.summary.meetings_created += 1

    def follow_up(self, obj: dict, line: int | None) -> None:
        _fid, fpid, fmid, text, due_on, done_on, created, owed_by, author = follow_up_row(obj)
        if fpid not in self.people:
            raise Bad(f"person_id {fpid} is not a person of the file")
        if fmid is not None and fmid not in self.meetings:
            raise Bad(f"meeting_id {fmid} is not a meeting of the file")
        pid, mid = self.people[fpid], self.meetings.get(fmid) if fmid is not None else None
        same = self.conn.execute(
            "SELECT id FROM follow_up WHERE person_id = ? AND text = ? AND due_on = ? AND created_at = ? "
            f"AND {SAME_AUTHOR} ORDER BY author IS NULL, id", (pid, text, due_on, created, author, author)).fetchone()
        author = author or self.default_author
        if same:
            self.conn.execute("UPDATE follow_up SET author = ? WHERE id = ? AND author IS NULL", (author, same[0]))
            self.summary.follow_ups_skipped += 1
            return
        self.conn.execute(FOLLOW_UP_INSERT.format("", ""), (pid, mid, text, due_on, done_on, created, owed_by, author))
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
                f"AND on_date = ? AND created_at = ? AND {SAME_AUTHOR} ORDER BY author IS NULL, id")
        found = self.conn.execute(same, key).fetchone()
        author = author or self.default_author
        if found:
            self.conn.execute("UPDATE referral SET author = ? WHERE id = ? AND author IS NULL", (author, found[0]))
        self._add("referrals", (rid, direction, pid, other, on, note, outcome, outcome_on, value, created, updated,
                                author), REFERRAL_INSERT, same, key)

    def decision(self, obj: dict, line: int | None) -> None:
        did, fpid, on, status, review_on, reason, created = decision_row(obj)
        pid = self._person_of(fpid)
        self._add("decisions", (did, pid, on, status, review_on, reason, created), DECISION_INSERT,
                  "SELECT 1 FROM decision WHERE person_id = ? AND decided_on = ? AND status = ? AND created_at = ?",
                  (pid, on, status, created))

    def gains_change(self, obj: dict, line: int | None) -> None:
        gid, fpid, name, value, on, created = gains_change_row(obj)
        pid = self._person_of(fpid)
        self._add("gains_changes", (gid, pid, name, value, on, created), GAINS_CHANGE_INSERT,
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
