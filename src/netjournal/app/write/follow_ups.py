"""``netj done``: keeping a promise."""

from __future__ import annotations

from datetime import date

from netjournal.domain.records import FollowUpRecord
from netjournal.errors import NotFound, NothingToDo
from netjournal.storage.base import Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.follow_ups import follow_up_by_id
from netjournal.storage.tables import FollowUp


def complete_follow_up(journal: Journal, follow_up_id: int, *, today: date) -> FollowUpRecord:
    with unit_of_work(journal) as session:
        fu = session.get(FollowUp, follow_up_id)
        if fu is None:
            raise NotFound(f"there is no follow-up {follow_up_id}.", hint="See the ids in `netj due --within 30d`.")
        if fu.done_on is not None:
            raise NothingToDo(f"follow-up {follow_up_id} was already done on {fu.done_on}.")
        fu.done_on = today
        session.flush()
        record = follow_up_by_id(journal.conn, follow_up_id)
        assert record is not None
        return record
