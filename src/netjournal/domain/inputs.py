"""Input contracts, validated at the edge before any session opens.

Pydantic models for what the write use cases accept. A
:class:`pydantic.ValidationError` is turned into a one-line
:class:`~netjournal.errors.InvalidValue` by :func:`validated`; messages name
the field, never quote note text.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from netjournal.domain.dates import parse_cadence
from netjournal.domain.text import MAX_LINE, MAX_NOTE_BYTES, clean_line, clean_text, normalize_tag  # noqa: F401 - re-exported
from netjournal.domain.vocab import DIMENSIONS, DIRECTIONS, GAINS, KINDS, OUTCOMES, OWED_BY, SCORE_MAX, SCORE_MIN
from netjournal.errors import InvalidValue

HANDLE_RE = re.compile(r"^[^\W_][\w.-]*$")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _required_line(value: str) -> str:
    value = clean_line(value)
    if not value:
        raise ValueError("is empty")
    return value


def _optional_line(value: str | None) -> str | None:
    if value is None:
        return None
    return clean_line(value) or None


def _optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean_text(value)
    return value if value.strip() else None


def _handle(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean_line(value).lower()
    if not HANDLE_RE.match(value) or value.isdigit():
        raise ValueError("must be letters, digits, '-' or '.', start with a letter or digit, and not be all digits")
    return value


def _email(value: str | None) -> str | None:
    value = _optional_line(value)
    if value is None:
        return None
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or " " in value or domain.startswith("."):
        raise ValueError(f"{value!r} does not look like an email address (name@example.com)")
    return value


def _cadence(value: str | None) -> str | None:
    if value is None or value.strip().lower() in {"", "none", "off"}:
        return None
    return str(parse_cadence(value))


def _tags(values: list[str]) -> list[str]:
    return sorted({normalize_tag(v) for v in values})


def _time(value: str | None) -> str | None:
    if value is None:
        return None
    m = _TIME_RE.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a time of day; use HH:MM, e.g. 09:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _kind(value: str) -> str:
    value = value.strip().lower()
    if value not in KINDS:
        raise ValueError(f"{value!r} is not a kind of meeting; use one of {', '.join(KINDS)}")
    return value


def _scores(values: dict[str, int]) -> dict[str, int]:
    for dim, v in values.items():
        if dim not in DIMENSIONS:
            raise ValueError(f"{dim!r} is not a score dimension; use {' or '.join(DIMENSIONS)}")
        if isinstance(v, bool) or not isinstance(v, int) or not SCORE_MIN <= v <= SCORE_MAX:
            raise ValueError(f"{dim} score {v!r} must be a whole number from {SCORE_MIN} to {SCORE_MAX}")
    return values


def _clearable(check: Any) -> AfterValidator:
    """A field of a patch: None leaves it as it is, ``""`` (or white space)
    clears it, anything else must pass ``check``, when the patch is made."""
    def run(value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            return ""
        return check(value)

    return AfterValidator(run)


Line = Annotated[str, AfterValidator(_required_line)]
OptLine = Annotated[str | None, AfterValidator(_optional_line)]
OptText = Annotated[str | None, AfterValidator(_optional_text)]
Handle = Annotated[str | None, AfterValidator(_handle)]


def _gains_text(value: str | None) -> str | None:
    """Free text with its outer white space trimmed; ``""`` stays ``""`` (it clears the field)."""
    return None if value is None else clean_text(value).strip()


GainsText = Annotated[str | None, AfterValidator(_gains_text)]
Email = Annotated[str | None, AfterValidator(_email)]
Cadence = Annotated[str | None, AfterValidator(_cadence)]
Tags = Annotated[list[str], AfterValidator(_tags)]
Scores = Annotated[dict[str, int], AfterValidator(_scores)]
ClearLine = Annotated[str | None, _clearable(clean_line)]
ClearText = Annotated[str | None, _clearable(clean_text)]
ClearEmail = Annotated[str | None, _clearable(_email)]
ClearCadence = Annotated[str | None, _clearable(lambda v: _cadence(v) or "")]  # "none" / "off" stop tracking
ClearTime = Annotated[str | None, _clearable(_time)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)


class PersonIn(_In):
    name: Line
    handle: Handle = None
    company: OptLine = None
    title: OptLine = None
    email: Email = None
    phone: OptLine = None
    url: OptLine = None
    tags: Tags = Field(default_factory=list)
    notes: OptText = None
    cadence: Cadence = None


class PersonPatch(_In):
    """Fields to change; a field left out is unchanged, ``""`` clears it.
    Every value is checked when the patch is made (a bad email is a one-line
    error before anything is opened)."""

    name: Line | None = None
    handle: Handle = None
    company: ClearLine = None
    title: ClearLine = None
    email: ClearEmail = None
    phone: ClearLine = None
    url: ClearLine = None
    notes: OptText = None
    cadence: ClearCadence = None
    # GAINS: free text, '' clears; each change is kept with its date
    goals: GainsText = None
    accomplishments: GainsText = None
    interests: GainsText = None
    networks: GainsText = None
    skills: GainsText = None

    def changes(self) -> dict[str, Any]:
        """The fields given, with ``None`` for those cleared."""
        out: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            out[name] = value if name in ("name", "handle", "notes") else (value or None)
        return out


GAINS_FIELDS = GAINS  # goals, accomplishments, interests, networks, skills


def _owed_by(value: str) -> str:
    if value not in OWED_BY:
        raise ValueError(f"{value!r} must be one of {', '.join(OWED_BY)}")
    return value


class AttendeeIn(_In):
    ref: Line  # a handle, an email or a name
    create: bool = False  # create the person if nobody matches exactly
    scores: Scores = Field(default_factory=dict)
    minutes_late: int | None = Field(default=None, ge=-24 * 60, le=24 * 60)


class FollowUpIn(_In):
    text: Line
    due_on: date
    person_ref: str | None = None  # defaults to the only attendee
    owed_by: Annotated[str, AfterValidator(_owed_by)] = "me"  # "them": the person promised it to you


class FollowUpPatch(_In):
    """A correction of a follow-up: what was promised, when, to whom, and who owes it."""

    text: Line | None = None
    due_on: date | None = None
    person_ref: Line | None = None
    owed_by: Annotated[str | None, AfterValidator(lambda v: _owed_by(v) if v is not None else None)] = None

    def is_empty(self) -> bool:
        return not self.model_fields_set


class MeetingIn(_In):
    on_date: date
    at_time: Annotated[str | None, AfterValidator(_time)] = None
    kind: Annotated[str, AfterValidator(_kind)] = "coffee"
    place: OptLine = None
    notes: OptText = None
    attendees: list[AttendeeIn] = Field(min_length=1)
    follow_ups: list[FollowUpIn] = Field(default_factory=list)


class AttendeeScoreIn(_In):
    """``--score PERSON:listening=4,late=10`` of ``netj meetings edit``: what to set for one attendee."""

    ref: Line
    scores: Scores = Field(default_factory=dict)
    minutes_late: int | None = Field(default=None, ge=-24 * 60, le=24 * 60)


class MeetingPatch(_In):
    """A correction of a logged meeting: a field left out is unchanged; ``""``
    clears the time, place or note; people are added and removed by reference."""

    on_date: date | None = None
    at_time: ClearTime = None
    kind: Annotated[str | None, AfterValidator(lambda v: _kind(v) if v is not None else None)] = None
    place: ClearLine = None
    notes: ClearText = None
    add: list[Line] = Field(default_factory=list)
    remove: list[Line] = Field(default_factory=list)
    scores: list[AttendeeScoreIn] = Field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """The meeting's own columns to change (``None``: cleared)."""
        return {name: getattr(self, name) or None for name in ("on_date", "at_time", "kind", "place", "notes")
                if getattr(self, name) is not None}

    def is_empty(self) -> bool:
        return not (self.fields() or self.add or self.remove or self.scores)


