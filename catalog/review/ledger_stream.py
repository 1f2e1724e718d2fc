"""The ledger written as its rows are made: `daicho ledger` on an inventory of any size.

`write_ledger(url, fmt, out)` reads the store the light way (`ReviewFacts.load(url, light=True)`: no
whole-inventory load, see `ledger_source`; the items' reaches with the rows that need them, `abroad` with its
items only for the cross-border sheet, after the rows), then writes each row as it is made — a large ledger's
second half by a second process (`ledger_halves`) —, CSV straight to the stream,
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
from daicho.catalog.review.ledger_xml import KEPT_CELLS, SheetBody, splice, write_all, write_values
from daicho.catalog.review.safe_cells import safe_cell, safe_row

if TYPE_CHECKING:
    from daicho.catalog.review.ledger import LedgerRow
    from daicho.catalog.review.ledger_writers import LedgerBook

#: past this many ledger rows an XLSX ledger is written in write-only mode (rows streamed to the file)
STREAM_ROWS = 5_000


def write_ledger(url: str, fmt: str, out: IO[bytes], lang: str = "ja", created: dt.date | None = None,
                 edition: str = "", stream_rows: int = STREAM_ROWS,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
    """Write the ledger of the store at `url` in `fmt` (csv, xlsx, md) to the binary stream `out`.
    `progress(step, done, total)` is called as rows are written (step `"ledger rows"`) and once before the
    contractor and cross-border sheets are made (`"ledger sheets"`, 0, 0)."""
    from daicho.catalog.review.ledger_labels import check_lang
    from daicho.inventory.bulk import gc_paused

    check_lang(lang)
    with gc_paused():  # the rows, the facts and the index form no cycles: collections would walk them all
        _write(url, fmt, out, lang, created, edition, stream_rows, progress)


def _write(url: str, fmt: str, out: IO[bytes], lang: str, created: dt.date | None, edition: str,
           stream_rows: int, progress: Callable[[str, int, int], None] | None) -> None:
    from daicho.catalog.review.ledger import Index, count_rows, iter_ledger_rows, row_items
    from daicho.catalog.review.ledger_halves import cpu_mark, fill
    from daicho.catalog.review.ledger_sheets import contractor_rows, cross_border_rows
    from daicho.catalog.review.ledger_writers import WRITERS, LedgerBook
    from daicho.catalog.review.reach import ReviewFacts

    since = cpu_mark()  # was a core free while the store was read? (`ledger_halves.split_at`)
    # the reaches are read with the rows (`made`), `abroad` with its items for the cross-border sheet after them
    facts = ReviewFacts.load(url, light=True, flow_items=False, reaches=False)
    index = Index(facts.inventory, facts)
    org = facts.inventory.organization
    book = LedgerBook(lang=lang, organization=org.name.get(lang) if org else "", rows=[],
                      created=created or dt.date.today(), edition=edition)
    total = count_rows(facts)

    def made(start: int, stop: int) -> Iterable[LedgerRow]:  # in no language: said as written
        facts.read_reaches(row_items(index, start, stop))  # each process reads the reaches of its own rows
        return iter_ledger_rows(facts, index=index, start=start, stop=stop)

    told = None if progress is None else lambda done: progress("ledger rows", done, total)
    if fmt == "csv":
        with CsvSink(book, out) as sink:
            fill([sink], made, total, told, since=since)  # the second half of the rows by a second process
        return
    if fmt == "xlsx" and total > stream_rows:
        parties = _Parties(facts)  # the contractor sheet's items, from both processes' reaches
        cross_border: list = []

        def meanwhile() -> None:  # this process's rows are made (the child may still make its own)
            if progress is not None:
                progress("ledger sheets", 0, 0)
            facts.drop_reaches()
            facts.read_abroad()
            cross_border.append(cross_border_rows(facts, lang, index=index))  # said here, not after the rows

        def sheets() -> tuple[list, list]:
            facts.parties = parties.seen  # every row's, the child's too
            return contractor_rows(facts, index=index), cross_border[0]

        write_xlsx_streamed(book, lambda body: fill([body, parties], made, total, told, since=since,
                                                    meanwhile=meanwhile), sheets, out)
        return
    book.rows = list(_counted(made(0, total), total, told))
    if progress is not None:
        progress("ledger sheets", 0, 0)
    facts.read_abroad()
    book.contractors = contractor_rows(facts, index=index)
    book.cross_border = cross_border_rows(facts, index=index)
    out.write(WRITERS[fmt](book))


def _counted(rows: Iterable[LedgerRow], total: int, told: Callable[[int], None] | None) -> Iterable[LedgerRow]:
    if told is None:
        yield from rows
        return
    for n, row in enumerate(rows, start=1):
        if n % 1000 == 0 or n == total:
            told(n)
        yield row


class _Parties:
    """A `ledger_halves` sink noting, for each row's item, the parties its reach reaches (`ReviewFacts.parties`):
    the contractor sheet's items, when each process has read only the reaches of its own rows."""

    def __init__(self, facts: Any, out: IO[bytes] | None = None) -> None:
        self.facts, self.out = facts, out
        self.seen: dict[str, list[str]] = {}

    def write(self, row: LedgerRow) -> None:
        self.seen[row.item_key] = [p.party for p in self.facts.reaches[row.item_key].parties]

    def twin(self, out: IO[bytes], skip: int) -> _Parties:
        return _Parties(self.facts, out)

    def flush(self) -> None:
        if self.out is not None:
            import pickle

            pickle.dump(self.seen, self.out, protocol=pickle.HIGHEST_PROTOCOL)

    def append(self, part: IO[bytes], rows: int) -> None:
        import pickle

        self.seen.update(pickle.load(part))  # noqa: S301 - written by this ledger's own second process


