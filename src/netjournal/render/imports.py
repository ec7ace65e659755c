"""``netj import``: the plan of a dry run, the people skipped, the summary line, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from netjournal.render.core import Output, safe

if TYPE_CHECKING:
    from netjournal.app.imports.summary import ImportSummary


def plan(summary: ImportSummary) -> None:
    """The dry run's plan, one person per line on stdout (tab-separated: action, line, who)."""
    for item in summary.items:
        row = f"line {item.line}" if item.line else "-"
        who = f"{item.name or ''}{' (' + item.handle + ')' if item.handle else ''}"
        detail = f": {item.detail}" if item.detail else ""
        sys.stdout.write(safe(f"{item.action}\t{row}\t{who}{detail}") + "\n")
    sys.stdout.flush()


def outcome(out: Output, summary: ImportSummary) -> None:
    """On stderr: each person skipped (a dry run lists them in its plan), then the counts."""
    for item in summary.items:
        if item.action == "skipped" and not summary.dry_run:
            where = f"{summary.file}, line {item.line}" if item.line else summary.file
            out.say(f"Skipped {where}: {item.detail}")
    line = f"created {summary.created}, merged {summary.merged}, skipped {summary.skipped + summary.unchanged}"
    if summary.format == "netj":
        line += (f"; meetings: created {summary.meetings_created}, skipped {summary.meetings_skipped}"
                 f"; follow-ups: created {summary.follow_ups_created}, skipped {summary.follow_ups_skipped}")
        for what, key in (("referrals", "referrals"), ("decisions", "decisions"), ("GAINS changes", "gains_changes")):
            created, skipped = getattr(summary, f"{key}_created"), getattr(summary, f"{key}_skipped")
            if created or skipped:  # schema v3 records: said only when the file has some
                line += f"; {what}: created {created}, skipped {skipped}"
    out.say(("Dry run, nothing written: would have " if summary.dry_run else "") + line)


@contextmanager
def progress(out: Output) -> Iterator[Callable[[int], None] | None]:
    """A counter on stderr while importing, only in a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("Importing… {task.completed} records"), console=out.err,
                  transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.update(task, completed=n)
