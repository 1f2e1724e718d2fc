"""`daicho ropa`: the GDPR Art. 30 record of processing activities (docs/interchange.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .options import AtOption, DbOption, JsonOption, LangOption


class RopaFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    md = "md"
    json = "json"


class RopaRole(StrEnum):
    controller = "controller"
    processor = "processor"


def ropa(
    fmt: Annotated[RopaFormat | None, typer.Option("--format", "-f", help="xlsx, csv, md or json (default: from "
                                                   "the -o suffix, else md).", show_default=False)] = None,
    role: Annotated[RopaRole | None, typer.Option("--role", help="controller (Art. 30(1)) or processor "
                                                  "(Art. 30(2)); default: the gdpr: block's role.",
                                                  show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout; '-' too).",
                                                show_default=False)] = None,
    lang: LangOption = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write the GDPR Art. 30 record of processing activities: the controller's purposes, data subjects,
    personal data, recipients, transfers to third countries and their safeguards, erasure limits and security
    measures — or, as a processor, the same per controller. Read from the resolved model and the gdpr: block."""
    from daicho.catalog.interchange.ropa import ropa as build
    from daicho.catalog.interchange.ropa_writers import WRITERS
    from daicho.catalog.words import phrase, t
    from daicho.inventory.errors import DaichoError

    from .options import chosen_format, open_db

    to_stdout = output is None or str(output) == "-"
    chosen = chosen_format(json_out, fmt, output, {w: w for w in WRITERS}, "md")
    if chosen == "xlsx" and to_stdout and sys.stdout.isatty():
        raise DaichoError(phrase("an xlsx record needs a file: -o ropa.xlsx"))

    with open_db(db, at) as conn:
        content = WRITERS[chosen](build(conn, role.value if role else None, lang))
    if to_stdout:
        sys.stdout.buffer.write(content)
        return
    output.write_bytes(content)  # type: ignore[union-attr]
    sys.stderr.write(t(lang, "wrote {path}", path=str(output)) + "\n")


def register(app: typer.Typer) -> None:
    """Add `ropa` to the app."""
    app.command()(ropa)
