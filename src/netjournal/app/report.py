"""``netj report``: a period in numbers."""

from __future__ import annotations

from datetime import date, timedelta

from netjournal.app.scores import Standing
from netjournal.domain import report
from netjournal.domain.dates import Span
from netjournal.domain.report import JournalReport
from netjournal.domain.scoring import ONE_WAY, reciprocity, scorecard
from netjournal.domain.shortlist import by_rank, ranked, shortlist
from netjournal.storage.base import Journal
from netjournal.storage.queries.due import due_contacts
from netjournal.storage.queries.meetings import meetings_per_day, met_in_period
from netjournal.storage.queries.people import names_of
from netjournal.storage.queries.referrals import referrals_between
from netjournal.storage.queries.scores import flows, observations

REPORT_STATUSES = ("active", "paused")  # as `netj score` ranks: archived people are left out


def journal_report(
    journal: Journal, *, today: date, since: date, half_life: Span, referral_check: Span, limit: int = 10
) -> JournalReport:
    """The period ``since`` .. ``today`` in numbers. Partners and one-way
    streets are found among the people met in the period, placed by the
    database's summaries of their scores (:class:`~netjournal.app.scores.Standing`):
    only the shortlisted, and those near the one-way threshold, get a full
    scorecard. The partners you owe among everyone active or paused, from a
    year of referrals."""
    with journal.read() as conn:
        per_day = meetings_per_day(conn, since, today)
        met = {p.id: p for p in met_in_period(conn, since, today, REPORT_STATUSES)}
        people_met = len(met)
        board = report.PartnerBoard(limit)
        standing = Standing(conn, REPORT_STATUSES, today=today, half_life=half_life, referral_check=referral_check)
        placed = [e for pid, e in standing.estimates.items() if pid in met and ranked(e)]
        # one-way streets: the estimates near the threshold are decided by their scorecards
        doubtful = standing.cards([e.person_id for e in placed if e.uncertain])
        one_way = [(e.person_id, card.overall) for e in placed if e.uncertain
                   and (card := doubtful[e.person_id]).verdict == ONE_WAY]
        one_way += [(e.person_id, e.overall) for e in placed if not e.uncertain and e.verdict == ONE_WAY]
        streets = shortlist(one_way, limit, lambda w: ((-met[w[0]].meetings,), w[1] if w[1] is not None else 0.0))
        chosen = {e.person_id for e in shortlist(placed, limit, by_rank)} | {pid for pid, _ in streets}
        cards = {**doubtful, **standing.cards(sorted(chosen - doubtful.keys()))}
        for pid in sorted(chosen):  # in id order, as the board was fed before (ties keep that order)
            board.add(met[pid], cards[pid])
        board.one_way_total = len(one_way)  # the board saw the shortlisted only
        referral_flows = report.referral_flows(referrals_between(conn, since, today), limit=limit)
        late = due_contacts(conn, today - timedelta(days=1))
        late_ids = [p.id for p in late]
        late_obs, late_flows = observations(conn, late_ids), flows(conn, late_ids)
        year = standing.flows  # a year of referrals: flows_since(conn, year_before(today))
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
