"""``netj report``: the period on one screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import (
    CELL,
    EIGHTHS,
    PERSON_COLUMN,
    Output,
    due_style,
    due_verdict,
    due_when,
    money,
    num,
    one_line,
    verdict,
)
from netjournal.render.scores import dimension_cells

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netjournal.domain.report import (
        JournalReport,
        MeetingCalendar,
        ReferralSide,
        WeekCount,
    )

SHADES = "·░▒▓█"  # a calendar day by its level: no meeting, then busier up to the busiest day


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _bar(n: int, top: int, width: int) -> str:
    """A horizontal bar of ``n`` against ``top`` over ``width`` cells, in eighths."""
    if n <= 0 or top <= 0:
        return ""
    full, rest = divmod(round(8 * width * n / top), 8)
    return ("█" * full + (EIGHTHS[rest - 1] if rest else "")) or EIGHTHS[0]


def report(out: Output, r: JournalReport) -> None:
    from rich.columns import Columns
    from rich.panel import Panel

    t = out.text
    out.out.print(t("netj report", "bold") + t(f"  {r.since.isoformat()} to {r.until.isoformat()} ({r.days} days)"
                                                f" · {r.meetings} meeting{'s' * (r.meetings != 1)}"
                                                f" with {r.people_met} {'person' if r.people_met == 1 else 'people'}"))
    out.out.print()
    panel = lambda body, title: Panel(body, title=title, title_align="left", expand=False)  # noqa: E731
    out.out.print(Columns([panel(_weeks(out, r.weeks), "Meetings per week"),
                            panel(_calendar(out, r.calendar), "Meetings per day")], padding=(0, 1)))

    if r.partners:
        table = out.table(f"Partners met in the period, ranked ({len(r.partners)})",
                            ("#", {"justify": "right"}), ("Person", PERSON_COLUMN), ("Met", {"justify": "right", **CELL}),
                            ("Score", {"justify": "right", **CELL}), ("Listening", CELL), ("Preparation", CELL),
                            ("Verdict", CELL))
        for n, p in enumerate(r.partners, 1):
            table.add_row(t(n, "dim"), t(p.person), t(p.meetings_in_period),
                          t(num(p.overall), "bold"), *dimension_cells(out, p.dimensions),
                          verdict(out, p))
        out.out.print(table)
    else:
        out.out.print(t("Partners: nobody met in the period has been scored yet.", "dim"))
    out.out.print()

    table = out.table("Referrals (given: you → them; received: them → you)", ("", {}),
                        ("Count", {"justify": "right"}), ("Intros", {"justify": "right"}),
                        ("Open", {"justify": "right"}), ("Met", {"justify": "right"}),
                        ("Won", {"justify": "right"}), ("Lost", {"justify": "right"}),
                        ("Value", {"justify": "right"}))
    sides = (("Given", r.referrals.given, "Most given to"), ("Received", r.referrals.received, "Most received from"))
    for label, side, _ in sides:
        table.add_row(t(label, "bold"), t(side.count), t(side.introductions),
                      *(t(side.outcomes.get(o, 0)) for o in ("open", "met", "won", "lost")),
                      t(money(side.value)))
    out.out.print(table)
    for _, side, words in sides:
        if side.top:
            out.out.print(t(f"{words}: ", "dim") + t(_top(out, side)))
    out.out.print()

    if r.one_way_streets:
        shown = len(r.one_way_streets)
        title = f"One-way streets ({shown} of {r.one_way_total})" if r.one_way_total > shown else f"One-way streets ({shown})"
        table = out.table(title, ("Person", PERSON_COLUMN), ("Met", {"justify": "right"}), ("Why", {"ratio": 1}))
        for o in r.one_way_streets:
            table.add_row(t(o.person), t(o.meetings_in_period), t(o.reason))
        out.out.print(table)
    else:
        out.out.print(t("One-way streets: none among the people met in the period.", "dim"))
    out.out.print()

    if r.you_owe:
        shown = len(r.you_owe)
        title = f"Partners you owe ({shown} of {r.you_owe_total})" if r.you_owe_total > shown else f"Partners you owe ({shown})"
        table = out.table(title, ("Person", PERSON_COLUMN), ("Received", {"justify": "right", **CELL}),
                          ("Given", {"justify": "right", **CELL}), ("Last received", CELL), ("", {"ratio": 1}))
        for w in r.you_owe:
            table.add_row(t(w.person), t(w.received), t(w.given), t(w.last_received_on.isoformat()),
                          t(f"netj prep {w.person}: ideas for what to give", "dim"))
        out.out.print(table)
    else:
        out.out.print(t("Partners you owe: nobody; over the last 12 months every partner who referred you "
                        "business got something back.", "dim"))
    out.out.print()

    if r.drifting:
        table = out.table(f"Drifting past their cadence ({len(r.drifting)})", ("Person", PERSON_COLUMN), ("Late", CELL),
                            ("Why", {"ratio": 1}))
        for i in r.drifting:
            table.add_row(t(i.person), t(due_when(i), due_style(i)),
                          t(i.reason) + due_verdict(out, i))
        out.out.print(table)
    else:
        out.out.print(t("Drifting: every relationship with a cadence is on time.", "dim"))


def _weeks(out: Output, weeks: Sequence[WeekCount], width: int = 16):
    from rich.table import Table

    t = out.text
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim")
    grid.add_column()
    grid.add_column(min_width=width)
    grid.add_column(justify="right")
    top = max((w.meetings for w in weeks), default=0)
    for w in weeks:
        grid.add_row(t(w.week[5:]), t(f"{w.starts_on.day:2d} {MONTHS[w.starts_on.month - 1]}"),
                     t(_bar(w.meetings, top, width), "green"), t(w.meetings))
    return grid


def _calendar(out: Output, cal: MeetingCalendar):
    from rich.text import Text

    cell = 2 if len(cal.weeks) <= 38 else 1
    fits = max(8, out.out.width - 10)  # columns that fit beside the day labels and the panel's border
    weeks, months, levels = cal.weeks, cal.months, cal.levels
    text = Text()
    if len(weeks) * cell > fits:  # a long period: the calendar keeps its last weeks
        keep = fits // cell
        weeks, months, levels = weeks[-keep:], months[-keep:], tuple(row[-keep:] for row in levels)
        text.append(f"    the last {keep} weeks\n", style="dim")
    header = [" "] * (len(weeks) * cell + 3)
    free = 0
    for col, month in enumerate(months):
        at = col * cell
        if month and at >= free:
            header[at: at + len(month)] = month
            free = at + len(month) + 1
    text.append("    " + "".join(header).rstrip() + "\n", style="dim")
    for day, row in zip(WEEKDAYS, levels, strict=True):
        text.append(f"{day} ", style="dim")
        for level in row:
            char = " " if level is None else SHADES[level]
            text.append(char + " " * (cell - 1), style="dim" if not level else "green")
        text.append("\n")
    text.append(f"    {SHADES[0]} none {SHADES[1:]} more; busiest day {cal.max_per_day}", style="dim")
    return text


def _top(out: Output, side: ReferralSide, n: int = 5) -> str:
    return ", ".join(f"{one_line(p.name, 30)} ({p.referrals})" for p in side.top[:n])
