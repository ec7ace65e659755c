"""`netj prep`, and the practitioner's story of issue #6: two partners who look
alike on paper, told apart by netj without reading the notes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

BRIEFING_KEYS = ["person", "scorecard", "last_meetings", "you_promised", "they_promised", "referrals", "unknown",
                 "latest_decision"]


@pytest.fixture
def story(netj):
    """Ron arrives early, has not looked at your profile, talks about himself and
    hands you his brochure. Lorraine arrives late, has studied your website,
    comes with ideas, asks every question back. One referral each way with
    Lorraine afterwards; Ron gets one too and sends nobody back."""
    netj.ok("log", "Ron Park", "--new", "--date", "2026-11-10", "--place", "Station Coffee", "--late", "-15",
            "--listening", "1", "--preparation", "2", "--note", "Brochure. 'I did', 'my vision'.", "--no-input")
    netj.ok("log", "Lorraine Chu", "--new", "--date", "2026-11-12", "--place", "Blue Door Café", "--late", "10",
            "--listening", "5", "--preparation", "5", "--note", "Had read my website; two client ideas.",
            "--follow-up", "Send Lorraine the workshop dates", "--they-promise", "Intro to her colleague Sam",
            "--follow-up-on", "2026-11-20", "--no-input")
    netj.ok("refer", "given", "lorraine-chu", "--date", "2026-11-15", "--note", "The Hendersons", "--no-input")
    netj.ok("refer", "received", "lorraine-chu", "--date", "2026-11-18", "--no-input")
    netj.ok("refer", "given", "ron-park", "--date", "2026-11-16", "--no-input")


def test_score_tells_the_two_streets_apart(netj, story):
    ranked = netj.json("score")
    assert [r["person"] for r in ranked] == ["lorraine-chu", "ron-park"]
    lorraine, ron = ranked
    assert (lorraine["verdict"], lorraine["leaning"]) == ("not enough data", "two-way street")
    assert (ron["verdict"], ron["leaning"]) == ("not enough data", "one-way street")
    assert lorraine["referrals"]["balance"] == 0 and ron["referrals"]["balance"] == -1
    out = netj.ok("score").stdout
    assert "leans two-way street" in out and "leans one-way street" in out


def test_prep_is_one_briefing_with_promises_both_ways(netj, story):
    brief = netj.json("prep", "lorraine-chu")
    assert list(brief) == BRIEFING_KEYS
    assert [f["text"] for f in brief["you_promised"]] == ["Send Lorraine the workshop dates"]
    assert [f["text"] for f in brief["they_promised"]] == ["Intro to her colleague Sam"]
    assert brief["they_promised"][0]["owed_by"] == "them"
    assert brief["unknown"] == ["goals", "accomplishments", "interests", "networks", "skills"]
    assert brief["scorecard"]["referrals"]["given"] == 1 and brief["scorecard"]["referrals"]["received"] == 1
    assert [m["notes"] for m in brief["last_meetings"]] == ["Had read my website; two client ideas."]
    text = netj.ok("prep", "lorraine-chu").stdout
    for expected in ("Lorraine Chu", "leans two-way street", "Referrals, last 12 months: 1 given (1 still open), 1 received",
                     "What you don't know yet: goals, accomplishments, interests, networks, skills",
                     "You promised", "They promised you", "Intro to her colleague Sam", "two client ideas"):
        assert expected in text, expected


def test_prep_shows_only_the_last_three_meetings_newest_first(netj, story):
    for day in ("2026-11-13", "2026-11-14", "2026-11-15"):
        netj.ok("log", "ron-park", "--date", day, "--note", f"meeting {day}", "--no-input")
    brief = netj.json("prep", "ron-park")
    assert [m["date"] for m in brief["last_meetings"]] == ["2026-11-15", "2026-11-14", "2026-11-13"]


def test_due_puts_the_two_way_street_first_and_lists_both_promises(netj, story):
    items = netj.json("due", "--today", "2026-12-20")
    contacts = [i["person"] for i in items if i["type"] == "contact"]
    assert contacts == ["ron-park", "lorraine-chu"]  # Ron is two days later against the same cadence
    follow_ups = [(i["owed_by"], i["reason"]) for i in items if i["type"] == "follow_up"]
    assert follow_ups == [("me", "promised for 2026-11-20"), ("them", "Lorraine Chu promised it for 2026-11-20")]
    assert "they promised: Intro to her colleague Sam" in netj.ok("due", "--today", "2026-12-20").stdout


def test_prep_of_an_unknown_person_suggests_the_near_miss(netj, story):
    result = netj("prep", "loraine-chu")
    assert result.exit_code == 1
    assert result.stderr == ("Error: no person matches 'loraine-chu'. Did you mean lorraine-chu (Lorraine Chu)? "
                             "See `netj people list`.\n")


def test_they_promise_needs_a_date_without_a_terminal(netj, story):
    result = netj("log", "ron-park", "--they-promise", "Send his brochure", "--no-input")
    assert result.exit_code == 2 and "a follow-up needs a date" in result.stderr


def test_report_tells_the_two_streets_apart_after_one_meeting_each(netj, story):
    report = netj.json("report", "--since", "30d")
    partners = {p["person"]: p for p in report["partners"]}
    assert [p["person"] for p in report["partners"]] == ["lorraine-chu", "ron-park"]
    assert (partners["lorraine-chu"]["leaning"], partners["ron-park"]["leaning"]) == ("two-way street", "one-way street")
    assert report["referrals"]["given"]["count"] == 2 and report["referrals"]["received"]["count"] == 1
    text = netj.ok("report", "--since", "30d").stdout
    assert "leans two-way street" in text and "leans one-way street" in text
    assert "two client ideas" not in text  # the report never prints notes


def test_due_shows_which_way_a_first_meeting_leans(netj, story):
    items = {i["person"]: i for i in netj.json("due", "--today", "2026-12-20") if i["type"] == "contact"}
    assert (items["lorraine-chu"]["leaning"], items["ron-park"]["leaning"]) == ("two-way street", "one-way street")
    text = netj.ok("due", "--today", "2026-12-20").stdout
    assert "leans two-way street" in text and "leans one-way street" in text


def test_a_promise_they_made_reads_as_theirs_in_the_calendar(netj, story):
    feed = netj.ok("due", "--ics", "--within", "30d").stdout.replace("\r\n ", "")
    assert "SUMMARY:Lorraine Chu promised: Intro to her colleague Sam" in feed
    assert "SUMMARY:Follow up with Lorraine Chu: Send Lorraine the workshop dates" in feed


@pytest.mark.parametrize("option", ["--follow-up", "--they-promise"])
def test_an_empty_promise_names_its_option(netj, story, option):
    result = netj("log", "ron-park", option, " ", "--follow-up-on", "friday", "--no-input")
    assert result.exit_code != 0
    assert result.stderr == f"Error: {option}: the promise is empty; say what was promised.\n"
