"""Dates and cadences typed the way people talk, resolved against a given today.

Nothing here reads the clock: every function that needs "today" takes it as an
argument, so results are exact in tests and reproducible in demos.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from netjournal.errors import InvalidValue

Prefer = Literal["past", "future"]

DATE_EXAMPLES = "today, yesterday, 2026-11-20, nov 20, last friday, 3 days ago or in 2w"
CADENCE_EXAMPLES = "30d, 2w, 3m or 1y"

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "mon": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}
_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}
_DURATION = re.compile(r"^(\d{1,4})\s*([a-z]+)$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
_MONTH_WORDS = {m.lower() for m in calendar.month_name[1:]} | {
    m.lower() for m in calendar.month_abbr[1:]
} | {"sept"}
_MIN_YEAR, _MAX_YEAR = 1900, 2999


@dataclass(frozen=True, order=True)
class Span:
    """A calendar span such as ``30d``, ``6w``, ``3m`` or ``1y``.

    Used for cadences (how often to keep in touch) and for horizons
    (``netj due --within 7d``). Months and years are calendar months and years,
    so ``1m`` after 31 January is the last day of February.
    """

    count: int
    unit: str  # one of d, w, m, y

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    @property
    def approx_days(self) -> float:
        """The span's length in days, for comparing lateness across cadences."""
        per = {"d": 1.0, "w": 7.0, "m": 30.4375, "y": 365.25}[self.unit]
        return self.count * per

    def after(self, start: date) -> date:
        return _shift(start, self.count, self.unit)

    def before(self, start: date) -> date:
        return _shift(start, -self.count, self.unit)

    def describe(self) -> str:
        word = _UNIT_WORDS[self.unit]
        return f"{self.count} {word}" + ("" if self.count == 1 else "s")


def _shift(start: date, count: int, unit: str) -> date:
    try:
        if unit == "d":
            return start + timedelta(days=count)
        if unit == "w":
            return start + timedelta(weeks=count)
        from dateutil.relativedelta import relativedelta

        if unit == "m":
            return start + relativedelta(months=count)
        return start + relativedelta(years=count)
    except (OverflowError, ValueError):
        raise InvalidValue(f"{count}{unit} from {start} is outside the calendar netj supports.") from None


def _parse_span(text: str, *, allow_zero: bool, what: str) -> Span:
    raw = " ".join(text.strip().lower().split())
    m = _DURATION.match(raw)
    unit = _UNITS.get(m.group(2)) if m else None
    if not m or unit is None:
        raise InvalidValue(f"cannot read {text!r} as {what}; use a number and a unit, e.g. {CADENCE_EXAMPLES}.")
    count = int(m.group(1))
    if count == 0 and not allow_zero:
        raise InvalidValue(f"{what} must be longer than zero; e.g. {CADENCE_EXAMPLES}.")
    return Span(count, unit)


def parse_cadence(text: str) -> Span:
    """``30d``, ``2w``, ``3m``, ``1y`` (also ``30 days``, ``6 weeks``)."""
    return _parse_span(text, allow_zero=False, what="a cadence")


def parse_span(text: str) -> Span:
    """Like :func:`parse_cadence` but ``0d`` is allowed (e.g. ``--within 0d``)."""
    return _parse_span(text, allow_zero=True, what="a span")


def _invalid(text: str) -> InvalidValue:
    return InvalidValue(f"cannot read {text!r} as a date; try {DATE_EXAMPLES}.")


def _checked(text: str, year: int, month: int, day: int) -> date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidValue(f"{text!r}: the year must be between {_MIN_YEAR} and {_MAX_YEAR}.")
    if not 1 <= month <= 12:
        raise InvalidValue(f"{text!r} is not a date: there is no month {month}; months run from 01 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidValue(
            f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days."
        )
    return date(year, month, day)


def _weekday(today: date, target: int, mode: str) -> date:
    back = (today.weekday() - target) % 7
    ahead = (target - today.weekday()) % 7
    if mode == "last":
        return today - timedelta(days=back or 7)
    if mode == "next":
        return today + timedelta(days=ahead or 7)
    if mode == "past":
        return today - timedelta(days=back)
    return today + timedelta(days=ahead)