def _direction(value: str) -> str:
    value = value.strip().lower()
    if value not in DIRECTIONS:
        raise ValueError(f"{value!r} is not a direction; use {' or '.join(DIRECTIONS)}")
    return value


def _outcome(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value not in OUTCOMES:
        raise ValueError(f"{value!r} is not an outcome; use one of {', '.join(OUTCOMES)}")
    return value


Value = Annotated[float | None, Field(default=None, ge=0, allow_inf_nan=False)]


class ReferralIn(_In):
    """A referral: given (you → person, or you introduced person to other) or received (person → you)."""

    direction: Annotated[str, AfterValidator(_direction)]
    person_ref: Line
    other_ref: OptLine = None  # whom person was introduced to (given only)
    on_date: date
    note: OptText = None
    outcome: Annotated[str | None, AfterValidator(_outcome)] = "open"
    value: Value = None


class ReferralPatch(_In):
    """A later change to a referral: its outcome, value, note or date, and
    (recorded against the wrong person or the wrong way) its person, whom
    they were introduced to (``""``: nobody) and its direction."""

    outcome: Annotated[str | None, AfterValidator(_outcome)] = None
    value: Value = None
    note: OptText = None
    on_date: date | None = None
    person_ref: Line | None = None
    other_ref: ClearLine = None
    direction: Annotated[str | None, AfterValidator(lambda v: _direction(v) if v is not None else None)] = None

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], **data: Any) -> M:
    """Build ``model`` or raise a one-line :class:`InvalidValue`."""
    try:
        return model(**data)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or model.__name__
        msg = err["msg"].removeprefix("Value error, ")
        raise InvalidValue(f"{where.replace('_', ' ')} {msg}.".replace("..", ".")) from None
