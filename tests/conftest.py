"""Shared fixtures. Every test runs against a temp journal with a pinned
today, and never sees the real home directory or data directory."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netjournal.cli.main import app

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("NETJ_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("NETJ_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for var in ("NETJ_NOW", "NETJ_INTERACTIVE", "NETJ_NO_INPUT", "NETJ_DEFAULT_CADENCE", "NETJ_HALF_LIFE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


@pytest.fixture
def db_path(isolated_env: Path) -> Path:
    return isolated_env / "journal.db"


class Netj:
    """Runs ``netj`` in-process, the way a user types it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    def ok(self, *args: str, **kw):
        result = self(*args, **kw)
        assert result.exit_code == 0, f"netj {' '.join(args)} exited {result.exit_code}: {result.stderr}"
        return result

    def json(self, *args: str, **kw):
        return json.loads(self.ok(*args, "--json", **kw).stdout)


_COMMANDS: dict[int, object] = {}


@pytest.fixture(autouse=True)
def _build_the_cli_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer rebuilds the whole Click command tree on every ``CliRunner.invoke``
    (~50 ms, most of an in-process run); build it once per test session."""
    import typer.testing

    real = typer.testing._get_command

    def cached(typer_app):
        if id(typer_app) not in _COMMANDS:
            _COMMANDS[id(typer_app)] = real(typer_app)
        return _COMMANDS[id(typer_app)]

    monkeypatch.setattr(typer.testing, "_get_command", cached)


@pytest.fixture
def netj() -> Netj:
    return Netj()
