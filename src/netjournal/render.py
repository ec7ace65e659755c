"""All output: JSON to stdout, Rich tables to stdout, talk to stderr.

One module knows table vs JSON, so commands never shape output themselves.
User-typed text is always wrapped in :class:`rich.text.Text` (never parsed as
markup) and stripped of terminal control sequences before it reaches a
terminal; JSON keeps it exactly, escaped.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.domain.vocab import GAINS_LABELS

if TYPE_CHECKING:
    from rich.console import Console

    from netjournal.domain.due import DueItem, DueReport
    from netjournal.domain.digests import DayReview
    from netjournal.domain.report import JournalReport, MeetingCalendar, ReferralSide, WeekCount
    from netjournal.domain.records import (
        DecisionRecord,
        FollowUpRecord,
        LoggedMeeting,
        PersonDetail,
        PersonScorecard,
        PersonSummary,
        ReferralRecord,
    )
    from netjournal.domain.search import SearchHit

SPARK = "▁▂▄▆█"
SHADES = "·░▒▓█"  # a calendar day by its level: no meeting, then busier up to the busiest day
EIGHTHS = "▏▎▍▌▋▊▉"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERSON = {"no_wrap": True, "overflow": "ellipsis", "max_width": 28, "style": "cyan"}
_CELL = {"no_wrap": True}


def json_bytes(obj: Any, *, indent: bool = True) -> bytes:
    import orjson

    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(obj, option=option | orjson.OPT_NON_STR_KEYS)


def emit_json(obj: Any) -> None:
    """Write ``obj`` (records, lists of records, dicts) as JSON to stdout."""
    sys.stdout.write(json_bytes(obj).decode("utf-8") + "\n")
    sys.stdout.flush()


def safe(text: str | None) -> str:
    """Text fit for a terminal: control characters other than newline and tab
    are shown as escapes (``\\x1b``) instead of being sent raw."""
    if text is None:
        return ""
    if text.isprintable():
        return text
    return "".join(
        c if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d" else f"\\x{ord(c):02x}"
        if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        for c in text
    )


def one_line(text: str | None, width: int = 60) -> str:
    flat = " ".join(safe(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def sparkline(values: Sequence[int], last: int = 12) -> str:
    return "".join(SPARK[v - 1] for v in values[-last:] if 1 <= v <= 5)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Output:
    """Consoles for one command run. Rich is imported only when a table is
    printed; ``NO_COLOR`` and non-terminal output disable colour (Rich's own
    rules)."""

    def __init__(self) -> None:
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            from rich.console import Console

            self._out = Console(highlight=False, soft_wrap=False)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._err

    # --- talk on stderr -----------------------------------------------------------

    def say(self, message: str, style: str | None = None) -> None:
        if self._err is None and not _is_terminal(sys.stderr):
            # Plain text for logs and pipes: what Rich would print there, without
            # importing it (write commands start faster; see docs/performance.md).
            sys.stderr.write(safe(message) + "\n")
            sys.stderr.flush()
            return
        from rich.text import Text

        self.err.print(Text(safe(message), style=style or ""))

    def warn(self, message: str) -> None:
        self.say(f"Warning: {message}", style="yellow")

    # --- tables ------------------------------------------------------------------

    def _table(self, title: str | None, *columns: tuple[str, dict]):
        from rich import box
        from rich.table import Table

        table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False)
        for name, kw in columns:
            table.add_column(name, **kw)
        return table

    def _due_verdict(self, item: DueItem):
        """`` · two-way street`` after a due contact's reason, or what one scored meeting leans to."""
        t = self._text
        if item.verdict and item.verdict != "not enough data":
            return t(f" · {item.verdict}", _verdict_style(item.verdict))
        if item.leaning:
            return t(f" · leans {item.leaning}", f"{_verdict_style(item.leaning)} dim")
        return t("")

    def _verdict(self, card, *, in_table: bool = True):
        """The verdict; in a table, for too few scores, what they lean to (in the
        style of that verdict, dimmed). Beside the reason (``in_table=False``)
        the plain verdict: the reason says which way it leans."""
        if card.leaning and in_table:
            return self._text(f"leans {card.leaning}", f"{_verdict_style(card.leaning)} dim")
        return self._text(card.verdict, _verdict_style(card.verdict))

    def _text(self, value: Any, style: str = ""):
        from rich.text import Text

        return Text(safe(value if isinstance(value, str) else "" if value is None else str(value)), style=style)

    def due(self, report: DueReport, today: date, *, on_the_day: str = "today",
            empty: str = "Nothing is due. Enjoy the day.") -> None:
        if not report.items():
            self.out.print(empty)
            return
        t = self._text
        if report.contacts:
            table = self._table(f"Keep in touch ({len(report.contacts)})", ("Person", {}), ("Due", {}),
                                ("Why", {"ratio": 1}))
            for i in report.contacts:
                table.add_row(t(i.name, "bold") + t(f" {i.person}", "dim"), t(_due_when(i, on_the_day), _due_style(i)),
                              t(i.reason) + self._due_verdict(i))
            self.out.print(table)
            self.out.print()
        if report.follow_ups:
            team = len({i.author for i in report.follow_ups}) > 1  # a shared journal: whose promise is it
            table = self._table(f"Follow-ups ({len(report.follow_ups)})", ("#", {"justify": "right"}),
                                ("Person", {}), ("Promise", {"ratio": 1}), *((("By", _AUTHOR),) if team else ()),
                                ("Due", {}))
            for i in report.follow_ups:
                owed = t("they promised: ", "italic") if i.owed_by == "them" else t("")
                by = (t(author_label(i.author), "cyan"),) if team else ()
                table.add_row(t(i.follow_up_id, "dim"), t(i.name, "bold"), owed + t(one_line(i.text, 80)), *by,
                              t(_due_when(i, on_the_day), _due_style(i)))
            self.out.print(table)
            self.out.print()
        if report.reviews:
            table = self._table(f"Decisions to review ({len(report.reviews)})", ("Person", {}), ("Due", {}),
                                ("Why", {"ratio": 1}))
            for i in report.reviews:
                why = t(f" (“{one_line(i.decision_reason, 60)}”)", "dim") if i.decision_reason else t("")
                table.add_row(t(i.name, "bold") + t(f" {i.person}", "dim"), t(_due_when(i, on_the_day), _due_style(i)),
                              t(i.reason) + why)
            self.out.print(table)

    def people(self, rows: Sequence[PersonSummary], today: date) -> None:
        if not rows:
            self.out.print("No people match.")
            return
        t = self._text
        table = self._table(None, ("Handle", {"style": "cyan"}), ("Name", {}), ("Company", {}), ("Tags", {}),
                            ("Last met", {}), ("Next due", {}), ("Score", {"justify": "right"}),
                            ("Status", {}))
        for r in rows:
            table.add_row(t(r.handle), t(r.name), t(r.company), t(", ".join(r.tags)),
                          t(_ago(r.last_contact_on, today)), t(r.next_due_on.isoformat() if r.next_due_on else "–"),
                          t(f"{r.overall:.1f}" if r.overall is not None else "–"), t(r.status))
        self.out.print(table)

    def scorecard(self, card: PersonScorecard, *, heading: bool = True) -> None:
        t = self._text
        if heading:
            self.out.print(t(card.name, "bold") + t(f" ({card.person})", "dim")
                           + (t(f"  as {card.author} scored them", "cyan") if card.author else t("")))
        elif card.author:
            self.out.print(t(f"Scorecard as {card.author} scored them", "cyan"))
        table = self._table(None, ("Dimension", {}), ("Weighted", {"justify": "right"}),
                            ("All-time", {"justify": "right"}), ("Last 3", {"justify": "right"}),
                            ("Trend", {}), ("Count", {"justify": "right"}), ("History", {}))
        arrows = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", None: "–"}
        for d in card.dimensions:
            table.add_row(t(d.dimension), t(_num(d.average), "bold"), t(_num(d.mean)), t(_num(d.recent)),
                          t(arrows[d.trend]), t(d.count), t(sparkline(d.history), "cyan"))
        self.out.print(table)
        if card.referrals is not None:
            self.referral_balance(card.referrals)
        self.out.print(t("Verdict: ", "bold") + self._verdict(card, in_table=False) + t(f" — {card.reason}"))

    def referral_balance(self, r) -> None:
        t = self._text
        lean = ("even" if r.balance == 0 else f"+{r.balance}, they gave more" if r.balance > 0
                else f"{r.balance}, you gave more")
        self.out.print(t("Referrals, last 12 months: ", "bold") + t(f"{r.given} given, {r.received} received ")
                       + t(f"(balance {lean})", "red" if r.one_way else "dim"))

    def ranking(self, rows: Sequence[PersonScorecard], *, by_author: bool = False) -> None:
        """Scorecards in rows: the ranking, or (``by_author``) a partner as each author scored them."""
        if not rows:
            self.out.print("No scored meetings yet. Score partners with `netj log … --listening N --preparation N`.")
            return
        t = self._text
        if not by_author and rows[0].author:
            self.out.print(t(f"As {rows[0].author} scored them", "cyan"))
        author = (("By", _AUTHOR),) if by_author else ()
        table = self._table(None, ("#", {"justify": "right"}), ("Person", {}), *author,
                            ("Overall", {"justify": "right"}),
                            ("Listening", {"justify": "right"}), ("Preparation", {"justify": "right"}),
                            ("Meetings", {"justify": "right"}), ("Verdict", {}))
        for n, r in enumerate(rows, 1):
            by = (t(author_label(r.author), "cyan"),) if by_author else ()
            table.add_row(t(n, "dim"), t(r.name, "bold") + t(f" {r.person}", "dim"), *by, t(_num(r.overall), "bold"),
                          *self._dimension_cells(r.dimensions), t(r.scored_meetings), self._verdict(r))
        self.out.print(table)

    def _dimension_cells(self, dimensions) -> list:
        """Listening and preparation: weighted average and a sparkline of the last scores."""
        t = self._text
        dims = {d.dimension: d for d in dimensions}
        cells = []
        for name in ("listening", "preparation"):
            d = dims.get(name)
            cells.append(t(_num(d.average) if d else "–") + t(f" {sparkline(d.history, 6)}" if d and d.history else "", "cyan"))
        return cells

    # --- netj report ---------------------------------------------------------------

    def report(self, r: JournalReport) -> None:
        from rich.columns import Columns
        from rich.panel import Panel

        t = self._text
        self.out.print(t("netj report", "bold") + t(f"  {r.since.isoformat()} to {r.until.isoformat()} ({r.days} days)"
                                                    f" · {r.meetings} meeting{'s' * (r.meetings != 1)}"
                                                    f" with {r.people_met} {'person' if r.people_met == 1 else 'people'}"))
        self.out.print()
        panel = lambda body, title: Panel(body, title=title, title_align="left", expand=False)  # noqa: E731
        self.out.print(Columns([panel(self._weeks(r.weeks), "Meetings per week"),
                                panel(self._calendar(r.calendar), "Meetings per day")], padding=(0, 1)))

        if r.partners:
            table = self._table(f"Partners met in the period, ranked ({len(r.partners)})",
                                ("#", {"justify": "right"}), ("Person", _PERSON), ("Met", {"justify": "right", **_CELL}),
                                ("Score", {"justify": "right", **_CELL}), ("Listening", _CELL), ("Preparation", _CELL),
                                ("Verdict", _CELL))
            for n, p in enumerate(r.partners, 1):
                table.add_row(t(n, "dim"), t(p.person), t(p.meetings_in_period),
                              t(_num(p.overall), "bold"), *self._dimension_cells(p.dimensions),
                              self._verdict(p))
            self.out.print(table)
        else:
            self.out.print(t("Partners: nobody met in the period has been scored yet.", "dim"))
        self.out.print()

        table = self._table("Referrals (given: you → them; received: them → you)", ("", {}),
                            ("Count", {"justify": "right"}), ("Intros", {"justify": "right"}),
                            ("Open", {"justify": "right"}), ("Met", {"justify": "right"}),
                            ("Won", {"justify": "right"}), ("Lost", {"justify": "right"}),
                            ("Value", {"justify": "right"}))
        sides = (("Given", r.referrals.given, "Most given to"), ("Received", r.referrals.received, "Most received from"))
        for label, side, _ in sides:
            table.add_row(t(label, "bold"), t(side.count), t(side.introductions),
                          *(t(side.outcomes.get(o, 0)) for o in ("open", "met", "won", "lost")),
                          t(_money(side.value)))
        self.out.print(table)
        for _, side, words in sides:
            if side.top:
                self.out.print(t(f"{words}: ", "dim") + t(self._top(side)))
        self.out.print()

        if r.one_way_streets:
            shown = len(r.one_way_streets)
            title = f"One-way streets ({shown} of {r.one_way_total})" if r.one_way_total > shown else f"One-way streets ({shown})"
            table = self._table(title, ("Person", _PERSON), ("Met", {"justify": "right"}), ("Why", {"ratio": 1}))
            for o in r.one_way_streets:
                table.add_row(t(o.person), t(o.meetings_in_period), t(o.reason))
            self.out.print(table)
        else:
            self.out.print(t("One-way streets: none among the people met in the period.", "dim"))
        self.out.print()

        if r.drifting:
            table = self._table(f"Drifting past their cadence ({len(r.drifting)})", ("Person", _PERSON), ("Late", _CELL),
                                ("Why", {"ratio": 1}))
            for i in r.drifting:
                table.add_row(t(i.person), t(_due_when(i), _due_style(i)),
                              t(i.reason) + self._due_verdict(i))
            self.out.print(table)
        else:
            self.out.print(t("Drifting: every relationship with a cadence is on time.", "dim"))

    def _weeks(self, weeks: Sequence[WeekCount], width: int = 16):
        from rich.table import Table

        t = self._text
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

    def _calendar(self, cal: MeetingCalendar):
        from rich.text import Text

        cell = 2 if len(cal.weeks) <= 38 else 1
        fits = max(8, self.out.width - 10)  # columns that fit beside the day labels and the panel's border
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
        for day, row in zip(WEEKDAYS, levels):
            text.append(f"{day} ", style="dim")
            for level in row:
                char = " " if level is None else SHADES[level]
                text.append(char + " " * (cell - 1), style="dim" if not level else "green")
            text.append("\n")
        text.append(f"    {SHADES[0]} none {SHADES[1:]} more; busiest day {cal.max_per_day}", style="dim")
        return text

    def _top(self, side: ReferralSide, n: int = 5) -> str:
        return ", ".join(f"{one_line(p.name, 30)} ({p.referrals})" for p in side.top[:n])

    # --- netj review ---------------------------------------------------------------

    def review(self, r: DayReview) -> None:
        from rich.padding import Padding

        from netjournal.domain.due import DueReport

        t = self._text
        n = len(r.meetings)
        self.out.print(t(f"Review of {r.day.strftime('%A')} {r.day.isoformat()}", "bold")
                       + t(f"  {n} meeting{'s' * (n != 1)}, {len(r.follow_ups)} follow-up{'s' * (len(r.follow_ups) != 1)}"))
        self.out.print()
        team = len({m.author for m in r.meetings}) > 1
        for m in r.meetings:
            by = f"by {author_label(m.author)}" if team else None
            head = " · ".join(x for x in (m.time, m.kind, safe(m.place) if m.place else None, by) if x)
            self.out.print(t(f"Meeting {m.id}", "bold") + t(f"  {head}", "dim"))
            table = self._table(None, ("Person", {"style": "cyan"}), ("Listening", {"justify": "right"}),
                                ("Preparation", {"justify": "right"}), ("Punctuality", {}))
            for a in m.attendees:
                late = a.minutes_late
                when = "–" if late is None else _punctuality(late)
                table.add_row(t(a.person), t(a.scores.get("listening") or "–"), t(a.scores.get("preparation") or "–"),
                              t(when))
            self.out.print(Padding(table, (0, 0, 0, 2), expand=False))
            if m.notes:
                self.out.print(Padding(t(m.notes), (0, 0, 0, 2), expand=False))
            self.out.print()
        if r.follow_ups:
            table = self._table(f"Follow-ups promised ({len(r.follow_ups)})", ("#", {"justify": "right", "style": "dim"}),
                                ("Person", {}), ("Promise", {"ratio": 1}), ("Due", {}), ("Owed by", {}))
            for f in r.follow_ups:
                table.add_row(t(f.id), t(f.person), t(one_line(f.text, 80)), t(f.due_on.isoformat()),
                              t("you" if f.owed_by == "me" else f.person))
            self.out.print(table)
            self.out.print()
        self.out.print(t(f"Due tomorrow, {r.tomorrow.strftime('%A')} {r.tomorrow.isoformat()}", "bold"))
        items = r.due_tomorrow
        report = DueReport(*(tuple(i for i in items if i.type == k) for k in ("contact", "follow_up", "review")))
        self.due(report, r.tomorrow, on_the_day="tomorrow", empty="Nothing is due tomorrow.")

    def person(self, detail: PersonDetail, today: date, *, history: bool = False) -> None:
        from rich.table import Table

        p, t = detail.person, self._text
        self.out.print(t(p.name, "bold") + t(f"  {p.handle}", "cyan") + t(f"  [{p.status}]", "dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column()
        for label, value in (
            ("Company", p.company), ("Title", p.title), ("Email", p.email), ("Phone", p.phone), ("URL", p.url),
            ("Tags", ", ".join(p.tags) or None),
            ("Cadence", p.cadence or "not tracked"),
            ("Last met", _ago(p.last_contact_on, today) if p.last_contact_on else "never"),
            ("Next due", p.next_due_on.isoformat() if p.next_due_on else None),
            ("Review on", p.review_on.isoformat() if p.review_on else None),
            ("Snoozed until", p.snoozed_until.isoformat() if p.snoozed_until else None),
            ("Notes", p.notes),
            *((GAINS_LABELS[k], v) for k, v in p.gains().items()),
        ):
            if value:
                grid.add_row(label, t(value))
        self.out.print(grid)
        self.out.print()
        self.scorecard(detail.scorecard, heading=False)
        self.out.print()
        if detail.by_author:
            self.ranking(detail.by_author, by_author=True)
            self.out.print()
        if detail.referrals:
            self.referrals(detail.referrals, title="Referrals", limit=5)
            self.out.print()
        if detail.meetings:
            # a team journal (more than one author among these meetings) says who logged each
            team = len({m.author for m in detail.meetings}) > 1
            table = self._table("Meetings", ("#", {"justify": "right", "style": "dim"}), ("Date", {}), ("Kind", {}),
                                ("Place", {}), *((("By", _AUTHOR),) if team else ()), ("Scores", {}),
                                ("Notes", {"ratio": 1}))
            for m in detail.meetings:
                mine = next((a for a in m.attendees if a.person == p.handle), None)
                scores = " ".join(f"{k[0].upper()}{v}" for k, v in (mine.scores.items() if mine else ()) if v)
                if mine and mine.minutes_late:
                    scores += f" {_punctuality(mine.minutes_late)}"
                by = (t(author_label(m.author), "cyan"),) if team else ()
                table.add_row(t(m.id), t(m.date.isoformat()), t(m.kind), t(m.place), *by, t(scores),
                              t(one_line(m.notes, 70)))
            self.out.print(table)
        else:
            self.out.print("No meetings yet.")
        if detail.open_follow_ups:
            self.follow_ups(detail.open_follow_ups, today, title="Open follow-ups")
        if history:
            self.out.print()
            self.history(detail)

    def history(self, detail: PersonDetail) -> None:
        """Decisions and GAINS changes, oldest first: what you learned when."""
        t = self._text
        events = [(d.date, 0, d.id, "decision", _decision_text(d)) for d in detail.decisions]
        events += [(g.date, 1, g.id, GAINS_LABELS[g.field], g.value if g.value is not None else "(cleared)")
                   for g in detail.gains_history]
        if not events:
            self.out.print("No history yet: no decisions and no GAINS recorded.")
            return
        table = self._table("History", ("Date", {}), ("What", {"style": "cyan"}), ("", {"ratio": 1}))
        for on, _, _, what, text in sorted(events):
            table.add_row(t(on.isoformat()), t(what), t(one_line(text, 90)))
        self.out.print(table)

    def briefing(self, b, today: date) -> None:
        """``netj prep``: everything worth knowing before the meeting, on one screen."""
        p, t, card = b.person, self._text, b.scorecard
        role = ", ".join(x for x in (p.title, p.company) if x)
        self.out.print(t(p.name, "bold") + t(f"  {p.handle}", "cyan") + t(f"  {role}" if role else "")
                       + t(f"  [{p.status}]", "dim"))
        clock = [f"last met {_ago(p.last_contact_on, today)}" if p.last_contact_on else "never met"]
        if p.cadence:
            clock.append(f"cadence {p.cadence}")
        if p.next_due_on:
            late = (today - p.next_due_on).days
            clock.append(f"due {p.next_due_on.isoformat()}" + (f" ({late}d late)" if late > 0 else ""))
        if b.latest_decision is not None and p.status != "active":
            clock.append(_decision_text(b.latest_decision))
        self.out.print(t(" · ".join(clock), "dim"))
        self.out.print()
        self.out.print(t("Verdict: ", "bold") + self._verdict(card, in_table=False) + t(f" — {card.reason}"))
        dims = []
        for d in card.dimensions:
            if d.count:
                arrow = {"up": " ↑", "down": " ↓", "flat": " →"}.get(d.trend, "")
                dims.append(t(f"{d.dimension.capitalize()} ") + t(_num(d.average), "bold")
                            + t(f" {sparkline(d.history)}", "cyan") + t(arrow))
        if dims:
            line = t("")
            for i, part in enumerate(dims):
                line += (t("   ") if i else t("")) + part
            n = card.scored_meetings
            self.out.print(line + t(f"   ({n} scored meeting{'s' * (n != 1)})", "dim"))
        if card.referrals is not None:
            self.referral_balance(card.referrals)
        self.out.print()
        self.out.print(t("GAINS", "bold"))
        self._gains_grid(p)
        if b.unknown:
            self.out.print(t("What you don't know yet: ", "bold yellow") + t(", ".join(b.unknown))
                           + t(f" — ask, then `netj gains {p.handle}`.", "dim"))
        self.out.print()
        if b.last_meetings:
            self.out.print(t(f"Last {len(b.last_meetings)} meeting{'s' if len(b.last_meetings) != 1 else ''}", "bold"))
            team = len({m.author for m in b.last_meetings}) > 1  # whose notes these are, in a shared journal
            for m in b.last_meetings:
                mine = next((a for a in m.attendees if a.person == p.handle), None)
                scores = " ".join(f"{k} {v}" for k, v in (mine.scores.items() if mine else ()) if v)
                if mine and mine.minutes_late:
                    scores += f" {_punctuality(mine.minutes_late)}"
                others = [a.person for a in m.attendees if a.person != p.handle]
                head = f"{m.date.isoformat()} {m.kind}" + (f" at {m.place}" if m.place else "")
                head += f" with {', '.join(others)}" if others else ""
                head += f", logged by {author_label(m.author)}" if team else ""
                self.out.print(t(head) + t(f"  {scores}" if scores else "", "cyan"))
                if m.notes:
                    from rich.padding import Padding

                    self.out.print(Padding(t(one_line(m.notes, 400)), (0, 0, 0, 2)))
        else:
            self.out.print("No meetings yet.")
        for title, rows in (("You promised", b.you_promised), ("They promised you", b.they_promised)):
            if rows:
                self.out.print()
                self.follow_ups(rows, today, title=title, mark_theirs=False)
        if b.referrals:
            self.out.print()
            self.referrals(b.referrals, title="Recent referrals")

    def gains(self, profile) -> None:
        t = self._text
        self.out.print(t(profile.name, "bold") + t(f" ({profile.person})", "dim") + t(" — GAINS"))
        self._gains_grid(profile)

    def _gains_grid(self, holder) -> None:
        """The five GAINS fields of a person or profile, 'not known yet' where empty."""
        from rich.table import Table

        t = self._text
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column(ratio=1)
        for field, label in GAINS_LABELS.items():
            value = getattr(holder, field)
            grid.add_row(label, t(value) if value else t("not known yet", "italic dim"))
        self.out.print(grid)

    def ledger(self, ledger) -> None:
        """``netj referrals``: the table, and the balance of one person."""
        t = self._text
        if ledger.person is not None:
            self.out.print(t(ledger.name, "bold") + t(f" ({ledger.person})", "dim"))
            self.referral_balance(ledger.balance)
        if not ledger.rows and ledger.filtered:
            self.out.print("No referrals match.")
            return
        if not ledger.rows:
            self.out.print("No referrals recorded yet. Record one with `netj refer given PERSON` or "
                           "`netj refer received PERSON`.")
            return
        self.referrals(ledger.rows)

    def referrals(self, rows: Sequence[ReferralRecord], *, title: str | None = None, limit: int | None = None) -> None:
        t = self._text
        table = self._table(title, ("#", {"justify": "right", "style": "dim"}), ("Date", {}), ("Way", {}),
                            ("Person", {}), ("Outcome", {}), ("Value", {"justify": "right"}), ("Note", {"ratio": 1}))
        for r in rows[:limit]:
            table.add_row(t(r.id), t(r.date.isoformat()), t(_way(r)), t(r.person, "bold") + t(
                f" → {r.other_person}" if r.other_person else "", "dim"),
                t(r.outcome, _OUTCOME_STYLE.get(r.outcome, "")), t(_money(r.value)), t(one_line(r.note, 60)))
        self.out.print(table)
        if limit is not None and len(rows) > limit:
            self.out.print(t(f"… and {len(rows) - limit} more: netj referrals {rows[0].person}", "dim"))

    def follow_ups(self, rows: Iterable[FollowUpRecord], today: date, title: str | None = None,
                   mark_theirs: bool = True) -> None:
        t = self._text
        table = self._table(title, ("#", {"justify": "right", "style": "dim"}), ("Promise", {"ratio": 1}),
                            ("Due", {}))
        for f in rows:
            late = (today - f.due_on).days
            owed = t("they promised: ", "italic") if mark_theirs and f.owed_by == "them" else t("")
            table.add_row(t(f.id), owed + t(one_line(f.text, 80)), t(f.due_on.isoformat(), "red" if late > 0 else ""))
        self.out.print(table)

    def search(self, hits: Sequence[SearchHit]) -> None:
        """Matches in bold reverse on a colour terminal; between [brackets]
        when colour is off (NO_COLOR, or output to a pipe or file)."""
        from rich.text import Text

        from netjournal.domain.search import segments

        if not hits:
            self.out.print("Nothing matches.")
            return
        plain = self.out.no_color or self.out.color_system is None
        t = self._text
        table = self._table(None, ("Date", {}), ("What", {}), ("People", {}), ("Text", {"ratio": 1}))
        for h in hits:
            text = Text()
            for piece, matched in segments(h.snippet, h.matches):
                if matched and plain:
                    text.append(f"[{safe(piece)}]")
                else:
                    text.append(safe(piece), style="bold reverse" if matched else "")
            table.add_row(t(h.date.isoformat()), t(_hit_label(h)), t(", ".join(h.people), "cyan"), text)
        self.out.print(table)

    def logged(self, logged: LoggedMeeting) -> None:
        m = logged.meeting
        who = []
        for a in m.attendees:
            given = ", ".join(f"{k} {v}" for k, v in a.scores.items() if v is not None)
            who.append(a.person + (f" ({given})" if given else ""))
        self.say(f"Logged {m.kind} on {m.date.isoformat()} with {'; '.join(who)} as meeting {m.id}.")
        for handle in logged.created_people:
            self.say(f"Added new person {handle} (cadence set to the default).")
        for f in logged.follow_ups:
            if f.owed_by == "them":
                self.say(f"Follow-up {f.id}: {f.person} promised it by {f.due_on.isoformat()}.")
            else:
                self.say(f"Follow-up {f.id} for {f.person} due {f.due_on.isoformat()}.")


_OUTCOME_STYLE = {"won": "bold green", "lost": "red", "met": "green", "open": "yellow"}


_AUTHOR = {"max_width": 16, "no_wrap": True, "overflow": "ellipsis"}  # a "By" column: one line, never the widest


def author_label(author: str | None) -> str:
    """An author as tables show it; entries from before authors were recorded have none."""
    return author if author is not None else "(unrecorded)"


def _way(r: ReferralRecord) -> str:
    if r.direction == "received":
        return "received ←"
    return "introduced →" if r.other_person else "given →"


def _punctuality(minutes_late: int) -> str:
    """``10m late``, ``15m early`` or ``on time``."""
    if minutes_late == 0:
        return "on time"
    return f"{abs(minutes_late)}m {'late' if minutes_late > 0 else 'early'}"


def _money(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _decision_text(d: DecisionRecord) -> str:
    what = {"paused": f"paused, review on {d.review_on.isoformat() if d.review_on else '?'}",
            "archived": "archived", "active": "active again"}[d.status]
    return what + (f": {d.reason}" if d.reason else "")


def _hit_label(hit: SearchHit) -> str:
    """What a search hit is, with the number its commands take: ``meeting 12``,
    ``follow-up 3``, ``notes``, ``goals``, ``referral 5``."""
    return {"meeting": f"meeting {hit.id}", "follow_up": f"follow-up {hit.id}", "person": "notes",
            "gains": hit.field, "referral": f"referral {hit.id}"}.get(hit.type, hit.type)


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


def _ago(d: date | None, today: date) -> str:
    if d is None:
        return "never"
    n = (today - d).days
    return "today" if n == 0 else f"{n}d ago" if n > 0 else d.isoformat()


def _due_when(item: DueItem, on_the_day: str = "today") -> str:
    n = item.days_overdue
    return on_the_day if n == 0 else f"{n}d late" if n > 0 else f"in {-n}d"


def _bar(n: int, top: int, width: int) -> str:
    """A horizontal bar of ``n`` against ``top`` over ``width`` cells, in eighths."""
    if n <= 0 or top <= 0:
        return ""
    full, rest = divmod(round(8 * width * n / top), 8)
    return ("█" * full + (EIGHTHS[rest - 1] if rest else "")) or EIGHTHS[0]


def _due_style(item: DueItem) -> str:
    return "bold red" if item.days_overdue > 0 else "yellow" if item.days_overdue == 0 else "green"


def _verdict_style(verdict: str) -> str:
    return {"two-way street": "bold green", "one-way street": "bold red", "mixed": "yellow"}.get(verdict, "dim")
