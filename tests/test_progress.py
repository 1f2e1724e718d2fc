"""Progress lines say every step in the command's language: the steps the load, the checks, the export and the
ledger report are codes or phrases, said by cli/progress.py (no English on a Japanese terminal but codes)."""

from __future__ import annotations

import datetime as dt
import io
import re

from daicho.catalog import resolved
from daicho.catalog.checks.context import load_context
from daicho.catalog.checks.engine import iter_findings
from daicho.cli.progress import step_progress, step_words
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from daicho.inventory.export import write_document
from daicho.inventory.rows import stored_document
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths

_LATIN = re.compile(r"[A-Za-z]")


def _collect() -> tuple[list, object]:
    steps: list = []
    return steps, lambda step, done, total: steps.append(step)


def _japanese_but(text: str, *codes: str) -> bool:
    """Whether `text` holds no Latin letter once the codes it names are taken out."""
    for code in codes:
        text = text.replace(str(code), "")
    return not _LATIN.search(text)


def test_a_loads_steps_are_said_in_japanese(tmp_path):
    steps, collect = _collect()
    result = validate_paths([example_path("engoo")], collect)
    resolved.load(Store(resolve_url(str(tmp_path / "d.db"))), result, collect)
    assert {"reading", "validating", "indexes", "item", "flow"} <= set(steps)
    for step in set(steps):
        words, unit = step_words(step, "ja", tables=True)
        english, _ = step_words(step, "en", tables=True)
        assert words and _japanese_but(words, step) and _japanese_but(unit), (step, words, unit)
        assert words != english


def test_the_checks_steps_name_the_rule_in_the_language(engoo_url):
    steps, collect = _collect()
    list(iter_findings(load_context(engoo_url, dt.date(2026, 12, 1)), progress=collect))
    assert len(steps) > 10
    for step in steps:
        rule = step.params["rule"]
        assert step_words(step, "en")[0] == f"checking {rule}"
        said = step_words(step, "ja")[0]
        assert rule in said and _japanese_but(said, rule), said


def test_the_exports_steps_name_the_section_in_the_language(engoo_url):
    steps, collect = _collect()
    with ReadDB(engoo_url) as conn:
        write_document(stored_document(conn), io.StringIO(), "yaml", collect)
    assert steps
    for step in steps:
        said = step_words(step, "ja")[0]
        assert _japanese_but(said, step.params["table"]) and step_words(step, "en")[0] == str(step)


def test_the_ledgers_steps_and_the_start_are_said_in_japanese():
    for step in ("starting", "reading the inventory", "ledger rows", "ledger sheets"):
        words, unit = step_words(step, "ja")
        assert words and _japanese_but(words) and _japanese_but(unit)


def test_a_step_already_said_is_shown_as_it_is():
    assert step_words("図の書き出し", "ja") == ("図の書き出し", "")  # the report and diagram say their own steps
    assert step_words("flow_item", "ja", tables=True)[0] != "flow_item"  # a load's table is a code to say


def test_no_progress_when_piped(capsys):
    with step_progress(lang="ja") as show:  # pytest's stderr is not a terminal
        show("reading the inventory", 1, 2)
    assert capsys.readouterr().err == ""



def test_steps_are_padded_to_one_column_whatever_their_script():
    from daicho.cli.progress import _padded
    from rich.cells import cell_len

    widths = {cell_len(_padded(step_words(s, lang)[0])) for s in ("starting", "ledger rows") for lang in ("en", "ja")}
    assert widths == {26}


def test_the_ledger_tells_its_rows_then_its_sheets(engoo_url):
    from daicho.catalog.review.ledger_stream import write_ledger

    for fmt, stream_rows in (("xlsx", 0), ("xlsx", 10**6), ("md", 10**6), ("csv", 10**6)):
        steps: list = []
        write_ledger(engoo_url, fmt, io.BytesIO(), "ja", stream_rows=stream_rows,
                     progress=lambda step, done, total, steps=steps: steps.append((step, done, total)))
        rows = [s for s in steps if s[0] == "ledger rows"]
        assert rows and rows[-1][1] == rows[-1][2] > 0, fmt  # the last row told
        sheets = [n for n, s in enumerate(steps) if s[0] == "ledger sheets"]
        if fmt == "csv":  # no side sheets
            assert sheets == [], fmt
        else:
            assert len(sheets) == 1 and steps.index(rows[-1]) < sheets[0], fmt


def test_an_uncounted_step_after_a_finished_one_shows_no_count_and_the_time_runs_on(monkeypatch):
    import time

    from daicho.cli.progress import _line
    from rich.console import Console

    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    out = io.StringIO()
    with _line("開始", Console(file=out, force_terminal=True, width=100, color_system=None)) as show:
        show("台帳の行の書き出し", "行", 100, 100)  # a counted step, finished
        clock[0] += 75
        show("委託先と外国への移転", "", 0, 0)  # then one that is not counted
        frames = out.getvalue()
    last = frames[frames.rindex("委託先と外国への移転"):].split("\r")[0]
    assert "/100 行" in frames and "/100" not in last  # counted, then not
    assert "0:01:15" in last  # the time since the line appeared, not frozen when the rows finished


def test_the_line_stays_one_line_at_60_columns():
    from daicho.cli.progress import _line
    from rich.console import Console

    out = io.StringIO()
    with _line("開始", Console(file=out, force_terminal=True, width=60, color_system=None)) as show:
        show("台帳の行の書き出し", "行", 2000, 100025)
    frame = [f for f in out.getvalue().split("\r") if "2000" in f][-1]
    assert "2000/100025 行 0:00:0" in frame and frame.count("\n") <= 1  # the count, its unit and the time whole
