"""Whole-process timings of netj, each paired in the same run with its reference.

    python benchmarks/run.py                        # small 1k/20k and large 100k/1M journals
    python benchmarks/run.py --large-people 10000 --large-meetings 100000   # a quicker run
    python benchmarks/run.py --pg postgresql://USER:PASSWORD@HOST/DB --pg-only   # PostgreSQL vs SQLite

Generates (or reuses) the small and large journals under ``--out`` (default
``benchmarks/out/``, git-ignored), then times, as separate processes with
output to a pipe and stdin from /dev/null, every benchmark of issue 4 with its
reference:

* ``F``: ``python -I -c 'import sqlite3'``, the reference unit;
* ``jrnl -n 5`` on a 2,000-entry plain-text jrnl journal and adding one entry
  with ``jrnl "TEXT"`` (to its own copy of that journal). jrnl is installed into
  ``--out/jrnl-venv`` with pip when missing (or ``--jrnl PATH``; ``--no-jrnl``
  skips these rows). Its config, journals and ``HOME``/``XDG_*`` are in a
  temporary directory, so the user's ``~/.config/jrnl`` is never read or written;
* ``netj due`` on the small and on the large journal;
* ``netj log PERSON --listening 4 --preparation 5 --note … --no-input`` on a
  copy of the large journal made once per run (the cached journal stays as
  generated);
* ``netj --help`` and bash completion of a person-name prefix
  (``netj people show to<TAB>``) on the large journal;
* ``netj export --jsonl`` and the bare sqlite3 + orjson loop of
  ``bare_export.py`` over the same tables, on both journals (fewer runs);
* issue 17: ``netj report``, ``netj score --limit 10``, ``netj score --json``
  (everyone, fewer runs), ``netj search referral`` and ``netj prep PERSON`` on
  both journals (``--no-reads`` skips them); ``netj log PERSON`` in a
  pseudo-terminal, each prompt answered 0.5 s after it shows and typed
  ahead, timing the last Enter to the confirmation (``pty_log.py``;
  ``--pty-runs``); with ``--imports``, ``netj import`` of 50,000 LinkedIn
  rows and of the small journal's export (``--import-large``: the large
  one's too) against a bare ``executemany`` of the same rows
  (``linkedin_bench.py``, ``import_bench.py``);
* with ``--pg URL``: ``netj due``, ``netj log`` and ``netj export --jsonl`` on
  copies of the journals in PostgreSQL schemas of that database (made with
  ``netj db copy``), each paired in the same run with the same command on the
  SQLite journal it was copied from (see ``pg_schemas``);

with ``hyperfine`` when it is installed (``apt-get install hyperfine``) and
with an interleaved ``subprocess`` loop otherwise (or with ``--no-hyperfine``).
Timings are split into ``--rounds`` rounds whose command order rotates, so a
slow spell of a busy machine does not land on one command only; medians and
minimums are over all runs of all rounds. Peak RSS is measured separately,
with ``/usr/bin/time -f %M`` when available and ``getrusage(RUSAGE_CHILDREN)``
of a wrapper process otherwise. Prints one table of issue 17's targets (ratio
of medians, or a median in seconds, target, pass/fail; for ``due`` also the
worst ratio of one interleaved round), then ``EXPLAIN QUERY PLAN`` of the three
``due`` queries on the large journal.
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

import pty_log  # benchmarks/pty_log.py

HERE = Path(__file__).resolve().parent
TIME_BIN = "/usr/bin/time"
SEARCH_WORD = "referral"  # 854 texts on the small journal, ~40,000 on the large; 20 shown
PTY_THINK = (0.5, 0.0)  # seconds a person takes to answer each prompt; 0 = typed ahead
LINKEDIN_ROWS = 50_000


@dataclass
class Bench:
    key: str
    label: str
    argv: list[str]
    runs: int
    warmup: int
    times: list[float] = field(default_factory=list)  # seconds
    env: dict[str, str] = field(default_factory=dict)  # extra environment for this command only
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


JRNL_ENTRIES = 2_000
JRNL_ADD_TEXT = "Coffee with Tobias Kim at Blue Door Café. Talked about referral partnerships; he had read my website."
LOG_NOTE = "Talked about referral partnerships for most of the hour; she came with a written list of questions."


def jrnl_executable(out: Path, given: str | None) -> tuple[str | None, str]:
    """jrnl to time: ``given``, else ``out/jrnl-venv/bin/jrnl``, created with pip when missing.
    Returns (path, "") or (None, why it is not available)."""
    if given:
        return (given, "") if shutil.which(given) else (None, f"--jrnl {given}: not found")
    venv = out / "jrnl-venv"
    exe = venv / "bin" / "jrnl"
    if not exe.exists():
        print(f"installing jrnl into {venv} …", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "jrnl"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except (OSError, subprocess.CalledProcessError) as exc:
            err = getattr(exc, "stderr", b"") or b""
            last = err.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            return None, f"could not install jrnl into {venv} ({last[0]})"
    return (str(exe), "") if exe.exists() else (None, f"no jrnl in {venv}")


def jrnl_journal(path: Path, entries: int, seed: int, today: str) -> None:
    """A plain-text jrnl journal of ``entries`` entries over the 3 years before ``today``:
    a title sentence (kind, person, place) and 1-5 sentences of the generator's notes."""
    import random
    from datetime import date, timedelta

    import generate as gen  # benchmarks/generate.py: the same vocabulary as the netj journals

    rng = random.Random(seed)
    end = date.fromisoformat(today)
    days = sorted(rng.randrange(1, 3 * 365) for _ in range(entries))[::-1]
    lines = []
    for back in days:
        on = end - timedelta(days=back)
        kind = rng.choice(("Coffee", "Lunch", "Call", "Video call", "Event"))
        who = f"{rng.choice(gen.FIRST_NAMES)} {rng.choice(gen.LAST_NAMES)}"
        place = rng.choice(gen.PLACES["coffee"] + gen.PLACES["lunch"])
        body = " ".join(rng.choice(gen.NOTE_SENTENCES).format(topic=rng.choice(gen.TOPICS))
                        for _ in range(rng.randint(1, 5)))
        tag = f" @{rng.choice(gen.TAGS)}" if rng.random() < 0.3 else ""
        lines.append(f"[{on.isoformat()} {rng.randint(7, 19):02d}:{rng.choice((0, 15, 30, 45)):02d}] "
                     f"{kind} with {who} at {place}.{tag}\n{body}\n\n")
    path.write_text("".join(lines), encoding="utf-8")


