"""``netj log``: what was recorded, said on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netjournal.domain.records import LoggedMeeting
    from netjournal.render.core import Output


def logged(out: Output, logged: LoggedMeeting) -> None:
    m = logged.meeting
    who = []
    for a in m.attendees:
        given = ", ".join(f"{k} {v}" for k, v in a.scores.items() if v is not None)
        who.append(a.person + (f" ({given})" if given else ""))
    out.say(f"Logged {m.kind} on {m.date.isoformat()} with {'; '.join(who)} as meeting {m.id}.")
    for handle in logged.created_people:
        out.say(f"Added new person {handle} (cadence set to the default).")
    for f in logged.follow_ups:
        if f.owed_by == "them":
            out.say(f"Follow-up {f.id}: {f.person} promised it by {f.due_on.isoformat()}.")
        else:
            out.say(f"Follow-up {f.id} for {f.person} due {f.due_on.isoformat()}.")
