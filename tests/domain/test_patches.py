"""Patches (``people edit``, ``meetings edit``): every value is checked when the
patch is made, so a bad one is a one-line error before anything is opened,
whatever was typed; ``""`` clears a field, a field not given is left alone."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.inputs import MeetingPatch, PersonPatch, validated
from netjournal.errors import InvalidValue

PERSON_TEXT = ("company", "title", "email", "phone", "url", "notes", "cadence", "goals", "skills", "name", "handle")
MEETING_TEXT = ("at_time", "kind", "place", "notes")


@given(field=st.sampled_from(PERSON_TEXT), value=st.text(max_size=40))
def test_a_person_patch_is_made_or_refused_in_one_line(field, value):
    try:
        patch = validated(PersonPatch, **{field: value})
    except InvalidValue as exc:
        assert "\n" not in exc.message
        return
    changed = patch.changes()  # never raises once made
    assert list(changed) == [field]


@given(field=st.sampled_from(MEETING_TEXT), value=st.text(max_size=40))
def test_a_meeting_patch_is_made_or_refused_in_one_line(field, value):
    try:
        patch = validated(MeetingPatch, **{field: value})
    except InvalidValue as exc:
        assert "\n" not in exc.message
        return
    assert set(patch.fields()) == {field}


@pytest.mark.parametrize(("given_", "expected"), [
    ({"company": ""}, {"company": None}),
    ({"company": "  Acme  "}, {"company": "Acme"}),
    ({"email": ""}, {"email": None}),
    ({"cadence": "none"}, {"cadence": None}),
    ({"cadence": "2 weeks"}, {"cadence": "2w"}),
    ({"notes": "   "}, {"notes": None}),
    ({"goals": ""}, {"goals": None}),
])
def test_an_empty_value_clears_a_person_field(given_, expected):
    assert validated(PersonPatch, **given_).changes() == expected


@pytest.mark.parametrize(("given_", "expected"), [
    ({"at_time": "", "place": " ", "notes": ""}, {"at_time": None, "place": None, "notes": None}),
    ({"at_time": "9:05", "kind": "LUNCH"}, {"at_time": "09:05", "kind": "lunch"}),
    ({"notes": "  kept as typed \n"}, {"notes": "  kept as typed \n"}),
    ({"on_date": date(2026, 11, 1)}, {"on_date": date(2026, 11, 1)}),
    ({}, {}),
])
def test_a_meeting_patch_names_only_what_changes(given_, expected):
    patch = validated(MeetingPatch, **given_)
    assert patch.fields() == expected
    assert patch.is_empty() == (not expected)


@pytest.mark.parametrize(("given_", "message"), [
    ({"email": "not-an-email"}, "email 'not-an-email' does not look like an email address"),
    ({"company": "Acme\x1b[31m"}, "company contains an escape character (ESC)"),
    ({"phone": "0\n1"}, "phone contains a line break"),
])
def test_a_bad_person_value_is_refused_when_the_patch_is_made(given_, message):
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(").replace(")", r"\)")):
        validated(PersonPatch, **given_)
