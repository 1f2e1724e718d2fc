"""The ledger's words come from the gettext catalog and its rows hold no language: the Japanese ledger (the
default) of the bundled examples holds none of the tool's English, the English one keeps its words, and the
same rows are said in either language where they are written."""

from __future__ import annotations

import io
import re

import pytest
from conftest import load_into, run_daicho
from daicho.catalog.review.ledger import ReviewFacts, iter_ledger_rows, ledger_rows
from daicho.catalog.review.ledger_cells import Clause, Word, say
from daicho.catalog.review.ledger_labels import COLUMNS, CONTRACTOR_COLUMNS, CROSS_BORDER_COLUMNS, WORDS, tr
from daicho.catalog.review.ledger_sheets import contractor_rows, cross_border_rows
from daicho.catalog.review.ledger_writers import ledger_book, xlsx_bytes
from daicho.examples import example_path
from ja_scan import english_runs, inventory_strings


@pytest.fixture(scope="module", params=["engoo", "tsumiki"])
def example(request, tmp_path_factory) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp(request.param + '-words') / 'd.db'}"
    load_into(url, example_path(request.param))
    return request.param, url


def _ledger(monkeypatch, capsysbinary, url: str, fmt: str, *lang: str) -> str:
    code, out, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", url, "--format", fmt, *lang)
    assert code == 0, err
    return out.decode("utf-8-sig")


def _xlsx_text(data: bytes) -> str:
    """Every text of a workbook a reader meets: sheet names, cells, printed header and footer."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    parts = []
    for sheet in book.worksheets:
        parts += [sheet.title, sheet.oddHeader.left.text or "", sheet.oddFooter.left.text or "",
                  sheet.oddFooter.center.text or ""]
        parts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    return "\n".join(parts)


#: the tool's English words (context left out) with a Latin word in them; "SaaS" is SaaS in Japanese too
_TOOL_WORDS = sorted(({m.split("|", 1)[-1] for m in WORDS.values()} | {
    m.split("|", 1)[-1] for _, m, _ in COLUMNS + CONTRACTOR_COLUMNS + CROSS_BORDER_COLUMNS}) - {"SaaS"},
    key=len, reverse=True)


def _rendered(markdown: str) -> str:
    """Markdown's backslash escapes taken out (`card\\_number` reads card_number), as a renderer shows it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _tool_words_left(text: str, inventory: list[str]) -> list[str]:
    """The tool's own English words still in `text` once the inventory's own strings are taken out."""
    text = " ".join(text.split())
    for value in inventory:
        text = text.replace(value, " ")
    return [w for w in _TOOL_WORDS if re.search("[A-Za-z]{2}", w) and
            re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)]


def test_japanese_ledger_has_no_english_of_the_tools_own(monkeypatch, capsysbinary, example):
    name, url = example
    inventory = inventory_strings(example_path(name))
    csv_text = _ledger(monkeypatch, capsysbinary, url, "csv")  # Japanese is the ledger's default
    md_text = _rendered(_ledger(monkeypatch, capsysbinary, url, "md", "--lang", "ja"))
    assert csv_text.startswith('"管理番号","キー"') and md_text.startswith("# 個人情報管理台帳\n")
    workbook = _xlsx_text(xlsx_bytes(ledger_book(url, "ja")))
    for text in (csv_text, md_text, workbook):
        assert not english_runs(text, inventory)
        assert not _tool_words_left(text, inventory)
    assert "ページ" in workbook and "作成日" in workbook and "外国への移転" in workbook
    english = _rendered(_ledger(monkeypatch, capsysbinary, url, "md", "--lang", "en"))
    assert len(english_runs(english, inventory)) > 10  # the scan does find the English it looks for
    assert _tool_words_left(english, inventory)


def test_an_exception_of_27_1_is_cited_in_japanese(engoo_url):
    facts = ReviewFacts.load(engoo_url)
    ja = "\n".join("\n".join(r.provision) for r in ledger_rows(facts, "ja"))
    en = "\n".join("\n".join(r.provision) for r in ledger_rows(facts, "en"))
    assert "(法令等による例外 法27条1項1号)" in ja and "27(1)(i)" not in ja.replace("法27条1項1号", "")
    assert "(legal exception 27(1)(i))" in en
    assert Clause("27(1)(vii)").said("ja") == "法27条1項7号" and Clause("27(1)(vii)").said("en") == "27(1)(vii)"


def test_rows_hold_no_language_and_are_said_where_written(engoo_url):
    facts = ReviewFacts.load(engoo_url)
    rows = list(iter_ledger_rows(facts))
    first = rows[0]
    assert isinstance(first.info_class, Word) and first.id == "member_management/name"
    assert first.cell("info_class", "ja") == "個人情報" and first.cell("info_class", "en") == "personal information"
    assert first.cell("persons", "ja") == first.persons  # numbers stay numbers
    for lang in ("ja", "en"):
        said = ledger_rows(facts, lang)
        assert [[r.cell(c, lang) for c, *_ in COLUMNS] for r in rows] == \
            [[r.cell(c, lang) for c, *_ in COLUMNS] for r in said]
        for neutral, text in ((contractor_rows(facts), contractor_rows(facts, lang)),
                              (cross_border_rows(facts), cross_border_rows(facts, lang))):
            assert [r.said(lang) for r in neutral] == text


def test_words_with_a_context_and_the_lookup_kept():
    assert tr("ja", WORDS["yes"]) == "有" and tr("ja", WORDS["applies"]) == "該当"
    assert tr("en", WORDS["yes"]) == tr("en", WORDS["applies"]) == "Yes"  # English shows what follows the bar
    assert tr("en", "list|, ") == ", " and tr("ja", "list|, ") == "、"
    assert tr("ja", WORDS["medium"]) == "中" and tr("ja", "column|Medium") == "媒体"
    assert tr("ja", "(on: {trigger})").format(trigger="x") == "(契機: x)"
    assert say(None, "ja") == "" and say("as recorded", "ja") == "as recorded"
