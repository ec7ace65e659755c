"""Undoing a write row by row, without a database: what to put back, when to
refuse, in which order, which write, and for how long the record keeps it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.undo import (
    BOOKKEEPING,
    DERIVED,
    Clash,
    Reversal,
    WriteInfo,
    change_detail,
    describe,
    expired,
    in_order,
    later_writes,
    pick,
    reverse,
)

MEETING = {"id": 3, "on_date": "2026-11-20", "at_time": None, "kind": "coffee", "place": "Blue Door",
           "notes": "Asked every question back.", "created_at": "2026-11-20T09:00:00Z", "author": "Ana"}
RON = {"id": 1, "handle": "ron-park", "name": "Ron Park", "company": "Park Insurance", "snoozed_until": None,
       "last_contact_on": "2026-11-20", "next_due_on": "2026-12-20", "updated_at": "2026-11-20T09:00:00Z"}


def ron(**kw) -> dict:
    return {**RON, **kw}


def test_a_row_the_write_added_is_removed_while_it_is_as_the_write_left_it():
    r = reverse("meeting", (3,), "[3]", None, MEETING, dict(MEETING))
    assert isinstance(r, Reversal) and r.action == "remove"
    changed = reverse("meeting", (3,), "[3]", None, MEETING, {**MEETING, "notes": "Edited since."})
    assert isinstance(changed, Clash) and changed.why == "was changed since"
    gone = reverse("meeting", (3,), "[3]", None, MEETING, None)
    assert isinstance(gone, Clash) and gone.why == "was removed since"


def test_a_row_the_write_deleted_comes_back_unless_its_key_is_taken_again():
    r = reverse("meeting", (3,), "[3]", MEETING, None, None)
    assert isinstance(r, Reversal) and (r.action, r.values) == ("bring back", MEETING)
    again = reverse("meeting", (3,), "[3]", MEETING, None, {**MEETING, "kind": "call"})
    assert isinstance(again, Clash) and again.why == "was added again since"


@pytest.mark.parametrize(("now", "expected"), [
    # nobody touched it since: the company goes back, and so does updated_at
    (ron(company="Park Mutual", updated_at="2026-11-21T10:00:00Z"),
     {"company": "Park Insurance", "updated_at": "2026-11-20T09:00:00Z"}),
    # someone changed another field since: the company still goes back, their change and updated_at stay
    (ron(company="Park Mutual", name="Ronald Park", updated_at="2026-11-22T08:00:00Z"), {"company": "Park Insurance"}),
    # a later meeting moved his derived dates: they are recomputed, never compared
    (ron(company="Park Mutual", last_contact_on="2026-11-22", next_due_on="2026-12-22",
         updated_at="2026-11-21T10:00:00Z"), {"company": "Park Insurance", "updated_at": "2026-11-20T09:00:00Z"}),
])
def test_a_changed_row_gets_back_what_the_write_changed(now, expected):
    after = ron(company="Park Mutual", updated_at="2026-11-21T10:00:00Z")
    r = reverse("person", (1,), "[1]", RON, after, now)
    assert isinstance(r, Reversal) and r.action == "restore"
    assert (r.values, r.fields) == (expected, ("company",))


def test_a_field_the_write_changed_and_someone_changed_again_refuses_the_undo():
    after = ron(company="Park Mutual")
    r = reverse("person", (1,), "[1]", RON, after, ron(company="Park & Sons"))
    assert isinstance(r, Clash) and r.why == "was changed since"
    assert isinstance(reverse("person", (1,), "[1]", RON, after, None), Clash)


def test_a_write_that_moved_only_derived_dates_needs_nothing_put_back():
    after = ron(last_contact_on="2026-11-22", next_due_on="2026-12-22")
    assert reverse("person", (1,), "[1]", RON, after, after) is None
    assert reverse("meeting", (3,), "[3]", None, None, None) is None


PERSON_COLUMNS = ("handle", "company", "snoozed_until", "last_contact_on", "next_due_on", "updated_at")
values = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["a", "b", "", "2026-11-22"]))
rows = st.fixed_dictionaries(dict.fromkeys(PERSON_COLUMNS, values)).map(lambda d: {"id": 1, **d})


def _apply(r: Reversal | Clash | None, current: dict | None) -> dict | None:
    if r is None:
        return current
    assert isinstance(r, Reversal)
    if r.action == "remove":
        return None
    if r.action == "bring back":
        return dict(r.values)
    assert current is not None
    return {**current, **r.values}


def _plain(row: dict | None) -> dict | None:
    skip = DERIVED["person"] | BOOKKEEPING
    return None if row is None else {c: v for c, v in row.items() if c not in skip}


@given(old=st.one_of(st.none(), rows), new=st.one_of(st.none(), rows))
def test_undone_right_after_the_write_every_row_is_as_before_it(old, new):
    """Nothing written since: an undo is never refused, and gives back the row
    the write found (its derived dates aside, which are recomputed)."""
    r = reverse("person", (1,), "[1]", old, new, new)
    assert not isinstance(r, Clash)
    restored = _apply(r, new)
    assert _plain(restored) == _plain(old)
    if old is not None and new is not None and restored is not None:
        assert restored["updated_at"] == old["updated_at"]  # nobody touched it: bookkeeping goes back too


@given(old=rows, new=rows, later=rows)
def test_an_undo_after_other_changes_refuses_or_keeps_them(old, new, later):
    """Whatever happened since, an undo either refuses, or puts back exactly
    what the write changed and keeps every change made since."""
    r = reverse("person", (1,), "[1]", old, new, later)
    if isinstance(r, Clash):
        return
    restored = _apply(r, later)
    assert restored is not None
    for c in PERSON_COLUMNS:
        if c in DERIVED["person"] | BOOKKEEPING:
            continue
        if old[c] != new[c]:
            assert restored[c] == old[c]  # the write's change is undone …
        else:
            assert restored[c] == later[c]  # … and nothing else is


def test_rows_are_put_back_parents_first_and_removed_children_first():
    rs = [Reversal("score", (3, 1, "listening"), "remove", {}), Reversal("meeting", (3,), "remove", {}),
          Reversal("attendance", (3, 1), "remove", {}), Reversal("person", (1,), "restore", {"company": "x"}),
          Reversal("attendance", (2, 1), "bring back", {}), Reversal("meeting", (2,), "bring back", {})]
    assert [(r.action, r.table) for r in in_order(rs)] == [
        ("bring back", "meeting"), ("bring back", "attendance"), ("restore", "person"),
        ("remove", "score"), ("remove", "attendance"), ("remove", "meeting")]


def test_rows_are_named_the_way_people_name_them_and_never_by_their_notes():
    names = {1: "ron-park"}
    assert describe("meeting", MEETING, names) == "meeting 3 (coffee on 2026-11-20)"
    assert describe("score", {"meeting_id": 3, "person_id": 1, "dimension": "listening"}, names) == (
        "ron-park's listening score at meeting 3")
    assert describe("attendance", {"meeting_id": 3, "person_id": 7}, names) == "person 7 at meeting 3"
    assert describe("follow_up", {"id": 4, "person_id": 1, "text": "Secret plan"}, names) == "follow-up 4 for ron-park"
    assert describe("person_tag", {"person_id": 1, "tag": "vip"}, names) == "tag vip of ron-park"
    r = reverse("meeting", (3,), "[3]", MEETING, {**MEETING, "notes": "New words", "kind": "lunch"},
                {**MEETING, "notes": "New words", "kind": "lunch"})
    assert isinstance(r, Reversal)
    assert change_detail(r) == "kind lunch → coffee, notes"
    assert "Asked" not in change_detail(r) and "New words" not in change_detail(r)


def w(i: int, author: str | None = "ana", state: str = "kept", mode: str = "rows") -> WriteInfo:
    return WriteInfo(i, author, state, mode)


def test_undo_takes_your_latest_write_that_can_be_undone():
    writes = [w(6, "bo"), w(5, state="final"), w(4, state="undone"), w(3), w(2)]  # newest first
    target, skipped = pick(writes, "ana")
    assert target == w(3) and skipped == [w(5, state="final")]
    assert pick(writes, "bo") == (w(6, "bo"), [])
    assert pick(writes, "cy") == (None, [])
    assert pick([w(2, None)], None) == (w(2, None), [])
    assert pick([w(3, state="gone"), w(2, state="too_large")], "ana") == (
        None, [w(3, state="gone"), w(2, state="too_large")])


def test_an_import_stands_in_the_way_of_nothing_but_writes_after_it_stand_in_its_way():
    writes = [w(5, "bo", state="undone"), w(4, "bo"), w(3, mode="bulk")]
    assert later_writes(writes, w(3, mode="bulk")) == [w(4, "bo")]
    assert later_writes([w(5, "bo", state="undone"), w(3, mode="bulk")], w(3, mode="bulk")) == []


NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("ages_days", "keep", "gone"), [
    ([0, 1, 2], 100, set()),
    ([0, 29, 31], 100, {1}),  # older than 30 days
    ([0, 1, 2, 3], 2, {1, 2}),  # beyond the latest 2
    ([40, 41], 100, {1, 2}),
])
def test_the_record_keeps_the_latest_writes_of_the_last_30_days(ages_days, keep, gone):
    writes = [(len(ages_days) - i, NOW - timedelta(days=d)) for i, d in enumerate(ages_days)]  # newest first
    assert expired(writes, NOW, keep=keep, days=30) == gone


@given(st.lists(st.integers(0, 60), max_size=150))
def test_never_more_than_the_latest_100_of_30_days_are_kept(ages):
    writes = [(len(ages) - i, NOW - timedelta(days=d)) for i, d in enumerate(sorted(ages))]
    kept = {wid for wid, _ in writes} - expired(writes, NOW, keep=100, days=30)
    assert len(kept) <= 100
    assert all(NOW - at <= timedelta(days=30) for wid, at in writes if wid in kept)
