"""`netj due`, `done`, `snooze` and `score`, starting with the issue's
acceptance story. Today is pinned to 2026-11-22 (conftest); `--today` (a
hidden option) moves it for one command."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

DUE_KEYS = ["type", "person", "name", "due_on", "days_overdue", "reason", "follow_up_id", "text", "cadence",
            "last_contact_on", "verdict"]
CARD_KEYS = ["person", "name", "status", "scored_meetings", "last_scored_on", "overall", "verdict", "reason",
             "dimensions"]
DIMENSION_KEYS = ["dimension", "count", "average", "mean", "recent", "trend", "history"]

FORTY_DAYS_LATER = "2027-01-01"  # 2026-11-22 + 40 days


# --- helpers -----------------------------------------------------------------------


def assert_keys(obj: dict, documented: list[str]) -> None:
    """The documented keys, all there, in order (later additions allowed)."""
    assert [k for k in obj if k in documented] == documented


def log(netj, *args: str) -> str:
    return netj.ok("log", *args, "--no-input").stdout.strip()


def add(netj, name: str, *args: str) -> str:
    return netj.ok("people", "add", name, "--no-input", *args).stdout.strip()


def contacts(items: list[dict]) -> list[str]:
    return [i["person"] for i in items if i["type"] == "contact"]


def dim(card: dict, name: str) -> dict:
    (d,) = [d for d in card["dimensions"] if d["dimension"] == name]
    return d


# --- the acceptance story -------------------------------------------------------------


def test_story_two_coffees_then_both_due_40_days_later(netj):
    # an empty journal
    assert netj.json("due") == []
    # the attentive partner sorts after the other one by name, so the order below is not alphabetical luck
    assert log(netj, "Walter Wong", "--new", "--kind", "coffee", "--listening", "5", "--preparation", "5") == "1"
    assert log(netj, "Ron Park", "--new", "--kind", "coffee", "--listening", "1", "--preparation", "2") == "2"
    assert netj.json("due") == []

    items = netj.json("due", "--today", FORTY_DAYS_LATER)
    assert sorted(contacts(items)) == ["ron-park", "walter-wong"]
    for item in items:
        assert_keys(item, DUE_KEYS)
        assert item["type"] == "contact"
        assert item["reason"] == "last met 40 days ago, cadence 30d"
        assert (item["due_on"], item["days_overdue"], item["cadence"], item["last_contact_on"]) == (
            "2026-12-22", 10, "30d", "2026-11-22")
        assert item["follow_up_id"] is None and item["text"] is None
    human = netj.ok("due", "--today", FORTY_DAYS_LATER).stdout
    assert "last met 40 days ago, cadence 30d" in human
    assert "Walter Wong" in human and "Ron Park" in human


def test_story_score_ranks_the_attentive_partner_first(netj):
    log(netj, "Walter Wong", "--new", "--listening", "5", "--preparation", "5", "--date", "2026-10-01")
    log(netj, "Ron Park", "--new", "--listening", "1", "--preparation", "2", "--date", "2026-10-01")
    # one scored meeting each: no verdict yet
    ranked = netj.json("score")
    assert [c["verdict"] for c in ranked] == ["not enough data", "not enough data"]
    assert [c["person"] for c in ranked] == ["walter-wong", "ron-park"]  # still ranked by overall

    log(netj, "walter-wong", "--listening", "5", "--preparation", "5")
    log(netj, "ron-park", "--listening", "1", "--preparation", "2")
    ranked = netj.json("score")
    assert [(c["person"], c["verdict"]) for c in ranked] == [
        ("walter-wong", "two-way street"), ("ron-park", "one-way street")]
    assert ranked[0]["scored_meetings"] == 2
    assert ranked[0]["overall"] == 5.0
    assert ranked[1]["overall"] == 1.5
    out = netj.ok("score").stdout
    assert out.index("Walter Wong") < out.index("Ron Park")
    assert "two-way street" in out and "one-way street" in out

    # and on a tie in lateness, the two-way street comes first in `due`
    items = netj.json("due", "--today", FORTY_DAYS_LATER)
    assert contacts(items) == ["walter-wong", "ron-park"]
    assert [i["verdict"] for i in items] == ["two-way street", "one-way street"]


def test_verdicts_mixed_and_not_enough_data(netj):
    log(netj, "Mia Mixed", "--new", "-l", "3", "-P", "4", "--date", "2026-11-01")
    log(netj, "mia-mixed", "-l", "3", "-P", "4")
    log(netj, "Una Once", "--new", "-l", "5", "-P", "5")
    assert netj.json("score", "mia-mixed")["verdict"] == "mixed"
    card = netj.json("score", "una-once")
    assert card["verdict"] == "not enough data"
    assert card["scored_meetings"] == 1


# --- due --within, --limit, empty --------------------------------------------------------


def test_due_within_shows_what_falls_due_soon(netj):
    add(netj, "Soon Sue", "--cadence", "30d")
    log(netj, "soon-sue", "--date", "2026-10-26")  # due 2026-11-25, in 3 days
    assert netj.json("due") == []
    assert netj.json("due", "--within", "2d") == []
    (item,) = netj.json("due", "--within", "3d")
    assert (item["person"], item["due_on"], item["days_overdue"]) == ("soon-sue", "2026-11-25", -3)
    assert contacts(netj.json("due", "-w", "1w")) == ["soon-sue"]


def test_due_limit_applies_per_section(netj):
    for name, last in (("Ann Lee", "2026-09-01"), ("Bob Stone", "2026-09-20"), ("Cy Young", "2026-10-10")):
        add(netj, name, "--cadence", "30d")
        log(netj, name, "--date", last, "-f", f"write to {name}", "--follow-up-on", "2026-11-20")
    items = netj.json("due")
    assert contacts(items) == ["ann-lee", "bob-stone", "cy-young"]  # latest first
    assert [i["follow_up_id"] for i in items if i["type"] == "follow_up"] == [1, 2, 3]
    limited = netj.json("due", "--limit", "2")
    assert contacts(limited) == ["ann-lee", "bob-stone"]
    assert [i["follow_up_id"] for i in limited if i["type"] == "follow_up"] == [1, 2]
    assert [i["type"] for i in netj.json("due", "--limit", "1")] == ["contact", "follow_up"]


def test_due_limit_must_be_positive(netj):
    r = netj("due", "--limit", "0", "--json")
    assert r.exit_code == 2
    assert r.stdout == ""


def test_due_json_empty_is_an_empty_array(netj):
    r = netj.ok("due", "--json")
    assert r.stdout.strip() == "[]"
    # people who are not due yet still give []
    add(netj, "Ron Park", "--cadence", "30d")
    assert netj.ok("due", "--json").stdout.strip() == "[]"
    assert "Nothing is due" in netj.ok("due").stdout


def test_due_sections_come_in_order(netj):
    add(netj, "Ron Park", "--cadence", "30d")
    log(netj, "ron-park", "--date", "2026-09-01", "-f", "intro", "--follow-up-on", "2026-11-21")
    add(netj, "Pia Paused", "--cadence", "30d")
    netj.ok("people", "pause", "pia-paused", "--review-on", "2026-11-23")
    items = netj.json("due", "--within", "1d")
    assert [(i["type"], i["person"]) for i in items] == [
        ("contact", "ron-park"), ("follow_up", "ron-park"), ("review", "pia-paused")]
    fu = items[1]
    assert (fu["follow_up_id"], fu["text"], fu["due_on"], fu["days_overdue"]) == (1, "intro", "2026-11-21", 1)
    assert fu["cadence"] is None and fu["verdict"] is None


# --- done ------------------------------------------------------------------------------


def test_done_closes_a_follow_up(netj):
    log(netj, "Ron Park", "--new", "-f", "Send dates", "--follow-up-on", "2026-11-24",
        "-f", "Call back", "--follow-up-on", "2026-11-24")
    assert [i["follow_up_id"] for i in netj.json("due", "--within", "2d")] == [1, 2]
    r = netj.ok("done", "1", "--json")
    fu = json.loads(r.stdout)
    assert (fu["id"], fu["text"], fu["done_on"], fu["person"]) == (1, "Send dates", "2026-11-22", "ron-park")
    assert "follow-up 1" in r.stderr
    assert [i["follow_up_id"] for i in netj.json("due", "--within", "2d")] == [2]
    assert netj.json("people", "show", "ron-park")["open_follow_ups"][0]["id"] == 2


def test_done_twice_and_unknown_id(netj):
    log(netj, "Ron Park", "--new", "-f", "x", "--follow-up-on", "friday")
    netj.ok("done", "1")
    r = netj("done", "1")
    assert r.exit_code == 1 and r.stderr.startswith("Error:")
    r = netj("done", "42")
    assert r.exit_code == 1 and r.stdout == ""
    (fu,) = json.loads(netj.ok("export", "--json").stdout)["follow_ups"]
    assert fu["done_on"] == "2026-11-22"


# --- snooze ----------------------------------------------------------------------------


@pytest.fixture
def overdue_ron(netj):
    add(netj, "Ron Park", "--cadence", "30d")
    log(netj, "ron-park", "--date", "2026-09-01")
    assert contacts(netj.json("due")) == ["ron-park"]
    return netj


def test_snooze_until_a_date(overdue_ron):
    netj = overdue_ron
    r = netj.ok("snooze", "ron-park", "--until", "2026-12-15")
    assert r.stdout == "ron-park\n"
    p = netj.json("people", "show", "ron-park")["person"]
    assert (p["snoozed_until"], p["next_due_on"]) == ("2026-12-15", "2026-12-15")
    assert netj.json("due") == []
    assert netj.json("due", "--today", "2026-12-14") == []
    (item,) = netj.json("due", "--today", "2026-12-15")
    assert (item["person"], item["days_overdue"]) == ("ron-park", 0)


def test_snooze_relative_and_json(overdue_ron):
    p = overdue_ron.json("snooze", "ron-park", "-u", "2w")
    assert p["snoozed_until"] == "2026-12-06"
    assert p["handle"] == "ron-park"


def test_snooze_in_the_past_is_refused(overdue_ron):
    r = overdue_ron("snooze", "ron-park", "--until", "2026-11-01")
    assert r.exit_code == 2
    assert contacts(overdue_ron.json("due")) == ["ron-park"]


def test_logging_a_meeting_clears_the_snooze(overdue_ron):
    netj = overdue_ron
    netj.ok("snooze", "ron-park", "--until", "2027-03-01")
    log(netj, "ron-park")
    p = netj.json("people", "show", "ron-park")["person"]
    assert (p["snoozed_until"], p["next_due_on"]) == (None, "2026-12-22")


# --- score: rescoring and JSON shape --------------------------------------------------------


def test_rescore_one_attendance(netj):
    log(netj, "Ron Park", "--new", "--listening", "2", "--preparation", "3", "--date", "2026-11-01")
    log(netj, "ron-park", "--listening", "4")
    r = netj.ok("score", "ron-park", "--meeting", "1", "--listening", "5", "--json")
    card = json.loads(r.stdout)
    assert dim(card, "listening")["history"] == [5, 4]
    assert dim(card, "preparation")["history"] == [3]  # untouched
    assert "Scored meeting 1" in r.stderr
    # add a score that was missing
    card = netj.json("score", "ron-park", "-m", "2", "-P", "1")
    assert dim(card, "preparation")["history"] == [3, 1]
    meetings = json.loads(netj.ok("export", "--json").stdout)["meetings"]
    assert [m["attendees"][0]["scores"] for m in meetings] == [
        {"listening": 5, "preparation": 3}, {"listening": 4, "preparation": 1}]


def test_rescore_a_meeting_the_person_did_not_attend(netj):
    log(netj, "Ron Park", "--new")
    log(netj, "Ann Lee", "--new", "--listening", "3")
    r = netj("score", "ron-park", "--meeting", "2", "--listening", "5")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert netj.json("score", "ann-lee")["dimensions"][0]["history"] == [3]


def test_score_person_json_shape(netj):
    for day, listening, prep in (("2026-08-01", 3, 4), ("2026-09-01", 4, 4), ("2026-10-01", 5, 4), ("2026-11-01", 5, 5)):
        log(netj, "Ron Park", "--new", "--date", day, "-l", str(listening), "-P", str(prep))
    card = netj.json("score", "ron-park")
    assert_keys(card, CARD_KEYS)
    assert (card["person"], card["name"], card["status"]) == ("ron-park", "Ron Park", "active")
    assert card["scored_meetings"] == 4
    assert card["last_scored_on"] == "2026-11-01"
    assert isinstance(card["overall"], float)
    assert isinstance(card["reason"], str) and card["reason"]
    assert [d["dimension"] for d in card["dimensions"]][:2] == ["listening", "preparation"]
    listening = dim(card, "listening")
    assert_keys(listening, DIMENSION_KEYS)
    assert listening["count"] == 4
    assert listening["history"] == [3, 4, 5, 5]
    assert listening["mean"] == 4.25
    assert listening["recent"] == pytest.approx(4.67, abs=0.01)
    assert listening["trend"] == "up"
    assert listening["mean"] < listening["average"] < 5  # recent scores weigh more
    assert dim(card, "preparation")["history"] == [4, 4, 4, 5]
    assert card["verdict"] == "two-way street"


def test_score_ranking_json_all_and_limit(netj):
    log(netj, "Ann Lee", "--new", "-l", "5", "-P", "5")
    log(netj, "Bob Stone", "--new", "-l", "3", "-P", "3")
    add(netj, "Cy Young")  # never scored
    ranked = netj.json("score")
    assert [c["person"] for c in ranked] == ["ann-lee", "bob-stone"]
    for c in ranked:
        assert_keys(c, CARD_KEYS)
    everyone = netj.json("score", "--all")
    assert [c["person"] for c in everyone] == ["ann-lee", "bob-stone", "cy-young"]
    assert everyone[2]["overall"] is None and everyone[2]["scored_meetings"] == 0
    assert [c["person"] for c in netj.json("score", "--limit", "1")] == ["ann-lee"]


def test_score_json_empty_is_an_empty_array(netj):
    assert netj.ok("score", "--json").stdout.strip() == "[]"
    add(netj, "Cy Young")
    assert netj.json("score") == []


def test_half_life_changes_the_weighted_average(netj):
    log(netj, "Ron Park", "--new", "-l", "1", "--date", "2025-11-22")
    log(netj, "ron-park", "-l", "5")
    default = dim(netj.json("score", "ron-park"), "listening")["average"]
    short = dim(netj.json("score", "ron-park", "--half-life", "30d"), "listening")["average"]
    assert 3 < default < short <= 5
    assert dim(netj.json("score", "ron-park"), "listening")["mean"] == 3.0
