"""``netj review``: the day's meetings, the follow-ups promised that day, and what is due tomorrow."""

from __future__ import annotations

from datetime import date, timedelta

from netjournal.app.due import due_in
from netjournal.domain.dates import Span
from netjournal.domain.digests import DayReview
from netjournal.storage.base import Journal
from netjournal.storage.queries.follow_ups import follow_ups_made_on
from netjournal.storage.queries.meetings import meetings_on


def day_review(journal: Journal, *, day: date, half_life: Span, referral_check: Span) -> DayReview:
    """The meetings of ``day`` with their scores and notes, the follow-ups
    promised that day, and what is due the day after (what ``netj due`` will
    list that morning)."""
    tomorrow = day + timedelta(days=1)
    with journal.read() as conn:
        meetings = meetings_on(conn, day)
        follow_ups = follow_ups_made_on(conn, day)
        due = due_in(conn, today=tomorrow, within=Span(0, "d"), half_life=half_life, referral_check=referral_check)
    return DayReview(day, tuple(meetings), tuple(follow_ups), tomorrow, due.items())
