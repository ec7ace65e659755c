"""All output: JSON to stdout, Rich tables to stdout, talk to stderr.

One module knows table vs JSON, so commands never shape output themselves.
User-typed text is always wrapped in :class:`rich.text.Text` (never parsed as
markup) and stripped of terminal control sequences before it reaches a
terminal; JSON keeps it exactly, escaped.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import date

    from rich.console import Console

    from netjournal.domain.due import DueItem

SPARK = "▁▂▄▆█"
EIGHTHS = "▏▎▍▌▋▊▉"
PERSON_COLUMN = {"no_wrap": True, "overflow": "ellipsis", "max_width": 28, "style": "cyan"}
CELL = {"no_wrap": True}
AUTHOR_COLUMN = {"max_width": 16, "no_wrap": True, "overflow": "ellipsis"}  # a "By" column: one line, never the widest


def json_bytes(obj: Any, *, indent: bool = True) -> bytes:
    """``obj`` as JSON: a record (a dataclass) field by field in declaration
    order, dates as ISO-8601; a field declared with ``metadata={"json":
    False}`` in the record handed in is left out (what the command needs but
    the JSON contract does not have)."""
    import dataclasses

    import orjson

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        shown = [f for f in dataclasses.fields(obj) if f.metadata.get("json", True)]
        if len(shown) < len(dataclasses.fields(obj)):
            obj = {f.name: getattr(obj, f.name) for f in shown}
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(obj, option=option | orjson.OPT_NON_STR_KEYS)


def emit_json(obj: Any) -> None:
    """Write ``obj`` (a record, a list of records) as JSON to stdout."""
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


def is_terminal(stream) -> bool:
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
        if self._err is None and not is_terminal(sys.stderr):
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

    def table(self, title: str | None, *columns: tuple[str, dict]):
        from rich import box
        from rich.table import Table

        table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False)
        for name, kw in columns:
            table.add_column(name, **kw)
        return table

    def text(self, value: Any, style: str = ""):
        from rich.text import Text

        return Text(safe(value if isinstance(value, str) else "" if value is None else str(value)), style=style)


def author_label(author: str | None) -> str:
    """An author as tables show it; entries from before authors were recorded have none."""
    return author if author is not None else "(unrecorded)"


def several_authors(authors: Iterable[str | None]) -> bool:
    """Whether these entries have more than one author: then a shared journal says whose each one is."""
    return len(set(authors)) > 1


def by_column(shared: bool) -> tuple[tuple[str, dict], ...]:
    """The "By" column of a table of entries by several authors (none otherwise)."""
    return (("By", AUTHOR_COLUMN),) if shared else ()


def by_cell(out: Output, author: str | None, shared: bool) -> tuple:
    """The cell of the "By" column for an entry by ``author`` (none when there is no such column)."""
    return (out.text(author_label(author), "cyan"),) if shared else ()


def num(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


def ago(d: date | None, today: date) -> str:
    if d is None:
        return "never"
    n = (today - d).days
    return "today" if n == 0 else f"{n}d ago" if n > 0 else d.isoformat()


def due_when(item: DueItem, on_the_day: str = "today") -> str:
    n = item.days_overdue
    return on_the_day if n == 0 else f"{n}d late" if n > 0 else f"in {-n}d"


def due_style(item: DueItem) -> str:
    return "bold red" if item.days_overdue > 0 else "yellow" if item.days_overdue == 0 else "green"


def verdict_style(verdict: str) -> str:
    return {"two-way street": "bold green", "one-way street": "bold red", "mixed": "yellow"}.get(verdict, "dim")


def punctuality(minutes_late: int) -> str:
    """``10m late``, ``15m early`` or ``on time``."""
    if minutes_late == 0:
        return "on time"
    return f"{abs(minutes_late)}m {'late' if minutes_late > 0 else 'early'}"


def money(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def verdict(out: Output, card, *, in_table: bool = True):
    """The verdict, and where the last meetings point (``mixed, improving``);
    in a table, for too few scores, what they lean to (in the style of that
    verdict, dimmed). Beside the reason (``in_table=False``) the plain
    verdict: the reason says which way it leans."""
    if card.leaning and in_table:
        return out.text(f"leans {card.leaning}", f"{verdict_style(card.leaning)} dim")
    text = out.text(card.verdict, verdict_style(card.verdict))
    referrals = getattr(card, "referrals", None)
    if in_table and referrals is not None and referrals.one_way:
        # whatever the scores say: a 4.8 ranked last must not look like a sorting slip
        text += out.text(" on reciprocity", verdict_style(card.verdict))
    momentum = getattr(card, "momentum", None)
    if momentum:
        text += out.text(f", {momentum}", "green" if momentum == "improving" else "red")
    return text


def due_verdict(out: Output, item: DueItem):
    """`` · two-way street`` after a due contact's reason, or what one scored
    meeting leans to; and `` · you owe them a referral`` when you do."""
    t = out.text
    owe = t(" · you owe them a referral", "bold yellow") if item.you_owe else t("")
    if item.verdict and item.verdict != "not enough data":
        return t(f" · {item.verdict}", verdict_style(item.verdict)) + owe
    if item.leaning:
        return t(f" · leans {item.leaning}", f"{verdict_style(item.leaning)} dim") + owe
    return owe
