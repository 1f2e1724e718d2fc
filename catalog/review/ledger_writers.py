"""Ledger files: XLSX (three styled sheets), CSV (UTF-8 with BOM, for Excel) and Markdown.

Every writer takes a `LedgerBook` and returns the file's bytes; `WRITERS` maps a format name
to its writer. The book's rows hold no language: each cell is said in the book's language as it is written
(`ledger_cells`), the headers, sheet names and title block through the catalog (`ledger_labels.tr`).
Spreadsheet cells go through `safe_cell` (no formula injection); Markdown cells are escaped so a name cannot
open an HTML tag, break the table or become a link or emphasis.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from daicho.catalog.review.ledger import Index, LedgerRow, ReviewFacts, ledger_rows
from daicho.catalog.review.ledger_labels import (
    BOXES,
    COLUMNS,
    CONTRACTOR_COLUMNS,
    CREATED,
    CROSS_BORDER_COLUMNS,
    EDITION,
    OPERATOR,
    PAGE,
    TITLE,
    check_lang,
    headers,
    sheet_name,
    tr,
)
from daicho.catalog.review.ledger_sheets import ContractorRow, CrossBorderRow, contractor_rows, cross_border_rows
from daicho.catalog.review.safe_cells import safe_cell, safe_row
from daicho.inventory.safe_text import visible

#: Rows above the ledger's header row: title, operator, date and edition, the approval boxes' stamp space.
TITLE_ROWS = 4


@dataclass
class LedgerBook:
    """Everything a ledger file holds; the rows in no language (or said in `lang`), written in `lang`."""

    lang: str
    organization: str
    rows: list[LedgerRow]
    contractors: list[ContractorRow] = field(default_factory=list)
    cross_border: list[CrossBorderRow] = field(default_factory=list)
    created: dt.date = field(default_factory=dt.date.today)
    edition: str = ""  # 版: left blank for the office to fill in when not given

    @property
    def title(self) -> str:
        return tr(self.lang, TITLE)

    def form(self, msgid: str, **params: str) -> str:
        """A line of the title block in the book's language: OPERATOR, CREATED or EDITION with its value."""
        return tr(self.lang, msgid).format_map(params)


def ledger_book(facts: ReviewFacts | str, lang: str = "ja", created: dt.date | None = None,
                edition: str = "") -> LedgerBook:
    """The ledger, contractor and cross-border tables, to be written in `lang`, of the store at a URL or of facts
    read from it (`ReviewFacts.load`)."""
    check_lang(lang)
    facts = ReviewFacts.load(facts) if isinstance(facts, str) else facts
    index = Index(facts.inventory, facts)
    org = facts.inventory.organization
    return LedgerBook(lang=lang, organization=org.name.get(lang) if org else "",
                      rows=ledger_rows(facts, index=index), contractors=contractor_rows(facts, index=index),
                      cross_border=cross_border_rows(facts, index=index), created=created or dt.date.today(),
                      edition=edition)


def table_values(book: LedgerBook) -> list[list[str | int | None]]:
    """The ledger sheet as plain cell values in the book's language (no header), lists joined one entry a line."""
    lang = book.lang
    return [row.values(lang) for row in book.rows]


def records(rows: list, columns: tuple, lang: str) -> list[list[str]]:
    """A side sheet's rows (contractors, cross-border) as plain cell values in `lang`."""
    return [[row.cell(column, lang) for column, *_ in columns] for row in rows]


