"""The store: lossless round trips, atomic loads, schema version — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import yaml
from conftest import load_into, write_manifest
from daicho.inventory import rows as rows_module
from daicho.inventory.errors import StoreError
from daicho.inventory.export import inventory_document, to_json, to_yaml
from daicho.inventory.store import Store, resolve_url
from daicho.inventory.validate import validate_paths
from hypothesis import given
from strategies import inventories


@given(document=inventories())  # examples: the hypothesis profile (tests/conftest.py)
def test_load_export_load_is_lossless(any_url, tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("rt")
    first = validate_paths([write_manifest(folder, document)])
    assert first.ok, "\n".join(map(str, first.problems))
    store = Store(any_url)
    store.load(first)
    exported = inventory_document(store.inventory())
    assert exported == inventory_document(first.inventory)
    # The exported YAML is itself a manifest that loads to the same inventory.
    (folder / "exported.yaml").write_text(to_yaml(exported), encoding="utf-8")
    second = validate_paths([folder / "exported.yaml"])
    assert second.ok, "\n".join(map(str, second.problems))
    store.load(second)
    assert inventory_document(store.inventory()) == exported
    # So is the exported JSON (control characters, DEL, C1 and bidi controls as \\u escapes).
    (folder / "exported.json").write_text(to_json(exported), encoding="utf-8")
    third = validate_paths([folder / "exported.json"])
    assert third.ok, "\n".join(map(str, third.problems))
    assert inventory_document(third.inventory) == exported


def test_json_export_is_a_manifest_too(sqlite_url, tmp_path, engoo_url):
    document = inventory_document(Store(engoo_url).inventory())
    (tmp_path / "x.json").write_text(to_json(document), encoding="utf-8")
    result = validate_paths([tmp_path / "x.json"])
    assert result.ok, result.problems[:3]
    assert inventory_document(load_into(sqlite_url, tmp_path / "x.json").inventory()) == document


def _small(name: str = "Email") -> dict:
    return {"items": [{"key": "email", "name": {"en": name}}],
            "systems": [{"key": "db", "name": "DB", "items": ["email"]}]}


def test_reload_replaces_the_previous_inventory(any_url, tmp_path):
    store = load_into(any_url, write_manifest(tmp_path / "a", _small()))
    load_into(any_url, write_manifest(tmp_path / "b", {"items": [{"key": "phone", "name": "Phone"}]}))
    assert [i.key for i in store.inventory().items] == ["phone"]
    assert store.inventory().systems == []


def test_failed_write_leaves_the_store_exactly_as_it_was(any_url, tmp_path, monkeypatch):
    store = load_into(any_url, write_manifest(tmp_path / "a", _small()))
    before = inventory_document(store.inventory())
    result = validate_paths([write_manifest(tmp_path / "b", _small("Changed"))])
    real = rows_module.inventory_rows

    def failing(inventory, locations):
        for n, (table, rows) in enumerate(real(inventory, locations)):
            if n == 5:
                raise RuntimeError("disk full")
            yield table, rows

    monkeypatch.setattr(rows_module, "inventory_rows", failing)
    with pytest.raises(StoreError, match="load failed, the store is unchanged: disk full"):
        store.load(result)
    monkeypatch.undo()
    assert inventory_document(Store(any_url).inventory()) == before


def test_refuses_an_inventory_with_problems(sqlite_url, tmp_path):
    path = write_manifest(tmp_path, {"items": [{"key": "email", "name": "E", "purposes": ["nope"]}]})
    result = validate_paths([path])
    with pytest.raises(StoreError, match="refusing"):
        Store(sqlite_url).load(result)


def test_schema_version_is_recorded_and_checked(sqlite_url, tmp_path):
    store = load_into(sqlite_url, write_manifest(tmp_path, _small()))
    meta = store.metadata()
    assert meta["schema_version"] == "3" and str(tmp_path) in meta["sources"]
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    newer = "has schema version 99, written by a newer daicho; this daicho reads versions up to 3"
    with pytest.raises(StoreError, match=newer):
        Store(sqlite_url).create_schema()


def test_empty_store_says_how_to_load(tmp_path):
    with pytest.raises(StoreError, match="load one first: daicho load PATH"):
        Store(resolve_url(str(tmp_path / "none.db"))).inventory()


def test_resolve_url(monkeypatch):
    monkeypatch.delenv("DAICHO_DB", raising=False)
    assert resolve_url(None) == "sqlite:///daicho.db"
    assert resolve_url("x/y.db") == "sqlite:///x/y.db"
    monkeypatch.setenv("DAICHO_DB", "postgresql+psycopg://h/db")
    assert resolve_url(None) == "postgresql+psycopg://h/db"
    assert resolve_url("a.db") == "sqlite:///a.db"


def test_derived_tables_follow_the_flows(sqlite_url, tmp_path):
    doc = {**_small(), "recipients": [{"key": "psp", "name": "PSP", "kind": "contractor", "country": "US"}],
           "flows": [{"from": "db", "to": "psp", "items": ["email"], "basis": "outsourcing"}]}
    load_into(sqlite_url, write_manifest(tmp_path, doc))
    import sqlite3

    conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    assert conn.execute("SELECT item, src, dst, flow FROM lineage_edge").fetchall() == [
        ("email", "db", "psp", "db__psp")]
    # no country recorded for db: unknown, never the operator's by default
    assert dict(conn.execute("SELECT key, location FROM resolved_node WHERE kind IN ('system', 'recipient')")) == {
        "db": "unknown", "psp": "US"}
    assert conn.execute("SELECT boundary, border, foreign_status FROM resolved_flow").fetchall() == [
        ("outsourcing", "abroad", "missing")]


def test_exported_yaml_is_readable_unicode(engoo_url):
    text = to_yaml(inventory_document(Store(engoo_url).inventory()))
    assert "\\u" not in text and yaml.safe_load(text)["daicho"] == 1


def test_hypothesis_profiles_dev_by_default_ci_larger():
    from hypothesis import settings

    assert settings.get_profile("ci").max_examples > settings.get_profile("dev").max_examples
    assert settings.get_profile("dev").deadline is None and settings.get_profile("ci").deadline is None
