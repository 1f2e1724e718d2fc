"""Options shared by the commands, as typed aliases."""

from __future__ import annotations

from typing import Annotated

import typer

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="DAICHO_DB", help="Store: SQLite file or database URL (default ./daicho.db).",
                 show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts and jq).")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of names: en or ja.")]


def open_db(db: str | None):
    """A read connection to the store named by --db / $DAICHO_DB / ./daicho.db."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import resolve_url

    return ReadDB(resolve_url(db))