def jrnl_setup(jrnl: str, tmp: Path, seed: int, today: str) -> tuple[dict[str, str], Path, Path]:
    """Config files and journals for jrnl in ``tmp``: one journal to read, a copy to add to
    (so ``-n 5`` always reads exactly 2,000 entries). Returns (env, read config, add config)."""
    version = subprocess.run([jrnl, "--version"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                             env={**os.environ, "HOME": str(tmp)}).stdout.split()[1].lstrip("v")
    home = tmp / "jrnl-home"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state")}
    home.mkdir()
    read = tmp / "jrnl-read.txt"
    jrnl_journal(read, JRNL_ENTRIES, seed, today)
    shutil.copyfile(read, tmp / "jrnl-add.txt")
    configs = []
    for name in ("read", "add"):
        cfg = tmp / f"jrnl-{name}.yaml"
        cfg.write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
            "indent_character: '|'\n"
            f"journals:\n  default:\n    journal: {tmp / f'jrnl-{name}.txt'}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
            f"version: '{version}'\n",
            encoding="utf-8",
        )
        configs.append(cfg)
    return env, configs[0], configs[1]


def copy_journal(src: Path, dst: Path) -> Path:
    """Copy a journal with its -wal/-shm files (if any) for a benchmark that writes."""
    shutil.copyfile(src, dst)
    for suffix in ("-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")
    return dst


def a_person(db: Path) -> str:
    """The handle of the first active person of a journal (the one `netj log` is timed with)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT handle FROM person WHERE status = 'active' ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def import_hook(netj: str, env: dict[str, str]) -> str:
    """The note for the table on ``netj import`` (1M meetings against a bare
    ``executemany``, peak RSS): timed by ``benchmarks/import_bench.py``, not here."""
    return "timed by benchmarks/import_bench.py (an hour on the large journal; see docs/performance.md)"


def import_benchmarks(out: Path, small: Path, large: Path | None, netj: str, env: dict[str, str],
                      linkedin_rows: int = LINKEDIN_ROWS) -> dict[str, tuple[float, float, float]]:
    """``netj import`` against a bare ``executemany`` of the same rows (issue 17, target 5):
    50,000 LinkedIn rows (linkedin_bench.py) and the export of the small (and
    large) journal (import_bench.py), each in a process of its own so that its
    peak RSS is its own. Returns name -> (bare s, netj import s, netj peak RSS MiB)."""
    done = {}
    code = ("import json, sys; from pathlib import Path; import linkedin_bench, import_bench\n"
            "kind, arg, where = sys.argv[1:4]\n"
            "r = linkedin_bench.measure(int(arg), Path(where))[1:] if kind == 'linkedin' "
            "else import_bench.measure(Path(arg), Path(where))\n"
            "print(json.dumps(r))")
    jobs = [("linkedin", f"LinkedIn {linkedin_rows:,} rows", str(linkedin_rows))]
    for size, db in (("small", small), ("large", large)):
        if db is None:
            continue
        jsonl = db.with_suffix(".jsonl")
        if not jsonl.exists():
            print(f"exporting {db.name} for the import benchmark …", file=sys.stderr)
            subprocess.run([netj, "--db", str(db), "export", "--jsonl", "-o", str(jsonl)], env=env, check=True,
                           stdout=subprocess.DEVNULL)
        jobs.append(("netj", f"netj export of the {size} journal", str(jsonl)))
    for kind, name, arg in jobs:
        print(f"import benchmark: {name} …", file=sys.stderr)
        p = subprocess.run([sys.executable, "-c", code, kind, arg, str(out)], cwd=HERE, env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"import benchmark {name} failed:\n{p.stderr}")
        done[name] = tuple(json.loads(p.stdout.strip().splitlines()[-1]))
    return done


def compile_bytecode(netj: str) -> str:
    """Write netj's ``.pyc`` files, as ``pip install`` does for a regular install.

    An editable install compiles its modules on first import and keeps the
    ``.pyc``, unless PYTHONDONTWRITEBYTECODE is set (it is on these machines):
    then every run compiles netj's sources again (~20 ms of `netj due`),
    which no user's steady state pays. Python still reads existing ``.pyc``
    files under that variable, so compiling once here measures what users get.
    Returns what was done, for the report."""
    python = Path(netj).parent / "python"
    python = str(python) if python.exists() else sys.executable
    where = subprocess.run([python, "-c", "import netjournal, os; print(os.path.dirname(netjournal.__file__))"],
                           capture_output=True, text=True)
    if where.returncode != 0:
        return f"not compiled (cannot import netjournal with {python})"
    package = where.stdout.strip()
    done = subprocess.run([python, "-m", "compileall", "-q", package], capture_output=True, text=True)
    return f"compiled with compileall ({package})" if done.returncode == 0 else f"compileall failed: {done.stderr[:200]}"


def git_state() -> str:
    """The commit of the tree being measured, and whether src/ differs from it."""
    root = HERE.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=root, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    if not dirty:
        return f"{head}, src/ clean"
    return f"{head}, src/ with uncommitted changes: " + ", ".join(line[3:] for line in dirty)


def src_fingerprint() -> str:
    """A hash of every file under src/, to see whether the code changed during the run."""
    h = hashlib.sha1()
    for f in sorted((HERE.parent / "src").rglob("*.py")):
        h.update(str(f).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


# --- PostgreSQL ---------------------------------------------------------------------------

PG_SCHEMA_PREFIX = "netj_bench_"


def split_password(url: str) -> tuple[str, str | None]:
    """``url`` without its password (from the user part or a ``password=``
    parameter), and the password. The benchmarks get it through ``PGPASSWORD``
    in their environment, so it is in no argv, label or JSON result."""
    from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    password = unquote(parts.password) if parts.password is not None else None
    if parts.password is not None:
        user, _, host = parts.netloc.rpartition("@")
        parts = parts._replace(netloc=f"{user.split(':', 1)[0]}@{host}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    for k, v in query:
        if k.lower() == "password":
            password = v
    parts = parts._replace(query=urlencode([(k, v) for k, v in query if k.lower() != "password"]))
    return urlunsplit(parts), password


def schema_url(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema`` (as tests/backends.py does)."""
    from urllib.parse import quote

    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"


