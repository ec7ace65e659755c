"""Reciprocity as the practitioners mean it, as stories of several months
told through the commands with NETJ_TODAY pinned day by day, and read back
from `score`, `prep`, `report` and `due` without opening a single note: the
partner who never refers but wins every referral you send; the one who loses
them; the one you owe; an improver and a decliner."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

TODAY = "2026-11-22"


@pytest.fixture
def on(monkeypatch):
    """``on("2026-10-11")``: from now on, today is that day (NETJ_TODAY)."""
    return lambda day: monkeypatch.setenv("NETJ_TODAY", day)


def meet(netj, on, who, day, listening, preparation):
    on(day)
    netj.ok("log", who, "--date", day, "-l", str(listening), "-P", str(preparation), "--no-input")


def refer(netj, on, way, who, day, *args):
    on(day)
    return json.loads(netj.ok("refer", way, who, "--date", day, *args, "--no-input", "--json").stdout)["id"]


def settle(netj, on, rid, day, outcome):
    on(day)
    netj.ok("refer", "update", str(rid), "--outcome", outcome)


def asked(netj):
    return [(i["person"], i["referral_id"]) for i in netj.json("due") if i["type"] == "referral"]


@pytest.fixture
def partners(netj, on):
    """Since May: Hana, Paul and Victor show up alike in meetings (mixed).
    You send Hana three referrals and she turns each into business; Paul gets
    none; Victor gets three and loses or drops them."""
    on("2026-05-01")
    for name in ("Hana Sato", "Paul Reed", "Victor Lane"):
        netj.ok("people", "add", name, "--cadence", "3m", "--no-input")
    for who in ("hana-sato", "paul-reed", "victor-lane"):
        meet(netj, on, who, "2026-05-04", 4, 3)
        meet(netj, on, who, "2026-08-03", 3, 4)
    first = refer(netj, on, "given", "hana-sato", "2026-05-10", "--note", "PRIVATE the Hendersons")
    on("2026-06-08")  # 29 days on: too early to ask
    assert asked(netj) == []
    on("2026-06-09")  # 30 days on: netj asks how it went
    assert asked(netj) == [("hana-sato", first)]
    settle(netj, on, first, "2026-06-09", "won")
    assert asked(netj) == []
    second = refer(netj, on, "given", "hana-sato", "2026-07-01")
    settle(netj, on, second, "2026-07-20", "won")
    third = refer(netj, on, "given", "hana-sato", "2026-09-01", "--to", "paul-reed")
    settle(netj, on, third, "2026-09-15", "met")
    for day, outcome in (("2026-06-15", "lost"), ("2026-08-10", "lost")):
        settle(netj, on, refer(netj, on, "given", "victor-lane", day), "2026-09-01", outcome)
    quiet = refer(netj, on, "given", "victor-lane", "2026-09-20")  # never heard of again
    on(TODAY)
    return quiet


def test_the_partner_who_never_refers_but_wins_every_referral_you_send(netj, on, partners):
    card = netj.json("score", "hana-sato")
    assert card["verdict"] == "mixed"  # judged on her meetings, not pushed down on reciprocity
    r = card["referrals"]
    assert (r["given"], r["received"], r["honoured"], r["honours"], r["one_way"]) == (3, 0, 3, True, False)
    assert card["reason"].endswith("; they honour your referrals: 3 of the 3 you gave in the last 12 months were "
                                   "met or won (none back)")
    shown = netj.ok("score", "hana-sato").stdout
    assert "3 given (3 met or won), 0 received" in shown and "they honour your referrals" in shown
    # ranked by her meetings, first among the partners who score the same; the taker last
    assert [c["person"] for c in netj.json("score")] == ["hana-sato", "paul-reed", "victor-lane"]
    prep = " ".join(netj.ok("prep", "hana-sato").stdout.split())  # as one line, whatever the terminal's width
    assert "they honour your referrals: 3 of the 3" in prep and "You owe" not in prep
    report = netj.json("report", "--since", "2026-05-01")
    assert [p["person"] for p in report["partners"]] == ["hana-sato", "paul-reed", "victor-lane"]
    assert "hana-sato" not in [o["person"] for o in report["one_way_streets"]]


def test_the_one_who_loses_your_referrals(netj, on, partners):
    card = netj.json("score", "victor-lane")
    assert card["verdict"] == "one-way street"
    assert card["reason"].startswith("on reciprocity: you gave 3 referrals in the last 12 months, received none, "
                                     "and none was honoured (2 lost, 1 gone quiet)")
    assert "meeting scores alone would say mixed" in card["reason"]
    r = card["referrals"]
    assert (r["honoured"], r["lost"], r["open"], r["gone_quiet"], r["one_way"]) == (0, 2, 1, 1, True)
    report = netj.json("report", "--since", "2026-05-01")
    assert [(o["person"], o["reason"]) for o in report["one_way_streets"]] == [("victor-lane", card["reason"])]
    assert "One-way streets (1)" in netj.ok("report", "--since", "2026-05-01").stdout
    # a script sees why, and so does the ranking: "on reciprocity" beside the verdict, whatever the scores
    ranked = {p["person"]: p for p in report["partners"]}
    assert ranked["victor-lane"]["referrals"] == r and ranked["hana-sato"]["referrals"]["honours"] is True
    for table in (netj.ok("score").stdout, netj.ok("report", "--since", "2026-05-01").stdout):
        victor = next(line for line in table.splitlines() if "victor-lane" in line)
        assert "one-way street on reciprocity" in " ".join(victor.split()), table
        assert "reciprocity" not in next(line for line in table.splitlines() if "paul-reed" in line)
    # the one gone quiet is what `netj due` asks about
    assert asked(netj) == [("victor-lane", partners)]
    # before it had gone quiet, two lost were not yet a pattern
    on("2026-10-19")
    assert netj.json("score", "victor-lane")["verdict"] == "mixed"
    on("2026-10-20")
    assert netj.json("score", "victor-lane")["verdict"] == "one-way street"


def test_the_one_you_owe(netj, on):
    on("2026-05-01")
    netj.ok("people", "add", "Gina Marsh", "--cadence", "30d", "--no-input")
    netj.ok("gains", "gina-marsh", "--goals", "Open a second studio in 2027",
            "--networks", "Rotary; the women's business circle", "--no-input")
    meet(netj, on, "gina-marsh", "2026-05-04", 5, 4)
    refer(netj, on, "received", "gina-marsh", "2026-06-01", "--note", "PRIVATE her client the Okonkwos")
    on("2026-06-02")
    assert not netj.json("score", "gina-marsh")["referrals"]["you_owe"]  # one is not yet a debt
    refer(netj, on, "received", "gina-marsh", "2026-09-15")
    meet(netj, on, "gina-marsh", "2026-10-01", 4, 5)
    on(TODAY)  # Gina is due: 30 days since 1 October
    prep = netj.ok("prep", "gina-marsh").stdout
    first = prep.split("Verdict:")[0]
    assert "You owe Gina Marsh: 2 referrals received, none given in the last 12 months." in first
    assert "Goals: Open a second studio in 2027" in first and "Networks: Rotary; the women's business circle" in first
    assert netj.json("prep", "gina-marsh")["scorecard"]["referrals"]["you_owe"] is True
    assert "you owe them" in netj.ok("score", "gina-marsh").stdout
    report = netj.json("report")
    assert [(o["person"], o["received"], o["given"], o["last_received_on"]) for o in report["you_owe"]] == [
        ("gina-marsh", 2, 0, "2026-09-15")]
    assert report["you_owe_total"] == 1
    assert "Partners you owe (1)" in netj.ok("report").stdout
    # `netj due` mentions it because Gina is due anyway ...
    due = netj.json("due")
    assert [(i["type"], i["person"], i["you_owe"]) for i in due] == [("contact", "gina-marsh", True)]
    assert "you owe them a referral" in netj.ok("due").stdout
    # ... and adds no item of its own once she is not
    meet(netj, on, "gina-marsh", "2026-11-20", 5, 5)
    on(TODAY)
    assert netj.json("due") == []
    # a referral back settles it
    refer(netj, on, "given", "gina-marsh", TODAY)
    assert "You owe" not in netj.ok("prep", "gina-marsh").stdout
    assert netj.json("report")["you_owe"] == []


@pytest.fixture
def movers(netj, on):
    """Ivy started badly and has been excellent for three meetings; Dirk was
    excellent for months and has not been for three meetings."""
    on("2026-03-01")
    netj.ok("people", "add", "Ivy Chen", "--no-input")
    netj.ok("people", "add", "Dirk Vos", "--no-input")
    for day in ("2026-03-10", "2026-04-10", "2026-05-10", "2026-06-10", "2026-07-10"):
        meet(netj, on, "ivy-chen", day, 2, 2)
        meet(netj, on, "dirk-vos", day, 5, 5)
    for day, good, poor in (("2026-10-05", (4, 5), (2, 1)), ("2026-10-25", (5, 4), (1, 2)),
                            ("2026-11-15", (5, 5), (2, 2))):
        meet(netj, on, "ivy-chen", day, *good)
        meet(netj, on, "dirk-vos", day, *poor)
    on(TODAY)


def test_an_improver_and_a_decliner(netj, movers):
    ivy, dirk = netj.json("score", "ivy-chen"), netj.json("score", "dirk-vos")
    assert (ivy["verdict"], ivy["momentum"]) == ("mixed", "improving")
    assert (dirk["verdict"], dirk["momentum"]) == ("mixed", "declining")
    assert ivy["reason"].endswith("improving: the last 3 scored meetings were all at least 4.0 on listening and "
                                  "preparation")
    assert "Verdict: mixed, improving" in netj.ok("score", "ivy-chen").stdout
    assert "Verdict: mixed, declining" in netj.ok("prep", "dirk-vos").stdout
    assert netj.json("prep", "ivy-chen")["scorecard"]["momentum"] == "improving"
    ranking = netj.ok("score").stdout
    assert "mixed, improving" in ranking and "mixed, declining" in ranking
    assert {c["person"]: c["momentum"] for c in netj.json("score")} == {"ivy-chen": "improving",
                                                                          "dirk-vos": "declining"}
    report = netj.json("report", "--since", "2026-10-01")
    assert {p["person"]: (p["verdict"], p["momentum"]) for p in report["partners"]} == {
        "ivy-chen": ("mixed", "improving"), "dirk-vos": ("mixed", "declining")}
    assert "mixed, improving" in netj.ok("report", "--since", "2026-10-01").stdout
    assert netj.json("people", "show", "dirk-vos")["scorecard"]["momentum"] == "declining"


def test_each_author_sees_their_own_momentum_and_reciprocity(netj, on, movers, monkeypatch):
    monkeypatch.setenv("NETJ_USER", "Ana Ruiz")
    for day in ("2026-11-16", "2026-11-17", "2026-11-18"):
        meet(netj, on, "ivy-chen", day, 5, 5)
    for day in ("2026-09-01", "2026-09-02", "2026-09-03"):
        settle(netj, on, refer(netj, on, "given", "ivy-chen", day), "2026-09-10", "won")
    on(TODAY)
    cards = {c["author"]: c for c in netj.json("score", "ivy-chen", "--by-author")}
    assert cards["tester"]["momentum"] == "improving"
    assert cards["Ana Ruiz"]["momentum"] is None and cards["Ana Ruiz"]["verdict"] == "two-way street"
    assert (cards["Ana Ruiz"]["referrals"]["honours"], cards["tester"]["referrals"]["given"]) == (True, 0)
    mine = netj.json("score", "ivy-chen", "--author", "tester")
    assert (mine["momentum"], mine["referrals"]["honours"]) == ("improving", False)


def test_no_note_is_needed_and_none_leaks(netj, on, partners):
    """The judgements are read from counts and outcomes: the private notes of
    referrals never reach a verdict, a reason or the calendar feed."""
    for args in (("score",), ("score", "hana-sato"), ("report", "--since", "2026-05-01"), ("due",)):
        assert "PRIVATE" not in netj.ok(*args, "--json").stdout
    assert "PRIVATE" not in netj.ok("due", "--ics").stdout


def test_the_referral_check_reaches_every_command_that_judges(netj, on, monkeypatch):
    """Three referrals open for 45 days: gone quiet by default (a one-way
    street), too early to tell with NETJ_REFERRAL_CHECK=60d. Every command
    that shows a verdict must agree with the setting."""
    on("2026-10-01")
    netj.ok("people", "add", "Ron Park", "--cadence", "30d", "--no-input")
    for _ in range(3):
        refer(netj, on, "given", "ron-park", "2026-10-08")
    on(TODAY)  # 45 days on; Ron is due (added 1 October, cadence 30d)

    def verdicts() -> dict[str, object]:
        return {
            "score": netj.json("score", "ron-park")["verdict"],
            "score --by-author": netj.json("score", "ron-park", "--by-author")[0]["verdict"],
            "ranking": netj.json("score", "--all")[0]["verdict"],
            "prep": netj.json("prep", "ron-park")["scorecard"]["verdict"],
            "people show": netj.json("people", "show", "ron-park")["scorecard"]["verdict"],
            "people list": netj.json("people", "list")[0]["verdict"],
            "due": next(i["verdict"] for i in netj.json("due") if i["type"] == "contact"),
            "report drifting": netj.json("report")["drifting"][0]["verdict"],
            "review tomorrow": next(i["verdict"] for i in netj.json("review")["due_tomorrow"] if i["type"] == "contact"),
            "asked in due": len([i for i in netj.json("due") if i["type"] == "referral"]),
        }

    assert set(verdicts().values()) == {"one-way street", 3}
    assert "none was honoured (3 gone quiet)" in netj.ok("referrals", "ron-park").stdout + netj.json(
        "score", "ron-park")["reason"]
    monkeypatch.setenv("NETJ_REFERRAL_CHECK", "60d")
    assert set(verdicts().values()) == {"not enough data", 0}
    assert "3 given (3 still open)" in netj.ok("referrals", "ron-park").stdout
