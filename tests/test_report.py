"""The audit pack: files, page structure, escaping of hostile names, no outside URLs, missing parts, and
the page in headless Chromium (when installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.review.report import write_report
from daicho.catalog.review.report_html import asset, inline_svg, script_hash
from test_ledger import run_daicho
from test_ledger_data import HOSTILE, SMALL, hostile

CHROMIUM = Path("/usr/bin/chromium")
SECTIONS = ["summary", "ledger", "lineage", "checks", "cross-border", "contractors", "breach", "history", "files"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


class Page(HTMLParser):
    """What the tests look at in a page: elements, attributes, scripts, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder / "m", SMALL))
    write_report(url, folder / "pack", "ja")
    return folder / "pack"


@pytest.fixture(scope="module")
def hostile_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder / "m", hostile(SMALL)))
    write_report(url, folder / "pack", "en")
    return folder / "pack"


def _page(folder: Path) -> tuple[str, Page]:
    text = (folder / "index.html").read_text(encoding="utf-8")
    return text, Page(text)


def test_pack_files(small_pack):
    for name in ("index.html", "ledger.xlsx", "ledger.csv", "checks.sarif"):
        assert (small_pack / name).stat().st_size > 0, name
    assert (small_pack / "ledger.xlsx").read_bytes()[:2] == b"PK"
    sarif = json.loads((small_pack / "checks.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "daicho"


@needs_dot
def test_diagrams_beside_and_inline(small_pack):
    files = sorted(p.name for p in (small_pack / "diagrams").iterdir())
    assert files == ["item-card.svg", "item-email.svg", "item-email_hash.svg", "item-name.svg", "item-stats.svg",
                     "map.svg"]
    assert all((small_pack / "diagrams" / f).stat().st_mode & 0o044 for f in files)  # readable by others
    _, page = _page(small_pack)
    assert len(page.tags("svg")) == 6 and all(a.get("role") == "img" for a in page.tags("svg"))


def test_page_structure(small_pack):
    text, page = _page(small_pack)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"ja\">")
    assert [a["id"] for a in page.tags("section")] == SECTIONS
    assert [a["href"] for a in page.tags("a") if (a.get("href") or "").startswith("#")] == [f"#{s}" for s in SECTIONS]
    ledger = text[text.index('<table id="ledger-table">'):]
    assert ledger[:ledger.index("</table>")].count("<tr") == 1 + 7
    assert page.tags("input") == [{"id": "ledger-table-filter", "type": "search", "data-filter": "ledger-table",
                                   "disabled": None,
                                   "placeholder": "語を入力（空白区切りで AND）", "autocomplete": "off"}]
    assert "個人情報管理台帳" in page.text and "クラウド社 > メール社" in "".join(page.text)
    assert '<tr class="sensitive">' in text


def test_one_script_allowed_by_its_hash(small_pack):
    text, page = _page(small_pack)
    assert len(page.tags("script")) == 1 and page.tags("script")[0] == {}
    assert page.scripts[0].strip() == asset("report.js").strip()
    csp = [a["content"] for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"][0]
    assert f"script-src {script_hash(asset('report.js'))};" in csp and "default-src 'none'" in csp


def test_no_outside_urls(small_pack):
    text, page = _page(small_pack)
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name in ("href", "src", "xlink:href", "action", "data", "poster", "srcset"):
                assert value and not value.startswith(("http:", "https:", "//", "javascript:")), (tag, name, value)
    assert "http://" not in text and "https://" not in text
    assert "@import" not in text and "url(" not in text.replace("url(#", "")
    assert not page.tags("link") and not page.tags("img") and not page.tags("iframe")


def test_hostile_names_stay_text(hostile_pack):
    text, page = _page(hostile_pack)
    assert len(page.tags("script")) == 1 and page.scripts[0].strip() == asset("report.js").strip()
    assert not page.tags("img") and not page.tags("b")
    for tag, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    for raw in ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>&amp;</b>"):
        assert raw not in text
    shown = "".join(page.text)
    for name in HOSTILE:
        assert name.replace("\r", "").split("\n")[0] in shown.replace("\r", ""), name
    assert "&amp;amp;" in text  # the user's own "&amp;" shown as typed


def test_svg_is_sanitised():
    svg = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0 0 10 10" '
           'onload="alert(1)"><!-- c --><script>alert(2)</script><g id="a"><title>&lt;b&gt;</title>'
           '<a xlink:href="https://evil.example/"><text onclick="x()">hi</text></a><a xlink:href="#a"/>'
           '<foreignObject><div>x</div></foreignObject><rect style="fill:url(http://x/y)"/>'
           '<image xlink:href="http://x/i.png"/></g></svg>')
    out = inline_svg(svg, 'A "map" <x>')
    page = Page(out)
    assert [tag for tag, _ in page.elements] == ["svg", "g", "title", "a", "text", "a", "rect"]
    assert "http" not in out and "alert" not in out and "onclick" not in out and "<!--" not in out
    assert page.elements[0][1] == {"width": "10pt", "height": "10pt", "viewbox": "0 0 10 10", "role": "img",
                                   "aria-label": 'A "map" <x>'}
    assert page.elements[5][1] == {"xlink:href": "#a"} and "&lt;b&gt;" in out


def test_missing_parts_are_said_in_the_page(tmp_path, sqlite_url, monkeypatch):
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    for module in ("daicho.catalog.checks", "daicho.catalog.diagram.render", "daicho.catalog.breach.triage"):
        monkeypatch.setitem(sys.modules, module, None)
    pack = write_report(sqlite_url, tmp_path / "pack", "en")
    assert [n.split(":")[0] for n in pack.notes] == ["checks", "diagrams", "breach"]
    assert [p.name for p in pack.files] == ["index.html", "ledger.xlsx", "ledger.csv"]
    text, page = _page(tmp_path / "pack")
    assert text.count('<p class="missing">') == 3 and [a["id"] for a in page.tags("section")] == SECTIONS
    assert "the check catalog is not available" in text


def test_command(tmp_path, sqlite_url, monkeypatch, capsysbinary):
    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "-o", str(tmp_path / "out"), "--lang", "en",
                              "--as-of", "2025-04-01", "--db", sqlite_url)
    assert code == 0, err
    assert err.splitlines()[0] == f"wrote {tmp_path / 'out' / 'index.html'}"
    text = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "As of: 2025-04-01" in text and '<html lang="en">' in text


