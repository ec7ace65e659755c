"""What removing a person takes with them (``netj people rm``): read once,
for the plan shown before asking and for the deletion itself."""

from __future__ import annotations

from netjournal.storage.base import Connection

# Meetings this person attended and nobody else did: they go with the person.
_ALONE = (
    "SELECT a.meeting_id FROM attendance a WHERE a.person_id = :id AND NOT EXISTS "
    "(SELECT 1 FROM attendance b WHERE b.meeting_id = a.meeting_id AND b.person_id <> :id)"
)


def meetings_alone(conn: Connection, person_id: int) -> list[int]:
    """Ids of the meetings ``person_id`` attended and nobody else did."""
    return [m for (m,) in conn.execute(_ALONE, {"id": person_id}).fetchall()]


def removal_counts(conn: Connection, person_id: int) -> tuple[int, int, int, int]:
    """``(meetings attended, meetings that go with them, scores, follow-ups)``."""
    def one(sql: str) -> int:
        return int(conn.execute(sql, {"id": person_id}).fetchone()[0])

    return (one("SELECT count(*) FROM attendance WHERE person_id = :id"), one(f"SELECT count(*) FROM ({_ALONE}) alone"),
            one("SELECT count(*) FROM score WHERE person_id = :id"),
            one("SELECT count(*) FROM follow_up WHERE person_id = :id"))
