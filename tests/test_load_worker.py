"""A large load reads in a worker process while the store writes (inventory/pipeline.py): the same store as the
serial load, row for row and in the same order; the same problems; nothing changed when anything fails."""

from __future__ import annotations

import os
import sqlite3

import pytest
from conftest import example_path, write_manifest
from daicho.catalog.resolved import load_paths
from daicho.inventory import pipeline
from daicho.inventory.errors import ManifestError, StoreError
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import inventories

#: the history's rows: written as the worker's texts come, so in another order (every read of them is by key,
#: hash or version)
_AS_THEY_COME = ("history_record", "history_document")
#: columns that hold the time or place of a load, not what was loaded
_MOMENT = {"history_version": ("loaded_at", "sources", "git_commit", "git_dirty")}


def _dump(db_file) -> dict[str, list]:
    """Every table of an SQLite store, rows in their stored order (rowid, or the key of a table without one);
    the moment of the load left out."""
    db = sqlite3.connect(db_file)
    tables = {}
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        columns = [c[1] for c in db.execute(f'PRAGMA table_info("{name}")')
                   if c[1] not in _MOMENT.get(name, ())]
        listed = ", ".join(f'"{c}"' for c in columns)
        try:
            rows = db.execute(f'SELECT {listed} FROM "{name}" ORDER BY rowid').fetchall()
        except sqlite3.OperationalError:  # WITHOUT ROWID: stored in key order
            rows = db.execute(f'SELECT {listed} FROM "{name}"').fetchall()
        tables[name] = [r for r in rows if not (name == "meta" and r[0] == "loaded_at")]
        if name in _AS_THEY_COME:
            tables[name].sort()
    db.close()
    return tables


def _load_both(tmp_path, paths) -> tuple[dict, dict, dict, dict]:
    """Load `paths` serially and through the worker into two new stores: (serial dump, worker dump, serial
    counts, worker counts)."""
    dumps, counts = [], []
    for way in ("0", "1"):
        os.environ["DAICHO_LOAD_WORKER"] = way
        try:
            db_file = tmp_path / f"way{way}.db"
            db_file.unlink(missing_ok=True)
            store = Store(resolve_url(str(db_file)))
            counts.append(load_paths(store, paths))
            assert store.version == (1, True)
        finally:
            del os.environ["DAICHO_LOAD_WORKER"]
        dumps.append(_dump(db_file))
    return dumps[0], dumps[1], counts[0], counts[1]


def _split(document: dict, cut: int, flows_first: bool) -> list[dict]:
    """A manifest document in three files: the records up to `cut`, the rest, the flows (first or last)."""
    sections = [k for k in document if k not in ("daicho", "flows")]
    first = {k: document[k] for k in sections[:cut]}
    second = {k: document[k] for k in sections[cut:]}
    flows = document.get("flows") or []
    half = len(flows) // 2
    parts = [first, {"flows": flows[:half]}, second, {"flows": flows[half:]}]
    return [parts[1], parts[0], parts[3], parts[2]] if flows_first else parts


@given(document=inventories(), cut=st.integers(0, 8), flows_first=st.booleans())
def test_worker_load_writes_the_serial_loads_store(tmp_path_factory, document, cut, flows_first):
    folder = tmp_path_factory.mktemp("worker")
    paths = [write_manifest(folder, part, f"{n}.yaml") for n, part in enumerate(_split(document, cut, flows_first))]
    serial, worker, serial_counts, worker_counts = _load_both(folder, paths)
    assert worker == serial
    assert list(worker_counts.items()) == list(serial_counts.items())


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_worker_load_of_the_examples(tmp_path, example):
    serial, worker, serial_counts, worker_counts = _load_both(tmp_path, [example_path(example)])
    assert worker == serial
    assert worker_counts == serial_counts


def test_a_key_declared_after_a_flow_was_named_by_it(tmp_path):
    """A flow without a key is named FROM__TO while the files are read; a later file that declares that key
    changes the name (FROM__TO__2): the worker's rows would be wrong, so the load is done again serially."""
    first = {"items": [{"key": "email", "name": "E"}],
             "collection_points": [{"key": "form", "name": "Form"}],
             "systems": [{"key": "db", "name": "DB", "items": ["email"]}],
             "flows": [{"from": "form", "to": "db", "items": ["email"], "basis": "consent"}]}
    second = {"flows": [{"key": "form__db", "from": "form", "to": "db", "items": ["email"], "basis": "consent"}]}
    paths = [write_manifest(tmp_path, first, "1.yaml"), write_manifest(tmp_path, second, "2.yaml")]
    serial, worker, _, _ = _load_both(tmp_path, paths)
    assert [r[0] for r in serial["flow"]] == ["form__db__2", "form__db"]
    assert worker == serial


