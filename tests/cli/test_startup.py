"""What each command imports. Start-up time is netj's feature (issue #4): the
read paths must not load the ORM, and a command loads only its own module.
Timings live in benchmarks/; these tests check the structure that makes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC

import pytest

from netjournal.cli.coercion import to_int
from netjournal.cli.main import COMMANDS, ORDER, command_in

PROBE = """
import json, sys
sys.argv = ["netj", *json.loads(sys.argv[1])]
from netjournal.cli.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
mods = sorted(m for m in sys.modules
              if m.startswith(("netjournal.cli.", "sqlalchemy", "sqlmodel", "pydantic", "vobject", "icalendar",
                                "psycopg")))
print(json.dumps({"code": code, "modules": mods}), file=sys.__stderr__)
"""


def imports_of(tmp_path, *args: str) -> dict:
    env = {**os.environ, "NETJ_DB": str(tmp_path / "j.db")}
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], env=env, capture_output=True,
                          text=True, timeout=60)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(("args", "module"), [
    (["due"], "due"), (["--db", "x.db", "due", "--json"], "due"), (["--no-input", "score"], "score"),
    (["people", "list"], "people"), (["export", "--jsonl"], "export"),
    (["referrals", "--json"], "referrals"), (["refer", "--help"], "referrals"),
    (["search", "coffee"], "search"), (["search", "coffee", "--json", "--since", "2026-01-01"], "search"),
    (["report"], "report"), (["report", "--json", "--since", "1y"], "report"),
    (["review"], "review"), (["review", "--json", "--day", "yesterday"], "review"),
    (["meetings", "list"], "meetings"), (["meetings", "list", "--json", "--since", "3m"], "meetings"),
    (["follow-ups", "list"], "follow_ups"), (["follow-ups", "list", "--all", "--json"], "follow_ups"),
    (["undo", "--list"], "undo"), (["undo", "--list", "--json"], "undo"),
])
def test_read_commands_load_only_their_module_and_no_orm_or_pydantic(tmp_path, args, module):
    result = imports_of(tmp_path, *args)
    assert result["code"] == 0
    loaded = {m.split(".")[2] for m in result["modules"] if m.startswith("netjournal.cli.")}
    assert loaded == {"main", "context", "options", "completion", "coercion", module}
    assert not [m for m in result["modules"] if m.startswith(("sqlalchemy", "sqlmodel", "pydantic"))]
    assert not [m for m in result["modules"] if m.startswith(("vobject", "icalendar"))]
    assert not [m for m in result["modules"] if m.startswith("psycopg")], "a SQLite journal never loads psycopg"


@pytest.mark.parametrize("args", [["due"], ["due", "--json", "--limit", "3"]])
def test_due_does_not_load_what_it_does_not_use(tmp_path, args):
    """`netj due` without --author never looks a person up (app.resolve: names,
    suggestions), and reading never loads `secrets` (only writing a file does)."""
    code = PROBE.replace('if m.startswith((', 'if m == "secrets" or m.startswith(("netjournal.app.", ')
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "NETJ_DB": str(tmp_path / "j.db")})
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] == 0
    assert "netjournal.app.due" in result["modules"]
    assert not {"netjournal.app.resolve", "secrets"} & set(result["modules"])


@pytest.mark.parametrize("args", [["log", "Ron Park", "--new", "--no-input"], ["people", "list"]])
def test_a_sqlite_journal_never_loads_the_postgresql_driver(tmp_path, args):
    result = imports_of(tmp_path, *args)
    assert result["code"] == 0
    assert not [m for m in result["modules"] if m.startswith("psycopg")]


@pytest.mark.parametrize(("args", "library"), [
    (["export", "--format", "vcard"], "vobject"), (["due", "--ics"], "icalendar"),
])
def test_format_libraries_load_only_for_their_format(tmp_path, args, library):
    result = imports_of(tmp_path, *args)
    assert result["code"] == 0
    libraries = {m.split(".")[0] for m in result["modules"] if m.startswith(("vobject", "icalendar"))}
    assert libraries <= {library}  # vobject only once a card is written; never the other library
    assert not [m for m in result["modules"] if m.startswith(("sqlalchemy", "sqlmodel", "pydantic"))]


@pytest.mark.parametrize("words", ["netj people show ro", "netj done 1"])
def test_completion_of_a_person_or_follow_up_does_not_load_pydantic(tmp_path, words):
    from datetime import datetime

    from netjournal.storage.open import open_journal

    j = open_journal(tmp_path / "j.db", now=datetime.now(UTC))  # a journal to read: names are searched
    with j.write() as conn:
        conn.execute("INSERT INTO person (handle, name, created_at, updated_at) VALUES ('rob', 'Rob Roe', 'x', 'x')")
        conn.execute("INSERT INTO follow_up (person_id, text, due_on, created_at) VALUES (1, 'Call', '2026-12-01', 'x')")
    j.close()
    env = {"_NETJ_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "3" if "show" in words else "2"}
    code = f"import os; os.environ.update({env!r})\n" + PROBE
    proc = subprocess.run([sys.executable, "-c", code, "[]"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NETJ_DB": str(tmp_path / "j.db")})
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] == 0
    assert proc.stdout.split() == (["rob"] if "show" in words else ["1"])
    assert not [m for m in result["modules"] if m.startswith(("sqlalchemy", "sqlmodel", "pydantic"))]


def test_help_lists_every_command(tmp_path, capfd):
    result = imports_of(tmp_path, "--help")
    assert result["code"] == 0
    assert {m.split(".")[2] for m in result["modules"]} >= set(ORDER)


def test_command_in_skips_root_options():
    assert command_in(["--db", "due", "log"]) == "log"  # `due` is the value of --db here
    assert command_in(["--demo", "--no-input", "people", "show", "x"]) == "people"
    assert command_in(["--db=j.db", "score"]) == "score"
    assert command_in(["--help"]) is None
    assert set(COMMANDS.values()) == set(ORDER)


@pytest.mark.parametrize(("value", "expected"), [("4", 4), (" 4 ", 4), ("+4", 4), ("-15", -15), (5, 5)])
def test_to_int_accepts_whole_numbers(value, expected):
    assert to_int(value, -60, 60) == expected


@pytest.mark.parametrize("value", ["3.5", "abc", "", "0x5", "4.0", "\uff14", "1_000", True, 2.0])
def test_to_int_rejects_anything_else(value):
    with pytest.raises(ValueError, match="not a whole number"):
        to_int(value)


@pytest.mark.parametrize(("value", "lo", "hi", "message"), [
    ("6", 1, 5, "6 is not between 1 and 5"), ("0", 1, None, "0 is less than 1"), ("9", None, 5, "9 is more than 5"),
])
def test_to_int_checks_the_range(value, lo, hi, message):
    with pytest.raises(ValueError, match=message):
        to_int(value, lo, hi)


@pytest.mark.parametrize(("args", "message"), [
    (["due", "--limit", "abc"], "Invalid value for '--limit': 'abc' is not a whole number."),
    (["due", "--limit", "0"], "Invalid value for '--limit': 0 is less than 1."),
    (["log", "x", "--listening", "6", "--no-input"], "6 is not between 1 and 5."),
    (["log", "x", "--preparation", "3.5", "--no-input"], "'3.5' is not a whole number."),
])
def test_bad_numbers_are_usage_errors(netj, args, message):
    result = netj(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["prep", "lorraine-chu"], ["gains", "lorraine-chu"], ["referrals", "ron-park"]])
def test_reading_a_person_does_not_load_the_orm(tmp_path, args):
    """`prep`, `gains` (without options) and `referrals PERSON` only read."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    subprocess.run([sys.executable, "-m", "netjournal", "demo"], env=env, capture_output=True, check=True, timeout=60)
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(["--demo", *args])], env=env,
                          capture_output=True, text=True, timeout=60)
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] == 0
    assert not [m for m in result["modules"] if m.startswith(("sqlalchemy", "sqlmodel", "pydantic"))]


