"""Time `netj import` of a LinkedIn Connections.csv with 50,000 rows (issue #3/#4).

    python benchmarks/linkedin_bench.py [--rows 50000] [--out benchmarks/out]

Writes a seeded, realistic file (the "Notes:" preamble and BOM of a real
export, mostly empty emails, quoted commas and line breaks, accents) into
--out, imports it into a new journal there with the installed `netj`, and
prints the wall time, rows/s and peak RSS of the whole process. The
references, in the same run: Python's csv module reading the same file, and
(issue 17) a bare ``sqlite3.executemany`` of the same people (handle, name,
company, title, email, url) into a fresh journal in one transaction, with
netj's pragmas and its full-text triggers; only the ``executemany`` and the
commit are timed. ``run.py --imports`` calls :func:`measure`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

FIRST = "Ana Bruno Chloé Dmitri Elif Farah Grace Hiro Ines Jonas Kofi Léa Marta Nils Olu Priya Quinn Rosa Sven Tomás".split()
LAST = "Alvarez Becker Chen Dubois Eriksen Fischer García Haddad Ito Jensen Kim López Müller Nakamura Okafor Park".split()
COMPANIES = ["Chu & Partners, LLP", "Banco Norte", "Okafor Accounting", "Brightside Marketing", "Nordic Ventures"]
TITLES = ["Estate lawyer", "SME lending,\nsouthern region", "Accountant", "Marketing coach", "Founder & CEO"]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write('Notes:\n"When exporting your connection data, you may notice that some of the email '
                'addresses are missing."\n\n')
        w = csv.writer(f)
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            slug = f"{first}-{last}-{i}".lower()
            email = f"{slug}@example.com" if rnd.random() < 0.15 else ""
            w.writerow([first, last, f"https://www.linkedin.com/in/{slug}", email, rnd.choice(COMPANIES),
                        rnd.choice(TITLES), f"{rnd.randint(1, 28):02d} {rnd.choice(MONTHS)} {rnd.randint(2012, 2026)}"])


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(rss, before) / 1024


def bare(source: Path, db: Path) -> float:
    """Seconds to insert the file's people with one executemany (what netj import writes, without its checks)."""
    from datetime import UTC, datetime

    from netjournal.storage.open import open_journal

    with open(source, encoding="utf-8-sig", newline="") as f:
        lines = iter(csv.reader(f))
        for row in lines:
            if row[:2] == ["First Name", "Last Name"]:
                break
        stamp = "2026-11-22T09:00:00Z"
        rows = [(r[2].rsplit("/", 1)[-1], f"{r[0]} {r[1]}", r[4] or None, r[5] or None, r[3] or None, r[2],
                 stamp, stamp) for r in lines]
    j = open_journal(db, now=datetime.now(UTC))
    conn = j.conn
    t = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO person (handle, name, company, title, email, url, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    spent = time.perf_counter() - t
    j.close()
    return spent


def measure(rows: int, out: Path) -> tuple[float, float, float, float]:
    """(csv.reader seconds, bare executemany seconds, netj import seconds, netj peak RSS MiB) for ``rows`` rows."""
    out.mkdir(parents=True, exist_ok=True)
    source = out / f"linkedin-{rows}.csv"
    if not source.exists():
        write_csv(source, rows)
    netj = str(Path(sys.executable).with_name("netj"))
    journal, reference = out / f"linkedin-{rows}.db", out / f"linkedin-{rows}-bare.db"
    for db in (journal, reference):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
    env = {**os.environ, "NETJ_DB": str(journal), "NETJ_TODAY": "2026-11-22"}
    ref, _ = timed([sys.executable, "-c", "import csv,sys\nfor _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig')): pass",
                    str(source)], env)
    executemany = bare(source, reference)
    wall, rss = timed([netj, "import", str(source)], env)
    for db in (journal, reference):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
    return ref, executemany, wall, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = ap.parse_args()
    ref, executemany, wall, rss = measure(args.rows, args.out)
    print(f"rows: {args.rows:,}; csv.reader alone: {ref:.2f} s; bare executemany: {executemany:.2f} s; "
          f"netj import: {wall:.2f} s ({args.rows / wall:,.0f} rows/s, {executemany / wall:.2f} of the bare "
          f"executemany's rate), peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