def parse_date(text: str, today: date, *, prefer: Prefer = "past") -> date:
    """Resolve a date typed by a person.

    ``prefer`` settles what a bare weekday, a year-less date or a bare span
    means: for a meeting (``past``) "friday" is the most recent Friday, "dec
    20" the last 20 December and "3d" three days ago; for a follow-up or
    review (``future``) they are the next ones and three days from now.
    ``in 3d`` and ``+3d`` are always ahead, ``3d ago`` always back.
    """
    raw = " ".join(str(text).strip().lower().split())
    if not raw:
        raise InvalidValue(f"the date is empty; try {DATE_EXAMPLES}.")
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if raw == "tomorrow":
        return today + timedelta(days=1)

    m = _ISO.match(raw)
    if m:
        return _checked(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))

    # "3 days ago", "in 2 weeks", "+2w"; a bare span ("3d") counts the preferred way:
    # a meeting logged with --date 3d was three days ago, a follow-up due 3d is in three days
    if raw.endswith("ago"):
        try:
            return parse_span(raw[: -len("ago")]).before(today)
        except InvalidValue:
            raise _invalid(text) from None
    explicit = raw.startswith(("in ", "+"))
    forward = raw[3:] if raw.startswith("in ") else raw[1:] if raw.startswith("+") else raw
    m = _DURATION.match(forward.strip())
    if m and m.group(2) in _UNITS:
        span = parse_span(forward)
        return span.before(today) if prefer == "past" and not explicit else span.after(today)

    words = raw.split(" ")
    if len(words) <= 2:
        mode = {"last": "last", "next": "next", "this": prefer}.get(words[0]) if len(words) == 2 else prefer
        day_word = words[-1]
        if mode and day_word in _WEEKDAYS:
            return _weekday(today, _WEEKDAYS[day_word], mode)

    return _parse_calendar_text(text, raw, today, prefer)


def _parse_calendar_text(text: str, raw: str, today: date, prefer: Prefer) -> date:
    tokens = re.findall(r"[a-z]+", raw)
    has_month_word = any(t in _MONTH_WORDS for t in tokens)
    numeric = re.fullmatch(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}", raw)
    unknown_words = [t for t in tokens if t not in _MONTH_WORDS and t not in {"of", "st", "nd", "rd", "th"}]
    if not (has_month_word or numeric) or unknown_words:
        raise _invalid(text)
    from datetime import datetime

    from dateutil import parser as dateparser

    year_given = bool(re.search(r"\d{4}", raw)) or bool(numeric and re.search(r"[/.]\d{2}$", raw))
    # Without a year: the nearest such day in the preferred direction, looking
    # as far as the previous (or next) 29 February if need be.
    step = -1 if prefer == "past" else 1
    years = [today.year] if year_given else [today.year + step * n for n in range(9)]
    out_of_range = False
    for year in years:
        # January 1 as the default: a day that exists in every year, so the
        # default never makes a real date fail (31 → 1 Jan has 31 days).
        try:
            parsed = dateparser.parse(raw, default=datetime(year, 1, 1), dayfirst=False, yearfirst=False).date()
        except (ValueError, OverflowError) as exc:
            if "out of range" in str(exc) or "must be in" in str(exc):
                out_of_range = True
                continue
            raise _invalid(text) from None
        if year_given or (parsed <= today if prefer == "past" else parsed >= today):
            return _checked(text, parsed.year, parsed.month, parsed.day)
    if out_of_range:
        raise InvalidValue(f"{text!r} is not a date: that day does not exist in that month.")
    raise _invalid(text)  # pragma: no cover - some year always matches


def describe_day(d: date, today: date) -> str:
    """``today``, ``yesterday``, ``3 days ago``, ``tomorrow``, ``in 5 days``."""
    n = (today - d).days
    if n == 0:
        return "today"
    if n == 1:
        return "yesterday"
    if n == -1:
        return "tomorrow"
    if n > 0:
        return f"{n} days ago"
    return f"in {-n} days"


def parse_since(text: str, today: date) -> date:
    """The first day of a period that ends today: a span back from today
    (``90d``, ``3m``, ``1y``: ``90d`` is the 90 days before today, so the
    period has 91 days with today) or a date (``2026-01-01``, ``last friday``,
    ``3 months ago``). A period cannot start after today."""
    raw = " ".join(str(text).strip().lower().split())
    m = _DURATION.match(raw)
    start = parse_span(raw).before(today) if m and m.group(2) in _UNITS else parse_date(text, today, prefer="past")
    if start > today:
        raise InvalidValue(f"{text!r} is after today ({today}); a period runs from a past date to today.")
    return start


def utc_stamp(now: datetime) -> str:
    """``now`` as the UTC timestamp netj stores: ``2026-11-22T08:15:00Z``."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
