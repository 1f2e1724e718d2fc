"""Commands that read other tools' formats into daicho manifests: `daicho import …` (docs/interchange.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .options import JsonOption, LangOption
from .output import print_json

import_app = typer.Typer(name="import", help="Read another tool's inventory into daicho manifests.",
                         no_args_is_help=True)


@import_app.command("fides")
def import_fides(
    source: Annotated[Path, typer.Argument(help="A Fides manifest file, or a folder of them (*.yml, *.yaml).",
                                           exists=True, show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write inventory.yaml into.",
                                         show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the inventory.yaml an earlier import wrote in "
                                        "the folder (a folder holding manifests is refused without it).")] = False,
    json_out: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Turn a Fides manifest into a daicho manifest, and report what Fides could not say or what was
    defaulted (run `daicho validate` on the folder next)."""
    from daicho.catalog.interchange import fides_import
    from daicho.catalog.words import t

    from .output import safe_line

    document, report = fides_import.import_fides(source)
    target = fides_import.write_manifest(document, output, force)
    if json_out:
        print_json({"written": str(target), "restored": report.restored, "not_said": report.not_said,
                    "defaulted": report.defaulted, "dropped": report.dropped})
        return
    for line in report.lines(lang):
        sys.stderr.write(safe_line(t(lang, "note: {note}", note=line)) + "\n")
    sys.stderr.write(safe_line(t(lang, "wrote {path}", path=str(target))) + "\n")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.add_typer(import_app, name="import")


# `daicho import ledger` (an Excel/CSV ledger) lives in its own module; registered once, at import.
from .ledger_interchange_cmds import import_ledger as _import_ledger  # noqa: E402

import_app.command("ledger")(_import_ledger)
