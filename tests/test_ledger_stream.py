"""The streamed ledger (`catalog.review.ledger_stream`) writes what the whole-book writers write: the same CSV
bytes and the same XLSX cells and form (title block, merges, frozen panes, print titles, filter, page set-up,
header and footer), from the light read of the store (`ReviewFacts.load(light=True)`), which gives the same rows
as the read through `Store.inventory()`; `Chains` finds the same runs of parties as `_chains`."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.review.ledger import ledger_rows
from daicho.catalog.review.ledger_sheets import contractor_rows, cross_border_rows
from daicho.catalog.review.ledger_stream import write_ledger
from daicho.catalog.review.ledger_writers import csv_bytes, ledger_book, markdown_bytes, xlsx_bytes
from daicho.catalog.review.reach import ReviewFacts
from daicho.catalog.review.reach_chains import Chains, _chains
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_lineage_property import _FAST_TMP, inventories

DAY = dt.date(2026, 12, 1)


def _streamed(url: str, fmt: str, lang: str, stream_rows: int = 5_000) -> bytes:
    out = io.BytesIO()
    write_ledger(url, fmt, out, lang, created=DAY, stream_rows=stream_rows)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_streamed_csv_is_the_books_bytes(example_url, lang):
    assert _streamed(example_url, "csv", lang) == csv_bytes(ledger_book(example_url, lang, DAY))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_markdown_and_small_xlsx_are_the_books(example_url, lang):
    book = ledger_book(example_url, lang, DAY)
    assert _streamed(example_url, "md", lang) == markdown_bytes(book)
    assert _cells(_streamed(example_url, "xlsx", lang)) == _cells(xlsx_bytes(book))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_write_only_xlsx_has_the_books_cells_and_form(example_url, lang):
    whole = load_workbook(io.BytesIO(xlsx_bytes(ledger_book(example_url, lang, DAY))))
    streamed = load_workbook(io.BytesIO(_streamed(example_url, "xlsx", lang, stream_rows=0)))
    assert _cells_of(streamed) == _cells_of(whole)
    for a, b in zip(whole.worksheets, streamed.worksheets, strict=True):
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert (a.freeze_panes, a.print_title_rows, a.auto_filter.ref) == \
            (b.freeze_panes, b.print_title_rows, b.auto_filter.ref)
        assert (a.page_setup.orientation, a.page_setup.paperSize, a.page_setup.fitToWidth) == \
            (b.page_setup.orientation, b.page_setup.paperSize, b.page_setup.fitToWidth)
        assert b.sheet_properties.pageSetUpPr.fitToPage
        for part in ("left", "center", "right"):
            assert getattr(a.oddHeader, part).text == getattr(b.oddHeader, part).text
            assert getattr(a.oddFooter, part).text == getattr(b.oddFooter, part).text
        heights = {k: d.height for k, d in a.row_dimensions.items() if d.height}
        assert heights == {k: d.height for k, d in b.row_dimensions.items() if d.height}
        for row in range(1, min(a.max_row, 8) + 1):
            for col in range(1, a.max_column + 1):
                x, y = a.cell(row, col), b.cell(row, col)
                assert (x.font.b, x.font.sz, x.fill.fgColor.rgb, x.border.left.style, x.alignment.wrap_text) == \
                    (y.font.b, y.font.sz, y.fill.fgColor.rgb, y.border.left.style, y.alignment.wrap_text)


def _cells(data: bytes) -> list:
    return _cells_of(load_workbook(io.BytesIO(data)))


def _cells_of(workbook) -> list:
    return [(sheet.title, [[c.value for c in row] for row in sheet.iter_rows()]) for sheet in workbook.worksheets]


def _same_ledger(url: str) -> None:
    light, whole = ReviewFacts.load(url, light=True), ReviewFacts.load(url)
    csv = ReviewFacts.load(url, light=True, flow_items=False)  # the csv ledger's read (`abroad_flows`)
    for lang in ("ja", "en"):
        assert ledger_rows(light, lang) == ledger_rows(whole, lang)  # said in the language: the same text
        assert ledger_rows(csv, lang) == ledger_rows(whole, lang)
        assert contractor_rows(light, lang) == contractor_rows(whole, lang)
        assert cross_border_rows(light, lang) == cross_border_rows(whole, lang)


def test_light_read_makes_the_same_ledger_on_the_examples(example_url):
    _same_ledger(example_url)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
def test_light_read_makes_the_same_ledger(doc):
    # `abroad` needs the operator as a node (without `organization:` a foreign flow fails there, either read)
    doc = {"organization": {"key": "acme", "name": "Acme", "country": "JP"}, **doc}
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        _same_ledger(url)


def test_a_failing_ledger_leaves_no_file(tmp_path, monkeypatch, capsysbinary, example_url):
    from conftest import run_daicho
    from daicho.catalog.review import ledger

    def broken(*args, **kwargs):
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger, "iter_ledger_rows", broken)
    target = tmp_path / "out" / "l.csv"
    target.parent.mkdir()
    code, _, _ = run_daicho(monkeypatch, capsysbinary, "ledger", "-o", str(target), "--db", example_url)
    assert code != 0
    assert not list(target.parent.iterdir())  # neither the ledger nor its partial file


_PARTIES = [f"p{n}" for n in range(9)] + ["op", "op2"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_PARTIES[:-2]), st.sets(st.sampled_from(_PARTIES), max_size=5)),
       st.permutations(_PARTIES[:-2]), st.integers(1, 13), st.booleans(), st.booleans())
def test_chains_are_the_runs_of_the_search(into, order, cap, two_keys, look_for_free):
    """With one operator key or two (a run straight from either then comes twice before it is made once), and
    with the parties on no cycle found on small graphs too."""
    import daicho.catalog.review.reach_chains as reach

    operator = {"op", "op2"} if two_keys else {"op"}
    if not two_keys:
        into = {party: sources - {"op2"} for party, sources in into.items()}
    kept, free_from = reach.MAX_CHAINS, reach._FREE_FROM
    reach.MAX_CHAINS = cap
    reach._FREE_FROM = 0 if look_for_free else free_from
    try:
        runs = Chains(into, operator)
        for party in order:
            assert runs.of(party) == _chains(party, into, operator, ())
    finally:
        reach.MAX_CHAINS, reach._FREE_FROM = kept, free_from


def test_parties_on_no_cycle():
    from daicho.catalog.review.reach_chains import _acyclic

    sources = {"a": ["b", "op"], "b": ["c"], "c": ["a"], "d": ["a", "e"], "e": ["e"], "f": ["op"]}
    assert _acyclic(sources, {"op"}) == {"d", "f"}


def test_abroad_flows_are_abroads_entries_without_items(example_url: str) -> None:
    """The csv ledger's lighter read of `abroad`: the same entries in the same order, with the fields the ledger
    reads."""
    from daicho.catalog.lineage.nodes import abroad, abroad_flows
    from daicho.inventory.db import ReadDB

    with ReadDB(example_url) as db:
        full, light = abroad(db), abroad_flows(db)
    assert full["flows"], "the example lists foreign flows"
    assert light["home_country"] == full["home_country"]
    fields = ("flow", "to", "to_party", "to_country", "registered", "hosting", "foreign_basis")
    assert light["flows"] == [{**{f: entry[f] for f in fields},
                               "status": "storage" if entry["status"] == "storage" else None}
                              for entry in full["flows"]]
