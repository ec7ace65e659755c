"""iCalendar (RFC 5545) feed of what is due: ``netj due --ics``.

Two shapes, one per kind of app:

* **to-dos** (the default): one ``VTODO`` per due item with an all-day
  ``DUE;VALUE=DATE`` on the real due date, ``STATUS:NEEDS-ACTION``; task and
  calendar apps that read to-dos (Apple Reminders and Calendar, Thunderbird,
  Evolution, most CalDAV clients) show late ones as overdue.
* **events** (``--events``): one all-day ``VEVENT`` per item
  (``DTSTART;VALUE=DATE``, ``DTEND`` the next day, §3.6.1), because Google
  Calendar and Outlook silently drop to-dos from a subscribed feed. Something
  already late is shown **today** (the feed answers "what needs doing now");
  the description gives the real due date.

In both:

* ``UID`` is stable per item (``contact-HANDLE@netj``, ``follow-up-ID@netj``,
  ``referral-ID@netj``, ``review-HANDLE@netj``), so an app that re-reads the feed updates the item
  instead of adding a second one, and removes it once it is no longer due.
* ``DTSTAMP`` is the run's pinned "now" (UTC), so the same journal on the same
  day gives the same bytes.
* Privacy: the feed holds names, the promise of each follow-up and why a
  contact is due, never a meeting's notes, a person's notes or a verdict; a
  referral to ask about carries only the person and the date it was given
  (not its note, nor whom an introduction was to).

The feed is written item by item (constant memory, like the other exports);
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
    if item.type == "referral":
        return f"referral-{item.referral_id}@netj"
    return f"{item.type}-{item.person}@netj"


def summary(item) -> str:
    if item.type == "contact":
        return f"Get in touch with {item.name}"
    if item.type == "follow_up":
        if item.owed_by == "them":
            return f"{item.name} promised: {item.text}"
        return f"Follow up with {item.name}: {item.text}"
    if item.type == "referral":
        return f"Ask {item.name} how your referral went"
    return f"Review: {item.name} (paused)"


def description(item, today: date) -> str:
    late = (today - item.due_on).days
    when = f"due {item.due_on.isoformat()}" + (f" ({late} day{'s' if late != 1 else ''} late)" if late > 0 else "")
    # a referral's reason names whom an introduction was to: the feed says only who and when
    why = f"referral given on {item.referred_on.isoformat()}, still open" if item.type == "referral" else item.reason
    return f"{why}; {when}. netj: {item.person}"


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


def todo(item, *, today: date, now: datetime):
    from icalendar import Todo

    td = Todo()
    td.add("uid", uid(item))
    td.add("dtstamp", now)
    td.add("due", item.due_on)
    td.add("summary", summary(item))
    td.add("description", description(item, today))
    td.add("categories", ["netj", item.type.replace("_", "-")])
    td.add("status", "NEEDS-ACTION")
    return td


def write(items: Iterable, out: BinaryIO, *, today: date, now: datetime, events: bool = False) -> None:
    """A VCALENDAR with one VTODO (or, with ``events``, one VEVENT) per due item, in the order given."""
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
    make = event if events else todo
    for item in items:
        out.write(make(item, today=today, now=now).to_ical())
    out.write(end)
