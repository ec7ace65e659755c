"""Issue #4 target 6: `netj import` of a netj JSONL export vs a bare executemany.

    python benchmarks/import_bench.py benchmarks/out/large.jsonl

Reference: the same rows (person, person_tag, meeting, attendance, score,
follow_up, referral) inserted with ``sqlite3.executemany`` in 5,000-row
batches, one transaction, into a fresh journal with netj's pragmas and its
full-text triggers (the reference pays them too); only the ``executemany``
calls are timed (parsing the file is free for the reference). Measured: the
whole ``netj import`` process, wall time and peak RSS. ``run.py --imports``
calls :func:`measure`.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from netjournal.storage.open import open_journal


def bare(jsonl: Path, db: Path) -> float:
    j = open_journal(db, now=datetime.now(UTC))
    conn = j.conn
    spent = 0.0
    sql = {
        "person": "INSERT INTO person (id, handle, name, company, title, email, phone, url, notes, cadence, status, "
                  "review_on, snoozed_until, last_contact_on, next_due_on, created_at, updated_at, birthday) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "tag": "INSERT INTO person_tag VALUES (?, ?)",
        "meeting": "INSERT INTO meeting (id, on_date, at_time, kind, place, notes, created_at) VALUES (?,?,?,?,?,?,?)",
        "attendance": "INSERT INTO attendance VALUES (?, ?, ?, ?)",
        "score": "INSERT INTO score (meeting_id, person_id, dimension, value) VALUES (?, ?, ?, ?)",
        "follow_up": "INSERT INTO follow_up (id, person_id, meeting_id, text, due_on, done_on, created_at) VALUES (?,?,?,?,?,?,?)",
        "referral": "INSERT INTO referral (id, direction, person_id, other_person_id, on_date, note, outcome, outcome_on, "
                    "value, created_at, updated_at, author) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    }
    rows: dict[str, list] = {k: [] for k in sql}

    def flush():
        nonlocal spent
        t = time.perf_counter()
        for k in sql:  # parents first
            if rows[k]:
                conn.executemany(sql[k], rows[k])
                rows[k] = []
        spent += time.perf_counter() - t

    conn.execute("BEGIN IMMEDIATE")
    with jsonl.open("rb") as f:
        for n, line in enumerate(f):
            r = orjson.loads(line)
            kind = r["type"]
            if kind == "person":
                rows["person"].append((r["id"], r["handle"], r["name"], r["company"], r["title"], r["email"], r["phone"],
                                       r["url"], r["notes"], r["cadence"], r["status"], r["review_on"], r["snoozed_until"],
                                       r["last_contact_on"], r["next_due_on"], r["created_at"], r["updated_at"],
                                       r.get("birthday")))
                rows["tag"].extend((r["id"], t) for t in r["tags"])
            elif kind == "meeting":
                rows["meeting"].append((r["id"], r["date"], r["time"], r["kind"], r["place"], r["notes"], r["created_at"]))
                for a in r["attendees"]:
                    rows["attendance"].append((r["id"], a["person_id"], r["date"], a["minutes_late"]))
                    rows["score"].extend((r["id"], a["person_id"], d, v) for d, v in a["scores"].items() if v is not None)
            elif kind == "follow_up":
                rows["follow_up"].append((r["id"], r["person_id"], r["meeting_id"], r["text"], r["due_on"], r["done_on"],
                                          r["created_at"]))
            elif kind == "referral":
                rows["referral"].append((r["id"], r["direction"], r["person_id"], r["other_person_id"], r["date"],
                                         r["note"], r["outcome"], r["outcome_on"], r["value"], r["created_at"],
                                         r["updated_at"], r.get("author")))
            if n % 5000 == 0:
                flush()
    flush()
    t = time.perf_counter()
    conn.execute("COMMIT")
    spent += time.perf_counter() - t
    j.close()
    return spent


def netj_import(jsonl: Path, db: Path) -> tuple[float, float]:
    t = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("netj")), "--db", str(db), "import", str(jsonl)],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, rss_kib / 1024


def measure(jsonl: Path, where: Path | None = None) -> tuple[float, float, float]:
    """(bare executemany seconds, netj import seconds, netj peak RSS MiB), in a temporary directory."""
    with tempfile.TemporaryDirectory(dir=where) as d:
        ref = bare(jsonl, Path(d) / "bare.db")
        wall, rss = netj_import(jsonl, Path(d) / "netj.db")
    return ref, wall, rss


def main() -> None:
    ref, wall, rss = measure(Path(sys.argv[1]))
    print(f"bare executemany: {ref:.2f} s")
    print(f"netj import:      {wall:.2f} s  (ratio reference/netj = {ref / wall:.2f}; target >= 0.25)")
    print(f"netj import peak RSS: {rss:.0f} MiB (target <= 200)")


if __name__ == "__main__":
    main()
