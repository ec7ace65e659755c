"""``netj log`` in a terminal, driven through a pseudo-terminal (issue 17, target 3).

    python benchmarks/pty_log.py --db JOURNAL --person HANDLE [--runs 10] [--think 0.5]

netj runs with a pty as its stdin, stdout and stderr, so it prompts as it
does for a person: ``netj log PERSON`` asks how they showed up (listening,
preparation) and for the note. Each prompt is answered ``--think`` seconds
after it appears (a person reading and typing; 0 = typed ahead), and the
time from the last Enter to the confirmation line ("Logged …") is what the
person waits for: in a terminal the ORM is imported in the background while
the prompts wait (``netjournal.cli.preload``), so it is not in that time
unless the answers come faster than the import. The whole run is timed too.
Writes to the journal it is given: pass a copy.
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

ANSWERS = ((b"listening (", b"4\r"), (b"preparation (", b"5\r"),
           (b"Notes (", b"Talked about referral partnerships; she came with a list of questions.\r"))
DONE = b"Logged "


@dataclass
class PtyRun:
    last_enter_to_confirmation: float  # seconds
    total: float
    think: float


def _read_until(fd: int, seen: bytearray, want: bytes, deadline: float) -> None:
    while want not in seen:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"no {want!r} in the output: {bytes(seen)[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise TimeoutError(f"netj ended before {want!r}: {bytes(seen)[-300:]!r}")
            seen += chunk


def once(argv: list[str], env: dict[str, str], think: float, timeout: float = 60.0) -> PtyRun:
    """One ``netj log`` in a pseudo-terminal, each prompt answered ``think`` seconds after it shows."""
    master, slave = os.openpty()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                            close_fds=True)
    os.close(slave)
    seen = bytearray()
    deadline = t0 + timeout
    try:
        for prompt, answer in ANSWERS:
            _read_until(master, seen, prompt, deadline)
            del seen[: seen.index(prompt) + len(prompt)]
            if think:
                time.sleep(think)
            os.write(master, answer)
        enter = time.perf_counter()
        _read_until(master, seen, DONE, deadline)
        confirmed = time.perf_counter()
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {proc.returncode}")
    return PtyRun(confirmed - enter, time.perf_counter() - t0, think)


def runs(netj: str, db: str, person: str, env: dict[str, str], *, n: int, think: float) -> list[PtyRun]:
    env = {**env, "TERM": env.get("TERM", "xterm"), "COLUMNS": "100", "LINES": "40"}
    argv = [netj, "--db", db, "log", person]
    return [once(argv, env, think) for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--netj", default=os.path.join(os.path.dirname(sys.executable), "netj"))
    ap.add_argument("--db", required=True, help="a journal to write to (a copy)")
    ap.add_argument("--person", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--think", type=float, nargs="+", default=[0.5, 0.0],
                    help="seconds before each answer (default: 0.5 and 0, typed ahead)")
    a = ap.parse_args()
    for think in a.think:
        got = runs(a.netj, a.db, a.person, dict(os.environ), n=a.runs, think=think)
        last = [r.last_enter_to_confirmation * 1000 for r in got]
        print(f"think {think:.2f} s: last Enter -> confirmation median {statistics.median(last):.1f} ms, "
              f"min {min(last):.1f}, max {max(last):.1f}; whole run median "
              f"{statistics.median(r.total for r in got) * 1000:.0f} ms ({len(got)} runs)")


if __name__ == "__main__":
    main()
