"""The ledger written as its rows are made: `daicho ledger` on an inventory of any size.

`write_ledger(url, fmt, out)` reads the store the light way (`ReviewFacts.load(url, light=True)`: no
whole-inventory load, see `ledger_source`), then writes each row as it is made — CSV straight to the stream,
XLSX past `STREAM_ROWS` rows in openpyxl's write-only mode (each row goes to the file as it comes; the P-Mark
form keeps its title block, approval boxes, styles, row heights, filter, frozen panes, print titles, page set-up,
header and footer). Smaller XLSX ledgers and Markdown are made whole, by the writers of `ledger_writers`.
The bytes are the same as `ledger_writers.csv_bytes` and the cell values the same as `xlsx_bytes`
(tests/test_ledger_stream.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from daicho.catalog.review.ledger_labels import (
    BOXES,
    COLUMNS,
    CONTRACTOR_COLUMNS,
    CROSS_BORDER_COLUMNS,
    headers,
    sheet_name,
    tr,
)
from daicho.catalog.review.safe_cells import safe_cell, safe_row

if TYPE_CHECKING:
    from daicho.catalog.review.ledger import LedgerRow
    from daicho.catalog.review.ledger_writers import LedgerBook

#: the most characters a spreadsheet cell holds (openpyxl cuts longer text there)
_CELL_CHARS = 32_767
#: past this many ledger rows an XLSX ledger is written in write-only mode (rows streamed to the file)
STREAM_ROWS = 5_000


def write_ledger(url: str, fmt: str, out: IO[bytes], lang: str = "ja", created: dt.date | None = None,
                 edition: str = "", stream_rows: int = STREAM_ROWS,
                 progress: Callable[[int, int], None] | None = None) -> None:
    """Write the ledger of the store at `url` in `fmt` (csv, xlsx, md) to the binary stream `out`.
    `progress(done, total)` is called as rows are written."""
    from daicho.catalog.review.ledger_labels import check_lang
    from daicho.inventory.bulk import gc_paused

    check_lang(lang)
    with gc_paused():  # the rows, the facts and the index form no cycles: collections would walk them all
        _write(url, fmt, out, lang, created, edition, stream_rows, progress)


def _write(url: str, fmt: str, out: IO[bytes], lang: str, created: dt.date | None, edition: str,
           stream_rows: int, progress: Callable[[int, int], None] | None) -> None:
    from daicho.catalog.review.ledger import Index, count_rows, iter_ledger_rows
    from daicho.catalog.review.ledger_sheets import contractor_rows, cross_border_rows
    from daicho.catalog.review.ledger_writers import WRITERS, LedgerBook
    from daicho.catalog.review.reach import ReviewFacts

    facts = ReviewFacts.load(url, light=True, flow_items=fmt != "csv")  # csv: no cross-border sheet
    index = Index(facts.inventory, facts)
    org = facts.inventory.organization
    book = LedgerBook(lang=lang, organization=org.name.get(lang) if org else "", rows=[],
                      created=created or dt.date.today(), edition=edition)
    total = count_rows(facts)
    rows = _counted(iter_ledger_rows(facts, index=index), total, progress)  # in no language: said as written
    if fmt == "csv":
        write_csv(book, rows, out)
        return
    if fmt == "xlsx" and total > stream_rows:
        write_xlsx_streamed(book, rows, lambda: (contractor_rows(facts, index=index),
                                                 cross_border_rows(facts, index=index)), out)
        return
    book.rows = list(rows)
    book.contractors = contractor_rows(facts, index=index)
    book.cross_border = cross_border_rows(facts, index=index)
    out.write(WRITERS[fmt](book))


def _counted(rows: Iterable[LedgerRow], total: int, progress: Callable[[int, int], None] | None
             ) -> Iterable[LedgerRow]:
    if progress is None:
        yield from rows
        return
    for n, row in enumerate(rows, start=1):
        if n % 1000 == 0 or n == total:
            progress(n, total)
        yield row


def write_csv(book: LedgerBook, rows: Iterable[LedgerRow], out: IO[bytes]) -> None:
    """The ledger sheet as CSV, row by row: the bytes of `ledger_writers.csv_bytes`."""
    with CsvSink(book, out) as sink:
        for row in rows:
            sink.write(row)


class CsvSink:
    """The ledger sheet as CSV on a binary stream, a row at a time (UTF-8 with a BOM, CRLF, guarded cells:
    `ledger_writers.csv_bytes`); the header goes first, each row's cells said in the book's language.
    `out` stays open."""

    def __init__(self, book: LedgerBook, out: IO[bytes]) -> None:
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        self._text.write("\ufeff")
        self._writer = csv.writer(self._text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        self._writer.writerow(safe_row(headers(COLUMNS, book.lang)))
        self._lang = book.lang
        self._safe: dict[str, str] = {}  # text → `safe_cell(text)`: most texts repeat in other rows

    def write(self, row: LedgerRow) -> None:
        safe = self._safe
        cells = []
        for value in row.values(self._lang):
            if value.__class__ is str:
                found = safe.get(value)
                if found is None:
                    found = safe_cell(value)
                    if len(safe) < _KEPT_CELLS:
                        safe[value] = found
                value = found
            elif value is None:
                value = ""
            cells.append(value)
        self._writer.writerow(cells)

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.flush()
        self._text.detach()


def write_xlsx_streamed(book: LedgerBook, rows: Iterable[LedgerRow], sheets: Callable[[], tuple[list, list]],
                        out: IO[bytes]) -> None:
    """The XLSX workbook of `ledger_writers.xlsx_bytes`, its rows written as they come.

    openpyxl writes the workbook's frame in write-only mode — styles, the title block, set-up, header rows,
    header and footer, print titles — with two sample body rows per sheet (plain and highlighted) that tell
    the style ids; the body rows are then written as sheet XML straight into the zip in their place (openpyxl
    spends ~25 µs a cell; 4 million cells would take minutes). `sheets()` gives the contractor and
    cross-border rows once the ledger's rows are written."""
    import zipfile

    from daicho.catalog.review.ledger_writers import TITLE_ROWS, _header_footer, _styles
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _styles(workbook)
    layout = (("ledger", COLUMNS, "C", TITLE_ROWS + 1), ("contractors", CONTRACTOR_COLUMNS, "C", 1),
              ("cross_border", CROSS_BORDER_COLUMNS, "B", 1))
    for name, columns, freeze, top in layout:
        sheet = workbook.create_sheet(sheet_name(name, book.lang))
        _set_up(sheet, columns, freeze, top)
        if name == "ledger":
            _title_block(sheet, book, len(columns))
        _stream_sheet(sheet, columns, book.lang, [["x"] * len(columns)] * 2, [False, True], top)
        _header_footer(sheet, book)
    props = workbook.properties
    props.title = safe_cell(f"{book.title} {book.organization}".strip())
    props.creator = "daicho"
    frame = io.BytesIO()
    workbook.save(frame)
    bodies: dict[int, Callable[[], Iterable[list]]] = {
        1: lambda: _marked_values(rows, book.lang),
        2: lambda: ((False, [r.cell(c, book.lang) for c, *_ in CONTRACTOR_COLUMNS]) for r in later()[0]),
        3: lambda: ((False, [r.cell(c, book.lang) for c, *_ in CROSS_BORDER_COLUMNS]) for r in later()[1]),
    }
    cached: list = []

    def later() -> tuple[list, list]:
        if not cached:
            cached.append(sheets())
        return cached[0]

    with zipfile.ZipFile(frame) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for info in source.infolist():
            data = source.read(info.filename)
            number = _sheet_number(info.filename)
            if number is None:
                zf.writestr(info, data)
                continue
            _, columns, _, top = layout[number - 1]
            with zf.open(info.filename, "w", force_zip64=True) as target:
                _splice(data.decode("utf-8"), columns, top, bodies[number](), target)


