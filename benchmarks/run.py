"""Whole-process timings of netj, each paired in the same run with its reference.

    python benchmarks/run.py                        # small 1k/20k and large 100k/1M journals
    python benchmarks/run.py --large-people 10000 --large-meetings 100000   # a quicker run

Generates (or reuses) the small and large journals under ``--out`` (default
``benchmarks/out/``, git-ignored), then times, as separate processes with
output to a pipe:

* ``F``: ``python -I -c 'import sqlite3'``, the reference unit;
* ``netj --help``;
* ``netj due`` on the small and on the large journal;
* ``netj export --jsonl`` on both (fewer runs: the large one takes a while);

with ``hyperfine`` when it is installed (``apt-get install hyperfine``) and
with an interleaved ``subprocess`` loop otherwise (or with ``--no-hyperfine``).
Timings are split into ``--rounds`` rounds whose command order rotates, so a
slow spell of a busy machine does not land on one command only; medians and
minimums are over all runs of all rounds. Peak RSS is measured separately,
with ``/usr/bin/time -f %M`` when available and ``getrusage(RUSAGE_CHILDREN)``
of a wrapper process otherwise. Finally prints ``EXPLAIN QUERY PLAN`` of the
three ``due`` queries on the large journal.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIME_BIN = "/usr/bin/time"


@dataclass
class Bench:
    key: str
    label: str
    argv: list[str]
    runs: int
    warmup: int
    times: list[float] = field(default_factory=list)  # seconds
    rss_kib: int | None = None
    out_lines: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)


# --- journals -------------------------------------------------------------------------


def journal(out: Path, size: str, people: int, meetings: int, seed: int, today: str, regenerate: bool) -> Path:
    """The journal for these parameters, generated unless an identical one exists
    (the file name carries a hash of generate.py, so a changed generator regenerates)."""
    digest = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:8]
    path = out / f"{size}-{people}p-{meetings}m-s{seed}-{today}-{digest}.db"
    if path.exists() and regenerate:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    if not path.exists():
        print(f"generating {path.name} …", file=sys.stderr)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--people", str(people), "--meetings", str(meetings),
             "--db", str(path), "--seed", str(seed), "--today", today, "--quiet"],
            check=True,
        )
        print(f"  generated in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


# --- timing -----------------------------------------------------------------------------


def _drain(argv: list[str], env: dict[str, str]) -> int:
    """Run argv with stdout to a pipe that is read and discarded; the exit code."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) as p:
        while p.stdout.read(1 << 16):
            pass
    return p.returncode


