"""`daicho export` streamed from the store (issue 9): the records read with SQL and written one at a time give
the document and the bytes that the whole pydantic inventory gave (`inventory_document`, `to_yaml`, `to_json`)."""

from __future__ import annotations

import io

import pytest
from conftest import load_into, write_manifest
from daicho.examples import example_path
from daicho.inventory.db import ReadDB
from daicho.inventory.export import inventory_document, to_json, to_yaml, write_document
from daicho.inventory.rows import stored_document
from daicho.inventory.store import Store, resolve_url
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import inventories


def streamed(url: str, fmt: str) -> str:
    out = io.StringIO()
    with ReadDB(url) as db:
        write_document(stored_document(db), out, fmt)
    return out.getvalue()


def whole(url: str, fmt: str) -> str:
    document = inventory_document(Store(url).inventory())
    return to_yaml(document) if fmt == "yaml" else to_json(document) + "\n"


def parts(url: str) -> dict:
    with ReadDB(url) as db:
        return {name: value if isinstance(value, (dict, int)) else list(value) for name, value in stored_document(db)}


@pytest.mark.parametrize("example", ["engoo", "tsumiki"])
def test_examples_export_the_same_document_and_bytes(example, tmp_path):
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, example_path(example))
    assert parts(url) == inventory_document(Store(url).inventory())
    for fmt in ("yaml", "json"):
        assert streamed(url, fmt) == whole(url, fmt)


@settings(max_examples=15)
@given(inventories())
def test_any_inventory_exports_as_the_whole_model_did(tmp_path_factory, document):
    folder = tmp_path_factory.mktemp("inv")
    url = resolve_url(str(folder / "daicho.db"))
    load_into(url, write_manifest(folder, document))
    assert parts(url) == inventory_document(Store(url).inventory())
    for fmt in ("yaml", "json"):
        assert streamed(url, fmt) == whole(url, fmt)


def test_export_on_any_store(any_url, tmp_path):
    """PostgreSQL too: JSON columns come decoded, dates as dates, keys ordered by code point."""
    load_into(any_url, example_path("tsumiki"))
    for fmt in ("yaml", "json"):
        assert streamed(any_url, fmt) == whole(any_url, fmt)


_odd = st.sampled_from(["yes", "No", "null", "~", "", " lead", "trail ", "1e3", "0x1F", "2024-01-01", "a: b",
                        "- x", "#c", "multi\nline", "\u202e evil", "\x85", "日本語のテキスト", "'q'", '"d"', "x" * 120,
                        " ".join(["word"] * 40), "@at", "%p", "key-1", "on", "=", "<<"])
_scalar = st.none() | st.booleans() | st.integers(-10**6, 10**6) | _odd | st.text(max_size=30)
_record = st.recursive(st.dictionaries(st.sampled_from(["key", "name", "en", "items", "note", "steps"]), _scalar,
                                       min_size=1, max_size=4),
                       lambda inner: st.dictionaries(st.sampled_from(["key", "nested", "list", "more"]),
                                                     inner | st.lists(inner | _scalar, max_size=3), max_size=3),
                       max_leaves=10)


@given(st.lists(_record, min_size=1, max_size=4))
def test_yaml_laid_out_here_is_pyyaml_s(records):
    out = io.StringIO()
    write_document(iter([("daicho", 1), ("items", records)]), out, "yaml")
    assert out.getvalue() == to_yaml({"daicho": 1, "items": records})
    out = io.StringIO()
    write_document(iter([("daicho", 1), ("items", records)]), out, "json")
    assert out.getvalue() == to_json({"daicho": 1, "items": records}) + "\n"
