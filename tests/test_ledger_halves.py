"""The ledger's rows written by two processes (`catalog.review.ledger_halves`): the same bytes as one process
writing them all — csv and every part of the streamed xlsx, wherever the rows are cut —, on the examples and on
generated inventories; the report's ledger files too; a failing second process fails the ledger."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.review import ledger_halves
from daicho.catalog.review.ledger import Index, count_rows, iter_ledger_rows
from daicho.catalog.review.ledger_stream import CsvSink, write_ledger
from daicho.catalog.review.ledger_writers import LedgerBook
from daicho.catalog.review.reach import ReviewFacts
from hypothesis import HealthCheck, given, settings
from test_lineage_property import _FAST_TMP, inventories

DAY = dt.date(2026, 12, 1)


def _ledger(url: str, fmt: str, lang: str, halves: bool, monkeypatch) -> bytes:
    """The ledger as `daicho ledger` writes it, with the rows cut in two (at any size) or written by one."""
    monkeypatch.setattr(ledger_halves, "SPLIT_ROWS", 1 if halves else 10**9)
    monkeypatch.setattr(ledger_halves, "processes", lambda: 2)
    monkeypatch.setattr(ledger_halves, "IDLE_CORES", 0)  # however busy the machine running the tests
    out = io.BytesIO()
    write_ledger(url, fmt, out, lang, created=DAY, stream_rows=0)  # xlsx: streamed, as a large ledger
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    """An xlsx's parts but docProps/core.xml (its creation time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_two_processes_write_the_same_ledger(example_url, lang, monkeypatch):
    assert _ledger(example_url, "csv", lang, True, monkeypatch) == _ledger(example_url, "csv", lang, False,
                                                                           monkeypatch)
    one, two = (_ledger(example_url, "xlsx", lang, halves, monkeypatch) for halves in (False, True))
    assert _parts(two) == _parts(one)


def _csv_cut_at(facts: ReviewFacts, index: Index, cut: int | None) -> tuple[bytes, list[int]]:
    book = LedgerBook(lang="ja", organization="", rows=[], created=DAY)
    total = count_rows(facts)
    told: list[int] = []
    out = io.BytesIO()
    with CsvSink(book, out) as sink:
        ledger_halves.fill([sink], lambda a, b: iter_ledger_rows(facts, index=index, start=a, stop=b), total,
                           told.append, cut=cut)
    return out.getvalue(), told


