"""``netj meetings list|show``, and one meeting as ``netj review`` shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    Output,
    author_label,
    by_column,
    one_line,
    punctuality,
    safe,
    several_authors,
)
from netjournal.render.follow_ups import follow_up_table

if TYPE_CHECKING:
    from netjournal.app.meetings import MeetingList
    from netjournal.domain.records import AttendeeRecord, MeetingDetail, MeetingRecord


def attendee_cell(a: AttendeeRecord) -> str:
    """``ron-park L4 P5 10m late``: who, how they scored, when they came."""
    scores = " ".join(f"{k[0].upper()}{v}" for k, v in a.scores.items() if v is not None)
    late = punctuality(a.minutes_late) if a.minutes_late is not None else ""
    return " ".join(x for x in (a.person, scores, late) if x)


def meetings(out: Output, listing: MeetingList) -> None:
    """``netj meetings list``: newest first, one row per meeting."""
    t = out.text
    if not listing.rows:
        out.out.print("No meetings match." if listing.filtered
                      else "No meetings logged yet. Log one with `netj log PERSON`.")
        return
    shared = several_authors(m.author for m in listing.rows)
    rows = [(str(m.id), m.date.isoformat() + (f" {m.time}" if m.time else ""), m.kind, one_line(m.place, 18),
             *((author_label(m.author),) if shared else ()), "\n".join(attendee_cell(a) for a in m.attendees))
            for m in listing.rows]
    # the note takes the room the other columns leave (three spaces between columns), on one line
    room = out.out.width - sum(max(len(line) for r in rows for line in r[i].split("\n"))
                               for i in range(len(rows[0]))) - 3 * len(rows[0])
    fixed = {"no_wrap": True}
    table = out.table(None, ("#", {"justify": "right", "style": "dim", **fixed}), ("Date", fixed), ("Kind", fixed),
                      ("Place", fixed), *by_column(shared), ("People", {"style": "cyan", **fixed}), ("Note", fixed))
    for m, r in zip(listing.rows, rows, strict=True):
        by = (out.text(r[4], "cyan"),) if shared else ()
        table.add_row(*(t(x) for x in r[:4]), *by, t(r[-1]), t(one_line(m.notes, max(12, min(room, 70)))))
    out.out.print(table)
    if listing.more:
        out.out.print(t(f"Only the {len(listing.rows)} newest are shown; pass --limit N for more.", "dim"))


def meeting_block(out: Output, m: MeetingRecord, *, by: bool) -> None:
    """A meeting's heading, its attendees with their scores and punctuality, and its note."""
    from rich.padding import Padding

    t = out.text
    head = " · ".join(x for x in (m.time, m.kind, safe(m.place) if m.place else None,
                                  f"by {author_label(m.author)}" if by else None) if x)
    out.out.print(t(f"Meeting {m.id}", "bold") + t(f"  {head}", "dim"))
    table = out.table(None, ("Person", {"style": "cyan"}), ("Listening", {"justify": "right"}),
                      ("Preparation", {"justify": "right"}), ("Punctuality", {}))
    for a in m.attendees:
        when = "–" if a.minutes_late is None else punctuality(a.minutes_late)
        table.add_row(t(a.person), t(a.scores.get("listening") or "–"), t(a.scores.get("preparation") or "–"),
                      t(when))
    out.out.print(Padding(table, (0, 0, 0, 2), expand=False))
    if m.notes:
        out.out.print(Padding(t(m.notes), (0, 0, 0, 2), expand=False))


def meeting(out: Output, detail: MeetingDetail) -> None:
    """``netj meetings show``: the meeting in full, and the follow-ups promised at it."""
    m, t = detail.meeting, out.text
    out.out.print(t(f"{m.date.strftime('%A')} {m.date.isoformat()}", "bold")
                  + t(f"  logged by {author_label(m.author)} at {m.created_at}", "dim"))
    meeting_block(out, m, by=False)
    scored_by = {a.person: a.scored_by for a in m.attendees if a.scored_by}
    for person, dims in scored_by.items():
        if set(dims.values()) != {m.author}:
            out.out.print(t(f"  {person} scored by " + ", ".join(f"{author_label(w)} ({d})"
                                                                   for d, w in dims.items()), "dim"))
    out.out.print()
    if detail.follow_ups:
        follow_up_table(out, detail.follow_ups, title=f"Follow-ups promised ({len(detail.follow_ups)})")
    else:
        out.out.print(t("No follow-ups were promised at this meeting.", "dim"))
