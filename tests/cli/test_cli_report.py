"""`netj report`: the period on one screen, checked through its JSON. Today
is pinned to 2026-11-22 (a Sunday; conftest). Referrals go in with plain SQL
until `netj refer` exists."""

from __future__ import annotations

import pytest

from backends import writing

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

REPORT_KEYS = ["since", "until", "days", "meetings", "people_met", "weeks", "calendar", "partners", "referrals",
               "one_way_streets", "one_way_total", "drifting", "you_owe", "you_owe_total"]
PARTNER_KEYS = ["person", "name", "status", "meetings_in_period", "scored_meetings", "last_scored_on", "overall",
                "verdict", "reason", "dimensions", "leaning", "momentum", "referrals"]
SIDE_KEYS = ["count", "introductions", "value", "outcomes", "top"]
SAME_NOTE = "Coffee at the station; we talked about the market."


def log(netj, *args: str) -> None:
    netj.ok("log", *args, "--no-input")


def refer(db_path, direction: str, handle: str, on: str, outcome: str = "open", value: float | None = None,
          other: str | None = None) -> None:
    with writing(db_path) as conn:
        ids = dict(conn.execute("SELECT handle, id FROM person"))
        conn.execute(
            "INSERT INTO referral (direction, person_id, other_person_id, on_date, outcome, value, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (direction, ids[handle], ids.get(other), on, outcome, value, f"{on}T12:00:00Z", f"{on}T12:00:00Z"),
        )


@pytest.fixture
def journal(netj, db_path):
    """Walter listens and prepares, Ron does neither; the notes of their
    meetings are word for word the same."""
    for when in ("2026-10-05", "2026-11-02"):
        log(netj, "Walter Wong", "--new", "--date", when, "-l", "5", "-P", "5", "--note", SAME_NOTE)
        log(netj, "Ron Park", "--new", "--date", when, "-l", "1", "-P", "2", "--note", SAME_NOTE)
    log(netj, "Ron Park", "--date", "2026-11-18", "-l", "2", "-P", "1", "--note", SAME_NOTE)
    log(netj, "Maya Okafor", "--new", "--date", "2026-11-18", "-l", "4", "-P", "4")  # one scored meeting
    log(netj, "Old Friend", "--new", "--date", "2026-06-01")  # before the period
    netj.ok("people", "edit", "old-friend", "--cadence", "2w")
    # Ron takes referrals and never gives one; Walter gives back
    refer(db_path, "given", "ron-park", "2026-10-06", "won", 1200.0)
    refer(db_path, "given", "ron-park", "2026-11-03", "lost")
    refer(db_path, "given", "ron-park", "2026-11-19", "open", other="maya-okafor")
    refer(db_path, "given", "walter-wong", "2026-10-10", "met")
    refer(db_path, "received", "walter-wong", "2026-10-20", "won", 2500.0)
    refer(db_path, "received", "walter-wong", "2026-11-10", "open")
    refer(db_path, "received", "walter-wong", "2026-05-01", "won", 9999.0)  # before the period
    return db_path


def test_report_tells_a_one_way_partner_from_a_two_way_one_by_scores_alone(netj, journal):
    report = netj.json("report")
    assert list(report) == REPORT_KEYS
    by = {p["person"]: p for p in report["partners"]}
    assert by["walter-wong"]["verdict"] == "two-way street"
    assert by["ron-park"]["verdict"] == "one-way street"
    # Maya has one scored meeting: no verdict yet, ranked last with what she leans to
    assert [p["person"] for p in report["partners"]] == ["walter-wong", "ron-park", "maya-okafor"]
    assert (by["maya-okafor"]["verdict"], by["maya-okafor"]["leaning"]) == ("not enough data", "two-way street")
    assert [o["person"] for o in report["one_way_streets"]] == ["ron-park"]
    assert report["one_way_total"] == 1
    ron = report["one_way_streets"][0]
    assert ron["meetings_in_period"] == 3
    assert ron["reason"] == by["ron-park"]["reason"]
    assert "listening" in ron["reason"] and "preparation" in ron["reason"]
    for p in report["partners"]:
        assert list(p) == PARTNER_KEYS
    assert by["walter-wong"]["dimensions"][0]["history"] == [5, 5]
    # the ledger says the same thing the scores do
    given, received = report["referrals"]["given"], report["referrals"]["received"]
    assert [(t["person"], t["referrals"]) for t in given["top"]] == [("ron-park", 3), ("walter-wong", 1)]
    assert [(t["person"], t["referrals"]) for t in received["top"]] == [("walter-wong", 2)]


