"""`netj config`: your own settings file, and who netj records as the author."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from tests.conftest import OS_USER

from netjournal.settings import user as userconfig


def config_file(isolated_env: Path) -> Path:
    return isolated_env / "home" / ".config" / "netjournal" / "config.toml"


def test_the_author_defaults_to_the_os_user(netj):
    assert netj.json("config", "get", "user.name") == {"key": "user.name", "value": OS_USER, "source": "OS user"}
    assert netj.ok("config", "get", "user.name").stdout == f"{OS_USER}\n"


def test_set_writes_an_owner_only_file_and_get_reads_it(netj, isolated_env):
    result = netj.ok("config", "set", "user.name", "  Ana   Ruiz ")
    assert result.stdout == "" and "Set user.name to 'Ana Ruiz'" in result.stderr
    path = config_file(isolated_env)
    assert path.read_text(encoding="utf-8") == '[user]\nname = "Ana Ruiz"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert netj.json("config", "get", "user.name")["source"] == "config file"
    assert netj.json("config", "list") == [{"key": "user.name", "value": "Ana Ruiz", "source": "config file"}]


def test_netj_user_wins_over_the_file(netj, monkeypatch):
    netj.ok("config", "set", "user.name", "Ana Ruiz")
    monkeypatch.setenv("NETJ_USER", "Bo Chan")
    assert netj.json("config", "get", "user.name") == {"key": "user.name", "value": "Bo Chan", "source": "NETJ_USER"}


def test_editing_keeps_what_you_wrote_by_hand(netj, isolated_env):
    path = config_file(isolated_env)
    path.parent.mkdir(parents=True)
    path.write_text('# my netj settings\n[user]\nname = "Old"  # who I am\n\n[other]\nkeep = 1\n', encoding="utf-8")
    netj.ok("config", "set", "user.name", "Ana Ruiz")
    text = path.read_text(encoding="utf-8")
    assert "# my netj settings" in text and "[other]\nkeep = 1" in text and 'name = "Ana Ruiz"' in text
    assert netj.ok("config", "unset", "user.name").stderr.startswith("Removed user.name from ")
    assert "name" not in path.read_text(encoding="utf-8").split("[other]")[0].split("[user]")[-1]
    assert netj.json("config", "get", "user.name")["value"] == OS_USER


def test_unset_of_nothing_is_fine(netj, isolated_env):
    result = netj.ok("config", "unset", "user.name")
    assert f"user.name was not set in {config_file(isolated_env)}; it is 'tester' (OS user)." in result.stderr
    assert not config_file(isolated_env).exists()


@pytest.mark.parametrize(("args", "message"), [
    (("set", "user.email", "x"), "there is no setting 'user.email'; the settings are: user.name."),
    (("get", "color"), "there is no setting 'color'"),
    (("set", "user.name", "   "), "user.name is empty"),
    (("set", "user.name", "a" * 101), "user.name is 101 characters long; keep it to 100."),
    (("set", "user.name", "Ana\x1b[31m"), "user.name contains a control character"),
])
def test_bad_settings_are_refused_and_nothing_is_written(netj, isolated_env, args, message):
    result = netj("config", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not config_file(isolated_env).exists()


def test_a_settings_file_that_is_not_toml_is_reported_and_kept(netj, isolated_env):
    path = config_file(isolated_env)
    path.parent.mkdir(parents=True)
    path.write_text("[user\nname = ", encoding="utf-8")
    for args in (("config", "get", "user.name"), ("config", "set", "user.name", "Ana")):
        result = netj(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: the settings file {path} is not valid TOML")
        assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == "[user\nname = "


def test_a_log_when_netj_cannot_tell_who_you_are(netj, monkeypatch):
    monkeypatch.setattr(userconfig, "os_user", lambda: None)
    netj.ok("people", "add", "Ron Park", "--no-input")
    result = netj("log", "ron-park", "--listening", "4", "--no-input")
    assert result.exit_code == 2
    assert "netj cannot tell who you are" in result.stderr and "netj config set user.name" in result.stderr
    assert netj.json("people", "show", "ron-park")["meetings"] == []  # nothing written
    netj.ok("config", "set", "user.name", "Ana Ruiz")
    assert json.loads(netj.ok("log", "ron-park", "--listening", "4", "--no-input", "--json").stdout
                      )["meeting"]["author"] == "Ana Ruiz"


def test_netj_config_names_another_file(netj, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere" / "netj.toml"
    monkeypatch.setenv("NETJ_CONFIG", str(other))
    netj.ok("config", "set", "user.name", "Ana Ruiz")
    assert other.exists() and os.stat(other).st_mode & 0o077 == 0


@pytest.mark.parametrize(("text", "message"), [
    ('user = "Ana"\n', "has 'user' as a value, not a [user] table"),
    ('[[user]]\nname = "Ana"\n', "has 'user' as a value, not a [user] table"),
    ("[user]\nname = 3\n", "user.name in the settings file"),
])
def test_a_setting_of_the_wrong_shape_is_an_error_not_a_silent_default(netj, isolated_env, text, message):
    """Skipping it would record the OS user as the author of what you write
    (every write records who wrote it, in the undo record at least)."""
    netj.ok("people", "add", "Ron Park", "--no-input")
    path = config_file(isolated_env)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    for args in (("config", "get", "user.name"), ("config", "set", "user.name", "Bo"),
                 ("log", "ron-park", "--listening", "4", "--no-input"), ("people", "add", "Ann Lee", "--no-input")):
        result = netj(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert path.read_text(encoding="utf-8") == text
    assert netj.json("people", "show", "ron-park")["meetings"] == []
    assert [p["handle"] for p in netj.json("people", "list")] == ["ron-park"]