def check(b: Bench, env: dict[str, str]) -> None:
    """Run once, fail loudly on an error, and count the output lines."""
    lines = 0
    with subprocess.Popen(b.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as p:
        while chunk := p.stdout.read(1 << 16):
            lines += chunk.count(b"\n")
        err = p.stderr.read()
    if p.returncode != 0:
        raise SystemExit(f"{shlex.join(b.argv)} failed ({p.returncode}):\n{err.decode(errors='replace')}")
    b.out_lines = lines


def time_with_hyperfine(benches: list[Bench], env: dict[str, str], rounds: int, tmp: Path) -> None:
    for r in range(rounds):
        order = benches[r % len(benches):] + benches[: r % len(benches)]
        # one hyperfine per distinct (runs, warmup) so export can run fewer times
        for runs, warmup in sorted({(b.runs, b.warmup) for b in order}, reverse=True):
            group = [b for b in order if (b.runs, b.warmup) == (runs, warmup)]
            n = min(-(-runs // rounds), runs - len(group[0].times))
            if n <= 0:
                continue
            export = tmp / f"hf-{r}-{runs}.json"
            cmd = ["hyperfine", "-N", "--style", "none", "--output", "pipe", "--warmup", str(warmup if r == 0 else 0),
                   "--runs", str(n), "--export-json", str(export)]
            for b in group:
                cmd += ["-n", b.key, shlex.join(b.argv)]
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
            for res in json.loads(export.read_text())["results"]:
                next(b for b in group if b.key == res["command"]).times.extend(res["times"])


def time_with_loop(benches: list[Bench], env: dict[str, str], rounds: int) -> None:
    """Interleaved: every round runs each command in turn (rotating the order)."""
    for b in benches:
        for _ in range(b.warmup):
            _drain(b.argv, env)
    most = max(b.runs for b in benches)
    for i in range(most):
        order = benches[i % len(benches):] + benches[: i % len(benches)]
        for b in order:
            if len(b.times) >= b.runs:
                continue
            t = time.perf_counter()
            rc = _drain(b.argv, env)
            b.times.append(time.perf_counter() - t)
            if rc != 0:
                raise SystemExit(f"{shlex.join(b.argv)} exited with {rc}")


def peak_rss_kib(argv: list[str], env: dict[str, str], tries: int) -> int:
    """The largest peak RSS (KiB) of ``tries`` runs, output drained through a pipe."""
    best = 0
    for _ in range(tries):
        if os.access(TIME_BIN, os.X_OK):
            with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
                _drain([TIME_BIN, "-f", "%M", "-o", f.name, *argv], env)
                value = int(f.read().strip().splitlines()[-1])
        else:
            wrapper = ("import resource, subprocess, sys\n"
                       "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)\n"
                       "while p.stdout.read(65536): pass\n"
                       "p.wait()\n"
                       "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
            p = subprocess.run([sys.executable, "-c", wrapper, *argv], env=env, capture_output=True, text=True)
            value = int(p.stderr.strip().splitlines()[-1])
        best = max(best, value)
    return best


# --- report -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    hf = shutil.which("hyperfine")
    hf_version = subprocess.run([hf, "--version"], capture_output=True, text=True).stdout.strip() if hf else "absent"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "hyperfine": hf_version,
    }


def query_plans(db: Path, today: str) -> dict[str, list[str]]:
    from netjournal.storage import queries as q

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            name: [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + getattr(q, name), {"horizon": today})]
            for name in ("DUE_CONTACTS_SQL", "DUE_REVIEWS_SQL", "DUE_FOLLOW_UPS_SQL")
        }
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("person", "meeting", "attendance", "score", "follow_up")}
    finally:
        conn.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out", help="where journals go (default benchmarks/out)")
    ap.add_argument("--netj", default=None, help="the netj executable (default: next to this python, else on PATH)")
    ap.add_argument("--python", default=sys.executable, help="the python for F (default: this one)")
    ap.add_argument("--small-people", type=int, default=1_000)
    ap.add_argument("--small-meetings", type=int, default=20_000)
    ap.add_argument("--large-people", type=int, default=100_000)
    ap.add_argument("--large-meetings", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", default="2026-06-15", help="NETJ_TODAY for generation and runs")
    ap.add_argument("--runs", type=int, default=20, help="timed runs of each quick command (default 20)")
    ap.add_argument("--export-runs", type=int, default=3, help="timed runs of each export (default 3)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=10, help="rounds with rotated command order (default 10)")
    ap.add_argument("--rss-tries", type=int, default=2, help="runs per peak-RSS measurement (default 2)")
    ap.add_argument("--no-export", action="store_true", help="skip the export benchmarks")
    ap.add_argument("--no-hyperfine", action="store_true", help="use the built-in loop even if hyperfine is installed")
    ap.add_argument("--regenerate", action="store_true", help="regenerate the journals even if they exist")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    a = ap.parse_args(argv)

    netj = a.netj or next((str(p) for p in [Path(sys.executable).parent / "netj"] if p.exists()), None) or shutil.which("netj")
    if not netj:
        raise SystemExit("cannot find netj; pass --netj")
    a.out.mkdir(parents=True, exist_ok=True)
    small = journal(a.out, "small", a.small_people, a.small_meetings, a.seed, a.today, a.regenerate)
    large = journal(a.out, "large", a.large_people, a.large_meetings, a.seed, a.today, a.regenerate)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJ_")}
    env["NETJ_TODAY"] = a.today

    quick = dict(runs=a.runs, warmup=a.warmup)
    slow = dict(runs=a.export_runs, warmup=1)
    benches = [
        Bench("F", "python -I -c 'import sqlite3'  (F)", [a.python, "-I", "-c", "import sqlite3"], **quick),
        Bench("help", "netj --help", [netj, "--help"], **quick),
        Bench("due_small", "netj due  (small)", [netj, "--db", str(small), "due"], **quick),
        Bench("due_large", "netj due  (large)", [netj, "--db", str(large), "due"], **quick),
    ]
    if not a.no_export:
        benches += [
            Bench("export_small", "netj export --jsonl  (small)", [netj, "--db", str(small), "export", "--jsonl"], **slow),
            Bench("export_large", "netj export --jsonl  (large)", [netj, "--db", str(large), "export", "--jsonl"], **slow),
        ]
    by = {b.key: b for b in benches}
    for b in benches:
        check(b, env)

    use_hf = shutil.which("hyperfine") and not a.no_hyperfine
    tool = "hyperfine" if use_hf else "subprocess loop"
    print(f"timing with {tool}: {a.runs} runs of each quick command, {a.export_runs} of each export, "
          f"in {a.rounds} rounds …", file=sys.stderr)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if use_hf:
            time_with_hyperfine(benches, env, a.rounds, Path(tmp))
        else:
            time_with_loop(benches, env, a.rounds)
    print(f"  timed in {time.perf_counter() - t0:.0f} s; measuring peak RSS …", file=sys.stderr)
    for b in benches:
        b.rss_kib = peak_rss_kib(b.argv, env, 1 if b.key.startswith("export") else a.rss_tries)

    info = machine()
    sizes = {"small": counts(small), "large": counts(large)}
    plans = query_plans(large, a.today)

    print()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    print(f"timer: {tool}; NETJ_TODAY={a.today}; netj = {netj}")
    for name, path in (("small", small), ("large", large)):
        c = sizes[name]
        print(f"{name}: {path.name}: {c['person']:,} people, {c['meeting']:,} meetings, "
              f"{c['attendance']:,} attendances, {c['score']:,} scores, {c['follow_up']:,} follow-ups, "
              f"{path.stat().st_size / 2**20:,.0f} MiB")
    print()
    header = f"{'benchmark':<32} {'median ms':>11} {'min ms':>10} {'runs':>5} {'×F':>7} {'peak RSS MiB':>13} {'out lines':>10}"
    print(header)
    print("-" * len(header))
    f_med = by["F"].median
    for b in benches:
        print(f"{b.label:<32} {ms(b.median):>11} {ms(b.min):>10} {len(b.times):>5} {b.median / f_med:>7.1f} "
              f"{b.rss_kib / 1024:>13.1f} {b.out_lines:>10,}")
    print()
    ratios = [
        ("due large / due small", by["due_large"].median / by["due_small"].median, "target ≤ 1.15"),
        ("due small / F", by["due_small"].median / f_med, "target ≤ 12"),
        ("help / due small", by["help"].median / by["due_small"].median, "target ≤ 1.0"),
        ("help / F", by["help"].median / f_med, ""),
    ]
    if "export_large" in by:
        ratios.append(("export large / export small", by["export_large"].median / by["export_small"].median, ""))
    print("ratios of medians, same run")
    for name, value, note in ratios:
        print(f"  {name:<30} {value:8.2f}   {note}")
    if "export_large" in by:
        print("export throughput (records = output lines incl. header, median run)")
        for k in ("export_small", "export_large"):
            b = by[k]
            print(f"  {b.label:<30} {b.out_lines / b.median:>12,.0f} records/s   peak RSS {b.rss_kib / 1024:.1f} MiB")
    print()
    print("EXPLAIN QUERY PLAN on the large journal (horizon = today)")
    for name, rows in plans.items():
        print(f"  {name}:")
        for row in rows:
            print(f"    {row}")

    if a.json:
        a.json.write_text(json.dumps({
            "machine": info, "timer": tool, "today": a.today, "sizes": sizes, "plans": plans,
            "benchmarks": [{"key": b.key, "argv": b.argv, "times_s": b.times, "median_s": b.median, "min_s": b.min,
                            "peak_rss_kib": b.rss_kib, "out_lines": b.out_lines} for b in benches],
            "ratios": {name: value for name, value, _ in ratios},
        }, indent=2))


if __name__ == "__main__":
    main()
