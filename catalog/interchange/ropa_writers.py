"""The GDPR Art. 30 record as files a privacy office can send as they are: xlsx, csv, md, json.

The layout follows the templates supervisory authorities publish (ICO, CNIL): a block naming the controller (or
processor), its representative and DPO and the security measures, then one row per processing activity (a
controller's purposes) or per controller (a processor's record), then the transfers to third countries with
their safeguards. Every writer takes the data of `ropa.ropa` and returns bytes. User text is escaped for its
format: spreadsheet cells through `safe_cells.safe_cell` (no formula injection), Markdown through the ledger's
`md_cell`, which puts a backslash before Markdown's own punctuation (a name cannot become a link or emphasis).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from daicho.catalog.interchange.ropa_words import appi_basis, kind_text, word
from daicho.catalog.words import say, t

CONTROLLER_COLUMNS = ("purpose", "basis", "subjects", "data", "special", "recipients", "countries", "safeguards",
                      "erasure")
PROCESSOR_COLUMNS = ("controller_name", "controller_contact", "controller_rep", "controller_dpo", "processing",
                     "data", "countries", "safeguards", "security")
TRANSFER_COLUMNS = ("flow", "source", "party", "kind", "country", "items", "mechanism", "reference", "appi")
_WIDTHS = {"purpose": 30, "basis": 24, "subjects": 20, "data": 30, "special": 24, "recipients": 40,
           "countries": 18, "safeguards": 40, "erasure": 34, "security": 48, "controller_name": 26,
           "controller_contact": 34, "controller_rep": 28, "controller_dpo": 28, "processing": 34, "flow": 22,
           "source": 24, "party": 26, "kind": 24, "country": 16, "items": 30, "mechanism": 30, "reference": 28,
           "appi": 16}


def header_block(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows naming the controller or processor, its representative and DPO, and the measures."""
    lang = data["lang"]
    party = data["party"]
    missing = word("not_recorded", lang)
    name = ", ".join(p for p in (party["name"], party["contact"]) if p) or missing
    representative = party["representative"] or (
        f"{word('exempt', lang)}: {party['representative_exempt']}" if party["representative_exempt"] else missing)
    rows = [(word(data["role"], lang), name), (word("representative", lang), representative),
            (word("dpo", lang), party["dpo"] or missing),
            (word("security", lang), say(data["security"], lang) if data["security"] else missing)]
    return rows


def table(data: dict[str, Any]) -> tuple[tuple[str, ...], list[list[str]]]:
    """The record's main table: (column keys, rows of cell texts in the record's language; lists joined one a
    line)."""
    lang = data["lang"]
    missing = word("not_recorded", lang)
    none = word("none", lang)

    def lines(values: Any) -> str:
        return _lines(say(v, lang) for v in values)

    rows = []
    if data["role"] == "controller":
        for act in data["activities"]:
            basis = act["basis"]
            interest = f": {basis['legitimate_interest']}" if basis and basis.get("legitimate_interest") else ""
            basis_cell = say(basis["title"], lang) + interest if basis else missing
            special = [f"{d['title']}: {say(d['special']['title'], lang) if d['special']['title'] else missing}"
                       for d in act["data"] if d["special"]]
            recipients = [f"{r_kind(r, lang)}: {_title(r['name'], lang)} ({_where(r, lang)})"
                          for r in act["recipients"]]
            rows.append([act["purpose"]["title"], basis_cell, _lines(s["title"] for s in act["subjects"]) or missing,
                         _lines(d["title"] for d in act["data"]), _lines(special) or none, _lines(recipients) or none,
                         lines(act["third_countries"]) or none, lines(act["safeguards"]) or none,
                         lines(act["erasure"])])
        return CONTROLLER_COLUMNS, rows
    for entry in data["controllers"]:
        rows.append([entry["name"] or entry["key"], entry["contact"] or missing, entry["representative"] or missing,
                     entry["dpo"] or missing, entry["processing"] or missing,
                     _lines(d["title"] for d in entry["data"]) or missing, lines(entry["third_countries"]) or none,
                     lines(entry["safeguards"]) or none, entry["security"] or missing])
    return PROCESSOR_COLUMNS, rows


def transfer_rows(data: dict[str, Any]) -> list[list[str]]:
    """A row per transfer to a third country: flow, source, recipient, kind, country, items, safeguard."""
    lang = data["lang"]
    missing = word("not_recorded", lang)
    out = []
    for move in data["transfers"]:
        mechanism = move["mechanism"]
        out.append([move["flow"], move["from"]["title"], move["party"]["title"], say(move["kind_title"], lang),
                    say(move["country"]["title"], lang), _lines(i["title"] for i in move["items"]),
                    say(mechanism["title"], lang) if mechanism else missing,
                    (mechanism or {}).get("reference") or "", appi_basis(move["appi_foreign_basis"], lang)])
    return out


def r_kind(recipient: dict[str, Any], lang: str) -> str:
    """A recipient's kind as a category of recipient, in `lang`."""
    return say(kind_text(recipient["kind"]), lang)


def _where(recipient: dict[str, Any], lang: str) -> str:
    from daicho.catalog.resolved.countries import location_title

    registered = location_title(recipient["registered"], lang) or recipient["registered"]
    kept = ", ".join(location_title(c, lang) or c for c in recipient["hosting"])
    return t(lang, "{registered}; data kept in {kept}", registered=registered, kept=kept) if kept else registered


def _title(name: dict[str, Any], lang: str) -> str:
    return (name.get("ja") or name.get("en")) if lang == "ja" else (name.get("en") or name.get("ja")) or ""


def _lines(values: Any) -> str:
    return "\n".join(v for v in values if v)