def _sheet_number(name: str) -> int | None:
    if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
        return int(name[len("xl/worksheets/sheet"):-4])
    return None


def _marked_values(rows: Iterable[LedgerRow], lang: str) -> Iterable[tuple[bool, list]]:
    for row in rows:
        yield row.is_sensitive, row.values(lang)


def _splice(xml: str, columns: tuple, top: int, body: Iterable[tuple[bool, list]], target: IO[bytes]) -> None:
    """Write the sheet `xml` of the frame with `body` (highlight, values) in place of its two sample rows."""
    import re

    from openpyxl.compat import safe_string

    first, second = xml.index(f'<row r="{top + 1}"'), xml.index(f'<row r="{top + 2}"')
    end = xml.index("</sheetData>")
    plain = re.search(r' s="(\d+)"', xml[first:second]).group(1)
    marked = re.search(r' s="(\d+)"', xml[second:end]).group(1)
    letters = [_letter(n) for n in range(1, len(columns) + 1)]
    heights = _Heights([width for *_, width in columns])
    cells = {plain: _Cells(plain), marked: _Cells(marked)}
    target.write(xml[:first].encode("utf-8"))
    n = top
    chunk: list[str] = []
    for highlight, values in body:
        n += 1
        said = cells[marked if highlight else plain]
        chunk.append(f'<row r="{n}" ht="{safe_string(heights(values))}" customHeight="1">')
        for letter, value in zip(letters, values, strict=True):
            chunk.append(f'<c r="{letter}{n}"{said(value)}')
        chunk.append("</row>")
        if len(chunk) > 4000:
            target.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    target.write("".join(chunk).encode("utf-8"))
    tail = xml[end:]
    ref = f"A{top}:{letters[-1]}{max(n, top + 1)}"
    target.write(re.sub(r'(<autoFilter ref=")[^"]*(")', lambda m: m.group(1) + ref + m.group(2), tail,
                        count=1).encode("utf-8"))