@dataclass
class PgSchema:
    name: str  # the schema
    url: str  # the database URL selecting it, without a password
    source: Path  # the SQLite journal it is a copy of
    copy_s: float | None = None  # how long `netj db copy` took; None when a kept copy was reused


def pg_connect(url: str, env: dict[str, str]):
    import psycopg

    password = env.get("PGPASSWORD")
    return psycopg.connect(url, autocommit=True, **({"password": password} if password else {}))


def pg_schemas(netj: str, url: str, env: dict[str, str], sources: dict[str, Path], reuse: bool) -> dict[str, PgSchema]:
    """A copy of each SQLite journal of ``sources`` (name -> file) in the schema
    ``netj_bench_NAME`` of the database at ``url``: dropped and recreated, then
    filled with ``netj --db FILE db copy --to URL?options=-csearch_path=SCHEMA``.
    Each schema's comment names the file it was copied from; with ``reuse``, a
    schema left by ``--pg-keep`` with the same comment is used as it is (the
    file name carries the sizes, seed, today and generator hash; a ``log``
    copy, which the benchmark writes to, is never reused)."""
    from psycopg import sql

    out = {}
    with pg_connect(url, env) as conn:
        for name, src in sources.items():
            schema = PG_SCHEMA_PREFIX + name
            target = schema_url(url, schema)
            comment = conn.execute("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
                                   (schema,)).fetchone()
            if reuse and name != "log" and comment and comment[0] == f"netj-bench copy of {src.name}":
                print(f"reusing schema {schema} (a copy of {src.name})", file=sys.stderr)
                out[name] = PgSchema(schema, target, src)
                continue
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            print(f"copying {src.name} into schema {schema} …", file=sys.stderr)
            t = time.perf_counter()
            p = subprocess.run([netj, "--db", str(src), "db", "copy", "--to", target], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise SystemExit(f"netj db copy into {schema} failed ({p.returncode}):\n{p.stderr}")
            took = time.perf_counter() - t
            conn.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                sql.Identifier(schema), sql.Literal(f"netj-bench copy of {src.name}")))
            # fresh planner statistics, as autovacuum gives a table soon after a bulk load
            for (table,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,)).fetchall():
                conn.execute(sql.SQL("ANALYZE {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            print(f"  copied in {took:.1f} s", file=sys.stderr)
            out[name] = PgSchema(schema, target, src, took)
    return out


def pg_drop(url: str, env: dict[str, str], schemas: list[str]) -> None:
    from psycopg import sql

    with pg_connect(url, env) as conn:
        for schema in schemas:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def pg_server(url: str, env: dict[str, str]) -> dict[str, str]:
    with pg_connect(url, env) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        settings = {k: conn.execute(f"SHOW {k}").fetchone()[0]
                    for k in ("shared_buffers", "work_mem", "synchronous_commit", "fsync")}
        local = conn.execute("SELECT inet_server_addr() IS NULL OR host(inet_server_addr()) IN ('127.0.0.1', '::1')"
                             ).fetchone()[0]
    return {"server_version": version, **settings, "where": "on this machine" if local else "on another host"}


def pg_plans(url: str, env: dict[str, str], schema: str, today: str) -> dict[str, list[str]]:
    """EXPLAIN of the three ``due`` queries in ``schema``, as netj sends them."""
    from netjournal.storage.pg.translate import translate
    from netjournal.storage.queries import due as q

    with pg_connect(url, env) as conn:
        conn.execute("SELECT set_config('search_path', %s, false)", (schema,))
        return {name: [r[0] for r in conn.execute("EXPLAIN " + translate(getattr(q, name)).sql, {"horizon": today})]
                for name in ("DUE_CONTACTS_SQL", "DUE_REVIEWS_SQL", "DUE_FOLLOW_UPS_SQL")}


# --- timing -----------------------------------------------------------------------------


def _drain(argv: list[str], env: dict[str, str]) -> int:
    """Run argv with stdout to a pipe that is read and discarded; the exit code."""
    with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env=env) as p:
        while p.stdout.read(1 << 16):
            pass
    return p.returncode


def check(b: Bench, env: dict[str, str]) -> None:
    """Run once, fail loudly on an error, and count the output lines."""
    lines = 0
    with subprocess.Popen(b.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**env, **b.env}) as p:
        while chunk := p.stdout.read(1 << 16):
            lines += chunk.count(b"\n")
        err = p.stderr.read()
    if p.returncode != 0:
        raise SystemExit(f"{shlex.join(b.argv)} failed ({p.returncode}):\n{err.decode(errors='replace')}")
    b.out_lines = lines


