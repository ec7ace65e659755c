"""``netj prep``: what to read before meeting someone."""

from __future__ import annotations

from datetime import date

from netjournal.app.resolve import require
from netjournal.app.scores import card, evidence
from netjournal.domain.dates import Span
from netjournal.domain.digests import Briefing, GainsProfile
from netjournal.domain.records import PersonScorecard
from netjournal.storage.base import Journal
from netjournal.storage.queries.follow_ups import follow_ups_of
from netjournal.storage.queries.history import latest_decisions
from netjournal.storage.queries.meetings import meetings_of
from netjournal.storage.queries.people import person_by_id
from netjournal.storage.queries.referrals import referrals

PREP_MEETINGS = 3
PREP_REFERRALS = 5


def briefing(journal: Journal, ref: str, *, today: date, half_life: Span, referral_check: Span) -> Briefing:
    """GAINS, scorecard, referral balance, the last meetings' notes, open
    promises both ways, and what you do not know yet."""
    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        person = person_by_id(conn, pid)
        assert person is not None
        found = card(evidence(conn, pid), today, half_life, referral_check)
        meetings = meetings_of(conn, pid, limit=PREP_MEETINGS)
        open_fus = follow_ups_of(conn, pid, open_only=True)
        given = referrals(conn, person_id=pid, limit=PREP_REFERRALS)
        decision = latest_decisions(conn, [pid]).get(pid)
    return Briefing(
        person=person,
        scorecard=PersonScorecard.of(handle, name, person.status, found),
        last_meetings=tuple(meetings),
        you_promised=tuple(f for f in open_fus if f.owed_by == "me"),
        they_promised=tuple(f for f in open_fus if f.owed_by == "them"),
        referrals=tuple(given),
        unknown=GainsProfile.of(person).unknown,
        latest_decision=decision,
    )