#: the most distinct cell values `_Heights` and `_Cells` keep what they made of (memory stays bounded)
_KEPT_CELLS = 200_000


class _Heights:
    """`row_height(values, widths)` of body rows, the lines of each distinct (value, width) counted once (most
    cells of a large ledger repeat a text another row has: names, storage lines, contractors)."""

    def __init__(self, widths: list[int]) -> None:
        self.widths = widths
        self.seen: dict[tuple[Any, int], int] = {}

    def __call__(self, values: list) -> float:
        from daicho.catalog.review.ledger_writers import text_lines

        seen = self.seen
        most = 1
        for value, width in zip(values, self.widths, strict=False):
            if value.__class__ is str and value.isascii() and "\n" not in value:  # one short line: counted at once
                lines = max(1, -(-len(value) // max(width - 1, 1)))
            else:
                key = (value, width)
                lines = seen.get(key)
                if lines is None:
                    lines = text_lines(value, width)
                    if len(seen) < _KEPT_CELLS:
                        seen[key] = lines
            if lines > most:
                most = lines
        return 4 + 15.5 * most  # as `row_height`


class _Cells:
    """A body cell's XML after its reference (`_cell`: ` s="…" t="…">…</c>`) in one style, made once per distinct
    value."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.seen: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        found = self.seen.get(value)
        if found is None:
            found = _cell("", self.style, safe_cell("" if value is None else value))[len('<c r=""'):]
            if len(self.seen) < _KEPT_CELLS:
                self.seen[value] = found
        return found


def _cell(ref: str, style: str, value: object) -> str:
    """A cell's XML as openpyxl's write-only writer makes it (inline string or number)."""
    if isinstance(value, str):
        value = value[:_CELL_CHARS]  # as openpyxl cuts it
        if value == "":
            return f'<c r="{ref}" s="{style}" t="inlineStr" />'
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    from openpyxl.compat import safe_string

    return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'


def _title_block(sheet, book: LedgerBook, width: int) -> None:
    """`ledger_writers._title_block`, appended row by row (write-only sheets cannot go back to a cell)."""
    from daicho.catalog.review.ledger_writers import TITLE_ROWS, title_lines
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    texts = title_lines(book)
    for row in (1, 2, 3):
        sheet.row_dimensions[row].height = 24
        first = WriteOnlyCell(sheet, safe_cell(texts[row - 1]))
        if row == 1:
            first.font = Font(bold=True, size=16)
        cells: list = [first] + [None] * (width - 4)
        for label in (tr(book.lang, box) for box in BOXES):
            box = WriteOnlyCell(sheet, label if row == 1 else None)
            if row == 1:
                box.style = "daicho_head"
            elif row == 2:
                box.style = "daicho_cell"
                box.alignment = Alignment(horizontal="center", vertical="center")
            cells.append(box if row < 3 else None)
        sheet.append(cells)
        sheet.merged_cells.add(f"A{row}:{_letter(min(8, width - 3))}{row}")
    for n in range(3):
        col = _letter(width - 2 + n)
        sheet.merged_cells.add(f"{col}2:{col}3")
    for _ in range(TITLE_ROWS - 3):
        sheet.append([])


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _set_up(sheet, columns: tuple, freeze: str, top: int) -> None:
    """Column widths, frozen panes (columns before `freeze`), print titles and page set-up as
    `ledger_writers._fill_sheet` sets them: landscape, A3, fit to one page wide."""
    from daicho.catalog.review.ledger_writers import print_setup

    for position, (*_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[_letter(position)].width = width
    print_setup(sheet, top, freeze)


def _stream_sheet(sheet, columns: tuple, lang: str, body: Iterable[list], marks: list[bool], top: int = 1) -> None:
    """The header at row `top` (as tall as its wrapped text) and the body rows as they come, each as tall as
    its wrapped text (`marks[i]`, filled as rows pass, highlights body row i); then the filter."""
    from daicho.catalog.review.ledger_writers import row_height
    from openpyxl.cell import WriteOnlyCell

    widths = [width for *_, width in columns]
    head = safe_row(headers(columns, lang))
    sheet.row_dimensions[top].height = max(32, row_height(head, widths, bold=True))
    cells = []
    for value in head:
        cell = WriteOnlyCell(sheet, value)
        cell.style = "daicho_head"
        cells.append(cell)
    sheet.append(cells)
    n = top
    for values in body:
        n += 1
        style = "daicho_marked" if marks and marks[n - top - 1] else "daicho_cell"
        cells = []
        for value in safe_row(["" if v is None else v for v in values]):
            cell = WriteOnlyCell(sheet, value)
            cell.style = style
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula (safe_cell has already neutralised '=' and kin)
            cells.append(cell)
        sheet.row_dimensions[n].height = row_height(values, widths)
        sheet.append(cells)
        del sheet.row_dimensions[n]  # written with its row: not kept for 100,000 rows
    sheet.auto_filter.ref = f"A{top}:{_letter(len(columns))}{max(n, top + 1)}"