def csv_bytes(book: LedgerBook) -> bytes:
    """The ledger sheet as CSV: UTF-8 with a BOM (Excel then reads Japanese right), CRLF, guarded cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(safe_row(headers(COLUMNS, book.lang)))
    for values in table_values(book):
        writer.writerow(safe_row(["" if v is None else v for v in values]))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


#: Markdown's own punctuation: a backslash before it keeps a name from becoming a link, emphasis, code or image.
_MD_SPECIAL = re.compile(r"([*_\[\]`~!#])")


def md_cell(value: object) -> str:
    """A Markdown table cell: HTML-special characters, pipes and Markdown's punctuation escaped, line breaks as
    <br>."""
    text = visible("" if value is None else str(value), keep="\n\r")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _md_table(head: list[str], body: list[list]) -> list[str]:
    lines = ["| " + " | ".join(md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md_cell(v) for v in values) + " |" for values in body]
    return lines


def markdown_bytes(book: LedgerBook) -> bytes:
    """The three tables as a Markdown document."""
    out = [f"# {md_cell(book.title)}", ""]
    if book.organization:
        out += [md_cell(book.organization), ""]
    out += [f"{book.form(CREATED, date=book.created.isoformat())} · "
            f"{book.form(EDITION, edition=md_cell(book.edition or '—'))}", ""]
    out += _md_table(headers(COLUMNS, book.lang), table_values(book))
    for key, columns, rows in (("contractors", CONTRACTOR_COLUMNS, book.contractors),
                               ("cross_border", CROSS_BORDER_COLUMNS, book.cross_border)):
        out += ["", f"## {sheet_name(key, book.lang)}", ""]
        out += _md_table(headers(columns, book.lang), records(rows, columns, book.lang)) if rows else ["—"]
    return ("\n".join(out) + "\n").encode("utf-8")


def xlsx_bytes(book: LedgerBook) -> bytes:
    """An XLSX workbook: the ledger, the contractor sheet and the cross-border sheet, styled for print."""
    from openpyxl import Workbook

    workbook = Workbook()
    _styles(workbook)
    ledger = workbook.active
    ledger.title = sheet_name("ledger", book.lang)
    _title_block(ledger, book, len(COLUMNS))
    _fill_sheet(ledger, COLUMNS, book.lang, table_values(book),
                highlight=[row.is_sensitive for row in book.rows], freeze="C", top=TITLE_ROWS + 1)
    _fill_sheet(workbook.create_sheet(sheet_name("contractors", book.lang)), CONTRACTOR_COLUMNS, book.lang,
                records(book.contractors, CONTRACTOR_COLUMNS, book.lang), freeze="C")
    _fill_sheet(workbook.create_sheet(sheet_name("cross_border", book.lang)), CROSS_BORDER_COLUMNS, book.lang,
                records(book.cross_border, CROSS_BORDER_COLUMNS, book.lang), freeze="B")
    for sheet in workbook.worksheets:
        _header_footer(sheet, book)
    props = workbook.properties
    props.title = safe_cell(f"{book.title} {book.organization}".strip())
    props.creator = "daicho"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styles(workbook) -> None:
    """The named styles of the sheets: one lookup per cell instead of four style objects (fast for big ledgers)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="9AA5B1")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook.add_named_style(NamedStyle("daicho_head", font=Font(bold=True, color="FFFFFF"), border=border,
                                        fill=PatternFill("solid", fgColor="1F3A5F"),
                                        alignment=Alignment(wrap_text=True, vertical="center",
                                                            horizontal="center")))
    cell = {"border": border, "alignment": Alignment(wrap_text=True, vertical="top")}
    workbook.add_named_style(NamedStyle("daicho_cell", **cell))
    workbook.add_named_style(NamedStyle("daicho_marked", fill=PatternFill("solid", fgColor="FCE4EC"), **cell))


def _fill_sheet(sheet, columns: tuple, lang: str, body: list[list], highlight: list[bool] | None = None,
                freeze: str = "B", top: int = 1) -> None:
    """The header at row `top` (its height fitting the wrapped header text), the body below it with rows
    as tall as their wrapped text, filter, frozen panes (columns before `freeze`), print titles and page set-up:
    landscape, A3, fit to one page wide."""
    from openpyxl.utils import get_column_letter

    head = safe_row(headers(columns, lang))
    for col, value in enumerate(head, start=1):
        sheet.cell(row=top, column=col, value=value).style = "daicho_head"
    widths = [width for *_, width in columns]
    sheet.row_dimensions[top].height = max(32, row_height(head, widths, bold=True))
    for n, values in enumerate(body, start=top + 1):
        style = "daicho_marked" if highlight and highlight[n - top - 1] else "daicho_cell"
        for col, value in enumerate(safe_row(["" if v is None else v for v in values]), start=1):
            cell = sheet.cell(row=n, column=col, value=value)
            cell.style = style
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula (safe_cell has already neutralised '=' and kin)
        sheet.row_dimensions[n].height = row_height(values, widths)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(len(body) + top, top + 1)}"
    print_setup(sheet, top, freeze)


