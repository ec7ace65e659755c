"""A person's last contact and next due, computed in one place (storage/derived.py),
on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from backends import open_test_journal, writing
from netjournal.storage import derived

pytestmark = pytest.mark.backends


def person(conn, pid, *, cadence="30d", status="active", created="2026-01-05T10:00:00Z", last=None, nxt=None,
           snoozed=None):
    conn.execute(
        "INSERT INTO person (id, handle, name, cadence, status, created_at, updated_at, last_contact_on, "
        "next_due_on, snoozed_until) VALUES (:id, :h, :n, :c, :s, :t, :t, :l, :x, :z)",
        {"id": pid, "h": f"p-{pid}", "n": f"P {pid}", "c": cadence, "s": status, "t": created, "l": last, "x": nxt,
         "z": snoozed})


def meeting(conn, mid, on, *people):
    conn.execute("INSERT INTO meeting (id, on_date, kind, created_at) VALUES (:id, :d, 'coffee', :t)",
                 {"id": mid, "d": on, "t": f"{on}T09:00:00Z"})
    for pid in people:
        conn.execute("INSERT INTO attendance (meeting_id, person_id, on_date) VALUES (:m, :p, :d)",
                     {"m": mid, "p": pid, "d": on})


@pytest.mark.parametrize(("row", "expected"), [
    (dict(status="active", cadence="30d", created_at="2026-01-05T10:00:00Z", last_contact_on=None,
          snoozed_until=None), date(2026, 2, 4)),
    (dict(status="active", cadence="2w", created_at="2026-01-05T10:00:00Z", last_contact_on="2026-03-01",
          snoozed_until=None), date(2026, 3, 15)),
    (dict(status="active", cadence="30d", created_at="2026-01-05T10:00:00Z", last_contact_on=date(2026, 3, 1),
          snoozed_until=date(2026, 5, 1)), date(2026, 5, 1)),
    (dict(status="paused", cadence="30d", created_at="2026-01-05T10:00:00Z", last_contact_on=None,
          snoozed_until=None), None),
    (dict(status="active", cadence=None, created_at="2026-01-05T10:00:00Z", last_contact_on="2026-03-01",
          snoozed_until=None), None),
])
def test_next_due_from_the_stored_values(row, expected):
    assert derived.next_due(**row) == expected


def test_refresh_recomputes_only_who_is_wrong_and_says_how_many(db_path):
    with writing(db_path) as conn:
        person(conn, 1, last="2026-01-01", nxt="2026-01-31")  # wrong: met later
        person(conn, 2, last="2026-03-01", nxt="2026-03-31")  # right
        person(conn, 3, cadence=None)  # never met, not tracked: right (nothing)
        meeting(conn, 10, "2026-03-01", 1, 2)
    j = open_test_journal(db_path)
    try:
        with j.read() as conn:
            assert [(pid, col, want) for pid, _, col, _, want in derived.mismatches(conn)] == [
                (1, "last_contact_on", "2026-03-01"), (1, "next_due_on", "2026-03-31")]
        with j.write() as conn:
            assert derived.refresh(conn, [1, 2, 3]) == 1
            assert derived.refresh(conn) == 0
            assert list(derived.mismatches(conn)) == []
    finally:
        j.close()


def test_a_removed_meeting_moves_the_clock_back(db_path):
    with writing(db_path) as conn:
        person(conn, 1)
        meeting(conn, 10, "2026-02-01", 1)
        meeting(conn, 11, "2026-03-01", 1)
        derived.refresh(conn, [1])
        assert conn.execute("SELECT last_contact_on, next_due_on FROM person").fetchall() == [
            ("2026-03-01", "2026-03-31")]
        conn.execute("DELETE FROM meeting WHERE id = 11")
        derived.refresh(conn, [1])
        assert conn.execute("SELECT last_contact_on, next_due_on FROM person").fetchall() == [
            ("2026-02-01", "2026-03-03")]
        conn.execute("DELETE FROM meeting WHERE id = 10")
        derived.refresh(conn, [1])
        assert conn.execute("SELECT last_contact_on, next_due_on FROM person").fetchall() == [(None, "2026-02-04")]


def test_refresh_reads_people_in_chunks(db_path):
    with writing(db_path) as conn:
        for pid in range(1, 1203):
            person(conn, pid, nxt="2000-01-01")
        assert derived.refresh(conn, list(range(1, 1203))) == 1202
        assert conn.execute("SELECT count(*) FROM person WHERE next_due_on = '2026-02-04'").fetchone() == (1202,)
