"""`netj log`'s options turned into the meeting to record, without a terminal or a journal."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.cli.log_options import (
    LogOptions,
    attendee_scores,
    meeting_input,
    parse_score_option,
    plan_log,
    with_attendees,
)
from netjournal.errors import InvalidValue

TODAY = date(2026, 11, 22)  # a Sunday


def test_a_plain_meeting_is_planned_with_its_date_scores_and_promises():
    o = LogOptions(people=("ron-park",), on="last friday", listening=4, preparation=2, late=10,
                   follow_up=("Send the deck",), they_promise=("Intro to his accountant",), follow_up_on="friday")
    plan = plan_log(o, TODAY)
    assert plan.refs == ("ron-park",)
    assert plan.on_date == date(2026, 11, 20)
    assert plan.due_on == date(2026, 11, 27)  # a promise is due in the future
    assert plan.promises == (("Send the deck", "me"), ("Intro to his accountant", "them"))
    assert plan.single == ({"listening": 4, "preparation": 2}, 10)


@pytest.mark.parametrize(("options", "message"), [
    (LogOptions(people=("a",), note="x", note_file="-"), "one of --note, --note-file and --edit"),
    (LogOptions(people=("a",), note="x", edit=True), "one of --note, --note-file and --edit"),
    (LogOptions(people=("a",), on="2026-02-30"), "--date"),
    (LogOptions(people=("a",), on="tomorrow"), "--date: the meeting date 2026-11-23 is after today"),
    (LogOptions(people=("a",), on="in 3d"), "--date: the meeting date 2026-11-25 is after today"),
    (LogOptions(people=("a",), follow_up=("  ",), follow_up_on="friday"), "--follow-up: the promise is empty"),
    (LogOptions(people=("a",), they_promise=("",), follow_up_on="friday"), "--they-promise: the promise is empty"),
    (LogOptions(people=("a",), follow_up_on="friday"), "--follow-up-on needs a --follow-up"),
    (LogOptions(people=("a", "b"), listening=3), "apply to a single attendee"),
    (LogOptions(people=("a", " ")), "an attendee's name is empty"),
    (LogOptions(people=("a",), score=("a:charm=5",)), "'charm' is not a score"),
    (LogOptions(people=("a",), score=("a:listening=6",)), "from 1 to 5"),
])
def test_what_cannot_be_right_is_refused_before_the_journal_is_opened(options, message):
    with pytest.raises(InvalidValue, match=message):
        plan_log(options, TODAY)


def test_attendees_answered_at_the_prompt_are_checked_like_typed_ones():
    o = LogOptions(late=5)
    plan = plan_log(o, TODAY)
    assert plan.refs == ()
    assert with_attendees(plan, [" ron-park "], o).refs == ("ron-park",)
    with pytest.raises(InvalidValue, match="single attendee"):
        with_attendees(plan, ["ron-park", "ann-lee"], o)


@pytest.mark.parametrize(("text", "expected"), [
    ("ron-park:listening=4,preparation=5,late=10", ("ron-park", {"listening": 4, "preparation": 5}, 10)),
    ("Ron Park:preparation=1", ("Ron Park", {"preparation": 1}, None)),
    ("ron:late=-5", ("ron", {}, -5)),
])
def test_score_options(text, expected):
    assert parse_score_option(text) == expected


def test_scores_go_to_the_attendee_they_name_known_or_new():
    o = LogOptions(people=("ron", "Ann Lee"), score=("ron:listening=4", "ann-lee:preparation=2,late=3"))
    plan = plan_log(o, TODAY)
    settled = [("ron-park", False), ("Ann Lee", True)]  # Ann is new: her handle will be ann-lee
    scores = attendee_scores(plan, settled, {"ron": "ron-park"}.get)
    assert scores == {0: ({"listening": 4}, None), 1: ({"preparation": 2}, 3)}
    with pytest.raises(InvalidValue, match="not an attendee"):
        attendee_scores(plan_log(LogOptions(people=("ron",), score=("bob:listening=1",)), TODAY),
                        [("ron-park", False)], lambda ref: None)


def test_the_meeting_input_carries_everything_validated():
    o = LogOptions(people=("ron-park",), kind="lunch", place="Blue Door Café", at="12:30", listening=5,
                   follow_up=("Send the deck",), follow_up_on="in 1w")
    plan = plan_log(o, TODAY)
    settled = [("ron-park", False)]
    data = meeting_input(plan, o, settled, attendee_scores(plan, settled, lambda r: r), "Good talk.", None)
    assert (data.on_date, data.kind, data.place, data.at_time, data.notes) == (
        TODAY, "lunch", "Blue Door Café", "12:30", "Good talk.")
    assert [(a.ref, a.create, a.scores) for a in data.attendees] == [("ron-park", False, {"listening": 5})]
    assert [(f.text, f.due_on, f.owed_by) for f in data.follow_ups] == [("Send the deck", date(2026, 11, 29), "me")]
    with pytest.raises(InvalidValue):
        meeting_input(plan, LogOptions(people=("ron-park",), kind="brunch"), settled, {}, None, None)


@pytest.mark.parametrize(("typed", "expected"), [("3d", date(2026, 11, 19)), ("2w", date(2026, 11, 8)),
                                                 ("today", TODAY), ("3 days ago", date(2026, 11, 19))])
def test_a_meeting_date_typed_as_a_span_is_in_the_past(typed, expected):
    assert plan_log(LogOptions(people=("a",), on=typed), TODAY).on_date == expected
