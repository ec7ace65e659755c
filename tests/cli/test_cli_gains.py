"""`netj gains` and the GAINS options of `netj people edit`: five fields, each
change kept with its date (`people show --history`)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

GAINS = ["goals", "accomplishments", "interests", "networks", "skills"]


@pytest.fixture
def ron(netj):
    netj.ok("people", "add", "Ron Park", "--no-input")
    return "ron-park"


def test_gains_shows_what_is_known_and_what_is_not(netj, ron):
    profile = netj.json("gains", ron)
    assert list(profile) == ["person", "name", *GAINS, "unknown"]
    assert profile["unknown"] == GAINS
    out = netj.ok("gains", ron).stdout
    assert out.count("not known yet") == 5


def test_options_set_fields_and_each_change_is_dated(netj, ron):
    netj.ok("gains", ron, "--goals", "Double his book", "--skills", "Small-business policies", "--today", "2026-10-01")
    netj.ok("people", "edit", ron, "--goals", "Open a second office", "--interests", "Golf", "--today", "2026-11-20")
    netj.ok("gains", ron, "--interests", "Golf")  # the same text again is not news
    profile = netj.json("gains", ron)
    assert (profile["goals"], profile["interests"], profile["skills"]) == (
        "Open a second office", "Golf", "Small-business policies")
    assert profile["unknown"] == ["accomplishments", "networks"]
    history = netj.json("people", "show", ron)["gains_history"]
    assert [(h["date"], h["field"], h["value"]) for h in history] == [
        ("2026-10-01", "goals", "Double his book"),
        ("2026-10-01", "skills", "Small-business policies"),
        ("2026-11-20", "goals", "Open a second office"),
        ("2026-11-20", "interests", "Golf"),
    ]
    shown = netj.ok("people", "show", ron, "--history").stdout
    assert "History" in shown and "Double his book" in shown and "Open a second office" in shown
    assert "Double his book" not in netj.ok("people", "show", ron).stdout  # the old goal lives in the history only


def test_clearing_a_field_is_recorded_as_cleared(netj, ron):
    netj.ok("gains", ron, "--networks", "Rotary")
    netj.ok("gains", ron, "--networks", "")
    assert netj.json("gains", ron)["networks"] is None
    history = netj.json("people", "show", ron)["gains_history"]
    assert [(h["field"], h["value"]) for h in history] == [("networks", "Rotary"), ("networks", None)]
    assert "(cleared)" in netj.ok("people", "show", ron, "--history").stdout


def test_in_a_terminal_it_asks_only_for_what_is_missing(netj, ron, monkeypatch):
    netj.ok("gains", ron, "--goals", "Double his book")
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj.ok("gains", ron, input="Top broker 2024\n\nRotary\n\n")
    assert "Goals:" not in result.stderr  # known already: not asked
    assert "Accomplishments:" in result.stderr and "Skills:" in result.stderr
    assert "Saved 2 GAINS fields" in result.stderr
    monkeypatch.delenv("NETJ_INTERACTIVE")
    profile = netj.json("gains", ron)
    assert (profile["accomplishments"], profile["interests"], profile["networks"]) == ("Top broker 2024", None, "Rotary")


def test_without_a_terminal_it_never_asks(netj, ron, sql):
    result = netj.ok("gains", ron, input="should not be read\n")
    assert "not known yet" in result.stdout and result.stderr == ""
    assert sql("SELECT count(*) FROM gains_change") == [(0,)]


def test_a_nul_byte_is_refused_and_nothing_is_written(netj, ron, sql):
    result = netj("gains", ron, "--goals", "bad\x00text")
    assert result.exit_code != 0 and "NUL" in result.stderr and "bad" not in result.stderr
    assert sql("SELECT count(*) FROM gains_change") == [(0,)]
    assert json.loads(netj.ok("gains", ron, "--json").stdout)["goals"] is None
