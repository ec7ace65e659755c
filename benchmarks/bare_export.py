"""The reference for ``netj export --jsonl``: a bare sqlite3 + orjson streaming loop.

    python benchmarks/bare_export.py JOURNAL > /dev/null

Reads every row of the tables ``netj export`` reads (person, person_tag, meeting,
attendance, score, follow_up, and from schema v3 referral, decision, gains_change
when the journal has them), read-only, ``fetchmany`` in batches of 1,000, and
writes each row as one ``orjson.dumps`` line (a JSON array) to stdout. No joins,
no records, no nesting: the floor for "stream these rows out as JSON" in Python,
against which ``benchmarks/run.py`` compares netj's export (issue 4, target 5).
Prints the number of rows to stderr.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import orjson

TABLES = ("person", "person_tag", "meeting", "attendance", "score", "follow_up", "referral", "decision", "gains_change")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    conn = sqlite3.connect(f"{Path(args[0]).resolve().as_uri()}?mode=ro", uri=True)
    out = sys.stdout.buffer
    dumps = orjson.dumps
    rows = 0
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in (t for t in TABLES if t in present):  # a journal generated before schema v3 has fewer
            cur = conn.execute(f"SELECT * FROM {table}")
            while batch := cur.fetchmany(1000):
                for row in batch:
                    out.write(dumps(row) + b"\n")
                rows += len(batch)
    finally:
        conn.close()
    out.flush()
    print(rows, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
