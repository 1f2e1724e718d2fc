"""The `daicho` command: a thin typer layer over daicho.inventory and daicho.catalog."""

from __future__ import annotations

import importlib
import sys

import typer
from daicho.inventory.errors import DaichoError, ManifestError

from .output import error, safe_line

app = typer.Typer(
    name="daicho",
    help="daicho (台帳) — personal-data inventory and lineage: which items you hold, why, where, "
    "who receives them, across which border, under which legal basis (APPI / JIS Q 15001).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Command modules; each has `register(app)`. Imported at start-up, so they import nothing heavy at top level.
COMMAND_MODULES = ("inventory_cmds", "lineage_cmds", "diagram_cmds", "review_cmds", "check_cmds")


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an error."),
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from importlib.metadata import version as dist_version

        typer.echo(f"daicho {dist_version('daicho')}")
        raise typer.Exit()


for _module in COMMAND_MODULES:
    importlib.import_module(f"daicho.cli.{_module}").register(app)


def main() -> None:
    """Console entry point: runs the app, turning daicho's errors into one line and an exit code."""
    debug = "--debug" in sys.argv
    try:
        app()
    except ManifestError as exc:
        if debug:
            raise
        for problem in exc.problems:
            sys.stderr.write(safe_line(str(problem)) + "\n")
        error(str(exc))
        sys.exit(exc.exit_code)
    except DaichoError as exc:
        if debug:
            raise
        error(str(exc))
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, the traceback with --debug
        if debug:
            raise
        error(f"unexpected {type(exc).__name__}: {exc} (run again with --debug for the traceback)")
        sys.exit(1)


if __name__ == "__main__":
    main()