def time_with_hyperfine(benches: list[Bench], env: dict[str, str], rounds: int, tmp: Path) -> None:
    for r in range(rounds):
        order = benches[r % len(benches):] + benches[: r % len(benches)]
        # one hyperfine per distinct (runs, warmup, extra environment), so export can run
        # fewer times and jrnl/completion get their own environment; groups in rotated order
        groups: dict[tuple, list[Bench]] = {}
        for b in order:
            groups.setdefault((b.runs, b.warmup, tuple(sorted(b.env.items()))), []).append(b)
        for gi, ((runs, warmup, extra), group) in enumerate(groups.items()):
            n = min(-(-runs // rounds), runs - len(group[0].times))
            if n <= 0:
                continue
            export = tmp / f"hf-{r}-{gi}.json"
            cmd = ["hyperfine", "-N", "--style", "none", "--output", "pipe", "--warmup", str(warmup if r == 0 else 0),
                   "--runs", str(n), "--export-json", str(export)]
            for b in group:
                cmd += ["-n", b.key, shlex.join(b.argv)]
            subprocess.run(cmd, check=True, env={**env, **dict(extra)}, stdout=subprocess.DEVNULL)
            for res in json.loads(export.read_text())["results"]:
                next(b for b in group if b.key == res["command"]).times.extend(res["times"])


def time_with_loop(benches: list[Bench], env: dict[str, str], rounds: int) -> None:
    """Interleaved: every round runs each command in turn (rotating the order)."""
    for b in benches:
        for _ in range(b.warmup):
            _drain(b.argv, {**env, **b.env})
    most = max(b.runs for b in benches)
    for i in range(most):
        order = benches[i % len(benches):] + benches[: i % len(benches)]
        for b in order:
            if len(b.times) >= b.runs:
                continue
            t = time.perf_counter()
            rc = _drain(b.argv, {**env, **b.env})
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
                       "p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)\n"
                       "while p.stdout.read(65536): pass\n"
                       "p.wait()\n"
                       "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")
            p = subprocess.run([sys.executable, "-c", wrapper, *argv], env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True)
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
    from netjournal.storage.queries import due as q

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
                for t in ("person", "person_tag", "meeting", "attendance", "score", "follow_up")}
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
    ap.add_argument("--no-log", action="store_true", help="skip `netj log` (and the copy of the large journal)")
    ap.add_argument("--no-reads", action="store_true",
                    help="skip report, score (with and without --limit), search and prep on both journals")
    ap.add_argument("--pty-runs", type=int, default=10,
                    help="runs of `netj log` in a pseudo-terminal per think time (0 skips; default 10)")
    ap.add_argument("--imports", action="store_true",
                    help="also time netj import against a bare executemany: 50,000 LinkedIn rows and the small "
                         "journal's export (benchmarks/linkedin_bench.py, import_bench.py)")
    ap.add_argument("--linkedin-rows", type=int, default=LINKEDIN_ROWS, help="with --imports (default 50,000)")
    ap.add_argument("--import-large", action="store_true",
                    help="with --imports: the large journal's export too (its 1M meetings: many minutes)")
    ap.add_argument("--no-jrnl", action="store_true", help="skip the jrnl references")
    ap.add_argument("--jrnl", default=None, help="the jrnl executable (default: out/jrnl-venv, installed if missing)")
    ap.add_argument("--no-hyperfine", action="store_true", help="use the built-in loop even if hyperfine is installed")
    ap.add_argument("--regenerate", action="store_true", help="regenerate the journals even if they exist")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    ap.add_argument("--no-compile", action="store_true",
                    help="do not write netj's .pyc files first (measure the cost of compiling on every run)")
    ap.add_argument("--pg", metavar="URL", default=None,
                    help="also time due/log/export on copies of the journals in schemas of this PostgreSQL "
                         "database (netj_bench_*), paired with SQLite")
    ap.add_argument("--pg-large-people", type=int, default=None,
                    help="size of the larger journal copied to PostgreSQL (default: --large-people)")
    ap.add_argument("--pg-large-meetings", type=int, default=None,
                    help="meetings of the larger journal copied to PostgreSQL (default: --large-meetings)")
    ap.add_argument("--pg-only", action="store_true",
                    help="with --pg: time only F and the rows paired with PostgreSQL (no jrnl, help, completion, bare loop)")
    ap.add_argument("--pg-keep", action="store_true", help="keep the netj_bench_* schemas at the end")
    ap.add_argument("--pg-reuse", action="store_true",
                    help="reuse netj_bench_* schemas kept by --pg-keep when they are copies of the same journals")
    a = ap.parse_args(argv)
    if a.pg_only and not a.pg:
        ap.error("--pg-only needs --pg URL")

    netj = a.netj or next((str(p) for p in [Path(sys.executable).parent / "netj"] if p.exists()), None) or shutil.which("netj")
    if not netj:
        raise SystemExit("cannot find netj; pass --netj")
    a.out.mkdir(parents=True, exist_ok=True)
    bytecode = "not compiled (--no-compile)" if a.no_compile else compile_bytecode(netj)
    print(f"netj bytecode: {bytecode}", file=sys.stderr)
    small = journal(a.out, "small", a.small_people, a.small_meetings, a.seed, a.today, a.regenerate)
    large = journal(a.out, "large", a.large_people, a.large_meetings, a.seed, a.today, a.regenerate)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJ_")}
    env["NETJ_TODAY"] = a.today
    pg_url = pg_shown = None
    pg_large = large
    if a.pg:
        from netjournal.settings.env import mask_url

        pg_url, password = split_password(a.pg)
        pg_shown = mask_url(a.pg)
        if password is not None:
            env["PGPASSWORD"] = password  # not in any argv, label or result
        if (a.pg_large_people or a.large_people, a.pg_large_meetings or a.large_meetings) != (a.large_people, a.large_meetings):
            pg_large = journal(a.out, "pglarge", a.pg_large_people or a.large_people,
                               a.pg_large_meetings or a.large_meetings, a.seed, a.today, a.regenerate)
        if a.pg_only:
            a.no_jrnl = True

    quick = dict(runs=a.runs, warmup=a.warmup)
    slow = dict(runs=a.export_runs, warmup=1)
    notes: dict[str, str] = {}  # why a row is missing
    pty_runs: dict[float, list] = {}
    imports: dict[str, tuple[float, float, float]] = {}  # name -> (bare executemany s, netj import s, peak RSS MiB)
    pg_made: dict[str, PgSchema] = {}
    pg_info: dict[str, str] = {}
    work = Path(tempfile.mkdtemp(prefix="run-", dir=a.out))  # jrnl files, the copy `netj log` writes to
    try:
        jrnl, why = (None, "--no-jrnl") if a.no_jrnl else jrnl_executable(a.out, a.jrnl)
        benches = [Bench("F", "python -I -c 'import sqlite3'  (F)", [a.python, "-I", "-c", "import sqlite3"], **quick)]
        if jrnl:
            jenv, read_cfg, add_cfg = jrnl_setup(jrnl, work, a.seed, a.today)
            benches += [
                Bench("jrnl_n5", f"jrnl -n 5  ({JRNL_ENTRIES:,} entries)", [jrnl, "--config-file", str(read_cfg), "-n", "5"],
                      env=jenv, **quick),
                Bench("jrnl_add", 'jrnl "TEXT"  (add one entry)', [jrnl, "--config-file", str(add_cfg), JRNL_ADD_TEXT],
                      env=jenv, **quick),
            ]
        else:
            notes["jrnl"] = f"no jrnl ({why})"
        log_db = copy_journal(large, work / "large-copy.db") if not a.no_log else None
        if not a.pg_only:
            benches.append(Bench("help", "netj --help", [netj, "--help"], **quick))
        benches += [
            Bench("due_small", "netj due  (small)", [netj, "--db", str(small), "due"], **quick),
            Bench("due_large", "netj due  (large)", [netj, "--db", str(large), "due"], **quick),
        ]
        if not a.pg_only:
            benches.append(Bench("complete_large", "completion 'people show to'  (large)", [netj],
                                 env={"_NETJ_COMPLETE": "complete_bash", "COMP_WORDS": "netj people show to",
                                      "COMP_CWORD": "3", "NETJ_DB": str(large)}, **quick))
        person = a_person(large)

        def log_args(who: str) -> list[str]:
            return ["log", who, "--listening", "4", "--preparation", "5", "--note", LOG_NOTE, "--no-input"]

        if log_db:
            benches.append(Bench("log_large", f"netj log {person} …  (large copy)",
                                 [netj, "--db", str(log_db), *log_args(person)], **quick))
        if not a.no_reads and not a.pg_only:
            # issue 17, target 4: the reads whose work grows with the journal
            for size, db in (("small", small), ("large", large)):
                who = a_person(db)
                benches += [
                    Bench(f"report_{size}", f"netj report  ({size})", [netj, "--db", str(db), "report"], **quick),
                    Bench(f"score10_{size}", f"netj score --limit 10  ({size})",
                          [netj, "--db", str(db), "score", "--limit", "10"], **quick),
                    Bench(f"search_{size}", f"netj search {SEARCH_WORD}  ({size})",
                          [netj, "--db", str(db), "search", SEARCH_WORD], **quick),
                    Bench(f"prep_{size}", f"netj prep {who}  ({size})", [netj, "--db", str(db), "prep", who], **quick),
                    Bench(f"scoreall_{size}", f"netj score --json (everyone)  ({size})",
                          [netj, "--db", str(db), "score", "--json"], **slow),
                ]
        if not a.no_export:
            benches += [
                Bench("export_small", "netj export --jsonl  (small)", [netj, "--db", str(small), "export", "--jsonl"], **slow),
                Bench("export_large", "netj export --jsonl  (large)", [netj, "--db", str(large), "export", "--jsonl"], **slow),
            ]
            if not a.pg_only:
                benches += [
                    Bench("bare_small", "bare sqlite3+orjson  (small)", [a.python, str(HERE / "bare_export.py"), str(small)], **slow),
                    Bench("bare_large", "bare sqlite3+orjson  (large)", [a.python, str(HERE / "bare_export.py"), str(large)], **slow),
                ]
        if pg_url:
            # the PostgreSQL rows, each paired with a SQLite row of the same journal (PG_PAIRS)
            sources = {"small": small, "large": pg_large}
            if not a.no_log:
                sources["log"] = pg_large
            pg_made = pg_schemas(netj, pg_url, env, sources, a.pg_reuse)
            pg_info = pg_server(pg_url, env)
            pg_info["url"] = pg_shown
            pg_person = a_person(pg_large)
            if pg_large != large:  # a smaller "large" for PostgreSQL: its SQLite pair is that journal too
                benches += [Bench("due_pglarge", "netj due  (pg-large, SQLite)", [netj, "--db", str(pg_large), "due"], **quick)]
                if log_db:
                    pg_log_db = copy_journal(pg_large, work / "pglarge-copy.db")
                    benches.append(Bench("log_pglarge", f"netj log {pg_person} …  (pg-large copy, SQLite)",
                                         [netj, "--db", str(pg_log_db), *log_args(pg_person)], **quick))
                if not a.no_export:
                    benches.append(Bench("export_pglarge", "netj export --jsonl  (pg-large, SQLite)",
                                         [netj, "--db", str(pg_large), "export", "--jsonl"], **slow))
            big = "large" if pg_large == large else "pg-large"
            benches += [
                Bench("pg_due_small", "netj due  (small, PostgreSQL)", [netj, "--db", pg_made["small"].url, "due"], **quick),
                Bench("pg_due_large", f"netj due  ({big}, PostgreSQL)", [netj, "--db", pg_made["large"].url, "due"], **quick),
            ]
            if "log" in pg_made:
                benches.append(Bench("pg_log_large", f"netj log {pg_person} …  ({big} copy, PostgreSQL)",
                                     [netj, "--db", pg_made["log"].url, *log_args(pg_person)], **quick))
            if not a.no_export:
                benches += [
                    Bench("pg_export_small", "netj export --jsonl  (small, PostgreSQL)",
                          [netj, "--db", pg_made["small"].url, "export", "--jsonl"], **slow),
                    Bench("pg_export_large", f"netj export --jsonl  ({big}, PostgreSQL)",
                          [netj, "--db", pg_made["large"].url, "export", "--jsonl"], **slow),
                ]
        notes["import"] = import_hook(netj, env)
        state_before, src_before = git_state(), src_fingerprint()
        by = {b.key: b for b in benches}
        for b in benches:
            check(b, env)

        use_hf = shutil.which("hyperfine") and not a.no_hyperfine
        tool = "hyperfine" if use_hf else "subprocess loop"
        print(f"timing with {tool}: {a.runs} runs of each quick command, {a.export_runs} of each export, "
              f"in {a.rounds} rounds …", file=sys.stderr)
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            if use_hf:
                time_with_hyperfine(benches, env, a.rounds, Path(tmp))
            else:
                time_with_loop(benches, env, a.rounds)
        load_after = os.getloadavg()
        print(f"  timed in {time.perf_counter() - t0:.0f} s; measuring peak RSS …", file=sys.stderr)
        for b in benches:
            slow_one = b.key.startswith(("export", "bare", "pg_export", "scoreall"))
            b.rss_kib = peak_rss_kib(b.argv, {**env, **b.env}, 1 if slow_one else a.rss_tries)
        if pg_made:
            pg_info["plans"] = pg_plans(pg_url, env, pg_made["large"].name, a.today)
        if log_db and a.pty_runs:
            print("driving netj log through a pseudo-terminal …", file=sys.stderr)
            pty_runs = {think: pty_log.runs(netj, str(log_db), person, env, n=a.pty_runs, think=think)
                        for think in PTY_THINK}
        if a.imports:
            imports = import_benchmarks(a.out, small, large if a.import_large else None, netj, env, a.linkedin_rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if pg_url and not a.pg_keep:
            pg_drop(pg_url, env, [PG_SCHEMA_PREFIX + n for n in ("small", "large", "log")])

    info = machine()
    state_after, src_after = git_state(), src_fingerprint()
    info["netj commit"] = state_before
    if (state_after, src_after) != (state_before, src_before):
        info["netj commit"] += f" -- CHANGED DURING THE RUN, now: {state_after} (src hash {src_before} -> {src_after})"
    else:
        info["netj commit"] += f" (src hash {src_before}, unchanged during the run)"
    info["netj bytecode"] = bytecode
    info["load average (1/5/15 min) before timing"] = " ".join(f"{x:.2f}" for x in load_before)
    info["load average after timing"] = " ".join(f"{x:.2f}" for x in load_after)
    sizes = {"small": counts(small), "large": counts(large)}
    if pg_large != large:
        sizes["pg-large"] = counts(pg_large)
    plans = query_plans(large, a.today)

    print()
    for k, v in info.items():
        print(f"{k}: {v}")
    print(f"timer: {tool}; NETJ_TODAY={a.today}; netj = {netj}")
    for name, path in (("small", small), ("large", large), ("pg-large", pg_large)):
        if name not in sizes:
            continue
        c = sizes[name]
        print(f"{name}: {path.name}: {c['person']:,} people, {c['meeting']:,} meetings, "
              f"{c['attendance']:,} attendances, {c['score']:,} scores, {c['follow_up']:,} follow-ups, "
              f"{path.stat().st_size / 2**20:,.0f} MiB")
    print()
    header = f"{'benchmark':<48} {'median ms':>11} {'min ms':>10} {'runs':>5} {'×F':>7} {'peak RSS MiB':>13} {'out lines':>10}"
    print(header)
    print("-" * len(header))
    f_med = by["F"].median
    for b in benches:
        print(f"{b.label:<48} {ms(b.median):>11} {ms(b.min):>10} {len(b.times):>5} {b.median / f_med:>7.1f} "
              f"{b.rss_kib / 1024:>13.1f} {b.out_lines:>10,}")

    # the issue's targets: (target, measure, value, op, limit, note when not measured)
    def ratio(x: str, y: str) -> float | None:
        return by[x].median / by[y].median if x in by and y in by else None

    def rss(*keys: str) -> float | None:
        return max(by[k].rss_kib for k in keys) / 1024 if all(k in by for k in keys) else None

    rows_read = {n: sum(c[t] for t in ("person", "person_tag", "meeting", "attendance", "score", "follow_up"))
                 for n, c in sizes.items()}
    throughput = {}  # table rows read per second, median run
    for k, size in (("export_small", "small"), ("export_large", "large"), ("bare_small", "small"), ("bare_large", "large")):
        if k in by:
            throughput[k] = rows_read[size] / by[k].median
    export_vs_bare = (throughput["export_large"] / throughput["bare_large"]) if {"export_large", "bare_large"} <= throughput.keys() else None
    no_jrnl = notes.get("jrnl", "")
    no_reads = "--no-reads" if a.no_reads or a.pg_only else ""

    def per_round_max(x: str, y: str) -> float | None:
        """The largest ratio of two commands timed in the same round (the interleaved loop only)."""
        if tool != "subprocess loop" or x not in by or y not in by:
            return None
        return max(p / q for p, q in zip(by[x].times, by[y].times, strict=False))

    def seconds(key: str) -> float | None:
        return by[key].median if key in by else None

    last_enter = {think: statistics.median(r.last_enter_to_confirmation for r in got) for think, got in pty_runs.items()}
    import_ratio = {name: ref / wall for name, (ref, wall, _) in imports.items()}
    no_imports = "run with --imports"
    targets = [
        ("1", "due small / jrnl -n 5", ratio("due_small", "jrnl_n5"), "≤", 0.85, no_jrnl),
        ("1", "due small / jrnl -n 5, worst round", per_round_max("due_small", "jrnl_n5"), "≤", 0.85,
         no_jrnl or "hyperfine: rounds are not paired (--no-hyperfine)"),
        ("1", "due large / due small", ratio("due_large", "due_small"), "≤", 1.1, ""),
        ("2", "log large / jrnl add", ratio("log_large", "jrnl_add"), "≤", 2.5,
         no_jrnl or ("--no-log" if a.no_log else "")),
        ("3", "pty log: last Enter -> confirmation s (think 0.5 s)", last_enter.get(0.5), "≤", 0.25,
         "--no-log or --pty-runs 0"),
        ("4", "report large s", seconds("report_large"), "≤", 1.5, no_reads),
        ("4", "report large / small", ratio("report_large", "report_small"), "≤", 3.0, no_reads),
        ("4", "score --limit 10 large s", seconds("score10_large"), "≤", 1.5, no_reads),
        ("4", "score --limit 10 large / small", ratio("score10_large", "score10_small"), "≤", 3.0, no_reads),
        ("4", "score (everyone) large s", seconds("scoreall_large"), "≤", 1.5, no_reads),
        ("4", "score (everyone) large / small", ratio("scoreall_large", "scoreall_small"), "≤", 3.0, no_reads),
        ("4", "search large / small", ratio("search_large", "search_small"), "≤", 1.2, no_reads),
        ("4", "prep large / small", ratio("prep_large", "prep_small"), "≤", 1.2, no_reads),
        *[("5", f"import rows/s / bare executemany: {name}", r, "≥", 0.25, "") for name, r in import_ratio.items()],
        *([("5", "import rows/s / bare executemany", None, "≥", 0.25, no_imports)] if not imports else []),
        ("6", "due peak RSS MiB (max small, large)", rss("due_small", "due_large"), "≤", 40.0, ""),
        ("-", "(issue 4) export rows/s / bare rows/s (large)", export_vs_bare, "≥", 0.3,
         "--pg-only" if a.pg_only else "--no-export"),
        ("6", "export peak RSS MiB (large)", rss("export_large"), "≤", 100.0, "--no-export"),
    ]
    print()
    print("issue 17 targets (ratios of medians, same run; seconds are medians)")
    theader = f"{'#':<2} {'measure':<52} {'measured':>9} {'target':>8}  result"
    print(theader)
    print("-" * len(theader))
    for num, name, value, op, limit, note in targets:
        if value is None:
            print(f"{num:<2} {name:<52} {'–':>9} {op + ' ' + format(limit, 'g'):>8}  not measured: {note}")
            continue
        ok = value <= limit if op == "≤" else value >= limit
        print(f"{num:<2} {name:<52} {value:>9.2f} {op + ' ' + format(limit, 'g'):>8}  {'pass' if ok else 'FAIL'}")
    print()
    print("other ratios: " + ", ".join(
        f"{n} {v:.2f}" for n, v in (("help / F", ratio("help", "F")), ("completion large / due small", ratio("complete_large", "due_small")),
                                    ("jrnl -n 5 / F", ratio("jrnl_n5", "F")), ("jrnl add / F", ratio("jrnl_add", "F")),
                                    ("log large / F", ratio("log_large", "F")),
                                    ("export large / export small", ratio("export_large", "export_small")))
        if v is not None))
    if throughput:
        print("export throughput (table rows read: person, person_tag, meeting, attendance, score, follow_up; median run)")
        for k, v in throughput.items():
            b = by[k]
            extra = f", {b.out_lines / b.median:,.0f} records/s" if k.startswith("export") else ""
            print(f"  {b.label:<36} {v:>12,.0f} rows/s{extra}   peak RSS {b.rss_kib / 1024:.1f} MiB")
    for think, got in pty_runs.items():
        last = [r.last_enter_to_confirmation * 1000 for r in got]
        print(f"netj log in a pseudo-terminal (large copy), answers {think:.1f} s after each prompt: last Enter -> "
              f"confirmation median {statistics.median(last):.0f} ms, min {min(last):.0f}, max {max(last):.0f}; "
              f"whole run median {statistics.median(r.total for r in got) * 1000:.0f} ms ({len(got)} runs)")
    for name, (ref, wall, peak) in imports.items():
        print(f"import {name}: bare executemany {ref:.2f} s, netj import {wall:.2f} s (ratio {ref / wall:.2f}), "
              f"netj peak RSS {peak:.0f} MiB")
    print()
    print("EXPLAIN QUERY PLAN on the large journal (horizon = today)")
    for name, rows in plans.items():
        print(f"  {name}:")
        for row in rows:
            print(f"    {row}")

    pg_rows = []  # (PostgreSQL key, SQLite key, ratio of medians, ratio of minimums)
    if pg_made:
        big = "large" if pg_large == large else "pglarge"
        for pk, sk in (("pg_due_small", "due_small"), ("pg_due_large", f"due_{big}"), ("pg_log_large", f"log_{big}"),
                       ("pg_export_small", "export_small"), ("pg_export_large", f"export_{big}")):
            if pk in by and sk in by:
                pg_rows.append((pk, sk, by[pk].median / by[sk].median, by[pk].min / by[sk].min))
        print()
        print(f"PostgreSQL {pg_info['server_version']} ({pg_info['where']}; shared_buffers {pg_info['shared_buffers']}, "
              f"synchronous_commit {pg_info['synchronous_commit']}) at {pg_shown}, vs SQLite, same run")
        for _n, made in pg_made.items():
            took = f"copied in {made.copy_s:.1f} s" if made.copy_s is not None else "reused (--pg-reuse)"
            print(f"  schema {made.name}: {made.source.name}, {took}")
        pheader = f"{'command':<58} {'PG median':>10} {'SQLite':>10} {'PG/SQLite':>10} {'min/min':>8} {'PG RSS':>7} {'SQLite RSS':>10}"
        print(pheader)
        print("-" * len(pheader))
        for pk, sk, r_med, r_min in pg_rows:
            p_, q_ = by[pk], by[sk]
            print(f"{p_.label:<58} {ms(p_.median):>10} {ms(q_.median):>10} {r_med:>10.2f} {r_min:>8.2f} "
                  f"{p_.rss_kib / 1024:>7.1f} {q_.rss_kib / 1024:>10.1f}")
        print("EXPLAIN of the due queries on PostgreSQL (the larger schema)")
        for name, rows in pg_info["plans"].items():
            print(f"  {name}:")
            for row in rows:
                print(f"    {row}")

    if a.json:
        a.json.write_text(json.dumps({
            "machine": info, "timer": tool, "today": a.today, "sizes": sizes, "plans": plans, "notes": notes,
            "benchmarks": [{"key": b.key, "argv": b.argv, "env": b.env, "times_s": b.times, "median_s": b.median,
                            "min_s": b.min, "peak_rss_kib": b.rss_kib, "out_lines": b.out_lines} for b in benches],
            "targets": [{"target": n, "measure": m, "value": v, "op": o, "limit": lim, "note": note}
                        for n, m, v, o, lim, note in targets],
            "export_rows_per_s": throughput,
            "pty_log": {str(think): [{"last_enter_to_confirmation_s": r.last_enter_to_confirmation, "total_s": r.total}
                                     for r in got] for think, got in pty_runs.items()},
            "imports": {name: {"bare_executemany_s": ref, "netj_import_s": wall, "netj_peak_rss_mib": peak}
                        for name, (ref, wall, peak) in imports.items()},
            "postgresql": None if not pg_made else {
                **pg_info,
                "schemas": {n: {"schema": m.name, "source": m.source.name, "copy_s": m.copy_s} for n, m in pg_made.items()},
                "pairs": [{"postgresql": pk, "sqlite": sk, "ratio_of_medians": r_med, "ratio_of_minimums": r_min}
                          for pk, sk, r_med, r_min in pg_rows],
            },
        }, indent=2, ensure_ascii=False))

if __name__ == "__main__":
    main()