def _broken(tmp_path):
    good = {"items": [{"key": "email", "name": "E"}], "systems": [{"key": "db", "name": "DB", "items": ["email"]}]}
    bad_field = {"items": [{"key": "phone", "name": "P", "colour": "red"}]}
    bad_reference = {"systems": [{"key": "crm", "name": "CRM", "items": ["emial"]}]}
    return [write_manifest(tmp_path, good, "1.yaml"), write_manifest(tmp_path, bad_field, "2.yaml"),
            write_manifest(tmp_path, bad_reference, "3.yaml")]


def _loaded_store(tmp_path) -> tuple[Store, dict]:
    db_file = tmp_path / "kept.db"
    store = Store(resolve_url(str(db_file)))
    load_paths(store, [example_path("engoo")])
    return store, _dump(db_file)


def test_problems_found_by_the_worker_are_validates_and_nothing_changes(tmp_path, monkeypatch):
    store, before = _loaded_store(tmp_path)
    paths = _broken(tmp_path / "m")
    expected = validate_paths(paths).problems
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")
    with pytest.raises(ManifestError) as raised:
        load_paths(store, paths)
    assert [str(p) for p in raised.value.problems] == [str(p) for p in expected]
    assert len(expected) == 2  # the unknown field, the unknown reference (found across files)
    assert _dump(tmp_path / "kept.db") == before


def test_a_worker_that_dies_is_an_error_and_nothing_changes(tmp_path, monkeypatch):
    store, before = _loaded_store(tmp_path)
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")
    monkeypatch.setattr(pipeline, "_read_and_send", lambda *args: os._exit(3))
    with pytest.raises(StoreError, match=r"the store is unchanged: the process reading the manifests stopped "
                                         r"\(exit code 3\)"):
        load_paths(store, [example_path("tsumiki")])
    assert _dump(tmp_path / "kept.db") == before


def test_an_error_in_the_worker_is_raised_by_the_load(tmp_path, monkeypatch):
    store, before = _loaded_store(tmp_path)
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")

    def failing(paths, derive, send):
        send(("rows", "meta", ("key", "value"), [("half", "written")]))
        raise StoreError("cannot read manifests: disk on fire")

    monkeypatch.setattr(pipeline, "_read_and_send", failing)
    with pytest.raises(StoreError, match="disk on fire"):
        load_paths(store, [example_path("tsumiki")])
    assert _dump(tmp_path / "kept.db") == before


def test_which_loads_use_the_worker(tmp_path, monkeypatch):
    small = write_manifest(tmp_path, {"items": [{"key": "email", "name": "E"}]})
    monkeypatch.delenv("DAICHO_LOAD_WORKER", raising=False)
    assert not pipeline.use_worker([small])
    monkeypatch.setattr(pipeline, "WORKER_BYTES", small.stat().st_size)
    assert pipeline.use_worker([tmp_path])
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "0")
    assert not pipeline.use_worker([tmp_path])
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")
    monkeypatch.setattr(pipeline, "WORKER_BYTES", 10**12)
    assert pipeline.use_worker([small])


def _sorted_tables(url: str) -> dict[str, list]:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        tables = {name: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{name}"')).all()))
                  for name in names if name not in ("meta", "history_version")}
    engine.dispose()
    return tables


def test_worker_load_on_any_store_writes_what_the_serial_load_wrote(any_url, monkeypatch):
    store = Store(any_url)
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "0")
    load_paths(store, [example_path("tsumiki")])
    serial = _sorted_tables(any_url)
    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")
    load_paths(store, [example_path("tsumiki")])
    assert store.version == (1, False)  # the same state: no new version
    assert _sorted_tables(any_url) == serial


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow,
                                 HealthCheck.function_scoped_fixture])
@given(first=inventories(), second=inventories(), cut=st.integers(0, 8))
def test_worker_loads_keep_the_serial_loads_history(tmp_path_factory, first, second, cut):
    """Loads one after the other (a version added, intervals closed, then the first state again: documents the
    history holds) give the same history through the worker as serially, file by file."""
    states = [(first, cut), (second, 8 - cut), (first, cut)]
    folder = tmp_path_factory.mktemp("versions")
    loads = [[write_manifest(folder / str(n), part, f"{i}.yaml")
              for i, part in enumerate(_split(document, cut, flows_first=False))]
             for n, (document, cut) in enumerate(states)]
    dumps = []
    for way in ("0", "1"):
        db_file = folder / f"way{way}.db"
        store = Store(resolve_url(str(db_file)))
        os.environ["DAICHO_LOAD_WORKER"] = way
        try:
            for paths in loads:
                load_paths(store, paths)
        finally:
            del os.environ["DAICHO_LOAD_WORKER"]
        dumps.append(_dump(db_file))
    assert dumps[1] == dumps[0]


def test_no_spool_file_means_a_load_in_one_process(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setenv("DAICHO_LOAD_WORKER", "1")
    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    store = Store(resolve_url(str(tmp_path / "one.db")))
    counts = load_paths(store, [example_path("tsumiki")])
    assert counts["item"] > 0 and store.version == (1, True)
