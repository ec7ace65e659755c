"""``netj config``: your own settings (who you are), kept outside any journal."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Run, command

app = typer.Typer(help="Your own settings (user.name: the author netj records), outside any journal.",
                  no_args_is_help=True)


def _keys(incomplete: str) -> list[tuple[str, str]]:
    from netjournal.settings.user import KEYS

    return [(k.name, k.help) for k in KEYS.values() if k.name.startswith(incomplete)]


Key = Annotated[str, typer.Argument(metavar="KEY", help="A setting: user.name.", autocompletion=_keys, show_default=False)]


@app.command("set")
@command()
def set_(run: Run, key: Key,
         value: Annotated[str, typer.Argument(metavar="VALUE", help="Its value, e.g. \"Ana Ruiz\".", show_default=False)]) -> None:
    """Set KEY to VALUE in your settings file."""
    from netjournal.settings import user

    env = run.settings.env
    done = user.write(env, key, value)
    assert done is not None  # a value was set
    run.out.say(f"Set {done.key} to {done.value!r} in {user.config_path(env)}.")
    run.emit(done)


@app.command("get")
@command()
def get(run: Run, key: Key) -> None:
    """Print the value of KEY in effect (from NETJ_USER, your settings file, or the default)."""
    from netjournal.settings import user

    found = user.setting(key, run.settings.env)
    if run.as_json:
        run.emit(found)
    elif found.value is None:
        from netjournal.errors import NotFound

        raise NotFound(f"{found.key} is not set.", hint=f"Set it with `netj config set {found.key} VALUE`.")
    else:
        print(found.value)


@app.command("unset")
@command(json=False)
def unset(run: Run, key: Key) -> None:
    """Remove KEY from your settings file (its default applies again)."""
    from netjournal.settings import user

    env = run.settings.env
    removed = user.write(env, key, None)
    now = user.setting(key, env)
    where = user.config_path(env)
    done = f"Removed {now.key} from {where}" if removed is not None else f"{now.key} was not set in {where}"
    run.out.say(f"{done}; " + (f"it is {now.value!r} ({now.source})." if now.value is not None else "it is not set."))


@app.command("list")
@command()
def list_(run: Run) -> None:
    """Every setting, its value in effect and where that comes from."""
    from netjournal.render import config
    from netjournal.settings import user

    env = run.settings.env
    rows = user.settings(env)
    if run.as_json:
        run.emit(rows)
        return
    run.out.say(f"Settings file: {user.config_path(env)}")
    config.settings(rows)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="config")
