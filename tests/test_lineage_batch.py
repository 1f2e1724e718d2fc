"""`walks` (every item in one pass) answers exactly as `where` does, item by item, on generated inventories
(cycles, derivations, sub-contractors) and on the bundled examples."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage.batch import walks
from daicho.catalog.lineage.where import where
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, example, given, settings
from test_lineage_property import _FAST_TMP, inventories


def _same(db: ReadDB) -> None:
    keys = [r["key"] for r in db.rows("SELECT key FROM item ORDER BY key")]
    batch = dict(walks(db))
    assert sorted(batch) == keys
    for key in keys:
        one, many = where(db, key), batch[key]
        assert many["recipients"] == one["recipients"], key
        assert [(n["key"], n["hops"], n["party"], n["items"]) for n in many["nodes"]] == sorted(
            [(n["key"], n["hops"], n["party"], n["items"]) for n in one["nodes"]], key=lambda n: (n[1], n[0])), key
        assert [(h["flow"], h["items"], h["boundary"], h["from_party"], h["to_party"]) for h in many["hops"]] == [
            (h["flow"], h["items"], h["boundary"], h["from_party"], h["to_party"]) for h in one["hops"]], key
        assert many["trail"] == one["trail"], key


#: two derived items at the second level, listed in the manifest in the other order than their sources were
#: reached: a level's derivations are in manifest order in both (found by hypothesis, session 7)
_LEVELS = {"items": [{"key": f"i{n}", "name": f"I{n}"} for n in range(5)],
           "systems": [{"key": "s0", "name": "S0", "items": []}], "recipients": [], "collection_points": [],
           "flows": [], "derivations": [{"from": "i0", "to": "i1", "method": "copy"},
                                        {"from": "i0", "to": "i3", "method": "copy"},
                                        {"from": "i3", "to": "i4", "method": "copy"},
                                        {"from": "i1", "to": "i2", "method": "copy"}]}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
@example(doc=_LEVELS)
def test_walks_equal_where_item_by_item(doc):
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            _same(db)


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_walks_equal_where_on_the_examples(example, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, example_path(example))
    with ReadDB(url) as db:
        _same(db)


def test_walks_on_postgresql(pg_url):
    load_into(pg_url, example_path("tsumiki"))
    with ReadDB(pg_url) as db:
        _same(db)