def write_csv(book: LedgerBook, rows: Iterable[LedgerRow], out: IO[bytes]) -> None:
    """The ledger sheet as CSV, row by row: the bytes of `ledger_writers.csv_bytes`."""
    with CsvSink(book, out) as sink:
        for row in rows:
            sink.write(row)


class CsvSink:
    """The ledger sheet as CSV on a binary stream, a row at a time (UTF-8 with a BOM, CRLF, guarded cells:
    `ledger_writers.csv_bytes`); the header goes first (unless `head` is off), each row's cells said in the
    book's language. `out` stays open. A `ledger_halves` sink."""

    def __init__(self, book: LedgerBook, out: IO[bytes], head: bool = True) -> None:
        self._book, self._out = book, out
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        self._writer = csv.writer(self._text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        if head:
            self._text.write("\ufeff")
            self._writer.writerow(safe_row(headers(COLUMNS, book.lang)))
        self._lang = book.lang
        self._safe: dict[str, str] = {}  # text → `safe_cell(text)`: most texts repeat in other rows

    def write(self, row: LedgerRow) -> None:
        """Write a row (anything with `values(lang)`: its cells in the order of `COLUMNS`)."""
        safe = self._safe
        cells = []
        for value in row.values(self._lang):
            if value.__class__ is str:
                found = safe.get(value)
                if found is None:
                    found = safe_cell(value)
                    if len(safe) < KEPT_CELLS:
                        safe[value] = found
                value = found
            elif value is None:
                value = ""
            cells.append(value)
        self._writer.writerow(cells)

    def twin(self, out: IO[bytes], skip: int) -> CsvSink:
        """A sink writing the rows after the first `skip` to `out`: the same lines, no BOM or header."""
        return CsvSink(self._book, out, head=False)

    def flush(self) -> None:
        """Pass what is written on to `out`."""
        self._text.flush()

    def append(self, part: IO[bytes], rows: int) -> None:
        """Append the bytes a twin wrote (`rows` rows) as they are."""
        import shutil

        self._text.flush()
        shutil.copyfileobj(part, self._out, 1 << 20)

    def __enter__(self) -> CsvSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.flush()
        self._text.detach()


def write_xlsx_streamed(book: LedgerBook, rows: Iterable[LedgerRow] | Callable[[Any], None],
                        sheets: Callable[[], tuple[list, list]], out: IO[bytes]) -> None:
    """The XLSX workbook of `ledger_writers.xlsx_bytes`, its rows written as they come.

    openpyxl writes the workbook's frame in write-only mode — styles, the title block, set-up, header rows,
    header and footer, print titles — with two sample body rows per sheet (plain and highlighted) that tell
    the style ids; the body rows are then written as sheet XML straight into the zip in their place (openpyxl
    spends ~25 µs a cell; 4 million cells would take minutes). `rows`: the ledger's rows, or what writes them
    to the ledger sheet's body (`fill(body)`: a `ledger_halves` sink taking rows). `sheets()` gives the
    contractor and cross-border rows once the ledger's rows are written."""
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
    lang = book.lang
    fills: dict[int, Callable[[SheetBody], None]] = {
        1: rows if callable(rows) else lambda body: write_all(body, rows),
        2: lambda body: write_values(body, ([r.cell(c, lang) for c, *_ in CONTRACTOR_COLUMNS] for r in later()[0])),
        3: lambda body: write_values(body, ([r.cell(c, lang) for c, *_ in CROSS_BORDER_COLUMNS]
                                             for r in later()[1])),
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
                splice(data.decode("utf-8"), columns, top, lang, fills[number], target)


def _sheet_number(name: str) -> int | None:
    if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
        return int(name[len("xl/worksheets/sheet"):-4])
    return None


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