def test_engoo_pack(engoo_url, tmp_path):
    pack = write_report(engoo_url, tmp_path / "pack", "en")
    text, page = _page(tmp_path / "pack")
    assert [a["id"] for a in page.tags("section")] == SECTIONS and len(page.tags("script")) == 1
    assert "DMM.com LLC." in text and "Philippines (PH)" in text
    assert not [n for n in pack.notes if not n.startswith("diagrams") or shutil.which("dot")]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed at /usr/bin/chromium")
def test_page_in_headless_chromium(small_pack, tmp_path):
    """Chromium opens the page offline from file://, runs our script under the page's CSP (the filter box
    gets enabled and the count set), and takes a screenshot."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,2000"]
    url = (small_pack / "index.html").resolve().as_uri()
    with tempfile.TemporaryDirectory() as profile:
        shot = subprocess.run([str(CHROMIUM), *flags, f"--user-data-dir={profile}",
                               f"--screenshot={tmp_path / 'page.png'}", url], capture_output=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-500:]
    png = (tmp_path / "page.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([str(CHROMIUM), *flags, f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, timeout=120, text=True)
    page = Page(dom.stdout)
    box = page.tags("input")[0]
    assert "disabled" not in box, "the inline script did not run (CSP hash or script error)"
    assert len([a for a in page.tags("section")]) == len(SECTIONS)


@needs_dot
def test_item_diagrams_are_capped(tmp_path, sqlite_url, monkeypatch):
    from daicho.catalog.review import report_data

    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    monkeypatch.setattr(report_data, "MAX_ITEM_DIAGRAMS", 2)
    write_report(sqlite_url, tmp_path / "pack", "en")
    assert sorted(p.name for p in (tmp_path / "pack" / "diagrams").iterdir()) == ["item-email.svg",
                                                                                  "item-name.svg", "map.svg"]
    assert "Diagrams of 3 more items are left out" in (tmp_path / "pack" / "index.html").read_text()


@needs_dot
def test_big_parts_are_cut_and_say_so(tmp_path, sqlite_url, monkeypatch):
    from daicho.catalog.review import report_breach, report_data

    load_into(sqlite_url, write_manifest(tmp_path / "m", SMALL))
    monkeypatch.setattr(report_data, "MAX_INLINE_SVG", 1)
    monkeypatch.setattr(report_data, "MAX_FINDINGS_PER_RULE", 1)
    monkeypatch.setattr(report_breach, "MAX_ITEMS", 1)
    write_report(sqlite_url, tmp_path / "pack", "en")
    text, page = _page(tmp_path / "pack")
    assert not page.tags("svg") and text.count("too large to show here") == 6
    assert "more findings of DAI" in text and "and 1 more items" in text
    crm = text[text.index("CRM — United States (US)"):]
    assert crm.index("Health note") < crm.index("and 4 more items")  # the sensitive item is listed first


def test_pack_writes_no_machine_paths(small_pack):
    """定義箇所 in the page and the URIs in checks.sarif are relative (here, outside the working directory: from the
    manifests' folder), never the machine's absolute path."""
    machine = str(small_pack.parent)
    for name in ("index.html", "checks.sarif"):
        assert machine not in (small_pack / name).read_text(encoding="utf-8"), name
    text, _ = _page(small_pack)
    assert "定義箇所: m/inventory.yaml:" in text
    sarif = json.loads((small_pack / "checks.sarif").read_text(encoding="utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
            for loc in r["locations"] if "physicalLocation" in loc}
    assert uris == {"m/inventory.yaml"}


def test_transfers_table_has_the_status_of_every_foreign_flow(small_pack):
    text, _ = _page(small_pack)
    table_html = text[text.index('<table id="cross-border-flows">'):]
    table_html = table_html[:table_html.index("</table>")]
    assert table_html.count("<tr") == 1 + 4  # header + the four flows `abroad` lists (SMALL)
    assert 'class="status-bad"' in table_html  # a flow without its basis is marked
    assert "外国移転の根拠" in table_html


def test_print_header_cannot_leave_its_css_string():
    from daicho.catalog.review.report_sections import css_string

    hostile_title = '"; } </style><script>alert(1)</script> \\ 監査'
    out = css_string(hostile_title)
    assert out.startswith('"') and out.endswith('"') and '"' not in out[1:-1]
    assert not any(c in out for c in "<>;{}") and "\\00003c" in out and "\\00ff08" not in out
    assert css_string("Acme 1") == '"Acme 1"'


def test_ledger_keys_are_never_broken_on_screen(engoo_url, tmp_path):
    """The key column of the on-screen ledger is marked as keys, and the CSS keeps those cells on one line."""
    import re

    from daicho.catalog.review.report import write_report

    write_report(engoo_url, tmp_path / "pack", lang="ja")
    page = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    screen = page[page.index('id="ledger-table"'):]
    screen = screen[:screen.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", screen)
    assert rows and all('<td class="key">' in row for row in rows if "<td" in row)
    assert re.search(r"td\.key \{ white-space: nowrap;", page)