def test_report_counts_the_period(netj, journal):
    report = netj.json("report")
    assert (report["since"], report["until"], report["days"]) == ("2026-08-24", "2026-11-22", 91)
    assert report["meetings"] == 6  # four with Walter and Ron, Ron and Maya on the 18th; not June
    assert report["people_met"] == 3
    weeks = {w["week"]: w["meetings"] for w in report["weeks"]}
    assert len(report["weeks"]) == 13 and report["weeks"][0]["starts_on"] == "2026-08-24"
    assert (weeks["2026-W41"], weeks["2026-W45"], weeks["2026-W47"], weeks["2026-W40"]) == (2, 2, 2, 0)
    assert sum(weeks.values()) == 6
    cal = report["calendar"]
    assert len(cal["weeks"]) == 13 and len(cal["meetings"]) == 7 and cal["max_per_day"] == 2
    monday_row = cal["meetings"][0]
    assert monday_row[cal["weeks"].index("2026-10-05")] == 2
    assert cal["levels"][0][cal["weeks"].index("2026-10-05")] == 4
    assert cal["months"][cal["weeks"].index("2026-09-28")] == "Oct"


def test_report_referral_flows(netj, journal):
    referrals = netj.json("report")["referrals"]
    given, received = referrals["given"], referrals["received"]
    assert list(given) == SIDE_KEYS
    assert (given["count"], given["introductions"], given["value"]) == (4, 1, 1200.0)
    assert given["outcomes"] == {"open": 1, "met": 1, "won": 1, "lost": 1}
    assert (received["count"], received["value"]) == (2, 2500.0)  # May's is outside the period
    assert received["outcomes"] == {"open": 1, "met": 0, "won": 1, "lost": 0}
    since_november = netj.json("report", "--since", "2026-11-01")["referrals"]
    assert (since_november["given"]["count"], since_november["received"]["count"]) == (2, 1)


def test_report_lists_who_is_drifting_past_their_cadence(netj, journal):
    drifting = netj.json("report")["drifting"]
    # Old Friend: met on 1 June, cadence 2w. Walter and Ron (30d, met 2 November) are not due yet.
    assert [(d["person"], d["days_overdue"], d["cadence"]) for d in drifting] == [("old-friend", 160, "2w")]
    assert netj.json("report", "--today", "2026-12-02")["drifting"][0]["person"] == "old-friend"
    later = netj.json("report", "--today", "2026-12-10")["drifting"]
    assert [d["person"] for d in later] == ["old-friend", "walter-wong"]  # Ron was met again on the 18th
    latest = netj.json("report", "--today", "2026-12-20")["drifting"]
    assert [(d["person"], d["days_overdue"]) for d in latest] == [
        ("old-friend", 188), ("walter-wong", 18), ("maya-okafor", 2), ("ron-park", 2)]  # as late: the better score first


def test_report_since_and_limit(netj, journal):
    short = netj.json("report", "--since", "7d")
    assert (short["since"], short["days"], short["meetings"], short["people_met"]) == ("2026-11-15", 8, 2, 2)
    assert [p["person"] for p in short["partners"]] == ["ron-park", "maya-okafor"]  # Walter was not met this week
    assert len(netj.json("report", "--limit", "1")["partners"]) == 1
    assert netj.json("report", "--since", "1y")["people_met"] == 4


def test_report_human_shows_every_section_but_no_notes(netj, journal):
    out = netj.ok("report").stdout
    for heading in ("Meetings per week", "Meetings per day", "Partners met in the period", "Referrals",
                    "One-way streets (1)", "Drifting past their cadence (1)"):
        assert heading in out
    assert "ron-park" in out and "walter-wong" in out and "old-friend" in out
    assert "W41" in out and "Mon" in out and "Sun" in out
    assert SAME_NOTE not in out and "market" not in out
    assert "\x1b" not in out  # NO_COLOR, and not a terminal: plain text


def test_report_of_an_empty_journal(netj, db_path, backend):
    report = netj.json("report")
    assert report["meetings"] == 0 and report["people_met"] == 0
    assert [w["meetings"] for w in report["weeks"]] == [0] * 13
    assert report["calendar"]["max_per_day"] == 0
    assert report["partners"] == [] and report["one_way_streets"] == [] and report["drifting"] == []
    assert report["referrals"]["given"] == {"count": 0, "introductions": 0, "value": 0.0,
                                            "outcomes": {"open": 0, "met": 0, "won": 0, "lost": 0}, "top": []}
    out = netj.ok("report").stdout
    assert "0 meetings with 0 people" in out
    if backend == "sqlite":  # a server's database exists already
        assert not db_path.exists()  # reading never creates the journal


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "soon"], "Error: --since: cannot read 'soon' as a date"),
    (["--since", "tomorrow"], "Error: --since: 'tomorrow' is after today (2026-11-22)"),
    (["--limit", "0"], "Invalid value for '--limit'"),
])
def test_report_bad_options(netj, args, message):
    result = netj("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
