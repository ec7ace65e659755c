"""Referrals that go quiet come back in `netj due`, as a user lives it: an
intro left open for six weeks, with NETJ_TODAY pinned day by day, until its
outcome is recorded with `netj refer update`."""

from __future__ import annotations

import json

import icalendar
import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def on(monkeypatch):
    """``on("2026-10-11")``: from now on, today is that day (NETJ_TODAY)."""
    return lambda day: monkeypatch.setenv("NETJ_TODAY", day)


@pytest.fixture
def intro(netj, on):
    """On 11 October you introduced Ron to Maya; nobody has told you how it went."""
    on("2026-10-01")
    netj.ok("people", "add", "Ron Park", "--no-input")
    netj.ok("people", "add", "Maya Okafor", "--no-input")
    on("2026-10-11")
    r = json.loads(netj.ok("refer", "given", "ron-park", "--to", "maya-okafor", "--note", "PRIVATE-NOTE tax clients",
                           "--no-input", "--json").stdout)
    return r["id"]


def asked(netj, *args):
    return [i for i in netj.json("due", *args) if i["type"] == "referral"]


def test_an_intro_left_open_for_six_weeks(netj, on, intro):
    on("2026-11-09")  # 29 days on: not yet
    assert asked(netj) == []
    on("2026-11-10")  # 30 days on: ask
    item, = asked(netj)
    assert (item["person"], item["referral_id"], item["other_person"], item["referred_on"], item["days_overdue"]) == (
        "ron-park", intro, "maya-okafor", "2026-10-11", 0)
    assert item["reason"] == "ask how the intro to Maya Okafor went: given 2026-10-11, still open after 30 days"
    on("2026-11-22")  # six weeks on: still there, until the outcome is recorded
    item, = asked(netj)
    assert item["days_overdue"] == 12
    shown = netj.ok("due").stdout
    assert "Referrals to ask about (1)" in shown and "the intro to Maya Okafor" in shown and "12d late" in shown
    assert "netj refer update ID --outcome met|won|lost" in shown
    # it is why Ron is not (yet) judged on referrals: one quiet referral is not a pattern
    assert netj.json("score", "ron-park")["referrals"]["gone_quiet"] == 1
    netj.ok("refer", "update", str(intro), "--outcome", "met")
    assert asked(netj) == []
    assert netj.json("score", "ron-park")["referrals"]["honoured"] == 1


def test_within_shows_the_ones_coming_up_and_review_shows_tomorrows(netj, on, intro):
    on("2026-11-05")
    assert asked(netj) == []
    assert [i["days_overdue"] for i in asked(netj, "--within", "7d")] == [-5]
    on("2026-11-09")
    tomorrow = netj.json("review")["due_tomorrow"]
    assert [(i["type"], i["referral_id"]) for i in tomorrow] == [("referral", intro)]
    assert "Referrals to ask about (1)" in netj.ok("review").stdout


def test_the_calendar_feed_says_only_who_and_when(netj, on, intro):
    on("2026-11-22")
    raw = netj.ok("due", "--ics").stdout_bytes
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert "PRIVATE-NOTE" not in unfolded and "Maya" not in unfolded and "maya" not in unfolded
    todo, = [t for t in icalendar.Calendar.from_ical(raw).walk("VTODO") if str(t["UID"]).startswith("referral-")]
    assert str(todo["UID"]) == f"referral-{intro}@netj"
    assert str(todo["SUMMARY"]) == "Ask Ron Park how your referral went"
    assert str(todo["DESCRIPTION"]) == ("referral given on 2026-10-11, still open; due 2026-11-10 (12 days late). "
                                        "netj: ron-park")


def test_a_longer_check_waits_longer(netj, on, intro, monkeypatch):
    on("2026-11-22")
    monkeypatch.setenv("NETJ_REFERRAL_CHECK", "60d")
    assert asked(netj) == []
    assert netj.json("score", "ron-park")["referrals"]["gone_quiet"] == 0
    on("2026-12-10")
    assert [i["due_on"] for i in asked(netj)] == ["2026-12-10"]


def test_only_open_referrals_you_gave_to_people_you_have_not_archived(netj, on, intro):
    on("2026-10-12")
    netj.ok("refer", "received", "maya-okafor", "--no-input")  # given to you: nothing to ask
    netj.ok("refer", "given", "maya-okafor", "--outcome", "lost", "--no-input")  # its outcome is known
    on("2026-11-22")
    assert [i["referral_id"] for i in asked(netj)] == [intro]
    netj.ok("people", "pause", "ron-park", "--review-on", "2027-01-01", "--no-input")
    assert [i["referral_id"] for i in asked(netj)] == [intro]  # paused: you may still ask
    netj.ok("people", "archive", "ron-park", "--no-input")
    assert asked(netj) == []


def test_with_author_only_the_referrals_that_author_recorded(netj, on, intro, monkeypatch):
    on("2026-10-12")
    monkeypatch.setenv("NETJ_USER", "Ana Ruiz")
    netj.ok("refer", "given", "maya-okafor", "--no-input")
    on("2026-11-22")
    assert [i["author"] for i in asked(netj)] == ["tester", "Ana Ruiz"]
    assert [i["person"] for i in asked(netj, "--author", "Ana")] == ["maya-okafor"]
    assert [i["person"] for i in asked(netj, "--author", "tester")] == ["ron-park"]
    shown = netj.ok("due").stdout
    assert "By" in shown and "Ana Ruiz" in shown  # two authors: the table says whose each one is


def test_a_backlog_of_quiet_referrals_keeps_the_morning_list_short(netj, on, intro):
    """A journal whose outcomes were never recorded: the table shows ten and
    says how many more; --limit and --json show what you ask for."""
    on("2026-10-12")
    for _ in range(11):
        netj.ok("refer", "given", "maya-okafor", "--no-input")
    on("2026-11-22")
    assert len(asked(netj)) == 12
    shown = netj.ok("due").stdout
    assert "Referrals to ask about (12)" in shown and "… and 2 more" in shown
    assert len([line for line in shown.splitlines() if "your referral" in line or "the intro to" in line]) == 10
    assert "… and" not in netj.ok("due", "--limit", "12").stdout
    assert len(asked(netj, "--limit", "3")) == 3


def test_a_referral_a_year_old_is_no_longer_asked_about(netj, on, intro):
    on("2027-10-10")  # the intro of 2026-10-11 still counts for reciprocity, and is still asked about
    assert [i["referral_id"] for i in asked(netj)] == [intro]
    on("2027-10-11")  # a year on it counts for nothing, and netj stops asking
    assert asked(netj) == []
    assert netj.json("score", "ron-park")["referrals"]["given"] == 0
