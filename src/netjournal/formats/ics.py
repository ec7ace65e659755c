"""iCalendar (RFC 5545) feed of what is due: ``netj due --ics``.

One all-day ``VEVENT`` per due item (a contact, a follow-up, a review), not a
``VTODO``: the calendars people subscribe from (Google Calendar, Outlook,
Apple Calendar) show events and silently drop to-dos from a subscribed feed.
So the day is ``DTSTART;VALUE=DATE`` with ``DTEND`` the next day (RFC 5545
§3.6.1), not the to-do property ``DUE``.

* ``UID`` is stable per item (``contact-HANDLE@netj``, ``follow-up-ID@netj``,
  ``review-HANDLE@netj``), so a calendar that re-reads the feed moves or
  updates the event instead of adding a second one, and removes it once it is
  no longer due.
* Something already late is shown **today** (the feed answers "what needs doing
  now"); the description gives the real due date.
* ``DTSTAMP`` is the run's pinned "now" (UTC), so the same journal on the same
  day gives the same bytes.
* Privacy: the feed holds names, the promise of each follow-up and why a
  contact is due, never a meeting's notes, a person's notes or a verdict.

The feed is written event by event (constant memory, like the other exports);
icalendar escapes text, folds lines at 75 octets and ends them with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import BinaryIO

PRODID = "-//netj//netj due --ics//EN"


def uid(item) -> str:
    if item.type == "follow_up":
        return f"follow-up-{item.follow_up_id}@netj"
    return f"{item.type}-{item.person}@netj"


def summary(item) -> str:
    if item.type == "contact":
        return f"Get in touch with {item.name}"
    if item.type == "follow_up":
        return f"Follow up with {item.name}: {item.text}"
    return f"Review: {item.name} (paused)"


def description(item, today: date) -> str:
    late = (today - item.due_on).days
    when = f"due {item.due_on.isoformat()}" + (f" ({late} day{'s' if late != 1 else ''} late)" if late > 0 else "")
    return f"{item.reason}; {when}. netj: {item.person}"


def event(item, *, today: date, now: datetime):
    from icalendar import Event

    day = max(item.due_on, today)
    ev = Event()
    ev.add("uid", uid(item))
    ev.add("dtstamp", now)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("summary", summary(item))
    ev.add("description", description(item, today))
    ev.add("categories", ["netj", item.type.replace("_", "-")])
    ev.add("transp", "TRANSPARENT")
    return ev


def write(items: Iterable, out: BinaryIO, *, today: date, now: datetime) -> None:
    """A VCALENDAR with one VEVENT per due item, in the order given."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "netj: due")
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    out.write(head[: -len(end)])
    for item in items:
        out.write(event(item, today=today, now=now).to_ical())
    out.write(end)
