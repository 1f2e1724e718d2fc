"""cli.plain writes the trees of where, receives and path line for line as rich does when rich writes no colour:
every item, node and a set of paths of the Engoo example, at several widths, in both languages."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from daicho.catalog.lineage.paths import paths_between
from daicho.catalog.lineage.where import receives, where
from daicho.catalog.resolved.records import list_records
from daicho.cli import plain
from daicho.cli.lineage_views import paths_view, receives_tree, where_tree
from daicho.inventory.db import ReadDB
from renderers import plain_lines, rich_lines

WIDTHS = (24, 60, 80, 120)


def views(db: ReadDB):
    """(name, build) for every view of the example: where of each item, receives of each node, some paths."""
    items = [r["key"] for r in list_records(db, "items")]
    nodes = [r["key"] for kind in ("systems", "recipients") for r in list_records(db, kind)]
    starts = [r["key"] for r in list_records(db, "collection-points")]
    for lang in ("en", "ja"):
        for item in items:
            result = where(db, item)
            yield f"where {item} {lang}", lambda r=result, lang=lang: where_tree(r, lang)
        for node in nodes:
            result = receives(db, node)
            yield f"receives {node} {lang}", lambda r=result, lang=lang: receives_tree(r, lang)
        for start in starts[:2]:
            for node in nodes[::3]:
                result = paths_between(db, start, node)
                yield f"path {start} {node} {lang}", lambda r=result, lang=lang: paths_view(r, lang)


def test_plain_trees_equal_rich(engoo_url):
    with ReadDB(engoo_url) as db:
        built = list(views(db))
    assert len(built) > 100
    for name, build in built:
        for width in WIDTHS:
            assert plain_lines(build, width) == rich_lines(build, width), (name, width)


def test_long_words_and_wide_text_fold_as_rich_folds():
    cases = ["x" * 130, "a " * 70, "名前" * 40 + " end", "key_" * 30 + "  two  spaces   ", "", "line\n\nafter\n",
             "法27条1項1号 " * 8, "（未確認）" * 20]
    for value in cases:
        def build(value=value):
            from daicho.cli.output import text

            tree = plain.tree(text(value))
            tree.add(text(value)).add(text(value))
            return plain.group(tree, text(value))

        for width in (9, 13, 40, 80):
            assert plain_lines(build, width) == rich_lines(build, width), (value, width)


@pytest.mark.parametrize("env, expected", [
    ({}, True),
    ({"FORCE_COLOR": "1"}, False),
    ({"FORCE_COLOR": ""}, True),
    ({"TTY_COMPATIBLE": "1"}, False),
    ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True),
])
def test_plain_only_where_rich_writes_no_escape_code(monkeypatch, env, expected):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "77")
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # not a terminal
    assert (plain.plain_width() == 77) is expected


def test_piped_where_does_not_import_rich_console(engoo_url):
    probe = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('\\nLOADED ' + ' '.join(sys.modules)));"
             f"sys.argv = ['daicho', 'where', 'email', '--db', {engoo_url.removeprefix('sqlite:///')!r}];"
             "from daicho.cli.app import main; main()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stdout.startswith("email — ")
    loaded = set(done.stderr.rsplit("LOADED ", 1)[1].split())
    assert not {"rich.console", "rich.text", "rich.tree"} & loaded


@pytest.mark.parametrize("encoding, expected", [("utf-8", True), ("UTF-8", True), ("latin-1", False),
                                                ("ascii", False)])
def test_plain_only_on_utf8_output(monkeypatch, encoding, expected):
    """rich draws ASCII guides and boxes on an output that is not UTF-8: plain output leaves those to it."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "77")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    assert (plain.plain_width() == 77) is expected
