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


def _lang(value: str | None) -> str:
    """The language asked for, else `catalog.words.default_lang()` (DAICHO_LANG, else the locale, else en); the
    command's errors are said in it too (`cli.output.use_lang`)."""
    from daicho.catalog.words import LANGS, default_lang

    from .output import use_lang

    if value is None:
        value = default_lang()
    if value not in LANGS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LANGS)}")
    use_lang(value)
    return value


def _lang_ja_first(value: str | None) -> str:
    """The language asked for, else Japanese (the ledger's and the notice's default); the command's errors are
    said in the document's language (`cli.output.use_lang`)."""
    return _lang("ja" if value is None else value)


#: `--lang en|ja` of a command that writes for people; not given: DAICHO_LANG, else the locale, else English.
#: Write `lang: LangOption = None`; the command receives "en" or "ja".
LangOption = Annotated[
    str | None,
    typer.Option("--lang", callback=_lang, show_default=False, metavar="[en|ja]",
                 help="Language of the text: en or ja (default: DAICHO_LANG, else the locale, else en); "
                 "keys and codes stay as they are."),
]
#: `--lang en|ja` of a document made in Japanese first (the ledger, the notice): not given, Japanese.
LedgerLangOption = Annotated[
    str | None,
    typer.Option("--lang", callback=_lang_ja_first, show_default=False, metavar="[ja|en]",
                 help="Language of the text: ja or en (default ja); keys and codes stay as they are."),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="Answer as of a stored version: its number, -1 for the one before the latest, "
                 "or a date (YYYY-MM-DD); see daicho history.", show_default=False),
]


def open_db(db: str | None, at: str | None = None):
    """A read connection to the store named by --db / $DAICHO_DB / ./daicho.db (as of version `at`). The
    connection that checked the store is the one returned (a second connection to a PostgreSQL server costs
    ~10 ms of a ~0.2 s query)."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import resolve_url

    url = resolve_url(db)
    conn = _open_upgraded(url)
    if at is None:
        return conn
    conn.close()
    return ReadDB(_as_of(url, at))


def store_url(db: str | None, at: str | None = None) -> str:
    """The URL a read command answers from: the store (upgraded first when an earlier daicho wrote it), or a
    side store holding the version `--at` names."""
    from daicho.inventory.store import resolve_url

    url = resolve_url(db)
    _open_upgraded(url).close()
    return url if at is None else _as_of(url, at)


def _as_of(url: str, at: str) -> str:
    """The side store holding the version `at` of the store at `url` (`catalog.diff.states.at_url`)."""
    from daicho.catalog.diff.states import at_url

    return at_url(url, at)


def _open_upgraded(url: str):
    """A read connection to the store at `url`, upgraded first when an earlier daicho wrote it."""
    from daicho.inventory.db import ReadDB
    from daicho.inventory.migrations import OutdatedStore

    try:
        return ReadDB(url)
    except OutdatedStore:
        from daicho.catalog.resolved.build import resolved_rows
        from daicho.inventory.store import Store

        Store(url).upgrade(resolved_rows)
    return ReadDB(url)


def chosen_format(json_out: bool, given: object, output: object, known: dict[str, str], default: str) -> str:
    """A writing command's format: json with --json (as `check` and `diff` take it), else `--format` as given,
    else what the -o name says (`format_from_name`)."""
    if json_out:
        return "json"
    return given.value if given is not None else format_from_name(output, known, default)  # type: ignore[attr-defined]


def format_from_name(output: object, known: dict[str, str], default: str) -> str:
    """The format an -o name asks for: the format its suffix names (any case); `default` for standard output or a
    name without a suffix; a suffix naming another format (ledger.xls, ropa.pdf) is refused, as `diagram` refuses
    it, rather than the default written under that name."""
    from pathlib import Path

    if output is None or str(output) == "-" or not Path(str(output)).suffix:
        return default
    suffix = Path(str(output)).suffix.lower().lstrip(".")
    if suffix in known:
        return known[suffix]
    formats = ", ".join(dict.fromkeys(known.values()))
    raise typer.BadParameter(f"cannot tell the format from '{output}'; give --format ({formats}) or a "
                             f"{'/'.join('.' + s for s in known)} name", param_hint="'-o' / '--output'")
