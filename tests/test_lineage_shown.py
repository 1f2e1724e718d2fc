"""`where(…, show=N)` (what the terminal works out: the first N nodes of each group whole, the others placed and
counted) prints exactly what the whole result prints: on the examples and on random inventories, in English and
Japanese, with and without --depth, with groups cut at 1 or 2 nodes as well as at the terminal's 40."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from conftest import example_path, load_into, write_manifest
from daicho.catalog.lineage.where import where
from daicho.cli.lineage_cmds import purpose_names
from daicho.cli.lineage_views import SHOW, where_tree
from daicho.inventory.db import ReadDB
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from test_lineage_property import _FAST_TMP, inventories


def _printed(db: ReadDB, result: dict, lang: str) -> str:
    console = Console(file=io.StringIO(), width=110, color_system=None, force_terminal=False)
    console.print(where_tree(result, lang, purposes=purpose_names(db, result["hops"], lang)))
    return console.file.getvalue()


def _same_print(db: ReadDB, item: str, depth: int | None, shows: tuple[int, ...] = (1, 2, SHOW)) -> None:
    whole = where(db, item, depth)
    for lang in ("en", "ja"):
        expected = _printed(db, whole, lang)
        for show in shows:
            part = where(db, item, depth, show=show)
            assert part["summary"] == whole["summary"], (item, depth, show)
            assert [n["key"] for n in part["nodes"]] == [n["key"] for n in whole["nodes"]]
            if show == SHOW:
                assert _printed(db, part, lang) == expected, (item, depth, lang)
            else:  # the view cut at `show` too
                assert _cut(db, part, lang, show) == _cut(db, whole, lang, show), (item, depth, lang, show)


def _cut(db: ReadDB, result: dict, lang: str, show: int) -> str:
    console = Console(file=io.StringIO(), width=110, color_system=None, force_terminal=False)
    console.print(where_tree(result, lang, show=show, purposes=purpose_names(db, result["hops"], lang)))
    return console.file.getvalue()


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_shown_prints_as_the_whole_result_on_the_examples(example, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, example_path(example))
    with ReadDB(url) as db:
        items = [r["key"] for r in db.rows("SELECT key FROM item ORDER BY key")]
        assert items
        for item in items:
            for depth in (None, 1):
                _same_print(db, item, depth)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories(), depth=st.one_of(st.none(), st.integers(0, 3)))
def test_shown_prints_as_the_whole_result_on_random_inventories(doc, depth):
    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            for item in (i["key"] for i in doc["items"]):
                _same_print(db, item, depth)
