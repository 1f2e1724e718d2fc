"""`daicho check`: run the law checks over the stored inventory and report the findings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import AtOption, DbOption, JsonOption, store_url
from .output import console, print_json

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
    json_out: JsonOption = False,
) -> None:
    """Check the inventory against APPI and JIS Q 15001 rules; each finding names its record and manifest line.

    Prints a summary first (counts by severity and rule), then each rule once with its fix and references,
    followed by its findings one line each.

    Exit status: 0 when no finding is at or above --fail-on (default: no errors); 1 when one is (errors found);
    2 for bad input or usage (an unknown option, a bad date, a store that cannot be read).
    """
    from daicho.catalog.checks import fails, run_checks
    from daicho.catalog.words.checks import render_all
    from daicho.inventory.errors import DaichoError

    day = _as_of(as_of) or dt.date.today()
    lang = _lang(lang)
    try:
        findings = list(render_all(run_checks(store_url(db, at), day), lang))  # text made here, in `lang`
    except DaichoError as exc:  # no store, an unreadable one: bad input, not "errors found"
        exc.exit_code = 2
        raise
    if json_out or fmt in (CheckFormat.json, CheckFormat.sarif):
        from daicho.catalog.checks.sarif import relative_path, stored_manifest_root, to_sarif

        root = stored_manifest_root(store_url(db, at))  # manifest paths relative to the cwd or this folder
    if json_out or fmt == CheckFormat.json:
        print_json([f.to_dict() | {"file": relative_path(f.file, root)[0] if f.file else None} for f in findings])
    elif fmt == CheckFormat.sarif:
        from importlib.metadata import version

        print_json(to_sarif(findings, version=version("daicho"), root=root))
    else:
        from .check_views import Detail

        detail = Detail.summary if summary else Detail.verbose if verbose else Detail.normal
        console().print(findings_view(findings, day, detail, lang))
    if fails(findings, fail_on.value):
        raise typer.Exit(1)


def findings_view(findings: list[Finding], as_of: dt.date, detail: str = "normal", lang: str = "en"):
    """The text view of the findings (cli.check_views): summary, then each rule once with its findings."""
    from .check_views import Detail
    from .check_views import findings_view as view

    return view(findings, as_of, Detail(detail), lang)


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
    path = Path(file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() if path.is_absolute() else file
    except ValueError:
        return file


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(check)
