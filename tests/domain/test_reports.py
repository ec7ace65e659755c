"""The pure computations of `netj report` (netjournal.domain.report) and the
--since parser, table-driven, without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netjournal.domain import report as reports
from netjournal.domain.dates import Span, parse_cadence, parse_since
from netjournal.domain.due import PersonClock
from netjournal.domain.report import MetInPeriod, ReferralRow
from netjournal.domain.scoring import MIXED, NOT_ENOUGH, ONE_WAY, TWO_WAY, Observation, scorecard
from netjournal.errors import InvalidValue

TODAY = date(2026, 11, 22)  # a Sunday
D = date.fromisoformat
HALF_LIFE = Span(180, "d")


# --- the period ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "since"), [
    ("90d", "2026-08-24"),  # 90 days back: a period of 91 days with today
    ("90 days", "2026-08-24"),
    ("6w", "2026-10-11"),
    ("3m", "2026-08-22"),
    ("1y", "2025-11-22"),
    ("0d", "2026-11-22"),
    ("2026-01-01", "2026-01-01"),
    ("today", "2026-11-22"),
    ("last friday", "2026-11-20"),
    ("3 months ago", "2026-08-22"),
    ("nov 1", "2026-11-01"),  # a year-less date is the last one
])
def test_since_is_a_span_back_or_a_date(text, since):
    assert parse_since(text, TODAY) == D(since)


@pytest.mark.parametrize(("text", "message"), [
    ("tomorrow", "is after today"),
    ("2027-01-01", "is after today"),
    ("soon", "cannot read 'soon' as a date"),
    ("90x", "cannot read '90x' as a date"),
])
def test_since_rejects_the_future_and_nonsense(text, message):
    with pytest.raises(InvalidValue, match=message):
        parse_since(text, TODAY)


# --- meetings per week ------------------------------------------------------------------


@pytest.mark.parametrize(("since", "today", "per_day", "expected"), [
    # Wednesday to Sunday: three ISO weeks, days outside the period not counted
    ("2026-11-04", "2026-11-22", {"2026-11-03": 5, "2026-11-04": 1, "2026-11-10": 2, "2026-11-22": 1,
                                  "2026-11-23": 9},
     [("2026-W45", "2026-11-02", 1), ("2026-W46", "2026-11-09", 2), ("2026-W47", "2026-11-16", 1)]),
    # a quiet week is a row of zero
    ("2026-11-09", "2026-11-22", {"2026-11-20": 3},
     [("2026-W46", "2026-11-09", 0), ("2026-W47", "2026-11-16", 3)]),
    # across a new year: 2026 has 53 ISO weeks
    ("2026-12-28", "2027-01-05", {"2026-12-31": 1, "2027-01-04": 2},
     [("2026-W53", "2026-12-28", 1), ("2027-W01", "2027-01-04", 2)]),
    # one day
    ("2026-11-22", "2026-11-22", {}, [("2026-W47", "2026-11-16", 0)]),
])
def test_weekly_has_one_row_per_iso_week(since, today, per_day, expected):
    rows = reports.weekly({D(k): v for k, v in per_day.items()}, since=D(since), today=D(today))
    assert [(w.week, w.starts_on.isoformat(), w.meetings) for w in rows] == expected


# --- the calendar --------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "busiest", "level"), [
    (0, 5, 0), (1, 5, 1), (2, 5, 2), (3, 5, 3), (4, 5, 4), (5, 5, 4), (1, 1, 4), (1, 2, 2), (0, 0, 0), (9, 5, 4),
])
def test_heat_level_scales_to_the_busiest_day(count, busiest, level):
    assert reports.heat_level(count, busiest) == level


def test_calendar_is_weekday_rows_by_week_columns():
    per_day = {D("2026-11-04"): 1, D("2026-11-10"): 2, D("2026-11-22"): 1, D("2026-11-01"): 7}
    cal = reports.calendar(per_day, since=D("2026-11-04"), today=TODAY)
    assert cal.weeks == (D("2026-11-02"), D("2026-11-09"), D("2026-11-16"))
    assert cal.max_per_day == 2  # 1 November is outside the period
    assert cal.meetings == (
        (None, 0, 0),  # Mon: 2 November is before the period
        (None, 2, 0),  # Tue
        (1, 0, 0),     # Wed
        (0, 0, 0), (0, 0, 0), (0, 0, 0),
        (0, 0, 1),     # Sun: today
    )
    assert cal.levels[1] == (None, 4, 0) and cal.levels[2] == (2, 0, 0) and cal.levels[6] == (0, 0, 2)
    assert cal.months == ("Nov", "", "")  # no 1st in the period: the first column says the month


@pytest.mark.parametrize(("since", "today", "months"), [
    # 1 November (a Sunday) falls in the week of 26 October
    ("2026-10-20", "2026-11-22", ("", "Nov", "", "", "")),
    # the first column names its month when no other label is near...
    ("2026-10-05", "2026-10-25", ("Oct", "", "")),
    # ...and not when it would run into the next one
    ("2026-10-05", "2026-11-22", ("", "", "", "Nov", "", "", "")),
    # a period ending mid-week: the rest of the last column is outside it
    ("2026-11-30", "2026-12-02", ("Dec",)),
])
def test_calendar_labels_columns_where_a_month_starts(since, today, months):
    cal = reports.calendar({}, since=D(since), today=D(today))
    assert cal.months == months


def test_calendar_leaves_the_days_after_today_empty():
    cal = reports.calendar({D("2026-12-02"): 3}, since=D("2026-11-30"), today=D("2026-12-02"))
    assert [row[0] for row in cal.meetings] == [0, 0, 3, None, None, None, None]
    assert [row[0] for row in cal.levels] == [0, 0, 4, None, None, None, None]


# --- partners --------------------------------------------------------------------------------


def card(*meetings: tuple[int, int]):
    """A scorecard from (listening, preparation) pairs, one meeting a week up to TODAY."""
    obs = []
    for i, (listening, preparation) in enumerate(meetings):
        on = TODAY - timedelta(days=7 * (len(meetings) - i))
        obs += [Observation(i, on, "listening", listening), Observation(i, on, "preparation", preparation)]
    return scorecard(obs, today=TODAY, half_life=HALF_LIFE)


def met(pid: int, handle: str, meetings: int = 1) -> MetInPeriod:
    return MetInPeriod(pid, handle, handle.replace("-", " ").title(), "active", meetings)


def rank_partners(people, *, limit):
    """The report's partners, one-way streets and their total, as app.report streams them in."""
    board = reports.PartnerBoard(limit)
    for person, scored in people:
        board.add(person, scored)
    return board.partners(), board.one_way_streets(), board.one_way_total