def test_any_cut_gives_the_same_rows(example_url):
    facts = ReviewFacts.load(example_url, light=True, flow_items=False)
    index = Index(facts.inventory, facts)
    total = count_rows(facts)
    whole, told = _csv_cut_at(facts, index, 0)  # 0: no cut, one process
    assert told[-1] == total
    for cut in sorted({1, 2, total // 3, total // 2, total - 1}):
        made, told = _csv_cut_at(facts, index, cut)
        assert made == whole, cut
        assert told[-1] == total


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(doc=inventories())
def test_two_processes_on_generated_inventories(doc, monkeypatch):
    doc = {"organization": {"key": "acme", "name": "Acme", "country": "JP"}, **doc}
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        assert _ledger(url, "csv", "ja", True, monkeypatch) == _ledger(url, "csv", "ja", False, monkeypatch)
        assert _parts(_ledger(url, "xlsx", "en", True, monkeypatch)) == \
            _parts(_ledger(url, "xlsx", "en", False, monkeypatch))


class _Lines:
    """A sink of text lines, as the module's sinks behave (`twin`, `append`)."""

    def __init__(self, out: io.BufferedIOBase | None = None) -> None:
        self.out = out or io.BytesIO()

    def write(self, row: int) -> None:
        self.out.write(f"{row}\n".encode())

    def twin(self, out, skip: int) -> _Lines:
        return _Lines(out)

    def flush(self) -> None:
        self.out.flush()

    def append(self, part, rows: int) -> None:
        self.out.write(part.read())


def _rows(start: int, stop: int):
    for n in range(start, stop):
        if n == 7:
            raise ValueError("row 7 cannot be made")
        yield n


def test_a_failing_second_process_fails_the_ledger():
    sink = _Lines()
    with pytest.raises(RuntimeError, match="row 7 cannot be made"):
        ledger_halves.fill([sink], _rows, 10, cut=5)
    sink = _Lines()
    ledger_halves.fill([sink], lambda a, b: range(a, b), 10, cut=5)
    assert sink.out.getvalue() == b"".join(f"{n}\n".encode() for n in range(10))


def test_meanwhile_runs_once_here_after_this_process_rows():
    """`fill(meanwhile=…)`: this process's other work, once its own rows are written (the child's not yet
    appended); after every row when one process writes them all."""
    import os

    for cut in (5, 0):
        sink, seen = _Lines(), []
        parent = os.getpid()
        ledger_halves.fill([sink], lambda a, b: range(a, b), 10, cut=cut,
                           meanwhile=lambda sink=sink, seen=seen: seen.append((os.getpid(), sink.out.getvalue())))
        written = b"".join(f"{n}\n".encode() for n in range(10))
        assert seen == [(parent, written[:10] if cut else written)]
        assert sink.out.getvalue() == written


def test_report_ledger_files_are_the_same_in_two_processes(example_url, tmp_path, monkeypatch):
    from daicho.catalog.review import ledger_stream, report_data
    from daicho.catalog.review.report import write_report

    monkeypatch.setattr(ledger_stream, "STREAM_ROWS", 0)  # streamed xlsx, as in a large report
    monkeypatch.setattr(report_data, "MAX_TABLE_ROWS", 1)  # the page's rows: the first process's
    made = {}
    for halves in (False, True):
        monkeypatch.setattr(ledger_halves, "SPLIT_ROWS", 1 if halves else 10**9)
        monkeypatch.setattr(ledger_halves, "processes", lambda: 2)
        monkeypatch.setattr(ledger_halves, "IDLE_CORES", 0)
        folder = tmp_path / str(halves)
        write_report(example_url, folder, "ja", as_of=DAY)
        made[halves] = ((folder / "ledger.csv").read_bytes(), _parts((folder / "ledger.xlsx").read_bytes()))
    assert made[True] == made[False]


def test_reaches_read_later_are_those_of_the_whole_read(example_url):
    """A read without reaches (`ledger_stream`: each process reads those of its own rows) gives, for the items
    asked, the reaches of the whole read; the contractor sheet's items come from the parties noted per item."""
    from daicho.catalog.review.ledger_sheets import contractor_rows

    whole = ReviewFacts.load(example_url, light=True)
    later = ReviewFacts.load(example_url, light=True, reaches=False)
    assert later.reaches == {}
    keys = sorted(whole.reaches)
    later.read_reaches(set(keys[::2]))
    assert later.reaches == {k: whole.reaches[k] for k in keys[::2]}
    later.read_reaches(set(keys[1::2]))
    assert later.reaches == whole.reaches
    later.parties = {k: [p.party for p in r.parties] for k, r in whole.reaches.items()}
    later.drop_reaches()
    assert later.reaches == {}
    assert later.receivers() == whole.receivers()
    assert contractor_rows(later, "ja") == contractor_rows(whole, "ja")


def test_when_rows_are_cut(monkeypatch):
    """Not for a small ledger, one core, a process too large to copy within `MEMORY`, or a busy machine."""
    monkeypatch.setattr(ledger_halves, "processes", lambda: 2)
    monkeypatch.setattr(ledger_halves, "resident", lambda: 300 * 1024**2)
    monkeypatch.setattr(ledger_halves, "idle_cores", lambda since: 1.0)
    assert ledger_halves.split_at(100_000, share=0.5) == 50_000
    assert ledger_halves.split_at(100_000, share=0.4) == 40_000
    assert ledger_halves.split_at(ledger_halves.SPLIT_ROWS - 1) is None
    monkeypatch.setattr(ledger_halves, "idle_cores", lambda since: 0.1)
    assert ledger_halves.split_at(100_000) is None
    monkeypatch.setattr(ledger_halves, "idle_cores", lambda since: None)  # not known: cut
    assert ledger_halves.split_at(100_000, share=0.5) == 50_000
    monkeypatch.setattr(ledger_halves, "resident", lambda: ledger_halves.MEMORY // 2 + 1)
    assert ledger_halves.split_at(100_000) is None
    monkeypatch.setattr(ledger_halves, "resident", lambda: 300 * 1024**2)
    monkeypatch.setattr(ledger_halves, "processes", lambda: 1)
    assert ledger_halves.split_at(100_000) is None


def test_idle_cores_from_two_marks():
    mark = ledger_halves.cpu_mark()
    if mark is None:
        pytest.skip("no /proc/stat")
    assert ledger_halves.idle_cores(None) is None
    assert ledger_halves.idle_cores((mark[0], mark[1] - 10**6)) >= 0
