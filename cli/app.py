"""The `daicho` command: a thin typer layer over daicho.inventory and daicho.catalog."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

# pydantic (which typer imports) scans every installed distribution for plugins at import: ~27 ms of a
# terminal query's start-up, for plugins a CLI never uses.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402
from daicho.inventory.errors import DaichoError, ManifestError

from .output import error, manifest_error

#: Which module holds each command. Only the module of the command being run is imported and only
#: that command is built: typer builds every registered command at start-up, which a terminal query
#: should not pay for. `daicho --help` (or no command) builds them all.
COMMANDS = {
    **dict.fromkeys(("validate", "load", "export", "schema", "list", "show", "demo"), "inventory_cmds"),
    **dict.fromkeys(("where", "receives", "path", "holds", "abroad", "breach"), "lineage_cmds"),
    "diagram": "diagram_cmds",
    **dict.fromkeys(("ledger", "notice", "report"), "review_cmds"),
    "check": "check_cmds",
    "import": "interchange_cmds",
    "subprocessors": "ledger_interchange_cmds",
    "ropa": "ropa_cmds",
    **dict.fromkeys(("history", "diff", "upgrade", "review"), "history_cmds"),
    "request": "request_cmds",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def _print_version(value: bool) -> None:
    """`--version`: print the version and exit 0, before click asks for a command."""
    if value:
        from importlib.metadata import version as dist_version

        typer.echo(f"daicho {dist_version('daicho')}")
        raise typer.Exit()


def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an error."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_print_version),
) -> None:
    """Global options (the version is printed by its callback)."""


def create_app(command: str | None = None) -> typer.Typer:
    """The typer app with every command, or with just `command` (for a fast start)."""
    app = typer.Typer(
        name="daicho",
        help="daicho (台帳) — personal-data inventory and lineage: which items you hold, why, where, "
        "who receives them, across which border, under which legal basis (APPI / JIS Q 15001).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
        cls=_Group,
    )
    app.callback()(_root)
    for module in (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES:
        importlib.import_module(f"daicho.cli.{module}").register(app)
    if command in COMMANDS:
        app.registered_commands = [c for c in app.registered_commands if command_name(c) == command]
    for info in app.registered_commands:
        info.callback = _collecting(info.callback)
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = _Command
    return app


class _Parsing:
    """How daicho and its commands read a command line: options take plainly valid values without pydantic
    (`cli.quick_params`), and a usage error reads like daicho's other errors, in the command's language
    (`_said_in_its_language`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from .quick_params import install
        from .usage_errors import remember

        install(self.get_params(ctx))  # type: ignore[attr-defined]
        remember(ctx, args)
        with _said_in_its_language():
            return super().parse_args(ctx, args)  # type: ignore[misc]


class _Command(_Parsing, typer.core.TyperCommand):
    """A daicho command (`_Parsing`), also for the values it refuses itself (`--lang xx`, `--as-of` not a date)."""

    def invoke(self, ctx: Any) -> Any:
        with _said_in_its_language():
            return super().invoke(ctx)


class _Group(_Parsing, typer.core.TyperGroup):
    """daicho itself (`_Parsing`: its `--debug`, `--version`, `--help`), also for a command it does not know."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        with _said_in_its_language():
            return super().resolve_command(ctx, args)


#: click's base of the errors typer shows as `Usage: … Error: …` (typer.BadParameter's ancestor of that name)
_CLICK_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


#: how pydantic, through which typer checks an option's value, opens the reason a value was refused
_PYDANTIC_VALUE_ERROR = "Value error, "


@contextlib.contextmanager
def _said_in_its_language() -> Iterator[None]:
    """A usage error raised inside shows itself in the command's language (`cli.usage_errors.localise`); a
    refused value without pydantic's own opening ("Value error, 'xyz' is not one of 'text', …")."""
    try:
        yield
    except _CLICK_ERROR as exc:
        from .usage_errors import localise

        if isinstance(exc, typer.BadParameter) and exc.message.startswith(_PYDANTIC_VALUE_ERROR):
            exc.message = exc.message.removeprefix(_PYDANTIC_VALUE_ERROR)
        localise(exc)
        raise


#: whether `main` paused the garbage collector for the start (`_collecting` sets it going again)
_paused = False


def _collecting(callback: Callable[..., Any]) -> Callable[..., Any]:
    """`callback` (a command) run with the garbage collector going again if `main` paused it for the start:
    loading typer, pydantic and the command's modules makes no garbage worth collecting, yet the collector ran
    over them ~10 ms of a terminal query's ~0.15 s. What was loaded is frozen (never scanned again)."""
    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        global _paused
        if _paused:
            _paused = False
            gc.freeze()
            gc.enable()
        return callback(*args, **kwargs)
    return run


def command_name(info: typer.models.CommandInfo) -> str:
    """The name a registered command is called by."""
    return info.name or info.callback.__name__.replace("_", "-")


def _command_in(args: list[str]) -> str | None:
    """The command word of a command line (the first argument that is not an option)."""
    return next((a for a in args if not a.startswith("-")), None)


_full_app: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    """`app`: the full app, built on first use (tests, docs, `python -m`)."""
    global _full_app
    if name == "app":
        if _full_app is None:
            _full_app = create_app()
        return _full_app
    raise AttributeError(name)


def main() -> None:
    """Console entry point: runs the app, turning daicho's errors into one line and an exit code."""
    global _paused
    debug = "--debug" in sys.argv
    command = _command_in(sys.argv[1:])
    if gc.isenabled():  # until the command runs (`_collecting`)
        gc.disable()
        _paused = True
    try:
        try:
            create_app(command)()
        finally:
            if _paused:  # no command ran (--help, a usage error): the collector as it was
                _paused = False
                gc.enable()
            sys.stdout.flush()  # a full disk or closed pipe shows here, not after the exit
    except SystemExit as exc:
        if exc.code == 130:  # typer turns Ctrl-C into exit 130, silently
            error(_interrupted(command))
        raise
    except ManifestError as exc:
        if debug:
            raise
        manifest_error(exc)  # the problems and the count, in the command's language
        sys.exit(exc.exit_code)
    except DaichoError as exc:
        if debug:
            raise
        error(exc.message)  # a phrase, said in the command's language
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        error(_interrupted(command))
        sys.exit(130)
    except OSError as exc:  # the one place a failed write (missing folder, full disk, /proc) becomes a message
        if debug:
            raise
        _discard_stdout()
        error(write_error(exc))
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line, the traceback with --debug
        if debug:
            raise
        from daicho.catalog.words import phrase

        error(phrase("unexpected {kind}: {detail} (run again with --debug for the traceback)",
                     kind=type(exc).__name__, detail=str(exc)))
        sys.exit(1)


def write_error(exc: OSError) -> str:
    """`cannot write PATH: reason` for a failed write (standard output when no file is named), a phrase."""
    from daicho.catalog.words import phrase
    from daicho.inventory.errors import os_reason

    target = str(exc.filename) if exc.filename is not None else phrase("standard output")
    return phrase("cannot write {target}: {reason}", target=target, reason=os_reason(exc.strerror or str(exc)))


def _interrupted(command: str | None) -> str:
    from daicho.catalog.words import phrase

    return phrase("interrupted; the store is unchanged") if command == "load" else phrase("interrupted")


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
