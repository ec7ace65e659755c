"""``netj db``: what a check found, and where backups went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output

if TYPE_CHECKING:
    from netjournal.app.maintenance import CopySummary, JournalCheck


def check(out: Output, report: JournalCheck) -> None:
    """The problems, what was repaired, and the verdict, on stderr."""
    for problem in report.problems:
        out.say(f"Problem: {problem}", style="red")
    if report.repaired:
        out.say(f"Repaired {report.repaired} stored date(s).")
    if report.rebuilt_search_index:
        out.say("Rebuilt the search index.")
    verdict = "ok" if report.ok else f"{len(report.problems)} problem(s) found"
    out.say(f"{report.path}: {verdict} (schema v{report.schema_version}, {report.people} people, "
            f"{report.meetings} meetings, {report.follow_ups} follow-ups).")
    if not report.ok:
        hint = "restore a backup with `netj db restore FILE`" if report.damaged else "run `netj db check --repair`"
        out.say(f"To fix it, {hint}.")


def copied(out: Output, done: CopySummary) -> None:
    out.say(f"Copied {done.source} to {done.target}: {done.people} people, {done.meetings} meetings, "
            f"{done.follow_ups} follow-ups, {done.referrals} referrals, {done.decisions} decisions, "
            f"{done.gains_changes} GAINS changes.")
