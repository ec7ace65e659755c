"""The user's own settings file (``netj config``), which a journal never holds.

A team journal on a server is shared; who *you* are is not. So ``user.name``
(the author netj records on each meeting, score, follow-up and referral you
write) lives in a small TOML file of your own, ``config.toml`` in the
platform's per-user config directory (``NETJ_CONFIG`` names another file)::

    [user]
    name = "Ana Ruiz"

It is read with the standard library's ``tomllib`` and only by the commands
that need it (writes and ``netj config``), never by ``netj due``. It is edited
with tomlkit, which keeps the comments and layout of a file you have edited
by hand. Written atomically, readable by its owner only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from netjournal.domain.authorship import check_name
from netjournal.errors import InvalidValue, MissingValue, SettingsError

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Key:
    name: str  # "section.key"
    help: str


KEYS: dict[str, Key] = {
    "user.name": Key("user.name", "who you are: the author netj records on what you write (default: your OS user name)"),
}


@dataclass(frozen=True)
class Setting:
    """One row of ``netj config list``: a key, its value and where it came from."""

    key: str
    value: str | None
    source: str  # "NETJ_USER", "config file", "OS user" or "unset"


def config_path(env: Mapping[str, str]) -> Path:
    if env.get("NETJ_CONFIG"):
        return Path(env["NETJ_CONFIG"]).expanduser()
    from platformdirs import user_config_path

    return Path(user_config_path("netjournal", appauthor=False)) / CONFIG_FILE


def _key(key: str) -> Key:
    found = KEYS.get(key.strip().lower())
    if found is None:
        raise InvalidValue(f"there is no setting {key!r}; the settings are: {', '.join(KEYS)}.")
    return found


def read(path: Path) -> dict:
    """The settings file as a dict ({} when there is none)."""
    import tomllib

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsError(f"cannot read the settings file {path} ({exc.strerror}).") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"the settings file {path} is not valid TOML ({exc}).",
                           hint="Fix it, or remove it and run `netj config set` again.") from None


def _stored(data: dict, key: Key, path: Path) -> str | None:
    """``key``'s value in the settings file, None when it is not there; a value
    of another shape (``user = "x"``, ``name = 3``) is an error, never skipped:
    skipping it would record the wrong author."""
    section, name = key.name.split(".")
    table = data.get(section)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise SettingsError(f"the settings file {path} has {section!r} as a value, not a [{section}] table.",
                            hint=f"Fix it (e.g. `[{section}]` then `{name} = \"…\"`) or remove it.")
    value = table.get(name)
    if value is not None and not isinstance(value, str):
        raise SettingsError(f"{key.name} in the settings file {path} is not a text.",
                            hint=f"Write it in quotes, e.g. {name} = \"Ana Ruiz\", or run `netj config set {key.name} …`.")
    return value


def os_user() -> str | None:
    import getpass

    try:
        return getpass.getuser() or None
    except (OSError, KeyError, ImportError):  # no login name in the environment nor in the password database
        return None


def settings(env: Mapping[str, str]) -> list[Setting]:
    """Every key with its effective value and source (``netj config list``)."""
    data = read(config_path(env))
    return [setting(key, env, data) for key in KEYS]


def setting(key: str, env: Mapping[str, str], data: dict | None = None) -> Setting:
    k = _key(key)
    data = read(config_path(env)) if data is None else data
    if k.name == "user.name":
        if env.get("NETJ_USER", "").strip():
            return Setting(k.name, check_name(env["NETJ_USER"], where="NETJ_USER"), "NETJ_USER")
        stored = _stored(data, k, config_path(env))
        if stored is not None:
            return Setting(k.name, check_name(stored, where=f"user.name in {config_path(env)}"), "config file")
        user = os_user()
        return Setting(k.name, check_name(user, where="your OS user name") if user else None,
                       "OS user" if user else "unset")
    value = _stored(data, k, config_path(env))
    return Setting(k.name, value, "config file" if value is not None else "unset")


def author(env: Mapping[str, str]) -> str:
    """Who is writing: ``NETJ_USER``, else ``user.name`` of the settings file,
    else the OS user name. Raises :class:`MissingValue` when none is known."""
    found = setting("user.name", env)
    if found.value is None:
        raise MissingValue("netj cannot tell who you are (no user.name and no OS user name).",
                           hint="Run `netj config set user.name \"Your Name\"`.")
    return found.value


def write(env: Mapping[str, str], key: str, value: str | None) -> Setting | None:
    """Set (or, with ``value`` None, remove) ``key`` in the settings file,
    keeping the rest of the file as it was. Returns what the file now says
    (None: there was nothing to remove)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    k = _key(key)
    if value is not None and k.name == "user.name":
        value = check_name(value)
    path = config_path(env)
    _stored(read(path), k, path)  # a file that is not TOML, or not of this shape, is reported, not overwritten
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    except (OSError, TOMLKitError) as exc:  # read() above has vetted it, but it may change under us
        raise SettingsError(f"cannot edit the settings file {path} ({exc}).") from None
    section, name = k.name.split(".")
    table = doc.get(section)
    if value is None:
        if table is None or name not in table:
            return None
        del table[name]
        if not table:
            del doc[section]
    else:
        if table is None:
            table = tomlkit.table()
            doc[section] = table
        table[name] = value
    _save(path, tomlkit.dumps(doc))
    return Setting(k.name, value, "config file" if value is not None else "unset")


def _save(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically, owner-only (0600, its directory 0700)."""
    import tempfile

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:  # mkstemp creates it 0600
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SettingsError(f"cannot write the settings file {path} ({exc.strerror}); nothing was changed.") from None
