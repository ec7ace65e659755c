"""@command(): the options every command shares, given once."""

from __future__ import annotations

import inspect
from typing import Annotated

import typer
from typer.testing import CliRunner

from netjournal.cli.options import Run, command


def app_with(fn) -> typer.Typer:
    app = typer.Typer()
    app.command("x")(fn)

    @app.callback()
    def root() -> None:
        """A test app."""

    return app


def test_the_decorator_adds_the_shared_options_and_hands_over_a_run(monkeypatch, tmp_path):
    seen = {}

    @command(no_input=True)
    def x(run: Run, name: Annotated[str, typer.Argument()] = "Ron") -> None:
        seen.update(name=name, as_json=run.as_json, interactive=run.interactive, db=str(run.settings.db_path),
                    today=run.today.isoformat())

    params = list(inspect.signature(x).parameters)
    assert params == ["ctx", "name", "no_input", "as_json", "db", "today"]
    result = CliRunner().invoke(app_with(x), ["x", "Ann", "--json", "--no-input", "--db", str(tmp_path / "j.db"),
                                              "--today", "2026-01-02"])
    assert result.exit_code == 0, result.output
    assert seen == {"name": "Ann", "as_json": True, "interactive": False, "db": str(tmp_path / "j.db"),
                    "today": "2026-01-02"}


def test_a_command_keeps_its_own_json_option_when_it_asks_for_none():
    seen = {}

    @command(json=False)
    def x(run: Run, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        seen.update(own=as_json, shared=run.as_json)

    result = CliRunner().invoke(app_with(x), ["x", "--json"])
    assert result.exit_code == 0, result.output
    assert seen == {"own": True, "shared": False}


def test_settings_are_resolved_only_when_a_command_needs_them(monkeypatch):
    monkeypatch.setenv("NETJ_NOW", "not a time")  # resolving the settings would fail

    @command()
    def x(run: Run) -> None:
        run.out.say("no settings needed")

    result = CliRunner().invoke(app_with(x), ["x"])
    assert result.exit_code == 0, result.output
