"""`daicho path` (catalog.lineage.paths: the facts of the shown flows only) gives what `nodes.paths_between`
gives — the same paths in the same order, hops, flows, items and `more` — on the examples and random inventories,
with and without --item and with small limits."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import example_path, load_into, write_manifest
from daicho.catalog.lineage import nodes, paths
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, given, settings
from test_lineage_property import _FAST_TMP, inventories


def _same(db: ReadDB, a: str, b: str, item: str | None = None) -> None:
    for limit in (1, 2, 20):
        assert paths.paths_between(db, a, b, limit, item) == nodes.paths_between(db, a, b, limit, item), (a, b, item)


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_paths_equal_on_the_examples(example, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, example_path(example))
    with ReadDB(url) as db:
        keys = [r["key"] for r in db.rows("SELECT key FROM node WHERE kind IN ('collection_point', 'system', "
                                          "'recipient') ORDER BY key")]
        items = [r["key"] for r in db.rows("SELECT key FROM item ORDER BY key LIMIT 3")]
        for a in keys[:8]:
            for b in keys:
                _same(db, a, b)
        for item in items:
            _same(db, keys[0], keys[-1], item)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
def test_paths_equal_on_random_inventories(doc):
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            keys = [c["key"] for c in doc["collection_points"]] + [s["key"] for s in doc["systems"]] + [
                r["key"] for r in doc["recipients"]]
            for a in keys:
                for b in keys:
                    _same(db, a, b)
            for item in doc["items"][:2]:
                _same(db, keys[0], keys[-1], item["key"])
