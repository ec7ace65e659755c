"""Who has written in the journal (schema v5)."""

from __future__ import annotations

from netjournal.storage.base import Connection
from netjournal.storage.schema import AUTHORED


def authors(conn: Connection) -> list[str]:
    """Everyone who has written something in the journal, in name order."""
    return sorted(
        {a for (a,) in conn.execute(
            "SELECT author FROM meeting WHERE author IS NOT NULL UNION SELECT author FROM score WHERE author IS NOT NULL "
            "UNION SELECT author FROM follow_up WHERE author IS NOT NULL "
            "UNION SELECT author FROM referral WHERE author IS NOT NULL")},
        key=lambda a: (a.casefold(), a),
    )


def has_author(conn: Connection, author: str) -> bool:
    """Whether ``author`` wrote anything (the meeting and score lookups use their indexes)."""
    return any(
        conn.execute(f"SELECT 1 FROM {table} WHERE author = :a LIMIT 1", {"a": author}).fetchone()
        for table in AUTHORED
    )
