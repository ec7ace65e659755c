"""The due computation from plain rows (no database)."""

from datetime import date, timedelta

from netjournal.domain.dates import parse_cadence, parse_span
from netjournal.domain.due import OpenFollowUp, PersonClock, build_due, next_due_on
from netjournal.domain.scoring import Observation, scorecard

TODAY = date(2026, 11, 22)
D = lambda n: TODAY - timedelta(days=n)  # noqa: E731


def clock(pid, name, *, cadence="30d", last=None, created=None, snoozed=None, status="active", review=None):
    return PersonClock(pid, name.lower().replace(" ", "-"), name, status, parse_cadence(cadence) if cadence else None,
                       created or D(400), last, snoozed, review)


def test_next_due_starts_from_last_contact_or_creation():
    c = parse_cadence("30d")
    assert next_due_on(status="active", cadence=c, created_on=D(100), last_contact_on=D(47), snoozed_until=None) == D(17)
    assert next_due_on(status="active", cadence=c, created_on=D(10), last_contact_on=None, snoozed_until=None) == TODAY + timedelta(days=20)


def test_untracked_people_are_never_due():
    c = parse_cadence("30d")
    assert next_due_on(status="active", cadence=None, created_on=D(100), last_contact_on=D(99), snoozed_until=None) is None
    assert next_due_on(status="paused", cadence=c, created_on=D(100), last_contact_on=D(99), snoozed_until=None) is None
    assert next_due_on(status="archived", cadence=c, created_on=D(100), last_contact_on=D(99), snoozed_until=None) is None


def test_snooze_pushes_out_but_never_pulls_in():
    c = parse_cadence("30d")
    assert next_due_on(status="active", cadence=c, created_on=D(100), last_contact_on=D(47), snoozed_until=TODAY + timedelta(days=5)) == TODAY + timedelta(days=5)
    assert next_due_on(status="active", cadence=c, created_on=D(100), last_contact_on=D(5), snoozed_until=D(1)) == TODAY + timedelta(days=25)


def report(people=(), follow_ups=(), reviews=(), cards=None, within="0d", limit=None):
    return build_due(people=people, follow_ups=follow_ups, reviews=reviews, scorecards=cards or {}, today=TODAY,
                     within=parse_span(within), limit=limit)


def test_contacts_sorted_by_lateness_relative_to_cadence():
    weekly_late = clock(1, "Weekly", cadence="1w", last=D(14))      # 7 days late on 7: ratio 1.0
    monthly_late = clock(2, "Monthly", cadence="30d", last=D(47))   # 17 days late on 30: 0.57
    fresh = clock(3, "Fresh", cadence="30d", last=D(3))
    r = report([monthly_late, fresh, weekly_late])
    assert [i.name for i in r.contacts] == ["Weekly", "Monthly"]
    assert r.contacts[1].reason == "last met 47 days ago, cadence 30d"
    assert r.contacts[1].days_overdue == 17


def test_ties_go_to_two_way_streets():
    a, b = clock(1, "Alpha", last=D(40)), clock(2, "Beta", last=D(40))
    good = scorecard([Observation(1, D(40), "listening", 5), Observation(1, D(40), "preparation", 5),
                      Observation(2, D(80), "listening", 5), Observation(2, D(80), "preparation", 5)],
                     today=TODAY, half_life=parse_cadence("180d"))
    poor = scorecard([Observation(3, D(40), "listening", 1), Observation(4, D(80), "listening", 1)],
                     today=TODAY, half_life=parse_cadence("180d"))
    r = report([a, b], cards={1: poor, 2: good})
    assert [i.name for i in r.contacts] == ["Beta", "Alpha"]
    assert r.contacts[0].verdict == "two-way street"


def test_never_met_reason():
    r = report([clock(1, "New Person", created=D(45))])
    assert r.contacts[0].reason.startswith("never met (added 45 days ago)")


def test_within_includes_upcoming():
    soon = clock(1, "Soon", last=D(27))  # due in 3 days
    assert report([soon]).contacts == ()
    item = report([soon], within="7d").contacts[0]
    assert item.days_overdue == -3


def test_follow_ups_and_reviews():
    fus = [OpenFollowUp(2, "ron", "Ron", "send intro", TODAY), OpenFollowUp(1, "ann", "Ann", "call back", D(2)),
           OpenFollowUp(3, "bo", "Bo", "later", TODAY + timedelta(days=4))]
    paused = clock(9, "Paused", status="paused", review=D(1))
    r = report(follow_ups=fus, reviews=[paused, clock(8, "Later", status="paused", review=TODAY + timedelta(days=9))])
    assert [f.follow_up_id for f in r.follow_ups] == [1, 2]
    assert [i.type for i in r.items()] == ["follow_up", "follow_up", "review"]
    assert "review the decision" in r.reviews[0].reason


def test_limit_applies_per_section():
    people = [clock(i, f"P{i}", last=D(40 + i)) for i in range(5)]
    fus = [OpenFollowUp(i, "x", "X", "t", D(i)) for i in range(1, 4)]
    r = report(people, fus, limit=2)
    assert len(r.contacts) == 2 and len(r.follow_ups) == 2


def test_a_review_names_the_decision_its_date_and_reason():
    paused = clock(9, "Priya Natarajan", status="paused", review=D(3))
    r = build_due(people=(), follow_ups=(), reviews=[paused], scorecards={}, today=TODAY, within=parse_span("0d"),
                  decisions={9: (D(93), "Different markets for now")})
    item = r.reviews[0]
    assert item.reason == f"review the decision about Priya Natarajan: paused on {D(93)} until {D(3)}"
    assert (item.decided_on, item.decision_reason) == (D(93), "Different markets for now")
    assert "Different markets" not in item.reason  # the user's words stay in their own field (kept out of --ics)


def test_a_promise_they_made_is_due_as_theirs():
    fus = [OpenFollowUp(1, "tomas", "Tomás", "intro to Harbour Group", D(2), "them"),
           OpenFollowUp(2, "tomas", "Tomás", "send dates", D(1))]
    r = report(follow_ups=fus)
    assert [(i.owed_by, i.reason) for i in r.follow_ups] == [
        ("them", f"Tomás promised it for {D(2)}"), ("me", f"promised for {D(1)}")]
