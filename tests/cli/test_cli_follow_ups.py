"""`netj follow-ups list|edit|reopen|rm` and `netj done` with several ids.
Today is 2026-11-22 (conftest)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


def ids(rows) -> list[int]:
    return [r["id"] for r in rows]


@pytest.fixture
def promises(netj) -> dict[str, int]:
    """Ron's coffee (a promise each way) and Lorraine and Maya's lunch (one for each)."""
    netj.ok("log", "Ron Park", "--new", "--date", "2026-11-10", "--no-input",
            "--follow-up", "Send Ron the deck", "--they-promise", "Intro to his accountant",
            "--follow-up-on", "2026-11-20")
    netj.ok("log", "Lorraine Chu", "Maya Okafor", "--new", "--date", "2026-11-18", "--no-input",
            "--follow-up", "Workshop dates", "--follow-up-with", "lorraine-chu", "--follow-up-on", "2026-11-25")
    netj.ok("log", "maya-okafor", "--date", "2026-11-19", "--no-input",
            "--follow-up", "Call about the venue", "--follow-up-on", "2026-11-21")
    return {"deck": 1, "accountant": 2, "workshop": 3, "venue": 4}


def test_open_follow_ups_are_listed_soonest_due_first(netj, promises):
    rows = netj.json("follow-ups", "list")
    assert ids(rows) == [1, 2, 4, 3]  # due 11-20, 11-20, 11-21, 11-25
    assert [(r["person"], r["owed_by"], r["done_on"]) for r in rows][:2] == [
        ("ron-park", "me", None), ("ron-park", "them", None)]
    assert ids(netj.json("follow-ups", "list", "ron-park")) == [1, 2]
    assert ids(netj.json("follow-ups", "list", "--owed-by", "them")) == [2]
    assert ids(netj.json("follow-ups", "list", "--owed-by", "me", "--limit", "2")) == [1, 4]


def test_done_takes_several_ids_and_done_ones_are_listed_latest_first(netj, promises):
    result = netj.ok("done", "4", "1", "--json")
    marked = __import__("json").loads(result.stdout)
    assert [(f["id"], f["done_on"]) for f in marked] == [(4, "2026-11-22"), (1, "2026-11-22")]
    assert "Done: follow-up 4 for maya-okafor." in result.stderr
    netj.ok("done", "2", "--today", "2026-11-23")
    assert ids(netj.json("follow-ups", "list")) == [3]
    assert ids(netj.json("follow-ups", "list", "--done")) == [2, 1, 4]  # latest done first, then by number
    assert ids(netj.json("follow-ups", "list", "--all")) == [3, 2, 1, 4]
    one = netj.json("done", "3")
    assert (one["id"], one["done_on"]) == (3, "2026-11-22")  # one id: one object, as before


def test_done_with_an_unknown_id_writes_nothing_and_one_already_done_is_left_alone(netj, promises):
    result = netj("done", "1", "99")
    assert result.exit_code == 1
    assert result.stderr == "Error: follow-up 99 does not exist; see `netj follow-ups list --all`.\n"
    assert netj.json("follow-ups", "list", "--done") == []
    netj.ok("done", "1", "--today", "2026-11-21")
    result = netj.ok("done", "1", "4")
    assert "Follow-up 1 for ron-park was already done on 2026-11-21; left as it was." in result.stderr
    assert [(r["id"], r["done_on"]) for r in netj.json("follow-ups", "list", "--done")] == [
        (4, "2026-11-22"), (1, "2026-11-21")]
    result = netj("done", "1", "4")
    assert result.exit_code == 1 and "every one of these follow-ups was already done" in result.stderr


def test_a_follow_up_marked_done_too_early_is_reopened_and_due_again(netj, promises):
    netj.ok("done", "1")
    assert 1 not in [i["follow_up_id"] for i in netj.json("due") if i["type"] == "follow_up"]
    result = netj.ok("follow-ups", "reopen", "1", "--json")
    assert "Reopened follow-up 1 for ron-park (it was marked done on 2026-11-22); due 2026-11-20." in result.stderr
    assert __import__("json").loads(result.stdout)["done_on"] is None
    assert 1 in [i["follow_up_id"] for i in netj.json("due") if i["type"] == "follow_up"]
    again = netj("follow-ups", "reopen", "1")
    assert again.exit_code == 1 and "follow-up 1 is open already" in again.stderr


def test_a_follow_up_is_corrected(netj, promises):
    result = netj.ok("follow-ups", "edit", "3", "--text", "Send the workshop dates", "--due", "friday",
                     "--person", "maya-okafor", "--owed-by", "them", "--json")
    assert ("Updated follow-up 3: for lorraine-chu → maya-okafor; promise reworded; due 2026-11-25 → 2026-11-27; "
            "owed by them.") in result.stderr
    f = netj.json("follow-ups", "list", "maya-okafor", "--owed-by", "them")[0]
    assert (f["id"], f["text"], f["due_on"], f["person"], f["meeting_id"]) == (
        3, "Send the workshop dates", "2026-11-27", "maya-okafor", 2)
    assert [h["id"] for h in netj.json("search", "dates")] == [3]
    assert netj.json("prep", "maya-okafor")["they_promised"][0]["id"] == 3


@pytest.mark.parametrize(("args", "code", "message"), [
    (["edit", "99", "--text", "x"], 1, "Error: follow-up 99 does not exist; see `netj follow-ups list --all`."),
    (["edit", "3"], 2, "nothing to change; pass --text, --due, --person or --owed-by."),
    (["edit", "3", "--due", "2026-11-25"], 1, "follow-up 3 already is as you say"),
    (["edit", "3", "--person", "ron-park"], 2, "ron-park did not attend meeting 2, where this follow-up was promised."),
    (["edit", "3", "--text", "  "], 2, "text is empty"),
    (["edit", "3", "--owed-by", "you"], 2, "'you' must be one of me, them"),
    (["edit", "3", "--due", "someday"], 2, "--due: cannot read 'someday' as a date"),
    (["reopen", "3"], 1, "follow-up 3 is open already"),
    (["reopen", "99"], 1, "follow-up 99 does not exist"),
    (["rm", "99", "--yes"], 1, "follow-up 99 does not exist"),
    (["rm", "3", "--no-input"], 2, "this deletes follow-up 3 for lorraine-chu, due 2026-11-25, for good. Pass --yes"),
    (["list", "--open", "--done"], 2, "choose one of --open, --done and --all."),
    (["list", "--owed-by", "us"], 2, "--owed-by 'us': use me"),
    (["list", "nobody-at-all"], 1, "no person matches 'nobody-at-all'"),
])
def test_bad_ids_and_values_are_one_line_errors_and_write_nothing(netj, promises, args, code, message):
    before = netj.ok("export", "--json").stdout
    result = netj("follow-ups", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert netj.ok("export", "--json").stdout == before


def test_rm_deletes_the_promise_for_good(netj, promises, monkeypatch):
    assert [h["id"] for h in netj.json("search", "accountant")] == [2]
    removed = netj.json("follow-ups", "rm", "2", "--yes")
    assert (removed["id"], removed["text"]) == (2, "Intro to his accountant")
    assert netj.json("search", "accountant") == [] and ids(netj.json("follow-ups", "list", "--all")) == [1, 4, 3]
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj("follow-ups", "rm", "1", input="n\n")
    assert result.exit_code == 1 and "It cannot be undone." in result.stderr
    assert ids(netj.json("follow-ups", "list", "ron-park")) == [1]


def test_nothing_listed_is_an_empty_list(netj):
    assert netj.json("follow-ups", "list") == [] and netj.json("follow-ups", "list", "--all") == []
    assert "No open follow-ups." in netj.ok("follow-ups", "list").stdout


def test_ids_complete_by_state(netj, promises, db_path):
    from types import SimpleNamespace

    from netjournal.cli.completion import complete_any_follow_up, complete_done_follow_up, complete_follow_up
    from netjournal.cli.context import RootOptions

    ctx = SimpleNamespace(find_root=lambda: SimpleNamespace(obj=RootOptions(db=str(db_path))))
    netj.ok("done", "2")
    assert [i for i, _ in complete_done_follow_up(ctx, "")] == ["2"]
    assert [i for i, _ in complete_follow_up(ctx, "")] == ["1", "4", "3"]
    assert [i for i, _ in complete_any_follow_up(ctx, "")] == ["4", "3", "1", "2"]
    assert complete_any_follow_up(ctx, "3") == [("3", "lorraine-chu: Workshop dates")]
