"""`abroad_brief` (the terminal's `abroad`) gives `abroad`'s summary, statuses and named-only recipients, and the
entries of the flows the view shows, on the examples, a generated inventory and random ones."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage.abroad_brief import abroad_brief
from daicho.catalog.lineage.nodes import abroad
from daicho.cli.lineage_views_nodes import _ORDER
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, given, settings
from test_lineage_property import _FAST_TMP, inventories


def _same(db: ReadDB) -> None:
    full = abroad(db)
    for show in (0, 1, 3, 100):
        brief = abroad_brief(db, _ORDER, show)
        assert brief["summary"] == full["summary"]
        assert brief["named_only"] == full["named_only"]
        assert brief["home_country"] == full["home_country"]
        assert [(f["flow"], f["status"]) for f in brief["flows"]] == [(f["flow"], f["status"]) for f in full["flows"]]
        shown = sorted(full["flows"], key=lambda f: _ORDER.index(f["status"]))[:show]
        by_flow = {f["flow"]: f for f in brief["flows"]}
        assert [by_flow[f["flow"]] for f in shown] == shown  # whole entries, items and notes included
        assert sum(len(f) > 2 for f in brief["flows"]) == len(shown)  # the others: flow and status only


@pytest.mark.parametrize("example", ["engoo", "tsumiki", "engoo-2014"])
def test_brief_equals_abroad_on_the_examples(example, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, example_path(example))
    with ReadDB(url) as db:
        _same(db)


def test_brief_equals_abroad_on_a_generated_inventory(tmp_path):
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.generate("small", 3, tmp_path / "gen")
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, tmp_path / "gen" / "manifests")
    with ReadDB(url) as db:
        assert len(abroad(db)["flows"]) > 3  # some flows shown, some not
        _same(db)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
def test_brief_equals_abroad_on_random_inventories(doc):
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            _same(db)
