"""`netj refer` and `netj referrals`: the referral ledger, and reciprocity in the scorecard."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

REFERRAL_KEYS = ["id", "direction", "person_id", "person", "other_person_id", "other_person", "date", "note",
                 "outcome", "outcome_on", "value", "created_at", "updated_at", "author"]


@pytest.fixture
def people(netj):
    for name in ("Ron Park", "Lorraine Chu", "Maya Okafor"):
        netj.ok("people", "add", name, "--no-input", "--cadence", "30d")


def refer(netj, *args):
    return json.loads(netj.ok("refer", *args, "--no-input", "--json").stdout)


def test_given_received_and_introductions_are_recorded(netj, people):
    given = refer(netj, "given", "ron-park", "--note", "the Hendersons", "--date", "2026-11-01")
    intro = refer(netj, "given", "lorraine-chu", "--to", "maya-okafor", "--date", "yesterday")
    back = refer(netj, "received", "Lorraine Chu", "--value", "4,800", "--outcome", "won")
    assert list(given) == REFERRAL_KEYS
    assert (given["direction"], given["person"], given["date"], given["outcome"], given["outcome_on"]) == (
        "given", "ron-park", "2026-11-01", "open", None)
    assert (intro["person"], intro["other_person"], intro["date"]) == ("lorraine-chu", "maya-okafor", "2026-11-21")
    assert (back["direction"], back["value"], back["outcome"], back["outcome_on"]) == ("received", 4800.0, "won", "2026-11-22")
    ledger = netj.json("referrals")
    assert [r["id"] for r in ledger] == [back["id"], intro["id"], given["id"]]  # newest first
    # both sides of an introduction see it
    assert [r["id"] for r in netj.json("referrals", "maya-okafor")] == [intro["id"]]
    assert [r["id"] for r in netj.json("referrals", "--direction", "received")] == [back["id"]]
    assert [r["id"] for r in netj.json("referrals", "--since", "7d")] == [back["id"], intro["id"]]


def test_the_outcome_is_updated_later_and_dated(netj, people):
    r = refer(netj, "given", "ron-park", "--date", "2026-10-01")
    met = json.loads(netj.ok("refer", "update", str(r["id"]), "--outcome", "met", "--json", "--today", "2026-11-05").stdout)
    assert (met["outcome"], met["outcome_on"]) == ("met", "2026-11-05")
    won = json.loads(netj.ok("refer", "update", str(r["id"]), "--outcome", "won", "--value", "1200.50", "--json").stdout)
    assert (won["outcome"], won["outcome_on"], won["value"]) == ("won", "2026-11-22", 1200.5)
    assert netj.json("referrals", "--outcome", "won")[0]["id"] == r["id"]


def test_an_empty_ledger_is_an_empty_list(netj, people):
    assert netj.json("referrals") == []
    assert netj.json("referrals", "ron-park") == []
    assert "No referrals recorded yet" in netj.ok("referrals").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["given", "ron-parc"], "no person matches 'ron-parc'. Did you mean ron-park (Ron Park)?"),
    (["given", "ron-park", "--to", "ron-park"], "cannot be introduced to themselves"),
    (["given", "ron-park", "--value", "-5"], "--value '-5' is not an amount"),
    (["given", "ron-park", "--value", "lots"], "--value 'lots' is not an amount"),
    (["given", "ron-park", "--outcome", "maybe"], "'maybe' is not an outcome; use one of open, met, won, lost"),
    (["given", "ron-park", "--date", "2026-02-30"], "February 2026 has 28 days"),
    (["given", "ron-park", "--date", "2026-12-25"], "is in the future"),
    (["given"], "the person is required; pass PERSON"),
    (["update", "99", "--outcome", "won"], "referral 99 does not exist; see `netj referrals`."),
    (["update", "1"], "nothing to change"),
    (["update", "1", "--person", "nobody-at-all"], "no person matches 'nobody-at-all'"),
    (["update", "1", "--to", "ron-park"], "ron-park cannot be introduced to themselves"),
    (["update", "1", "--direction", "sideways"], "'sideways' is not a direction; use given or received"),
    (["update", "1", "--to", "maya-okafor", "--direction", "received"], "an introduction (--to) is one you gave"),
    (["update", "1", "--date", "2026-12-25"], "is in the future"),
    (["rm", "99", "--yes"], "referral 99 does not exist; see `netj referrals`."),
    (["rm", "1"], "this deletes referral 1 (given, ron-park, 2026-11-22), for good. Pass --yes to confirm."),
])
def test_bad_input_is_one_line_and_writes_nothing(netj, people, sql, args, message):
    if args[0] in ("update", "rm") and args[1] == "1":
        refer(netj, "given", "ron-park")
    before = sql("SELECT count(*), max(updated_at) FROM referral")
    result = netj("--no-input", "refer", *args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sql("SELECT count(*), max(updated_at) FROM referral") == before


def test_received_has_no_introduction_option(netj, people):
    result = netj("refer", "received", "ron-park", "--to", "maya-okafor", "--no-input")
    assert result.exit_code == 2 and "No such option: --to" in result.stderr


def test_three_referrals_given_and_none_back_flag_a_one_way_street(netj, people):
    netj.ok("log", "ron-park", "--listening", "5", "--preparation", "5", "--date", "2026-10-01", "--no-input")
    netj.ok("log", "ron-park", "--listening", "5", "--preparation", "4", "--date", "2026-11-01", "--no-input")
    assert netj.json("score", "ron-park")["verdict"] == "two-way street"
    for when in ("2026-03-01", "2026-06-01", "2026-09-01"):
        refer(netj, "given", "ron-park", "--date", when)
    card = netj.json("score", "ron-park")
    assert card["verdict"] == "one-way street"
    assert card["reason"].startswith("on reciprocity: you gave 3 referrals in the last 12 months, received none, "
                                     "and none was honoured (3 gone quiet)")
    assert card["referrals"] == {"since": "2025-11-22", "given": 3, "received": 0, "balance": -3, "honoured": 0,
                                 "lost": 0, "open": 3, "gone_quiet": 3, "one_way": True, "honours": False,
                                 "you_owe": False}
    shown = netj.ok("score", "ron-park").stdout
    assert "Referrals, last 12 months: 3 given (3 gone quiet), 0 received" in shown and "on reciprocity" in shown
    assert netj.json("people", "show", "ron-park")["scorecard"]["verdict"] == "one-way street"
    due = {i["person"]: i for i in netj.json("due", "--within", "60d") if i["type"] == "contact"}
    assert due["ron-park"]["verdict"] == "one-way street"
    # one referral back and the relationship is judged on its meetings again
    refer(netj, "received", "ron-park", "--date", "2026-11-10")
    assert netj.json("score", "ron-park")["verdict"] == "two-way street"
    assert netj.json("score", "ron-park")["referrals"]["balance"] == -2


def test_a_taker_ranks_below_every_partner_with_a_verdict(netj, people):
    for who, lis, prep in (("ron-park", 5, 5), ("maya-okafor", 3, 3)):
        for when in ("2026-10-01", "2026-11-01"):
            netj.ok("log", who, "--listening", str(lis), "--preparation", str(prep), "--date", when, "--no-input")
    for when in ("2026-08-01", "2026-09-01", "2026-10-01"):
        refer(netj, "given", "ron-park", "--date", when)
    assert [r["person"] for r in netj.json("score")] == ["maya-okafor", "ron-park"]


def test_referrals_of_one_person_show_the_balance(netj, people):
    refer(netj, "given", "lorraine-chu", "--date", "2026-05-01")
    refer(netj, "received", "lorraine-chu", "--date", "2026-07-01")
    refer(netj, "received", "lorraine-chu", "--date", "2025-01-01")  # older than 12 months
    out = netj.ok("referrals", "lorraine-chu").stdout
    assert "Referrals, last 12 months: 1 given (1 gone quiet), 1 received (balance even)" in out
    assert len(netj.json("referrals", "lorraine-chu")) == 3


def test_in_a_terminal_a_near_miss_is_offered_and_the_note_asked_for(netj, people, monkeypatch):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj.ok("refer", "received", input="maya\ny\nHer client needs a coach\n")
    assert "Referred by whom?" in result.stderr and "Did you mean maya-okafor (Maya Okafor)?" in result.stderr
    monkeypatch.delenv("NETJ_INTERACTIVE")
    r, = netj.json("referrals")
    assert (r["person"], r["direction"], r["note"]) == ("maya-okafor", "received", "Her client needs a coach")


def test_in_a_terminal_refusing_the_suggestion_writes_nothing(netj, people, monkeypatch, sql):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj("refer", "given", "maya", input="n\n")
    assert result.exit_code == 1 and "no person matches 'maya'" in result.stderr
    assert sql("SELECT count(*) FROM referral") == [(0,)]


def test_since_takes_a_span_back_from_today(netj, people):
    refer(netj, "given", "ron-park", "--date", "2026-10-01")
    refer(netj, "given", "ron-park", "--date", "2026-06-01")
    assert [r["date"] for r in netj.json("referrals", "--since", "3m")] == ["2026-10-01"]
    assert "No referrals match." in netj.ok("referrals", "--since", "7d").stdout
    result = netj("referrals", "--since", "2027-01-01")
    assert result.exit_code == 2 and "is after today" in result.stderr


def test_an_id_too_large_for_the_journal_is_one_line(netj, people):
    result = netj("refer", "update", "99999999999999999999999", "--outcome", "won")
    assert result.exit_code == 2
    assert result.stderr == ("Error: Invalid value for 'ID': 99999999999999999999999 is too large; ids and counts "
                             "go up to 9223372036854775807. (see 'netj refer update --help')\n")


def test_a_referral_recorded_against_the_wrong_person_is_moved_and_the_verdicts_follow(netj, people):
    for when in ("2026-10-01", "2026-11-01"):
        for who in ("ron-park", "lorraine-chu"):
            netj.ok("log", who, "--listening", "5", "--preparation", "5", "--date", when, "--no-input")
    wrong = [refer(netj, "given", "ron-park", "--date", d, "--note", n)["id"]
             for d, n in (("2026-03-01", "the bakery"), ("2026-06-01", "the florist"), ("2026-09-01", "the gym"))]
    refer(netj, "given", "lorraine-chu", "--date", "2026-04-01")
    refer(netj, "given", "lorraine-chu", "--date", "2026-05-01")
    assert netj.json("score", "ron-park")["verdict"] == "one-way street"
    moved = json.loads(netj.ok("refer", "update", str(wrong[2]), "--person", "lorraine-chu", "--json").stdout)
    assert (moved["person"], moved["note"], moved["date"]) == ("lorraine-chu", "the gym", "2026-09-01")
    assert netj.json("score", "ron-park")["verdict"] == "two-way street"  # two given: not a taker yet
    assert netj.json("score", "lorraine-chu")["verdict"] == "one-way street"  # three given now, none back
    turned = json.loads(netj.ok("refer", "update", str(wrong[2]), "--direction", "received", "--json").stdout)
    assert (turned["direction"], turned["person"]) == ("received", "lorraine-chu")
    referrals = netj.json("score", "lorraine-chu")["referrals"]
    assert {k: referrals[k] for k in ("since", "given", "received", "balance", "open", "gone_quiet", "one_way")} == {
        "since": "2025-11-22", "given": 2, "received": 1, "balance": -1, "open": 2, "gone_quiet": 2, "one_way": False}


def test_an_introduction_is_redirected_or_made_a_plain_referral(netj, people):
    r = refer(netj, "given", "lorraine-chu", "--to", "maya-okafor")
    fixed = json.loads(netj.ok("refer", "update", str(r["id"]), "--to", "ron-park", "--json").stdout)
    assert fixed["other_person"] == "ron-park"
    assert [x["id"] for x in netj.json("referrals", "ron-park")] == [r["id"]]
    plain = json.loads(netj.ok("refer", "update", str(r["id"]), "--to", "", "--json").stdout)
    assert (plain["other_person"], plain["other_person_id"]) == (None, None)
    assert netj.json("referrals", "maya-okafor") == [] and netj.json("referrals", "ron-park") == []


def test_rm_deletes_a_referral_for_good_and_the_balance_follows(netj, people, monkeypatch):
    ids = [refer(netj, "given", "ron-park", "--date", d, "--note", "the Hendersons")["id"]
           for d in ("2026-03-01", "2026-06-01", "2026-09-01")]
    assert netj.json("score", "ron-park")["referrals"]["given"] == 3
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    kept = netj("refer", "rm", str(ids[0]), input="n\n")
    assert kept.exit_code == 1 and "It cannot be undone." in kept.stderr
    monkeypatch.delenv("NETJ_INTERACTIVE")
    removed = json.loads(netj.ok("refer", "rm", str(ids[0]), "--yes", "--json").stdout)
    assert (removed["id"], removed["person"]) == (ids[0], "ron-park")
    assert netj.json("score", "ron-park")["referrals"]["given"] == 2
    assert [h["id"] for h in netj.json("search", "hendersons")] == ids[:0:-1]


def test_referral_ids_complete_newest_first(netj, people, db_path):
    from types import SimpleNamespace

    from netjournal.cli.completion import complete_referral
    from netjournal.cli.context import RootOptions

    refer(netj, "given", "ron-park", "--date", "2026-10-01")
    refer(netj, "received", "maya-okafor", "--date", "2026-11-01")
    ctx = SimpleNamespace(find_root=lambda: SimpleNamespace(obj=RootOptions(db=str(db_path))))
    assert complete_referral(ctx, "") == [("2", "2026-11-01 received from maya-okafor"),
                                          ("1", "2026-10-01 given to ron-park")]
    assert complete_referral(ctx, "x") == []
