"""``netj follow-ups list``: the promises you made and were made, open or kept."""

from __future__ import annotations

from netjournal.app.resolve import require
from netjournal.domain.records import FollowUpRecord
from netjournal.storage.base import Journal
from netjournal.storage.queries.follow_ups import follow_ups_listed


def list_follow_ups(journal: Journal, ref: str | None = None, *, state: str = "open", owed_by: str | None = None,
                    limit: int | None = None) -> list[FollowUpRecord]:
    """Follow-ups in ``state`` (open, done, all): ``ref``'s, those owed by ``me`` or ``them``."""
    with journal.read() as conn:
        pid = require(conn, ref)[0] if ref is not None else None
        return follow_ups_listed(conn, person_id=pid, state=state, owed_by=owed_by, limit=limit)
