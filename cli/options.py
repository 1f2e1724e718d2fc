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
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="Answer as of a stored version: its number, -1 for the one before the latest, "
                 "or a date (YYYY-MM-DD); see daicho history.", show_default=False),
]


def open_db(db: str | None, at: str | None = None):
    """A read connection to the store named by --db / $DAICHO_DB / ./daicho.db (as of version `at`)."""
    from daicho.inventory.db import ReadDB

    return ReadDB(store_url(db, at))


def store_url(db: str | None, at: str | None = None) -> str:
    """The URL a read command answers from: the store (upgraded first when an earlier daicho wrote it), or a
    side store holding the version `--at` names."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.migrations import OutdatedStore
    from daicho.inventory.store import resolve_url

    url = resolve_url(db)
    try:
        ReadDB(url).close()
    except OutdatedStore:
        from daicho.catalog.resolved.build import resolved_rows
        from daicho.inventory.store import Store

        Store(url).upgrade(resolved_rows)
    if at is None:
        return url
    from daicho.catalog.diff.states import at_url

    return at_url(url, at)