def test_to_int_refuses_what_a_64_bit_column_cannot_hold():
    assert to_int(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(ValueError, match="is too large; ids and counts go up to 9223372036854775807"):
        to_int(str(2**63))


PROMPTED = """
import json, sys
sys.argv = ["netj", *json.loads(sys.argv[1])]
from netjournal.cli import prompts
seen = {}
asked = prompts.ask_score
def ask_score(label):  # what had started loading when the first prompt showed
    if not seen:
        pre = sys.modules.get("netjournal.cli.preload")
        seen["started"] = list(pre.STARTED) if pre else []
    return asked(label)
prompts.ask_score = ask_score
from netjournal.cli.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
pre = sys.modules.get("netjournal.cli.preload")
print(json.dumps({"code": code, "seen": seen, "started": list(pre.STARTED) if pre else [],
                  "orm": "sqlmodel" in sys.modules}), file=sys.__stderr__)
"""


@pytest.mark.parametrize("interactive", [True, False])
def test_log_loads_the_write_stack_behind_the_prompts_only_in_a_terminal(tmp_path, interactive):
    """In a terminal, `netj log` starts importing SQLAlchemy/SQLModel before its
    first prompt (cli/preload.py: the import overlaps the typing); with
    --no-input nothing is loaded in the background."""
    from netjournal.cli.log import WRITE_STACK

    env = {**os.environ, "NETJ_DB": str(tmp_path / "j.db"), "NETJ_USER": "me"}
    args = ["log", "Ron Park", "--new"]
    if interactive:
        env["NETJ_INTERACTIVE"] = "1"
    else:
        args += ["--listening", "4", "--preparation", "5", "--no-input"]
    proc = subprocess.run([sys.executable, "-c", PROMPTED, json.dumps(args)], env=env, capture_output=True,
                          text=True, timeout=60, input="4\n5\nA note.\n")
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] == 0
    assert result["orm"]
    if interactive:
        assert WRITE_STACK in result["seen"]["started"]
        assert result["seen"]["started"][-1] == "netjournal.storage.orm:warm_up"
    else:
        assert result["seen"] == {} and result["started"] == []
