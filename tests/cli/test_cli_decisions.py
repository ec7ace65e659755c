"""Review decisions: pause / archive / activate keep a dated history with
reasons, and a paused relationship comes back in `netj due` on its date."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def priya(netj):
    netj.ok("people", "add", "Priya Natarajan", "--cadence", "30d", "--no-input")
    return "priya-natarajan"


def test_every_decision_is_kept_with_its_date_and_reason(netj, priya):
    netj.ok("people", "pause", priya, "--review-on", "3m", "--reason", "Different markets for now",
            "--today", "2026-06-01", "--no-input")
    netj.ok("people", "activate", priya, "--reason", "She rebranded", "--today", "2026-09-02")
    netj.ok("people", "archive", priya, "--reason", "Moved abroad", "--no-input")
    decisions = netj.json("people", "show", priya)["decisions"]
    assert [(d["date"], d["status"], d["review_on"], d["reason"]) for d in decisions] == [
        ("2026-06-01", "paused", "2026-09-01", "Different markets for now"),
        ("2026-09-02", "active", None, "She rebranded"),
        ("2026-11-22", "archived", None, "Moved abroad"),
    ]
    shown = netj.ok("people", "show", priya, "--history").stdout
    assert "paused, review on 2026-09-01: Different markets for now" in shown
    assert "archived: Moved abroad" in shown


def test_a_paused_person_leaves_the_overdue_list_and_comes_back_for_review(netj, priya):
    netj.ok("log", priya, "--date", "2026-09-01", "--no-input")
    assert [i["type"] for i in netj.json("due")] == ["contact"]  # 82 days since, cadence 30d
    netj.ok("people", "pause", priya, "--review-on", "2026-12-15", "--reason", "Busy season", "--no-input")
    assert netj.json("due") == []
    item, = netj.json("due", "--today", "2026-12-15")
    assert item["type"] == "review"
    assert item["reason"] == "review the decision about Priya Natarajan: paused on 2026-11-22 until 2026-12-15"
    assert (item["decided_on"], item["decision_reason"]) == ("2026-11-22", "Busy season")
    table = netj.ok("due", "--today", "2026-12-15").stdout
    assert "Decisions to review" in table and "Busy season" in table


def test_the_reason_stays_out_of_the_calendar_feed(netj, priya):
    netj.ok("people", "pause", priya, "--review-on", "2026-12-01", "--reason", "Candid private words", "--no-input")
    feed = netj.ok("due", "--ics", "--within", "30d").stdout
    assert "review the decision about Priya Natarajan" in feed.replace("\r\n ", "")
    assert "Candid" not in feed


def test_in_a_terminal_the_reason_is_asked_for(netj, priya, monkeypatch, sql):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj.ok("people", "archive", priya, input="Retired\n")
    assert "Why?" in result.stderr
    assert sql("SELECT reason FROM decision") == [("Retired",)]


def test_a_bad_review_date_records_no_decision(netj, priya, sql):
    result = netj("people", "pause", priya, "--review-on", "2026-02-30", "--reason", "x", "--no-input")
    assert result.exit_code != 0 and "February 2026 has 28 days" in result.stderr
    result = netj("people", "pause", priya, "--review-on", "yesterday", "--no-input")
    assert result.exit_code != 0 and "not in the future" in result.stderr
    assert sql("SELECT count(*) FROM decision") == [(0,)]
