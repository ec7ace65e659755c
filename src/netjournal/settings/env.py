"""Every input from the environment, resolved in one place.

The command line calls :func:`resolve` once per invocation; nothing below the
CLI reads environment variables or the clock. Tests point ``NETJ_DB`` at a temp
file and pin ``NETJ_TODAY``.

| variable | meaning |
|---|---|
| ``NETJ_DB`` | journal: a SQLite file, or a ``postgresql://`` URL (``--db`` wins) |
| ``NETJ_TODAY`` | pin "today" (``--today`` wins); also pins "now" to midnight UTC of that day |
| ``NETJ_NOW`` | pin "now" (an ISO-8601 timestamp) for reproducible timestamps |
| ``NETJ_DEFAULT_CADENCE`` | cadence for people created by ``netj log`` (default ``30d``) |
| ``NETJ_HALF_LIFE`` | scorecard half-life (default ``180d``) |
| ``NETJ_REFERRAL_CHECK`` | how long a referral you gave may stay ``open`` before ``netj due`` asks how it went, and before reciprocity counts it as gone quiet (default ``30d``) |
| ``NETJ_NO_INPUT`` | ``1`` never prompts, like ``--no-input`` |
| ``NETJ_INTERACTIVE`` | ``1`` prompts even when stdin is not a terminal (tests) |
| ``NETJ_USER`` | who is writing (the author recorded); wins over ``user.name`` of ``netj config`` |
| ``NETJ_CONFIG`` | the settings file ``netj config`` edits (default: ``config.toml`` in the user config directory) |
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from netjournal.domain.dates import Span, parse_cadence, parse_date
from netjournal.errors import InvalidValue
from netjournal.storage.urls import is_database_url, mask_url

APP_NAME = "netjournal"
JOURNAL_FILE = "journal.db"
DEMO_FILE = "demo.db"


@dataclass(frozen=True)
class Settings:
    db_path: Path  # the SQLite file; for a database URL, a placeholder (see db_url)
    db_source: str  # "--db", "NETJ_DB" or "default"
    today: date
    now: datetime  # timezone-aware UTC
    interactive: bool
    default_cadence: Span
    half_life: Span
    referral_check: Span  # an open referral you gave this long ago has gone quiet: ask how it went
    db_url: str | None = None  # a postgresql:// URL when the journal is on a server
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def author(self) -> str:
        """Who is writing (NETJ_USER, ``user.name`` of the settings file, or the OS
        user): read only when asked, so read commands never open the settings file."""
        from netjournal.settings.user import author

        return author(self.env)

    @property
    def author_if_known(self) -> str | None:
        """:attr:`author`, or None when netj cannot tell (for the demo journal)."""
        from netjournal.settings.user import setting

        return setting("user.name", self.env).value

    @property
    def db_label(self) -> str:
        """The journal as netj names it in messages (a URL without its password)."""
        return mask_url(self.db_url) if self.db_url else str(self.db_path)


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The platform's per-user data directory for netj."""
    from platformdirs import user_data_path

    return Path(user_data_path(APP_NAME, appauthor=False))


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


# The NETJ_* variables that hold a span, with their defaults.
SPAN_VARIABLES = {"NETJ_DEFAULT_CADENCE": "30d", "NETJ_HALF_LIFE": "180d", "NETJ_REFERRAL_CHECK": "30d"}


def _span(env: Mapping[str, str], name: str) -> Span:
    """A span from the environment (its default when unset or empty); a bad
    value is an error that names the variable."""
    text = env.get(name) or SPAN_VARIABLES[name]
    try:
        return parse_cadence(text)
    except InvalidValue as exc:
        raise InvalidValue(f"{name}: {exc.message}", hint=exc.hint) from None


def resolve(
    *,
    db: str | None = None,
    today: str | None = None,
    no_input: bool = False,
    env: Mapping[str, str] | None = None,
    stdin_isatty: bool | None = None,
) -> Settings:
    env = os.environ if env is None else env
    db_url = None
    if db:
        text, source = db, "--db"
    elif env.get("NETJ_DB"):
        text, source = env["NETJ_DB"], "NETJ_DB"
    else:
        text, source = None, "default"
    if text is None:
        db_path = data_dir(env) / JOURNAL_FILE
    elif is_database_url(text):
        db_url, db_path = text.strip(), Path(mask_url(text.strip()))
    else:
        db_path = Path(text).expanduser()

    real_now = datetime.now(UTC)
    today_text = today or env.get("NETJ_TODAY")
    if today_text:
        pinned = parse_date(today_text, real_now.astimezone().date())
        now = datetime(pinned.year, pinned.month, pinned.day, tzinfo=UTC)
    else:
        pinned = date.today()
        now = real_now
    if env.get("NETJ_NOW"):
        try:
            now = datetime.fromisoformat(env["NETJ_NOW"].replace("Z", "+00:00"))
        except ValueError:
            raise InvalidValue(f"NETJ_NOW={env['NETJ_NOW']!r} is not an ISO-8601 timestamp.") from None
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        now = now.astimezone(UTC)

    if stdin_isatty is None:
        stdin_isatty = sys.stdin is not None and sys.stdin.isatty()
    if no_input or _truthy(env.get("NETJ_NO_INPUT")):
        interactive = False
    else:
        interactive = stdin_isatty or _truthy(env.get("NETJ_INTERACTIVE"))

    return Settings(
        db_path=db_path,
        db_source=source,
        today=pinned,
        now=now.replace(microsecond=0),
        interactive=interactive,
        default_cadence=_span(env, "NETJ_DEFAULT_CADENCE"),
        half_life=_span(env, "NETJ_HALF_LIFE"),
        referral_check=_span(env, "NETJ_REFERRAL_CHECK"),
        db_url=db_url,
        env=env,
    )
