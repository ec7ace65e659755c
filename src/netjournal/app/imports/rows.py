"""The rows of a netj import: the statements that insert them, and when two entries are the same."""

from __future__ import annotations

BATCH = 5000


REFERRAL_INSERT = ("INSERT INTO referral (id, direction, person_id, other_person_id, on_date, note, outcome, "
                    "outcome_on, value, created_at, updated_at, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


MEETING_INSERT = "INSERT INTO meeting ({}on_date, at_time, kind, place, notes, created_at, author) VALUES ({}?, ?, ?, ?, ?, ?, ?)"


ATTENDANCE_INSERT = "INSERT INTO attendance (meeting_id, person_id, on_date, minutes_late) VALUES (?, ?, ?, ?)"


SCORE_INSERT = "INSERT INTO score (meeting_id, person_id, dimension, value, author) VALUES (?, ?, ?, ?, ?)"


FOLLOW_UP_INSERT = ("INSERT INTO follow_up ({}person_id, meeting_id, text, due_on, done_on, created_at, owed_by, author) "
                     "VALUES ({}?, ?, ?, ?, ?, ?, ?, ?)")


DECISION_INSERT = ("INSERT INTO decision (id, person_id, decided_on, status, review_on, reason, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)")


GAINS_CHANGE_INSERT = ("INSERT INTO gains_change (id, person_id, field, value, changed_on, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)")


# When merging, an entry is the same one only with the same author; an entry
# without one (written before schema v5) is the same as its copy with an
# author, which then fills it in (as a matched person's empty fields are).
SAME_AUTHOR = "(author IS ? OR author IS NULL OR CAST(? AS TEXT) IS NULL)"  # typed: PostgreSQL must know it