def _notes(data: dict[str, Any]) -> list[str]:
    lang = data["lang"]
    return ([word("no_block", lang)] if not data["gdpr_block"] else []) + \
        ([word("illustrative", lang)] if data["illustrative"] else [])


def to_json(data: dict[str, Any]) -> bytes:
    """The data as JSON (terminal controls escaped): codes as they are, the record's words in its language."""
    from daicho.catalog.words.said import said
    from daicho.inventory.safe_text import json_text

    return (json_text(said(data, data["lang"])) + "\n").encode("utf-8")


def md_text(value: object) -> str:
    """A Markdown table cell: the ledger's `md_cell` (HTML, pipes, line breaks and Markdown's punctuation)."""
    from daicho.catalog.review.ledger_writers import md_cell

    return md_cell(value)


def to_markdown(data: dict[str, Any]) -> bytes:
    """A Markdown document: title, the header block, the main table, the transfers."""
    lang = data["lang"]
    out = [f"# {word(data['role'] + '_title', lang)}", ""]
    out += [f"> {note}" for note in _notes(data)] + ([""] if _notes(data) else [])  # the quote ends before the table
    out += [f"| {word('field', lang)} | {word('value', lang)} |", "|---|---|"]
    out += [f"| {md_text(label)} | {md_text(value)} |" for label, value in header_block(data)]
    columns, rows = table(data)
    out += ["", "| " + " | ".join(md_text(word(c, lang)) for c in columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(md_text(v) for v in row) + " |" for row in rows]
    out += ["", f"## {word('transfers_title', lang)}", ""]
    transfers = transfer_rows(data)
    if transfers:
        out += ["| " + " | ".join(md_text(word(c, lang)) for c in TRANSFER_COLUMNS) + " |",
                "|" + "---|" * len(TRANSFER_COLUMNS)]
        out += ["| " + " | ".join(md_text(v) for v in row) + " |" for row in transfers]
    else:
        out.append(word("none", lang))
    return ("\n".join(out) + "\n").encode("utf-8")


def to_csv(data: dict[str, Any]) -> bytes:
    """CSV as the templates lay it out (UTF-8 with a BOM, CRLF, cells guarded): the header block as
    label,value rows, an empty row, the main table, an empty row, the transfers."""
    from daicho.catalog.review.safe_cells import safe_row

    lang = data["lang"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row([word(data["role"] + "_title", lang)]))
    for note in _notes(data):
        writer.writerow(safe_row([note]))
    for label, value in header_block(data):
        writer.writerow(safe_row([label, value]))
    columns, rows = table(data)
    writer.writerow([])
    writer.writerow(safe_row([word(c, lang) for c in columns]))
    writer.writerows(safe_row(row) for row in rows)
    writer.writerow([])
    writer.writerow(safe_row([word("transfers_title", lang)]))
    writer.writerow(safe_row([word(c, lang) for c in TRANSFER_COLUMNS]))
    writer.writerows(safe_row(row) for row in transfer_rows(data))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(data: dict[str, Any]) -> bytes:
    """A workbook: the record's sheet (title, header block, the table) and a sheet of transfers. Write-only
    mode (rows streamed: memory stays flat however large the record); every text cell guarded against formula
    injection."""
    from openpyxl import Workbook

    lang = data["lang"]
    columns, rows = table(data)
    transfers = transfer_rows(data)
    workbook = Workbook(write_only=True)
    record = workbook.create_sheet(word(data["role"] + "_sheet", lang))
    _sheet(record, columns, rows, lead=[[word(data["role"] + "_title", lang)], *([n] for n in _notes(data)),
                                        *([label, value] for label, value in header_block(data)), []], lang=lang)
    moved = workbook.create_sheet(word("transfers_title", lang)[:31])
    _sheet(moved, TRANSFER_COLUMNS, transfers, lead=[], lang=lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(sheet: Any, columns: tuple[str, ...], rows: list[list[str]], lead: list[list[str]], lang: str) -> None:
    """Lead rows (title, header block), the header row in bold, then the rows, wrapped."""
    from daicho.catalog.review.ledger_writers import row_height
    from daicho.catalog.review.safe_cells import safe_cell
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    widths = [_WIDTHS.get(column, 20) for column in columns]
    for position, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    # printed as a document: landscape, every column on the page's width, the header row on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    wrap = Alignment(wrap_text=True, vertical="top")
    number = 0

    def append(cells: list[Any], values: list[Any], bold_row: bool = False) -> None:
        nonlocal number
        number += 1  # rows get a height that shows their wrapped text whole (not every viewer fits rows)
        sheet.row_dimensions[number].height = row_height(values, widths, bold=bold_row)
        sheet.append(cells)
    bold = Font(bold=True)

    def cell(value: Any, font: Font | None = None, fill: PatternFill | None = None) -> Any:
        made = WriteOnlyCell(sheet, value=safe_cell(value))
        made.alignment = wrap
        if font is not None:
            made.font = font
        if fill is not None:
            made.fill = fill
        return made

    for index, values in enumerate(lead):
        number += 1
        if values:
            sheet.row_dimensions[number].height = row_height(values, widths[:len(values)], bold=index == 0)
        sheet.append([cell(v, bold if index == 0 or position == 0 else None) for position, v in enumerate(values)])
    head = PatternFill("solid", fgColor="DDE4EE")
    append([cell(word(c, lang), bold, head) for c in columns], [word(c, lang) for c in columns], bold_row=True)
    for row in rows:
        append([cell(v) for v in row], list(row))


#: Output formats: name → writer returning the file's bytes.
WRITERS: dict[str, Callable[[dict[str, Any]], bytes]] = {"xlsx": to_xlsx, "csv": to_csv, "md": to_markdown,
                                                         "json": to_json}
