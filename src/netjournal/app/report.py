"""``netj report``: a period in numbers."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import islice

from netjournal.domain import report
from netjournal.domain.dates import Span
from netjournal.domain.report import JournalReport
from netjournal.domain.scoring import reciprocity, scorecard, year_before
from netjournal.storage.base import Journal
from netjournal.storage.queries.due import due_contacts
from netjournal.storage.queries.meetings import meetings_per_day, met_in_period
from netjournal.storage.queries.people import names_of
from netjournal.storage.queries.referrals import referrals_between
from netjournal.storage.queries.rows import CHUNK
from netjournal.storage.queries.scores import flows, flows_since, observations

REPORT_STATUSES = ("active", "paused")  # as `netj score` ranks: archived people are left out


def journal_report(
    journal: Journal, *, today: date, since: date, half_life: Span, referral_check: Span, limit: int = 10
) -> JournalReport:
    """The period ``since`` .. ``today`` in numbers. Partners and one-way
    streets are found among the people met in the period, their scores read
    500 people at a time and only the best ``limit`` kept; the partners you
    owe among everyone active or paused, from a year of referrals."""
    with journal.read() as conn:
        per_day = meetings_per_day(conn, since, today)
        board = report.PartnerBoard(limit)
        met = met_in_period(conn, since, today, REPORT_STATUSES)
        people_met = 0
        while chunk := list(islice(met, CHUNK)):
            people_met += len(chunk)
            ids = [p.id for p in chunk]
            obs, given = observations(conn, ids), flows(conn, ids)
            for p in chunk:
                board.add(p, scorecard(obs.get(p.id, ()), today=today, half_life=half_life,
                                       flows=given.get(p.id, ()), check=referral_check))
        referral_flows = report.referral_flows(referrals_between(conn, since, today), limit=limit)
        late = due_contacts(conn, today - timedelta(days=1))
        late_ids = [p.id for p in late]
        late_obs, late_flows = observations(conn, late_ids), flows(conn, late_ids)
        year = flows_since(conn, year_before(today))
        owed_ids = [pid for pid, f in year.items() if reciprocity(f, today=today, check=referral_check).you_owe]
        owed_names = names_of(conn, owed_ids, REPORT_STATUSES)
    you_owe, you_owe_total = report.partners_you_owe(owed_names, year, today=today, check=referral_check,
                                                     limit=limit)
    cards = {pid: scorecard(late_obs.get(pid, ()), today=today, half_life=half_life, flows=late_flows.get(pid, ()),
                            check=referral_check)
             for pid in set(late_obs) | set(late_flows)}
    return JournalReport(
        since=since, until=today, days=(today - since).days + 1, meetings=sum(per_day.values()),
        people_met=people_met,
        weeks=report.weekly(per_day, since=since, today=today),
        calendar=report.calendar(per_day, since=since, today=today),
        partners=board.partners(), referrals=referral_flows,
        one_way_streets=board.one_way_streets(), one_way_total=board.one_way_total,
        drifting=report.drifting(late, cards, today=today, limit=limit),
        you_owe=you_owe, you_owe_total=you_owe_total,
    )
