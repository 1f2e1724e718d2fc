"""The audit pack in a real browser (issue 14.9): Debian's Chromium, installed by scripts/system-deps.sh, driven
headless over the DevTools pipe (tests/browser.py). The ledger filter filters; the page logs no console error;
it opens offline (no request leaves file://); at 1,400 px only the ledger's own box scrolls sideways, under a
sticky header; printed to PDF (A4 landscape), every ledger header is on the paper (pdftotext), on every page
the ledger runs over, with the page's running header and page numbers; the transfers table shows abroad's
status for every foreign flow, styled by what it means.

Skipped, saying why, only where Chromium (or pdftotext) is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import Browser, find_chromium
from conftest import load_into, write_manifest
from daicho.catalog.review.ledger_labels import COLUMNS, PRINT_PARTS, headers, word
from daicho.catalog.review.report import write_report
from test_ledger_data import SMALL, hostile

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (scripts/system-deps.sh "
                                    "installs Debian's chromium when run as root)")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext is not installed (poppler-utils, scripts/system-deps.sh)")
pytestmark = needs_chromium

#: SMALL with enough ledger rows to run over several printed pages, and a flow of each foreign status
MANY = {**SMALL, "items": SMALL["items"] + [
    {"key": f"extra{n}", "name": {"en": f"Extra item {n}", "ja": f"追加項目{n}"}, "purposes": ["support", "billing"],
     "acquisition": ["provided"], "disposal": "shredded " * 6} for n in range(30)]}


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("browser")
    out = {}
    for lang, document in (("ja", MANY), ("en", hostile(SMALL))):
        url = f"sqlite:///{folder / f'{lang}.db'}"
        load_into(url, write_manifest(folder / f"m-{lang}", document))
        write_report(url, folder / lang, lang)
        out[lang] = folder / lang
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as driver:
        yield driver


def _shown_rows(browser: Browser) -> int:
    return browser.evaluate("[...document.querySelectorAll('#ledger-table tbody tr')].filter(r => !r.hidden).length")


def _type(browser: Browser, text: str) -> None:
    browser.evaluate("(() => { const box = document.getElementById('ledger-table-filter'); "
                     f"box.value = {text!r}; box.dispatchEvent(new Event('input')); }})()")


def test_the_ledger_filter_filters(browser, packs):
    browser.open(packs["ja"] / "index.html")
    total = len(MANY["items"]) + 1  # both processes name the email address
    assert browser.evaluate("document.getElementById('ledger-table-filter').disabled") is False
    assert _shown_rows(browser) == total
    _type(browser, "追加項目1")  # 追加項目1 and 追加項目10–19
    assert _shown_rows(browser) == 11
    assert browser.evaluate("document.getElementById('ledger-table-count').textContent") == "11"
    _type(browser, "追加項目1 追加項目12")  # every word must match
    assert _shown_rows(browser) == 1
    _type(browser, "クラウド社")  # the contractor column (the CRM it runs holds email, name and health)
    assert _shown_rows(browser) == 4
    _type(browser, "no such thing")
    assert _shown_rows(browser) == 0
    _type(browser, "")
    assert _shown_rows(browser) == total


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_console_errors_and_no_network(browser, packs, lang):
    """The page (the English one is made of hostile names) runs its script under its CSP without an error or a
    CSP violation, and asks for nothing beyond its own file."""
    browser.console.clear()
    browser.requests.clear()
    browser.open(packs[lang] / "index.html")
    browser.evaluate("new Promise(r => setTimeout(r, 200))")
    assert browser.console == []
    assert browser.requests and all(url.startswith("file://") for url in browser.requests), browser.requests
    assert browser.evaluate("document.querySelectorAll('script').length") == 1  # nothing injected ran
    assert browser.evaluate("performance.getEntriesByType('resource').length") == 0


def test_offline_under_csp(browser, packs):
    """A request the page might try is refused by the CSP, not sent: the page works with no network at all."""
    browser.open(packs["ja"] / "index.html")
    browser.command("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1,
                    uploadThroughput=-1)
    try:
        browser.open(packs["ja"] / "index.html")
        assert browser.evaluate("document.getElementById('ledger-table-filter').disabled") is False
        assert browser.evaluate("document.querySelectorAll('section').length") == 9
    finally:
        browser.command("Network.emulateNetworkConditions", offline=False, latency=0, downloadThroughput=-1,
                        uploadThroughput=-1)


def test_1400px_wide_screen(browser, packs):
    """The page does not scroll sideways at 1,400 px: the ledger scrolls in its own box, its header sticks."""
    browser.viewport(1400, 900)
    browser.open(packs["ja"] / "index.html")
    width = browser.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    box = browser.evaluate("(() => { const b = document.querySelector('#ledger .scroll'); "
                           "return [b.scrollWidth > b.clientWidth, b.scrollHeight > b.clientHeight]; })()")
    assert box == [True, True]
    top = browser.evaluate("(() => { const b = document.querySelector('#ledger .scroll'); b.scrollTop = 400; "
                           "return document.querySelector('#ledger-table thead th').getBoundingClientRect().top - "
                           "b.getBoundingClientRect().top; })()")
    assert abs(top) <= 2  # the header row stays at the top of the box
    svg = browser.evaluate("(() => { const s = document.querySelector('#lineage .diagram svg'); "
                           "return s ? s.getBoundingClientRect().right <= document.documentElement.clientWidth : true;"
                           " })()")
    assert svg


def test_transfers_show_abroad_status_styled(browser, packs):
    from daicho.catalog.lineage.nodes import abroad
    from daicho.inventory.db import ReadDB

    browser.open(packs["en"] / "index.html")
    cells = browser.evaluate("[...document.querySelectorAll('#cross-border-flows tbody tr')].map(r => "
                             "[r.className, r.lastElementChild.textContent, "
                             "getComputedStyle(r.lastElementChild).color])")
    url = f"sqlite:///{packs['en'].parent / 'en.db'}"
    with ReadDB(url) as db:
        flows = abroad(db)["flows"]
    assert len(cells) == len(flows)
    for (classes, text, color), flow in zip(cells, flows, strict=True):
        assert text.startswith(word(f"status_{flow['status']}", "en")), (text, flow["status"])
        if flow["status"] in ("missing", "unknown_country"):
            assert classes == "status-bad" and color == "rgb(179, 38, 30)"  # --error
    assert {c[0] for c in cells} >= {"status-bad"}


@needs_pdftotext
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_printed_pdf_keeps_every_ledger_header(browser, packs, tmp_path, lang):
    pack = packs[lang]
    browser.open(pack / "index.html")
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(browser.pdf())
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,  # in drawing order
                          check=True).stdout
    pages = text.split("\f")
    flat = "".join(text.split())
    for header in headers(COLUMNS, lang):
        assert "".join(header.split()) in flat, header
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+84[12](\.\d+)? x 59[45](\.\d+)? pts \(A4\)", info), info  # A4 landscape
    # each printed part of the ledger repeats its header on every page it runs over; pages are numbered
    first, last = headers(tuple(c for c in COLUMNS if c[0] in (PRINT_PARTS[1][0], PRINT_PARTS[1][-1])), lang)
    ledger_pages = [p for p in pages if re.search(r"extra\d+ (追加項目|Extra item)", p)]  # a row: key, then item
    for page in ledger_pages:
        assert first in page, page[:200]
    if lang == "ja":
        assert len(ledger_pages) >= 4  # two parts, each over at least two pages
        assert sum("".join(last.split()) in "".join(p.split()) for p in ledger_pages) >= 2
        assert f"1 / {len(pages) - 1} ページ" in text or f"1 / {len(pages)} ページ" in text
    else:
        assert "Page 1 of" in text


@needs_pdftotext
def test_printed_ledger_fits_the_page(browser, packs, tmp_path):
    """No printed ledger column runs off the page: every row of both parts lies inside the page box."""
    browser.open(packs["ja"] / "index.html")
    browser.command("Emulation.setEmulatedMedia", media="print")
    try:
        overflow = browser.evaluate(
            "[...document.querySelectorAll('.ledger-part table')].map(t => t.scrollWidth - "
            "t.parentElement.clientWidth)")
    finally:
        browser.command("Emulation.setEmulatedMedia", media="")
    assert overflow and all(o <= 1 for o in overflow), overflow


@needs_pdftotext
def test_printing_opens_every_closed_section_then_closes_it(browser, packs, tmp_path):
    """Warnings, notes and per-item diagrams sit in closed <details> on screen; the printed pack shows them all
    (an auditor's PDF must not drop findings), and the screen gets its closed sections back afterwards."""
    browser.open(packs["ja"] / "index.html")
    closed = browser.evaluate("document.querySelectorAll('details:not([open])').length")
    hidden_rules = browser.evaluate(
        "[...new Set([...document.querySelectorAll('details:not([open])')].flatMap(d => "
        "[...d.textContent.matchAll(/DAI\\d{3}/g)].map(m => m[0])))]")
    assert closed and hidden_rules  # the example has closed warnings to lose
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(browser.pdf())
    text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert [r for r in hidden_rules if r not in text] == []
    assert browser.evaluate("document.querySelectorAll('details:not([open])').length") == closed
