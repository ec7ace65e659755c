"""Fast conversion of command-line values, so that reading commands start fast.

Typer (0.29) converts every option value through a pydantic ``TypeAdapter``,
which imports pydantic and builds a schema per parameter: about 100 ms on
every run of ``netj due`` and on every TAB of shell completion (issue #4).
netj's parameters are only text, whole numbers (some with a range), flags and
lists of text or of whole numbers, so :func:`install` gives those parameters a plain converter
instead. Anything else, or a Typer whose internals have moved, keeps Typer's
own conversion: the effect of a change there is speed, never behaviour, and
``tests/cli/test_startup.py`` notices when the speed-up stops applying.

It also lets a completion function marked ``unfiltered`` offer values that
do not start with what was typed (``Park`` → ron-park): Typer drops those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_WHOLE = re.compile(r"\s*[+-]?[0-9]+\s*")

try:  # Typer internals; see the module docstring
    from typer._click.exceptions import BadParameter
    from typer._click.shell_completion import CompletionItem
    from typer._coercion import RuntimeParam

    HAS_INTERNALS = True
except ImportError:  # pragma: no cover - a Typer without them: keep its own conversion
    HAS_INTERNALS = False


INT_MAX = 2**63 - 1


def to_int(value: Any, lo: int | None = None, hi: int | None = None) -> int:
    """``"4"`` → 4; rejects ``3.5``, ``abc``, ``True`` and values out of ``[lo, hi]``."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{value!r} is not a whole number.")
    if isinstance(value, str):
        if not _WHOLE.fullmatch(value):
            raise ValueError(f"{value!r} is not a whole number.")
        value = int(value)
    if not -INT_MAX <= value <= INT_MAX:  # ids and counts are 64-bit in the journal, on every backend
        raise ValueError(f"{value} is too large; ids and counts go up to {INT_MAX}.")
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise ValueError(f"{value} is not between {lo} and {hi}.")
    if lo is not None and value < lo:
        raise ValueError(f"{value} is less than {lo}.")
    if hi is not None and value > hi:
        raise ValueError(f"{value} is more than {hi}.")
    return value


if HAS_INTERNALS:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        """Text, whole numbers (with Typer's ``min``/``max``), flags and lists of text."""

        kind: str  # "str", "int", "bool", "list[str]" or "list[int]"

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.kind == "list[str]":
                return [v if isinstance(v, str) else str(v) for v in value]
            info = self.parameter_info
            if self.kind == "list[int]":
                try:
                    return [to_int(v, getattr(info, "min", None), getattr(info, "max", None)) for v in value]
                except ValueError as exc:
                    raise BadParameter(str(exc), ctx=ctx, param=param) from None
            if self.kind == "str":
                return value if isinstance(value, str) else str(value)
            if self.kind == "bool":
                if isinstance(value, bool):
                    return value
                raise BadParameter(f"{value!r} is not a flag value.", ctx=ctx, param=param)
            try:
                return to_int(value, getattr(info, "min", None), getattr(info, "max", None))
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None


def _kind(param: Any) -> str | None:
    desc = param.type_descriptor
    info = desc.parameter_info
    if desc.file_annotation is not None or desc.is_choice or desc.is_path or desc.is_datetime:
        return None
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if getattr(info, "clamp", False):
        return None
    kinds = {str: "str", int: "int", bool: "bool"}
    if desc.annotation in kinds:
        return kinds[desc.annotation]
    if desc.is_list and str(desc.annotation) in ("list[str]", "list[int]"):
        return str(desc.annotation)
    return None


def unfiltered(complete):
    """Mark a completion function ``(ctx, incomplete) -> [(value, help)]`` whose
    values need not start with what was typed (it matched them some other way)."""
    complete.netj_unfiltered = True
    return complete


def _unfiltered_completion(param: Any) -> None:
    """Typer keeps only completions that start with the word being completed;
    give a parameter completed by an :func:`unfiltered` function all of them.
    Where Typer has changed, its own filtering stays (fewer suggestions)."""
    try:
        complete = param.type_descriptor.parameter_info.autocompletion
        if not getattr(complete, "netj_unfiltered", False) or not hasattr(param, "_custom_shell_complete"):
            return
    except AttributeError:
        return

    def shell_complete(ctx: Any, _param: Any, incomplete: str) -> list:
        return [CompletionItem(value, help=help_) for value, help_ in complete(ctx, incomplete)]

    param._custom_shell_complete = shell_complete


def install(command: Any, help_names: list[str] | None = None) -> None:
    """Give the plain parameters of ``command`` and its subcommands the fast
    converter, ``--help`` included (Click makes that option on first use and
    keeps it, so it is made here with the names the real context will use)."""
    if not HAS_INTERNALS:  # pragma: no cover
        return
    help_names = command.context_settings.get("help_option_names", help_names or ["--help"])
    params = list(getattr(command, "params", ()))
    try:
        help_option = command.get_help_option(command.context_class(command, help_option_names=help_names))
    except (AttributeError, TypeError):  # pragma: no cover - Typer changed
        help_option = None
    for param in params + ([help_option] if help_option is not None else []):
        _unfiltered_completion(param)
        try:
            if param._runtime_param is not None:
                continue
            kind = _kind(param)
            if kind is not None:
                param._runtime_param = PlainParam(parameter_info=param.type_descriptor.parameter_info,
                                                  annotation=param.type_descriptor.annotation, kind=kind)
        except AttributeError:  # pragma: no cover - not a Typer parameter, or Typer changed
            continue
    for sub in getattr(command, "commands", {}).values():
        install(sub, help_names)
