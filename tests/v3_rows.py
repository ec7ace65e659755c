"""Schema-v3 rows (referrals, decisions, GAINS, follow-ups owed to you) written
with plain SQL on a journal file, for the export and import tests: the
commands that write them (`netj refer`, `netj gains`, …) are not used here, so
these tests do not depend on them."""

from __future__ import annotations

from pathlib import Path

from backends import writing

# The GAINS values and notes carry what a CSV or JSON writer must not mangle.
GOALS = "Grow the estate practice; \"two\" new partners\n=by spring"
NOTE = "Intro to Maya, over lunch — she took it from there"


def add_v3_rows(db: Path, *, giver: str = "lorraine-chu", other: str = "maya-okafor", sender: str = "ron-park",
                paused: str = "priya-natarajan") -> None:
    """Into the journal at ``db``: a referral given to ``giver`` introducing
    ``other`` (won, with a value and an outcome date), a referral received
    from ``sender`` (open, nothing else known), two decisions about
    ``paused``, three GAINS changes of ``giver`` (one cleared), GAINS fields on
    ``giver`` and ``other``, and one follow-up owed by the person."""
    with writing(db) as c:
        # Start from the demo's meetings only: its own referrals, decisions,
        # GAINS and promises owed to you would blur what each test checks.
        c.execute("DELETE FROM referral")
        c.execute("DELETE FROM decision")
        c.execute("DELETE FROM gains_change")
        for table in ("referral", "decision", "gains_change"):  # their ids start at 1 again
            if c.dialect.name == "postgresql":
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)")
            else:
                c.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        c.execute("UPDATE person SET goals = NULL, accomplishments = NULL, interests = NULL, networks = NULL, "
                  "skills = NULL")
        c.execute("UPDATE follow_up SET owed_by = 'me'")
        ids = dict(c.execute("SELECT handle, id FROM person"))
        c.executemany(
            "INSERT INTO referral (direction, person_id, other_person_id, on_date, note, outcome, outcome_on, value, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [("given", ids[giver], ids[other], "2026-10-20", NOTE, "won", "2026-11-10", 1250.5,
              "2026-10-20T09:00:00Z", "2026-11-10T09:30:00Z"),
             ("received", ids[sender], None, "2026-09-01", None, "open", None, None,
              "2026-09-01T18:00:00Z", "2026-09-01T18:00:00Z")])
        c.executemany(
            "INSERT INTO decision (person_id, decided_on, status, review_on, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(ids[paused], "2026-08-01", "active", None, None, "2026-08-01T08:00:00Z"),
             (ids[paused], "2026-11-19", "paused", "2027-02-19", "Different markets; review after Q1",
              "2026-11-19T10:00:00Z")])
        c.executemany(
            "INSERT INTO gains_change (person_id, field, value, changed_on, created_at) VALUES (?, ?, ?, ?, ?)",
            [(ids[giver], "networks", "Chamber of commerce", "2026-09-15", "2026-09-15T12:00:00Z"),
             (ids[giver], "networks", None, "2026-10-01", "2026-10-01T12:00:00Z"),
             (ids[giver], "goals", GOALS, "2026-10-19", "2026-10-19T12:00:00Z")])
        c.execute("UPDATE person SET goals = ?, accomplishments = 'Estate law award 2025', interests = 'Sailing', "
                  "skills = 'Trusts' WHERE id = ?", (GOALS, ids[giver]))
        c.execute("UPDATE person SET interests = 'Chess' WHERE id = ?", (ids[other],))
        c.execute("UPDATE follow_up SET owed_by = 'them' WHERE id = (SELECT min(id) FROM follow_up)")
