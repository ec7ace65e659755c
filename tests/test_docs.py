"""The docs keep up with the commands: docs/cli.md is generated from --help and
must match it, every command is documented, and README examples name real
commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from netjournal.cli.main import app
from netjournal.cli.reference import render_reference

ROOT = Path(__file__).resolve().parents[1]
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
REGENERATE = "python -m netjournal.cli.reference > docs/cli.md"

# Options of `netj` itself that may come before the command, and whether they take a value.
GLOBAL_OPTIONS = {"--db": True, "--today": True, "--demo": False, "--no-input": False}


def visible_paths() -> list[str]:
    """Every command path that `netj --help` and its groups show, walked independently of reference.py."""
    paths = []

    def visit(command, path: str) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                visit(sub, f"{path} {name}")

    visit(typer.main.get_command(app), "netj")
    return paths


def test_cli_reference_is_up_to_date():
    expected = render_reference()
    assert "\x1b" not in expected, "the reference contains ANSI escapes; Rich formatting leaked in"
    actual = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else ""
    assert actual == expected, f"docs/cli.md is out of date; regenerate it with `{REGENERATE}`"


def test_every_command_is_documented():
    headings = set(re.findall(r"^## (netj.*)$", CLI_MD.read_text(encoding="utf-8"), re.MULTILINE))
    missing = [p for p in visible_paths() if p not in headings]
    assert not missing, f"undocumented commands: {', '.join(missing)}; regenerate with `{REGENERATE}`"


def test_hidden_options_stay_hidden():
    assert "--today" not in CLI_MD.read_text(encoding="utf-8")


def readme_examples() -> list[str]:
    """Command lines in README code blocks that start with `netj ` (after a `$ ` prompt)."""
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    lines = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("netj "):
                lines.append(line)
    return lines


def command_path(line: str) -> str:
    """`netj --demo people show x | jq .` → `netj people show`."""
    words = shlex.split(line)[1:]
    while words and words[0].split("=")[0] in GLOBAL_OPTIONS:
        option = words.pop(0)
        if GLOBAL_OPTIONS.get(option) and words:  # `--db PATH` (`--db=PATH` is one word)
            words.pop(0)
    path = "netj"
    groups = {p.rsplit(" ", 1)[0] for p in visible_paths()}
    while words and not words[0].startswith("-") and path in groups:
        path = f"{path} {words.pop(0)}"
    return path


def test_readme_examples_name_real_commands():
    examples = readme_examples()
    if not examples:
        pytest.skip("README.md has no `netj …` examples yet")
    known = set(visible_paths())
    wrong = [f"{line!r} → {command_path(line)!r}" for line in examples if command_path(line) not in known]
    assert not wrong, "README examples with unknown commands:\n" + "\n".join(wrong)


def test_command_path_parsing():
    assert command_path("netj --db /tmp/j.db --no-input people show ron-park --json") == "netj people show"
    assert command_path("netj --demo due --json | jq .") == "netj due"
    assert command_path("netj --db=j.db log ron-park") == "netj log"
    assert command_path("netj peeple list") == "netj peeple"
