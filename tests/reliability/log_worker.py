"""One writer process of the concurrency case: ``N`` ``netj log`` calls in a loop.

    python log_worker.py WORKER_ID CALLS

Why in-process: a launch of the installed ``netj`` costs 0.5-1 s of CPU
(interpreter start and imports), so 1,600 launches take 10+ minutes on a
2-core machine, and the test would measure Python start-up rather than the
journal. Each worker is still a separate OS process with its own SQLite
connections, and every call goes through netj's own entry point (the Click
group's ``main`` with standalone error handling, exactly what the console
script ``netjournal.cli.main:run`` calls) and opens and closes its own
connection to the journal, as a separate ``netj`` process would. So the
locking behaviour under test -- ``BEGIN IMMEDIATE`` waits on the busy
timeout, the "create the person if new" race between processes -- is the
same. The quick test covers the installed console script itself.

Prints one JSON line per failed call and a final ``{"done": n}`` line.
"""

from __future__ import annotations

import json
import sys

from reliability_names import names_for


def main() -> None:
    worker, calls = int(sys.argv[1]), int(sys.argv[2])
    import typer.testing
    from typer.testing import CliRunner

    from netjournal.cli.main import app

    # Build the Click command tree once, as a netj process does (``run()``
    # builds it once at start-up): ``CliRunner.invoke`` would otherwise
    # rebuild it on every call, ~90 ms of CPU that is two thirds of a call
    # and nothing to do with the journal (tests/conftest.py does the same).
    command = typer.testing._get_command(app)
    typer.testing._get_command = lambda typer_app: command
    runner = CliRunner()
    ok = 0
    for i in range(calls):
        args = ["log", *names_for(worker, i), "--new", "--no-input", "--note", f"w{worker} call {i}"]
        result = runner.invoke(app, args)
        output = (result.stdout or "") + (result.stderr or "")
        if result.exit_code != 0 or (result.exception is not None and not isinstance(result.exception, SystemExit)) \
                or "locked" in output:
            print(json.dumps({"worker": worker, "call": i, "exit": result.exit_code,
                              "exception": repr(result.exception), "output": output[-500:]}), flush=True)
        else:
            ok += 1
    print(json.dumps({"done": ok}), flush=True)


if __name__ == "__main__":
    main()
