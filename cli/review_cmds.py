"""Review commands: the ledger (台帳) file, the public notice and the audit pack."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .options import AtOption, DbOption, JsonOption, LangOption, LedgerLangOption, store_url
from .output import safe_line


class LedgerFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    md = "md"


class NoticeFormat(StrEnum):
    md = "md"
    text = "text"
    json = "json"


Output = Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout; '-' too).",
                                             show_default=False)]


def ledger(
    output: Output = None,
    fmt: Annotated[LedgerFormat | None, typer.Option("--format", "-f", help="xlsx, csv or md (default: from the "
                                                     "-o suffix, else md).", show_default=False)] = None,
    lang: LedgerLangOption = None,
    db: DbOption = None,
    at: AtOption = None,
) -> None:
    """Write the personal-information ledger (個人情報管理台帳): a row per business process and item."""

    chosen = fmt.value if fmt else _format_from(output)
    if chosen == "xlsx" and _to_stdout(output) and sys.stdout.isatty():
        from daicho.catalog.words import phrase
        from daicho.inventory.errors import DaichoError

        raise DaichoError(phrase("an xlsx ledger needs a file: -o ledger.xlsx"))
    url = store_url(db, at)
    lang = lang or "ja"
    with _progress(_to_stdout(output), lang) as progress:
        _write_ledger(url, chosen, lang, output, progress)
    if not _to_stdout(output):
        from daicho.catalog.words import t

        sys.stderr.write(safe_line(t(lang, "wrote {path}", path=str(output))) + "\n")  # after the progress line


def _write_ledger(url: str, fmt: str, lang: str, output: Path | None, progress) -> None:
    from daicho.catalog.review.ledger_stream import write_ledger

    if _to_stdout(output):  # rows are written as they are made (`catalog.review.ledger_stream`)
        write_ledger(url, fmt, sys.stdout.buffer, lang, progress=progress)
        sys.stdout.flush()
        return
    partial = output.with_name(f".{output.name}.partial")  # a failed run leaves no half-written ledger
    try:
        try:
            out = partial.open("wb")
        except OSError as exc:  # said of the file asked for, not of the partial one
            raise OSError(exc.errno, exc.strerror, str(output)) from exc
        with out:
            write_ledger(url, fmt, out, lang, progress=progress)
        try:
            partial.replace(output)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(output)) from exc
    finally:
        with contextlib.suppress(OSError):  # never there when its folder is not
            partial.unlink(missing_ok=True)


@contextlib.contextmanager
def _progress(to_stdout: bool, lang: str):
    """A progress line on a terminal's stderr, in `lang`, while the store is read and the ledger's rows are
    written (none when piped, or when the ledger itself goes to that terminal)."""
    if not sys.stderr.isatty() or (to_stdout and sys.stdout.isatty()):
        yield None
        return
    from .progress import load_progress

    with load_progress(lang, first="reading the inventory") as update:
        yield update  # steps "ledger rows" and "ledger sheets" (catalog.review.ledger_stream.write_ledger)


def notice(
    output: Output = None,
    fmt: Annotated[NoticeFormat | None, typer.Option("--format", "-f", help="md, text or json (default: from the "
                                                     "-o suffix, else md).", show_default=False)] = None,
    lang: LedgerLangOption = None,
    db: DbOption = None,
    at: AtOption = None,
    json_out: JsonOption = False,
) -> None:
    """Print the public notice that APPI Arts 21 and 32 require: operator, purposes per item, provision,
    joint use, foreign recipients, request procedure, security measures."""
    from daicho.catalog.review.notice import build_notice
    from daicho.catalog.review.notice_writers import RENDERERS

    from .options import chosen_format

    chosen = chosen_format(json_out, fmt, output,
                           {"md": "md", "markdown": "md", "txt": "text", "text": "text", "json": "json"}, "md")
    text = RENDERERS[chosen](build_notice(store_url(db, at), lang or "ja"))
    _write_bytes(text.encode("utf-8"), output)


def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the audit pack (created).")],
    lang: LangOption = None,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
                                                      help="Date the checks judge against (default today).",
                                                      show_default=False)] = None,
    db: DbOption = None,
    at: AtOption = None,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder that daicho report did "
                                        "not write (its files of the same names are replaced).")] = False,
) -> None:
    """Write the audit pack: a self-contained index.html (ledger, lineage diagrams, checks, cross-border,
    contractors, breach quick sheets) with ledger.xlsx, ledger.csv, checks.sarif and the diagrams as SVG."""
    from daicho.catalog.review.report import STEPS, write_report
    from daicho.catalog.words import t

    from .output import use_lang
    from .progress import step_progress

    lang = lang or "en"  # LangOption's callback has chosen it (DAICHO_LANG, else the locale, else English)
    use_lang(lang)  # errors in it too
    _claim_folder(output, force)
    with step_progress(lang=lang) as show:  # on a terminal's stderr only: each step said in the command's language
        pack = write_report(store_url(db, at), output, lang, as_of.date() if as_of else None,
                            progress=lambda step, done, total: show(t(lang, STEPS[step]), done, total))
    for path in pack.files:
        sys.stderr.write(safe_line(t(lang, "wrote {path}", path=path)) + "\n")
    for note in pack.notes:
        sys.stderr.write(safe_line(t(lang, "note: {note}", note=note)) + "\n")


def _claim_folder(folder: Path, force: bool) -> None:
    """Refuse a non-empty folder that daicho report did not write (it has no REPORT_MARKER; a user's own
    index.html would be overwritten), unless `force` (the refusal is said in the command's language)."""
    from daicho.catalog.review.report import REPORT_MARKER
    from daicho.catalog.words import phrase
    from daicho.inventory.errors import DaichoError

    if folder.is_dir() and not (folder / REPORT_MARKER).exists() and not force and any(folder.iterdir()):
        raise DaichoError(phrase("{folder} is not empty and was not written by daicho report; give a new or empty "
                                 "folder, or --force to write into it anyway", folder=str(folder)))


def _format_from(output: Path | None) -> str:
    from .options import format_from_name

    return format_from_name(output, {"xlsx": "xlsx", "csv": "csv", "md": "md", "markdown": "md"}, "md")


def _to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def _write_bytes(data: bytes, output: Path | None) -> None:
    if _to_stdout(output):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        sys.stderr.write(f"wrote {output}\n")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command()(ledger)
    app.command()(notice)
    app.command()(report)
