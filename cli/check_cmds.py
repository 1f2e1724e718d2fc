"""`daicho check`: run the law checks over the stored inventory and report the findings."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .options import AtOption, DbOption, JsonOption, store_url

if TYPE_CHECKING:
    from daicho.catalog.checks import Finding


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="'--as-of'") from None


def check(
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD", show_default=False,
        help="Date the 12-month rules count from (default today).")] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json or sarif.")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this "
                                            "severity.")] = FailOn.error,
    summary: Annotated[bool, typer.Option("--summary", help="Print only the counts by severity and rule.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print why each rule matters and each "
                                          "finding's own fix.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", show_default=False, help="Language of the text, en or ja (default: DAICHO_LANG, else the locale, "
        "else en); rule ids, keys and codes stay as they are.")] = None,
    db: DbOption = None,
    at: AtOption = None,
    show_all: Annotated[bool, typer.Option("--all", help="Print every finding, also past 1,000 (otherwise the "
                                           "first 20 of each rule and the counts).")] = False,
    json_out: JsonOption = False,
) -> None:
    """Check the inventory against APPI and JIS Q 15001 rules; each finding names its record and manifest line.

    Prints a summary first (counts by severity and rule), then each rule once with its fix and references,
    followed by its findings one line each.

    Exit status: 0 when no finding is at or above --fail-on (default: no errors); 1 when one is (errors found);
    2 for bad input or usage (an unknown option, a bad date, a store that cannot be read).
    """
    from daicho.catalog.checks.context import load_context
    from daicho.catalog.checks.engine import Tally, iter_findings
    from daicho.inventory.errors import DaichoError

    from .progress import step_progress

    day = _as_of(as_of) or dt.date.today()
    lang = _lang(lang)
    tally = Tally()
    streamed = json_out or fmt in (CheckFormat.json, CheckFormat.sarif)
    with step_progress(streamed and sys.stdout.isatty(), lang) as progress:  # on a terminal's stderr only
        try:
            progress("reading the inventory", 0, 0)
            ctx = load_context(store_url(db, at), day)
        except DaichoError as exc:  # no store, an unreadable one: bad input, not "errors found"
            exc.exit_code = 2
            raise
        found = tally.count(iter_findings(ctx, progress=progress, lang=lang))  # their text in `lang`
        if json_out or fmt in (CheckFormat.json, CheckFormat.sarif):  # written as they come
            from daicho.catalog.checks.sarif import records_root, stored_manifest_root
            from daicho.catalog.checks.writers import write_json, write_sarif

            root = stored_manifest_root(store_url(db, at))  # manifest paths relative to the cwd or this folder
            if json_out or fmt == CheckFormat.json:
                write_json(found, sys.stdout, root)
            else:
                from importlib.metadata import version

                write_sarif(found, sys.stdout, version("daicho"), root or records_root(store_url(db, at)),
                            lang=lang)
        else:  # past 1,000 findings, the first of each rule and the counts (catalog.checks.engine.Digest)
            from daicho.catalog.checks.engine import Digest

            digest = Digest(found, limit=None) if show_all else Digest(found)
    if not (json_out or fmt in (CheckFormat.json, CheckFormat.sarif)):
        from . import plain
        from .check_views import Detail

        detail = Detail.summary if summary else Detail.verbose if verbose else Detail.normal
        tallied = None if digest.complete else digest.tally
        plain.write(lambda: findings_view(digest.shown, day, detail, lang, tallied))  # piped: without rich
    if tally.fails(fail_on.value):
        raise typer.Exit(1)


def findings_view(findings: list[Finding], as_of: dt.date, detail: str = "normal", lang: str = "en",
                  tally: Any = None):
    """The text view of the findings (cli.check_views): summary, then each rule once with its findings."""
    from .check_views import Detail
    from .check_views import findings_view as view

    return view(findings, as_of, Detail(detail), lang, tally)


def _lang(value: str | None) -> str:
    """The language asked for, else the default (`catalog.words.default_lang`); another is a usage error."""
    from daicho.catalog.words import LANGS, default_lang

    if value is None:
        return default_lang()
    if value not in LANGS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LANGS)}", param_hint="'--lang'")
    return value


def _shown_path(file: str) -> str:
    """A manifest path relative to the working directory when it lies under it."""
    return _relative(file, os.getcwd()) if file.startswith("/") or Path(file).is_absolute() else file


@lru_cache(maxsize=256)
def _relative(file: str, cwd: str) -> str:
    """`file` (absolute) relative to `cwd` when it lies under it (a check names a few files many times)."""
    try:
        return Path(file).resolve().relative_to(Path(cwd).resolve()).as_posix()
    except ValueError:
        return file


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(check)
