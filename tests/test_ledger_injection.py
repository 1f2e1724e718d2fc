"""Formula injection: hostile names in CSV and XLSX cells come out as text, never as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import load_into, run_daicho, write_manifest
from daicho.catalog.review.ledger_labels import COLUMNS
from daicho.catalog.review.ledger_writers import csv_bytes, ledger_book, markdown_bytes, md_cell, xlsx_bytes
from daicho.catalog.review.safe_cells import FORMULA_TRIGGERS, safe_cell
from daicho.inventory.store import resolve_url
from test_ledger_data import HOSTILE, SMALL, hostile


@pytest.mark.parametrize(("value", "expected"), [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1", "'+1"),
    ("-2", "'-2"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\t=x", "'\t=x"),
    ("\r=y", "'\r=y"),
    ("  =1+1", "'  =1+1"),
    ("＝1+1", "'＝1+1"),
    ("a=b", "a=b"),
    ("say \"hi\"", "say \"hi\""),
    ("two\nlines", "two\nlines"),
    ("日本語 😀 <&>", "日本語 😀 <&>"),
    ("bell\x07", "bell\\x07"),
    (12000, 12000),
    (-2, -2),
    (None, None),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.fixture
def hostile_book(tmp_path, sqlite_url):
    load_into(sqlite_url, write_manifest(tmp_path / "m", hostile(SMALL)))
    return lambda lang: ledger_book(sqlite_url, lang)


def _dangerous(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_xlsx_holds_no_formula(hostile_book, lang):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_bytes(hostile_book(lang))))
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not _dangerous(cell.value), (sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert "'=cmd|' /C calc'!A0" in seen and "'+1" in seen and "'@SUM(1)" in seen
    assert any("<script>alert(1)</script>" in v for v in seen)
    assert any("😀" in v for v in seen) and any("日本語の名前" in v for v in seen)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_csv_cells_are_neutralised(hostile_book, lang):
    rows = list(csv.reader(io.StringIO(csv_bytes(hostile_book(lang)).decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert all(not _dangerous(cell) for cell in cells)
    assert "'=cmd|' /C calc'!A0" in cells
    assert any(c.startswith("'=cmd|' /C calc'!A0") for c in cells)
    widths = {len(row) for row in rows}
    assert widths == {len(COLUMNS)}  # quotes and newlines inside names never split a row


def test_markdown_escapes_html_and_pipes(hostile_book):
    text = markdown_bytes(hostile_book("en")).decode()
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    body = [line for line in text.splitlines() if line.startswith("| ")]
    columns = {len(line.replace("\\|", "")) - len(line.replace("\\|", "").replace("|", "")) for line in body[:8]}
    assert columns == {len(COLUMNS) + 1}  # one cell a column: a pipe in a name is escaped


def test_md_cell():
    assert md_cell("a|b\nc <x> & \\") == "a\\|b<br>c &lt;x&gt; &amp; \\\\"
    assert md_cell(None) == "" and md_cell(3) == "3"


def test_every_hostile_string_is_used():
    names = set()
    for section in hostile(SMALL).values():
        if isinstance(section, list):
            names.update(v for r in section for v in r.get("name", {}).values())
    assert set(HOSTILE) <= names


MARKUP = "[l](javascript:alert(1)) *em* `code` _u_ ![i](x.png) # h"


@pytest.mark.parametrize("args", [("ledger", "-f", "md"), ("ledger", "-f", "md", "--lang", "en"),
                                  ("subprocessors",), ("ropa", "-f", "md")])
def test_markdown_names_stay_text(tmp_path, monkeypatch, capsysbinary, args):
    """A name holding Markdown's own markup renders as the name: no link, emphasis, code or image."""
    from markdown_it import MarkdownIt

    document = {
        "organization": {"key": "org", "name": MARKUP, "country": "JP"},
        "purposes": [{"key": "billing", "name": MARKUP}],
        "items": [{"key": "email", "name": MARKUP, "purposes": ["billing"]}],
        "systems": [{"key": "db", "name": MARKUP, "items": ["email"]}],
        "recipients": [{"key": "psp", "name": MARKUP, "kind": "contractor", "country": "JP"}],
        "flows": [{"from": "db", "to": "psp", "items": ["email"], "basis": "outsourcing", "purposes": ["billing"]}],
        "gdpr": {"role": "controller", "purposes": [{"purpose": "billing", "basis": "contract"}]},
    }
    db = str(tmp_path / "m.db")
    load_into(resolve_url(db), write_manifest(tmp_path / "m", document))
    code, out, err = run_daicho(monkeypatch, capsysbinary, *args, "--db", db)
    assert code == 0, err
    html = MarkdownIt("commonmark").enable("table").render(out.decode("utf-8"))
    assert "javascript" in html and not any(tag in html for tag in ("<a ", "<em>", "<code>", "<img"))