def test_partners_with_a_verdict_are_ranked_and_one_way_streets_listed():
    people = [
        (met(1, "ron-park", 4), card((1, 2), (2, 1))),
        (met(2, "walter-wong", 2), card((5, 5), (5, 4))),
        (met(3, "maya-okafor", 3), card((3, 3), (3, 4))),
        (met(4, "new-person", 1), card((5, 5))),  # one scored meeting: no verdict yet, leans two-way
        (met(5, "never-scored", 2), card()),
        (met(6, "dan-whitfield", 1), card((2, 2), (1, 2))),
    ]
    partners, one_way, total = rank_partners(people, limit=10)
    assert [(p.person, p.verdict) for p in partners] == [
        ("walter-wong", TWO_WAY), ("maya-okafor", MIXED), ("dan-whitfield", ONE_WAY), ("ron-park", ONE_WAY),
        ("new-person", NOT_ENOUGH)]
    assert partners[4].leaning == TWO_WAY  # ranked after every verdict; never-scored is left out
    assert partners[0].meetings_in_period == 2 and partners[0].dimensions[0].history == (5, 5)
    # the one you spend the most meetings on first
    assert [o.person for o in one_way] == ["ron-park", "dan-whitfield"]
    assert total == 2
    assert one_way[0].reason == partners[3].reason and "listening 1.5" in one_way[0].reason
    assert {p.leaning for p in partners[:4]} == {None}


def test_partners_keep_only_the_best_while_streaming():
    people = [(met(i, f"p-{i:03d}", meetings=i % 7 + 1), card(((i % 5) + 1, (i * 3 % 5) + 1), (3, (i % 4) + 1)))
              for i in range(400)]
    everyone, all_one_way, total = rank_partners(people, limit=1000)
    partners, one_way, total_limited = rank_partners(people, limit=3)
    assert partners == everyone[:3]
    assert one_way == all_one_way[:3]
    assert total_limited == total == len(all_one_way) > 3


# --- referrals -----------------------------------------------------------------------------


