"""What each command imports. Start-up time is netj's feature (issue #4): the
read paths must not load the ORM, and a command loads only its own module.
Timings live in benchmarks/; these tests check the structure that makes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netjournal.cli.main import COMMANDS, ORDER, command_in

PROBE = """
import json, sys
sys.argv = ["netj", *json.loads(sys.argv[1])]
from netjournal.cli.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
mods = sorted(m for m in sys.modules if m.startswith(("netjournal.cli.", "sqlalchemy", "sqlmodel")))
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
])
def test_read_commands_load_only_their_module_and_no_orm(tmp_path, args, module):
    result = imports_of(tmp_path, *args)
    assert result["code"] == 0
    loaded = {m.split(".")[2] for m in result["modules"] if m.startswith("netjournal.cli.")}
    assert loaded == {"main", "common", module}
    assert not [m for m in result["modules"] if m.startswith(("sqlalchemy", "sqlmodel"))]


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
