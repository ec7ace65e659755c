"""Rules about meetings that hold wherever a meeting is written: ``netj log``,
``netj meetings edit`` and ``netj import`` all ask here."""

from __future__ import annotations

from datetime import date

PLANS_HINT = ("netj records what happened; for a plan, promise a follow-up "
              "(--follow-up TEXT --follow-up-on DATE).")


def future_meeting(on_date: date, today: date) -> str | None:
    """Why a meeting cannot be dated ``on_date`` when it is ``today``, or None
    when it can: a meeting is something that happened, so its date is today
    or earlier."""
    if on_date > today:
        return f"the meeting date {on_date.isoformat()} is after today ({today.isoformat()})"
    return None