def ref(direction, pid, outcome="open", value=None, other=None):
    handle = {1: "ron-park", 2: "walter-wong", 3: "maya-okafor"}[pid]
    return ReferralRow(direction, pid, handle, handle.replace("-", " ").title(), other, outcome, value)


def test_referral_flows_count_both_ways():
    rows = [
        ref("given", 1, "won", 1200.0), ref("given", 1, "lost"), ref("given", 1, "open", other=3),
        ref("given", 3, "met", 300.5),
        ref("received", 2, "won", 2000.0), ref("received", 2, "open"),
    ]
    flows = reports.referral_flows(rows, limit=10)
    g, r = flows.given, flows.received
    assert (g.count, g.introductions, g.value) == (4, 1, 1500.5)
    assert g.outcomes == {"open": 1, "met": 1, "won": 1, "lost": 1}
    assert [(p.person, p.referrals, p.value) for p in g.top] == [("ron-park", 3, 1200.0), ("maya-okafor", 1, 300.5)]
    assert (r.count, r.introductions, r.value) == (2, 0, 2000.0)
    assert r.outcomes == {"open": 1, "met": 0, "won": 1, "lost": 0}
    assert [p.person for p in r.top] == ["walter-wong"]


@pytest.mark.parametrize(("rows", "top"), [
    ([], []),
    # equal counts: the larger value first, then by name
    ([ref("given", 1), ref("given", 2, value=10.0), ref("given", 3)], ["walter-wong", "maya-okafor"]),
])
def test_referral_top_partners(rows, top):
    flows = reports.referral_flows(rows, limit=2)
    assert [p.person for p in flows.given.top] == top
    assert flows.received.count == 0 and flows.received.value == 0.0 and flows.received.top == ()


# --- drifting ---------------------------------------------------------------------------------


def clock(pid, handle, cadence, last_met_days_ago, status="active"):
    return PersonClock(pid, handle, handle.title(), status, parse_cadence(cadence), D("2025-01-01"),
                       TODAY - timedelta(days=last_met_days_ago), None)


def test_drifting_orders_by_lateness_relative_to_cadence_and_leaves_out_today():
    people = [
        clock(1, "monthly-40-late", "30d", 70),   # 40 days late on 30: 1.33 cadences
        clock(2, "weekly-10-late", "1w", 17),     # 10 days late on 7: 1.43
        clock(3, "yearly-100-late", "1y", 465),   # 100 days late on 365: 0.27
        clock(4, "due-today", "2w", 14),          # due today: not drifting yet
    ]
    drifting = reports.drifting(people, {}, today=TODAY, limit=10)
    assert [(i.person, i.days_overdue) for i in drifting] == [
        ("weekly-10-late", 10), ("monthly-40-late", 40), ("yearly-100-late", 100)]
    assert [i.person for i in reports.drifting(people, {}, today=TODAY, limit=1)] == ["weekly-10-late"]


# --- partners you owe ------------------------------------------------------------------


def test_partners_you_owe_most_received_first_then_the_one_waiting_longest():
    from netjournal.domain.scoring import Flow

    def received(*days_ago):
        return [Flow(TODAY - timedelta(days=n), "received") for n in days_ago]

    people = {1: ("ann", "Ann", "active"), 2: ("bob", "Bob", "paused"), 3: ("cy", "Cy", "active"),
              4: ("dee", "Dee", "active"), 5: ("eve", "Eve", "active")}
    flows = {1: received(10, 40), 2: received(5, 90, 100), 3: received(50, 60),
             4: [*received(10), Flow(TODAY - timedelta(days=3), "given")],  # one back: even
             5: [*received(10, 20, 30), Flow(TODAY - timedelta(days=3), "given", None, "won")]}
    owed, total = reports.partners_you_owe(people, flows, today=TODAY, limit=10)
    assert [(o.person, o.received, o.given, o.last_received_on) for o in owed] == [
        ("bob", 3, 0, TODAY - timedelta(days=5)), ("cy", 2, 0, TODAY - timedelta(days=50)),
        ("ann", 2, 0, TODAY - timedelta(days=10))]
    assert total == 3
    assert [o.person for o in reports.partners_you_owe(people, flows, today=TODAY, limit=1)[0]] == ["bob"]
    # a referral older than a year is not a debt any more, and is not the latest received
    old = {1: received(10, 400)}
    assert reports.partners_you_owe(people, old, today=TODAY, limit=10) == ((), 0)
