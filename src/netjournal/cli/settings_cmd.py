"""``netj config``: your own settings (who you are), kept outside any journal."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.common import Json, settings
from netjournal.render import Output, emit_json

app = typer.Typer(help="Your own settings (user.name: the author netj records), outside any journal.",
                  no_args_is_help=True)


def _keys(incomplete: str) -> list[tuple[str, str]]:
    from netjournal.settings.user import KEYS

    return [(k.name, k.help) for k in KEYS.values() if k.name.startswith(incomplete)]


Key = Annotated[str, typer.Argument(metavar="KEY", help="A setting: user.name.", autocompletion=_keys, show_default=False)]


@app.command("set")
def set_(ctx: typer.Context, key: Key,
         value: Annotated[str, typer.Argument(metavar="VALUE", help="Its value, e.g. \"Ana Ruiz\".", show_default=False)],
         as_json: Json = False) -> None:
    """Set KEY to VALUE in your settings file."""
    from netjournal.settings import user as userconfig

    env = settings(ctx).env
    done = userconfig.write(env, key, value)
    Output().say(f"Set {done.key} to {done.value!r} in {userconfig.config_path(env)}.")
    if as_json:
        emit_json(done)


@app.command("get")
def get(ctx: typer.Context, key: Key, as_json: Json = False) -> None:
    """Print the value of KEY in effect (from NETJ_USER, your settings file, or the default)."""
    from netjournal.settings import user as userconfig

    env = settings(ctx).env
    found = userconfig.setting(key, env)
    if as_json:
        emit_json(found)
    elif found.value is None:
        from netjournal.errors import NotFound

        raise NotFound(f"{found.key} is not set.", hint=f"Set it with `netj config set {found.key} VALUE`.")
    else:
        print(found.value)


@app.command("unset")
def unset(ctx: typer.Context, key: Key) -> None:
    """Remove KEY from your settings file (its default applies again)."""
    from netjournal.settings import user as userconfig

    env = settings(ctx).env
    removed = userconfig.write(env, key, None)
    now = userconfig.setting(key, env)
    where = userconfig.config_path(env)
    done = f"Removed {now.key} from {where}" if removed is not None else f"{now.key} was not set in {where}"
    Output().say(f"{done}; " + (f"it is {now.value!r} ({now.source})." if now.value is not None else "it is not set."))


@app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Every setting, its value in effect and where that comes from."""
    from netjournal.settings import user as userconfig

    env = settings(ctx).env
    rows = userconfig.settings(env)
    if as_json:
        emit_json(rows)
        return
    out = Output()
    out.say(f"Settings file: {userconfig.config_path(env)}")
    for r in rows:
        print(f"{r.key}\t{r.value if r.value is not None else ''}\t{r.source}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="config")
