"""The pack's checks run in a forked child (catalog/review/report_checks.py): the same checks.sarif, findings,
counts and progress as in the pack's own process; the child's error raised here; its death one clear error."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from daicho.catalog.review import report_checks
from daicho.catalog.review.report_checks import checks_here, run_checks
from daicho.inventory.errors import StoreError

_AS_OF = dt.date(2026, 4, 1)


def _seen(result: dict) -> tuple:
    return ([(f.rule, f.severity, f.key, f.message) for f in result["findings"]], dict(result["finding_counts"]),
            sorted(result["rules"]), result["manifest_root"])


def test_the_child_gives_what_the_process_itself_gives(example_url, tmp_path):
    told: dict[str, list] = {"child": [], "here": []}
    (tmp_path / "child").mkdir()
    (tmp_path / "here").mkdir()
    child = run_checks(example_url, _AS_OF, tmp_path / "child", lambda *a: told["child"].append(a))
    here = checks_here(example_url, _AS_OF, tmp_path / "here", lambda *a: told["here"].append(a))
    assert _seen(child) == _seen(here)
    assert child["findings"]  # the examples have findings to compare
    assert (tmp_path / "child" / "checks.sarif").read_bytes() == (tmp_path / "here" / "checks.sarif").read_bytes()
    assert told["child"] == told["here"] and told["child"]
    assert child["rules"][next(iter(child["rules"]))] is here["rules"][next(iter(here["rules"]))]


def test_an_error_in_the_child_is_raised_here(engoo_url, tmp_path, monkeypatch):
    def failing(*_):
        raise StoreError("the store is gone")

    monkeypatch.setattr(report_checks, "checks_here", failing)
    with pytest.raises(StoreError, match="the store is gone"):
        run_checks(engoo_url, _AS_OF, tmp_path, lambda *a: None)


def test_a_child_that_dies_is_one_clear_error(engoo_url, tmp_path, monkeypatch):
    monkeypatch.setattr(report_checks, "checks_here", lambda *_: os._exit(3))
    with pytest.raises(RuntimeError, match="the process running the checks stopped"):
        run_checks(engoo_url, _AS_OF, tmp_path, lambda *a: None)
