"""``netj``: the root command, error translation, and command registration.

Errors are translated here and only here: a :class:`~netjournal.errors.NetjError`
or a usage error becomes one line on stderr and an exit code (1 for data
problems, 2 for usage); database failures become one line too. Anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException  # Typer's vendored Click
from typer.core import TyperGroup

from netjournal import __version__
from netjournal.errors import NetjError


def _error(message: str) -> None:
    from netjournal.render.core import safe

    sys.stderr.write(f"Error: {safe(message)}\n")
    sys.stderr.flush()


def _undecodable(args: Any) -> tuple[int, int] | None:
    """The position (from 1) and first bad byte of an argument that is not
    UTF-8 (Python keeps such bytes as lone surrogates), without its text."""
    for i, arg in enumerate(args or (), start=1):
        if isinstance(arg, str):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError as exc:
                char = arg[exc.start]
                return i, (ord(char) - 0xDC00 if 0xDC80 <= ord(char) <= 0xDCFF else ord(char) & 0xFF)
    return None


class NetjGroup(TyperGroup):
    """Typer's group with netj's one-line errors."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer would exit 130 without a word
            from netjournal.errors import Interrupted
            from netjournal.storage.base import committed

            saved = "what was recorded before it is saved" if committed() else "nothing was written"
            raise Interrupted(f"interrupted; {saved}.") from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        from netjournal.cli import coercion

        coercion.install(self)
        bad = _undecodable(sys.argv[1:] if args is None else args)
        if bad is not None and standalone_mode:
            _error(f"argument {bad[0]} is not valid UTF-8 text (it has the byte 0x{bad[1]:02x}); "
                   "check your terminal's encoding, or pass the text in a UTF-8 file.")
            sys.exit(2)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name or "netj", complete_var, standalone_mode=False, **extra)
        except NetjError as exc:
            _error(str(exc))
            sys.exit(exc.exit_code)
        except ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            _error(exc.format_message().replace("\n", " ") + where)
            sys.exit(exc.exit_code)
        except typer.Abort:
            _error("aborted; nothing was written.")
            sys.exit(1)
        except Exception as exc:
            from netjournal.storage.base import database_failure

            message = database_failure(exc)
            if message is None:
                raise
            _error(message)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


_app = typer.Typer(
    cls=NetjGroup,
    name="netj",
    help="netj: a networking journal. Log meetings, score how partners show up, and see who is due for a call.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"netj {__version__}")
        raise typer.Exit()


@_app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", metavar="PATH|URL", help="Journal: a SQLite file, or a postgresql:// URL for a shared journal (default: NETJ_DB, then your user data directory).")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the demo journal made by `netj demo`.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; a missing value is an error (exit 2).")] = False,
    today: Annotated[str | None, typer.Option("--today", hidden=True, help="Pin today's date (tests, demos).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    from netjournal.cli.context import RootOptions

    ctx.obj = RootOptions(db=db, today=today, no_input=no_input, demo=demo)


# Which module defines each command. Only the module of the command being run is
# imported and turned into a Click command: `netj due` does not pay for `log`,
# `demo` or `people` (see docs/performance.md). `--help`, an unknown command and
# completion of the command name itself load them all.
COMMANDS = {
    "log": "log", "due": "due", "done": "due", "snooze": "due", "score": "score",
    "export": "export", "import": "importer", "demo": "demo", "people": "people", "db": "db",
    "refer": "referrals", "referrals": "referrals", "gains": "gains", "prep": "prep", "search": "search",
    "report": "report", "review": "review", "config": "settings_cmd", "meetings": "meetings",
    "follow-ups": "follow_ups", "undo": "undo",
}
ORDER = ("log", "meetings", "due", "follow_ups", "review", "score", "prep", "report", "search", "people", "referrals",
         "gains", "undo", "importer", "export", "db", "settings_cmd", "demo")  # as `netj --help` lists them
_ROOT_OPTIONS_WITH_VALUE = {"--db", "--today"}
_registered: set[str] = set()


def _register(modules=ORDER) -> typer.Typer:
    import importlib

    for name in sorted(set(modules) - _registered, key=ORDER.index):
        module = importlib.import_module(f"netjournal.cli.{name}")
        if name == "people":
            _app.add_typer(module.app, name="people")
        else:
            module.register(_app)
        _registered.add(name)
    return _app


def command_in(words: list[str]) -> str | None:
    """The command named in ``words`` (the arguments after ``netj``), if any."""
    it = iter(words)
    for word in it:
        if word in _ROOT_OPTIONS_WITH_VALUE:
            next(it, None)
        elif not word.startswith("-"):
            return word
    return None


def _words() -> list[str]:
    """The arguments to look at: the command line, or the words before the one
    being completed when a shell asks for completions."""
    import os

    if "_NETJ_COMPLETE" not in os.environ:
        return sys.argv[1:]
    import shlex

    try:
        if "COMP_WORDS" in os.environ:  # bash
            return shlex.split(os.environ["COMP_WORDS"])[1 : int(os.environ.get("COMP_CWORD", "0"))]
        return shlex.split(os.environ.get("_TYPER_COMPLETE_ARGS", ""))[1:-1]  # zsh, fish, PowerShell
    except ValueError:  # an unfinished quote
        return []


def __getattr__(name: str):
    if name == "app":  # the whole command tree, for tests and the reference
        return _register()
    raise AttributeError(name)


def run() -> None:
    """Console-script entry point."""
    module = COMMANDS.get(command_in(_words()) or "")
    _register((module,) if module else ORDER)()
