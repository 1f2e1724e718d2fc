"""Reading a ledger file into plain sheets: XLSX (every sheet, merged cells filled) or CSV (UTF-8 or cp932).

A cell becomes text (a date as ISO ``YYYY-MM-DD``, a whole number without ``.0``); a merged range gives its
value to every cell it covers, so a business process merged down over its items reads on each row. What
cannot be read raises `LedgerImportError` with the file (and sheet) named: an encrypted workbook, an old
``.xls``, a file that is no workbook, a CSV in neither UTF-8 nor Shift_JIS.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from daicho.catalog.words import phrase

from ..errors import DaichoError, os_reason

#: the first bytes of an OLE2 compound file: an encrypted (password-protected) .xlsx, or an old .xls
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class LedgerImportError(DaichoError):
    """A ledger cannot be imported: the message names the file, sheet and row. Nothing was written."""

    exit_code = 2


@dataclass
class Sheet:
    """A sheet as text: rows of cells (0-based lists), and the cells inside a horizontal merge."""

    name: str | None
    rows: list[list[str]]
    spans: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Workbook:
    """The sheets of a ledger file, and how a CSV was decoded (None for XLSX)."""

    path: Path
    sheets: list[Sheet]
    encoding: str | None = None


def read_file(path: Path) -> Workbook:
    """The sheets of an .xlsx/.xlsm or .csv file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerImportError(phrase("cannot read {path}: {reason}", path=str(path),
                                       reason=os_reason(exc.strerror or str(exc)))) from exc
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, data)
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise LedgerImportError(phrase("{path}: the workbook is password-protected (encrypted); save a copy "
                                           "without a password and import that", path=str(path)))
        raise LedgerImportError(phrase("{path}: an old Excel 97-2003 workbook (.xls); save it as .xlsx and import "
                                       "that", path=str(path)))
    if not data.startswith(ZIP_MAGIC):
        raise LedgerImportError(phrase("{path}: not an Excel workbook (.xlsx) or CSV file", path=str(path)))
    return _read_xlsx(path, data)


def _read_xlsx(path: Path, data: bytes) -> Workbook:
    import warnings
    import zipfile

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # openpyxl warns of data validation and styles it does not keep
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise LedgerImportError(phrase("{path}: the workbook cannot be read ({detail})", path=str(path),
                                       detail=f"{type(exc).__name__}: {exc}")) from exc
    sheets = [_sheet(ws) for ws in book.worksheets]
    return Workbook(path, sheets)


def _sheet(ws) -> Sheet:
    rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    spans: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        value = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
        for r in range(top, merged.max_row):
            while len(rows) <= r:
                rows.append([])
            for c in range(left, merged.max_col):
                while len(rows[r]) <= c:
                    rows[r].append("")
                rows[r][c] = value
                if merged.max_col > merged.min_col:
                    spans.add((r, c))
    return Sheet(ws.title, rows, spans)


def cell_text(value: object) -> str:
    """A cell's value as text: dates as ISO dates, whole numbers without a decimal point, a NUL (a broken CSV
    export's, which no store keeps) dropped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def _read_csv(path: Path, data: bytes) -> Workbook:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            error = exc
    else:
        raise LedgerImportError(phrase("{path}: the CSV is neither UTF-8 nor Shift_JIS (cp932) text: byte {byte} at "
                                       "offset {offset} cannot be decoded", path=str(path),
                                       byte=f"0x{data[error.start]:02x}", offset=error.start))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell as long as the file (default 131,072)
    try:
        rows = [[cell_text(v) for v in row] for row in _csv_rows(path, text, delimiter)]
    except csv.Error as exc:
        raise LedgerImportError(phrase("{path}: the workbook cannot be read ({detail})", path=str(path),
                                       detail=str(exc))) from exc
    return Workbook(path, [Sheet(None, rows)], "utf-8" if encoding == "utf-8-sig" else "cp932")


def _csv_rows(path: Path, text: str, delimiter: str) -> list[list[str]]:
    """The rows of a CSV. A quote never closed would swallow every row after it into one cell: that is refused,
    naming the row it opens on. Other quirks (a stray quote inside a cell) read leniently, as Excel reads them."""
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row)
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise LedgerImportError(phrase("{path}: row {row} opens a quoted cell that is never closed, so every "
                                           "row after it would be read into that cell; close the quote (\") or "
                                           "remove it", path=str(path), row=len(rows) + 1)) from exc
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows
