"""Import a personal-information ledger (個人情報管理台帳) kept in Excel or CSV as manifests.

`import_ledger(FILE, DIR)` reads every sheet, finds each one's header row (`headers`), reads ledger rows and
contractor lists into records (`ledger_rows`, `contractor_rows`) with keys made from the names (`keys`),
validates the manifests it made and only then writes them into DIR, one file per section. It returns the
mapping report: which column became which field, what was kept in descriptions, which rows could not be
read and why. A file that cannot be read raises `LedgerImportError` (exit 2) and writes nothing.
docs/interchange.md has the rules with examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daicho.catalog.words import joined, phrase

from .headers import LEDGER_FIELDS, Header, find_header
from .reading import LedgerImportError, Sheet, read_file
from .records import SECTIONS

__all__ = ["LedgerImportError", "import_ledger", "import_records"]


def import_records(path: Path, sheet: str | None = None) -> tuple[dict[str, list], dict[str, Any]]:
    """The manifest sections read from a ledger file, and the mapping report (nothing is written)."""
    from .contractor_rows import contractor_sheet, finish
    from .ledger_rows import Importer

    book = read_file(path)
    sheets = book.sheets
    if sheet is not None:
        sheets = [s for s in book.sheets if s.name == sheet]
        if not sheets:
            names = ", ".join(str(s.name) for s in book.sheets)
            raise LedgerImportError(phrase("{path}: no sheet named '{sheet}' (sheets: {names})", path=str(path),
                                           sheet=sheet, names=names))
    found: list[tuple[Sheet, Header | None]] = [(s, find_header(s.rows, s.spans)) for s in sheets]
    ledgers = [(s, h) for s, h in found if h and h.kind == "ledger"]
    if not ledgers:
        raise LedgerImportError(_no_header(path, [s for s, _ in found]))
    importer = Importer(path.name)
    reports = {id(s): _sheet_report(s, h) for s, h in found}
    for s, h in sorted(((s, h) for s, h in found if h), key=lambda sh: sh[1].kind != "contractors"):
        read = contractor_sheet(importer, s, h) if h.kind == "contractors" else importer.ledger_sheet(s, h)
        reports[id(s)]["rows"] = read
    if not importer.records.sections["items"]:
        s, h = ledgers[0]
        raise LedgerImportError(phrase("{where}: the header is on row {row}, but no row below it names a "
                                       "personal-data item", where=_where(path, s), row=h.row))
    finish(importer)
    document = importer.records.document()
    report = {"file": str(path), "encoding": book.encoding, "sheets": [reports[id(s)] for s, _ in found],
              "skipped_rows": importer.notes.skipped, "notes": importer.notes.notes,
              "counts": {section: len(document.get(section, [])) for section in SECTIONS}}
    return document, report


def import_ledger(path: Path | str, out: Path | str, sheet: str | None = None, force: bool = False) -> dict[str, Any]:
    """Import a ledger file into manifests in folder `out` (validated first); returns the mapping report."""
    from .writing import write_manifests

    path, out = Path(path), Path(out)
    document, report = import_records(path, sheet)
    report["output"] = str(out)
    report["written"] = [str(p) for p in write_manifests(document, out, force)]
    return report


def _where(path: Path, sheet: Sheet) -> str:
    return f"{path} [{sheet.name}]" if sheet.name is not None else str(path)


def _no_header(path: Path, sheets: list[Sheet]) -> str:
    looked = [LEDGER_FIELDS[f][0] for f in ("item", "purposes", "storage", "contractors")]
    if len(sheets) == 1:
        rows = min(len(sheets[0].rows), 30)
        span = phrase("rows 1-{rows}", rows=rows) if rows else phrase("the sheet is empty")
        return phrase("{where}: no recognisable ledger header ({span}); looked for a row naming the item and at "
                      "least two of its facts, e.g. {looked}", where=_where(path, sheets[0]), span=span,
                      looked=joined(", ", looked))
    names = ", ".join(str(s.name) for s in sheets)
    return phrase("{path}: no sheet has a recognisable ledger header in its first 30 rows (sheets: {names}); looked "
                  "for a row naming the item and at least two of its facts, e.g. {looked}", path=str(path),
                  names=names, looked=joined(", ", looked))


def _sheet_report(sheet: Sheet, header: Header | None) -> dict[str, Any]:
    if header is None:
        return {"sheet": sheet.name, "table": None, "header_row": None, "rows": 0, "columns": [],
                "reason": phrase("no recognisable header: sheet skipped")}
    columns = []
    for c in header.columns:
        kept = None
        if c.field is None:
            kept = phrase("description")
        elif c.duplicate_of:
            kept = phrase("description (another column is already {field})", field=c.duplicate_of)
        columns.append({"column": c.letter, "header": c.header, "field": c.field or None, "kept": kept})
    return {"sheet": sheet.name, "table": header.kind, "header_row": header.row, "rows": 0, "columns": columns,
            "reason": None}