def print_setup(sheet, top: int, freeze: str) -> None:
    """Frozen panes below the header row (columns before `freeze`), that row printed on every page, and the page
    set-up of the ledger: landscape A3, fit to one page wide, centred."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.freeze_panes = f"{freeze}{top + 1}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _title_block(sheet, book: LedgerBook, width: int) -> None:
    """The P-Mark form's head: the title, the operator, 作成日 and 版 on the left; three approval boxes
    (承認・確認・作成) on the right, their stamp space left empty."""
    from openpyxl.styles import Alignment, Font

    sheet.cell(row=1, column=1, value=safe_cell(book.title)).font = Font(bold=True, size=16)
    for row, text in enumerate(title_lines(book)[1:], start=2):
        sheet.cell(row=row, column=1, value=safe_cell(text))
    for row in (1, 2, 3):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=min(8, width - 3))
    for n, label in enumerate(tr(book.lang, box) for box in BOXES):
        col = width - 2 + n
        sheet.cell(row=1, column=col, value=label).style = "daicho_head"
        sheet.cell(row=2, column=col).style = "daicho_cell"
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
        sheet.cell(row=2, column=col).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 24
    sheet.row_dimensions[2].height = sheet.row_dimensions[3].height = 24


def title_lines(book: LedgerBook) -> list[str]:
    """The title block's text in the book's language: the title, the operator, the date made and the edition
    (a blank to fill in when not given)."""
    return [book.title, book.form(OPERATOR, name=book.organization or "—"),
            f"{book.form(CREATED, date=book.created.isoformat())}    "
            f"{book.form(EDITION, edition=book.edition or '＿＿＿＿')}"]


def _header_footer(sheet, book: LedgerBook) -> None:
    """Every printed page: the title and operator at the top, the date made, edition and page number below."""

    def text(value: str) -> str:
        return safe_cell(value).replace("&", "&&")  # '&' starts a header code

    sheet.oddHeader.left.text = text(book.title)
    sheet.oddHeader.right.text = text(book.organization)
    sheet.oddFooter.left.text = text(book.form(CREATED, date=book.created.isoformat())
                                     + (f"  {book.form(EDITION, edition=book.edition)}" if book.edition else ""))
    sheet.oddFooter.center.text = tr(book.lang, PAGE)
    sheet.oddFooter.right.text = "&A"


def row_height(values: list, widths: list[int], line_points: float = 15.5, bold: bool = False) -> float:
    """Points for a row whose wrapped cells all show whole (spreadsheets do not all fit rows on open); bold text
    is about a tenth wider."""
    return 4 + line_points * max([1, *(text_lines(v, w, bold) for v, w in zip(values, widths, strict=False))])


def text_lines(value: object, width: int, bold: bool = False) -> int:
    """How many lines a cell's value takes wrapped in a column `width` characters wide (a wide character, as
    East Asian text has, counts two)."""
    import math

    total = 0
    for line in str("" if value is None else value).split("\n"):
        chars = len(line) if line.isascii() else len(line) + len(line.translate(_WIDE))
        total += max(1, math.ceil(chars * (1.1 if bold else 1) / max(width - 1, 1)))
    return total


class _Wide(dict):
    """A `str.translate` table keeping the wide characters (East Asian width W or F) and dropping the others:
    `len(line.translate(_WIDE))` counts a line's wide characters; each character looked up once."""

    def __missing__(self, code: int) -> int | None:
        import unicodedata

        kept = self[code] = code if unicodedata.east_asian_width(chr(code)) in "WF" else None
        return kept


_WIDE = _Wide()


#: Output formats: name → writer returning the file's bytes.
WRITERS: dict[str, Callable[[LedgerBook], bytes]] = {"xlsx": xlsx_bytes, "csv": csv_bytes, "md": markdown_bytes}
