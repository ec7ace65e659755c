"""Reciprocity: referrals given and received over 12 months, what became of
those you gave, and the judgements they make (one-way street, honours your
referrals, you owe them), at their thresholds (pure functions, no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import Span, parse_cadence
from netjournal.domain.scoring import (
    HONOURED_AT_LEAST,
    MIXED,
    NOT_ENOUGH,
    ONE_WAY,
    ONE_WAY_GIVEN_AT_LEAST,
    OWED_RECEIVED_AT_LEAST,
    REFERRAL_CHECK,
    TWO_WAY,
    Flow,
    Observation,
    ask_on,
    gone_quiet,
    rank_key,
    reciprocity,
    scorecard,
    year_before,
)
from netjournal.domain.vocab import DIRECTIONS, OUTCOMES

TODAY = date(2026, 11, 22)
HALF = parse_cadence("180d")
GOOD = [Observation(1, TODAY - timedelta(days=30), "listening", 5), Observation(1, TODAY - timedelta(days=30), "preparation", 5),
        Observation(2, TODAY - timedelta(days=10), "listening", 5), Observation(2, TODAY - timedelta(days=10), "preparation", 4)]
MIDDLING = [Observation(1, TODAY, "listening", 3), Observation(1, TODAY, "preparation", 3),
            Observation(2, TODAY, "listening", 3), Observation(2, TODAY, "preparation", 3)]


def flows(*rows):
    """rows: (days ago, 'given' | 'received'[, outcome]); a given referral is 'open' unless told."""
    return [Flow(TODAY - timedelta(days=r[0]), r[1], None, r[2] if len(r) > 2 else "open") for r in rows]


def gave(*outcomes, ago=60):
    """Referrals you gave ``ago`` days ago, one per outcome."""
    return flows(*((ago, "given", o) for o in outcomes))


def judged(r):
    return {k for k in ("one_way", "honours", "you_owe") if getattr(r, k)}


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 22), date(2025, 11, 22)),
    (date(2028, 2, 29), date(2027, 2, 28)),
    (date(2026, 1, 1), date(2025, 1, 1)),
])
def test_year_before(today, expected):
    assert year_before(today) == expected


@pytest.mark.parametrize(("rows", "given", "received"), [
    ((), 0, 0),
    (((10, "given"), (20, "given")), 2, 0),
    (((10, "given"), (20, "given"), (300, "given")), 3, 0),
    (((10, "given"), (20, "given"), (30, "given"), (200, "received")), 3, 1),
    # a year and a day ago is outside the window; exactly a year ago is too (since < date)
    (((10, "given"), (20, "given"), (365, "given"), (400, "given")), 2, 0),
    (((1, "received"), (2, "received")), 0, 2),
    (((-3, "given"), (10, "given"), (20, "given")), 2, 0),  # a future date does not count yet
])
def test_reciprocity_counts_the_last_twelve_months(rows, given, received):
    r = reciprocity(flows(*rows), today=TODAY)
    assert (r.given, r.received, r.balance) == (given, received, received - given)
    assert r.since == date(2025, 11, 22)


# --- when a referral you gave has gone quiet ------------------------------------------


@pytest.mark.parametrize(("referred_on", "check", "asked_on"), [
    (date(2026, 10, 1), Span(30, "d"), date(2026, 10, 31)),
    (date(2026, 10, 1), Span(6, "w"), date(2026, 11, 12)),
    (date(2026, 1, 31), Span(1, "m"), date(2026, 2, 28)),  # calendar months, clamped
    (date(2024, 2, 29), Span(1, "y"), date(2025, 2, 28)),
])
def test_ask_on_is_the_check_after_the_referral(referred_on, check, asked_on):
    assert ask_on(referred_on, check) == asked_on


@pytest.mark.parametrize(("days_ago", "outcome", "quiet"), [
    (29, "open", False),  # one day short of the default check
    (30, "open", True),  # exactly the check: ask today
    (31, "open", True),
    (400, "open", True),  # never recorded: quiet for ever, until its outcome is
    (400, "met", False), (400, "won", False), (400, "lost", False),
])
def test_an_open_referral_goes_quiet_after_the_check(days_ago, outcome, quiet):
    assert Span(30, "d") == REFERRAL_CHECK
    assert gone_quiet(outcome, TODAY - timedelta(days=days_ago), today=TODAY) is quiet


def test_the_check_is_a_parameter():
    on = TODAY - timedelta(days=45)
    assert gone_quiet("open", on, today=TODAY)
    assert not gone_quiet("open", on, today=TODAY, check=Span(60, "d"))
    assert gone_quiet("open", on, today=TODAY, check=Span(45, "d"))


# --- the judgements at their thresholds ---------------------------------------------------


@pytest.mark.parametrize(("rows", "expected"), [
    # a one-way street on reciprocity: three or more given, none back, none honoured
    (gave("lost", "lost", "lost"), {"one_way"}),
    (gave("lost", "lost"), set()),  # two is not yet a pattern
    (gave("lost", "lost", "lost") + flows((100, "received")), set()),  # one back lifts it
    (gave("lost", "lost", "lost", "met"), set()),  # one honoured lifts it (but one is not "honours")
    (gave("open", "open", "open", ago=30), {"one_way"}),  # gone quiet counts as not honoured
    (gave("open", "open", "open", ago=29), set()),  # too early to tell
    (gave("lost", "lost", ago=60) + gave("open", ago=29), set()),  # two known, one too early
    (gave("lost", "lost", "lost", ago=60) + gave("open", ago=5), {"one_way"}),  # three known, none honoured
    # they honour your referrals: at least two met or won, at least half of those settled
    (gave("won", "met"), {"honours"}),
    (gave("won"), set()),  # one is an anecdote
    (gave("won", "won", "won"), {"honours"}),  # the partner who never refers back, but wins them all
    (gave("met", "met", "lost", "lost"), {"honours"}),  # exactly half
    (gave("won", "won", "lost", "lost", "lost"), set()),  # less than half
    (gave("won", "won", "lost", "lost") + gave("open", ago=5), {"honours"}),  # a fresh one does not count
    (gave("won", "won", "lost", "lost") + gave("open", ago=45), set()),  # a quiet one does
    (gave("won", "won") + flows((10, "received")), {"honours"}),  # and with referrals back, too
    # you owe them: two or more received, none given
    (flows((10, "received"), (200, "received")), {"you_owe"}),
    (flows((10, "received")), set()),
    (flows((10, "received"), (200, "received")) + gave("lost"), set()),
    (flows((10, "received"), (370, "received")), set()),  # one is older than a year
])
def test_the_judgements_at_their_thresholds(rows, expected):
    assert judged(reciprocity(rows, today=TODAY)) == expected


def test_the_thresholds_are_the_documented_ones():
    assert (ONE_WAY_GIVEN_AT_LEAST, HONOURED_AT_LEAST, OWED_RECEIVED_AT_LEAST) == (3, 2, 2)


def test_a_longer_check_keeps_open_referrals_from_counting_against_a_partner():
    rows = gave("open", "open", "open", ago=45)
    assert reciprocity(rows, today=TODAY).one_way
    assert not reciprocity(rows, today=TODAY, check=Span(60, "d")).one_way


def test_the_fates_of_the_referrals_you_gave_are_counted():
    r = reciprocity(gave("won", "met", "lost") + gave("open", ago=45) + gave("open", ago=3), today=TODAY)
    assert (r.given, r.honoured, r.lost, r.open, r.gone_quiet) == (5, 2, 1, 2, 1)
    assert r.fates() == "2 met or won, 1 lost, 1 gone quiet, 1 still open"


_flow = st.builds(Flow, on_date=st.dates(TODAY - timedelta(days=500), TODAY + timedelta(days=10)),
                  direction=st.sampled_from(DIRECTIONS), author=st.none(), outcome=st.sampled_from(OUTCOMES))


@given(st.lists(_flow, max_size=12), st.sampled_from([Span(1, "d"), Span(30, "d"), Span(6, "w"), Span(2, "m")]))
def test_any_ledger_adds_up_and_makes_at_most_one_judgement(rows, check):
    r = reciprocity(rows, today=TODAY, check=check)
    assert r.honoured + r.lost + r.open == r.given
    assert 0 <= r.gone_quiet <= r.open
    assert r.balance == r.received - r.given
    assert len(judged(r)) <= 1
    if r.one_way:
        assert r.received == 0 and r.honoured == 0 and r.given >= ONE_WAY_GIVEN_AT_LEAST
    if r.honours:
        assert r.honoured >= HONOURED_AT_LEAST
    if r.you_owe:
        assert r.given == 0 and r.received >= OWED_RECEIVED_AT_LEAST


# --- what the scorecard makes of it -----------------------------------------------------


def test_three_given_none_back_none_honoured_is_a_one_way_street_whatever_the_scores():
    card = scorecard(GOOD, today=TODAY, half_life=HALF, flows=gave("lost", "lost") + gave("open", ago=40))
    assert card.verdict == ONE_WAY
    assert card.reason.startswith("on reciprocity: you gave 3 referrals in the last 12 months, received none, "
                                  "and none was honoured (2 lost, 1 gone quiet)")
    assert "would say two-way street" in card.reason
    assert card.overall == scorecard(GOOD, today=TODAY, half_life=HALF).overall  # the scores are not changed


def test_a_partner_who_honours_your_referrals_is_not_a_one_way_street():
    card = scorecard(GOOD, today=TODAY, half_life=HALF, flows=gave("won", "won", "met"))
    assert card.verdict == TWO_WAY
    assert card.reason.endswith("; they honour your referrals: 3 of the 3 you gave in the last 12 months "
                                "were met or won (none back)")
    assert card.referrals.honours and not card.referrals.one_way


def test_one_referral_back_lifts_the_flag():
    card = scorecard(GOOD, today=TODAY, half_life=HALF, flows=gave("lost", "lost", "lost") + flows((100, "received")))
    assert card.verdict == TWO_WAY
    assert (card.referrals.given, card.referrals.received, card.referrals.balance) == (3, 1, -2)


def test_reciprocity_flag_without_any_scores():
    card = scorecard([], today=TODAY, half_life=HALF, flows=gave("lost", "lost", "lost"))
    assert card.verdict == ONE_WAY
    assert "no scored meetings yet" in card.reason


def test_referrals_received_alone_do_not_change_the_verdict():
    card = scorecard([], today=TODAY, half_life=HALF, flows=flows((1, "received"), (2, "received")))
    assert card.verdict == NOT_ENOUGH
    assert card.referrals.you_owe  # you owe them, which is about you, not a verdict on them
    assert "owe" not in card.reason


def test_a_reciprocity_one_way_street_ranks_after_every_verdict():
    taker = scorecard(GOOD, today=TODAY, half_life=HALF, flows=gave("lost", "lost", "lost"))
    mixed = scorecard(MIDDLING, today=TODAY, half_life=HALF)
    assert mixed.verdict == MIXED
    assert rank_key(mixed, "Mixed") < rank_key(taker, "Taker")


def test_a_partner_who_honours_ranks_by_scores_and_first_among_equals():
    honours = scorecard(MIDDLING, today=TODAY, half_life=HALF, flows=gave("won", "won", "won"))
    plain = scorecard(MIDDLING, today=TODAY, half_life=HALF)
    good = scorecard(GOOD, today=TODAY, half_life=HALF)
    assert honours.verdict == MIXED and honours.overall == plain.overall
    assert rank_key(good, "Zed") < rank_key(honours, "Zed") < rank_key(plain, "Abe")
