"""``netj demo``: try netj on a sample journal."""

from __future__ import annotations

import typer

from netjournal.cli.context import root
from netjournal.cli.options import Run, command
from netjournal.domain.dates import parse_span
from netjournal.settings.env import DEMO_FILE, data_dir


@command(json=False)
def demo(run: Run) -> None:
    """Fill a demo journal with sample partners and meetings, then show `netj due`.

    Without --db it (re)creates the separate demo journal in your data
    directory, leaving your own journal alone; with --db PATH it fills PATH
    only if that journal is empty.
    """
    from netjournal.app.due import due_report
    from netjournal.app.write.demo import seed_demo
    from netjournal.render.due import due

    opts = root(run.ctx)
    if not (run.asked_db or opts.db):
        opts.demo = True
        path = data_dir() / DEMO_FILE
        for suffix in ("", "-wal", "-shm"):
            target = path.with_name(path.name + suffix)
            if target.exists():
                target.unlink()
    s, out = run.settings, run.out
    with run.journal() as j:
        counts = seed_demo(j, today=s.today, now=s.now, author=s.author_if_known)
        out.say(f"Demo journal at {s.db_label}: {counts['person']} people, {counts['meeting']} meetings, "
                f"{counts['follow_up']} follow-ups.")
        report = due_report(j, today=s.today, within=parse_span("0d"), half_life=s.half_life,
                            referral_check=s.referral_check)
    due(out, report, s.today)
    flag = "--demo" if opts.demo else f"--db {s.db_label}"
    out.say(f"Next, try: netj {flag} prep lorraine-chu · netj {flag} score · netj {flag} report · "
            f"netj {flag} search estate · netj {flag} export --json")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
