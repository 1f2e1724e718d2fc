"""The history's canonical text of a document (inventory/history.py `canonical`, written by orjson) is the json
module's, byte for byte: a history's hashes do not depend on which one wrote them."""

from __future__ import annotations

import datetime as dt
import json
import types
import typing

from conftest import example_path
from daicho.inventory import history
from daicho.inventory.export import _dump
from daicho.inventory.history import canonical
from daicho.inventory.model import Inventory
from daicho.inventory.validate import validate_documents, validate_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from strategies import inventories

_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _documents(inventory: Inventory) -> list:
    """The record documents the history keeps of an inventory."""
    return list(history.record_documents(inventory).values())


def test_examples_texts_are_the_json_modules():
    for name in ("engoo", "engoo-2014", "tsumiki"):
        result = validate_paths([example_path(name)])
        documents = _documents(result.inventory)
        assert len(documents) > 20
        assert [canonical(d) for d in documents] == [_JSON.encode(d) for d in documents]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inventories())
def test_generated_inventories_texts_are_the_json_modules(document):
    result = validate_documents([("gen.yaml", document)])
    if result.ok:
        for record in _documents(result.inventory):
            assert canonical(record) == _JSON.encode(record)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_any_json_value_without_floats_is_written_as_the_json_module_writes_it(value):
    assert canonical(value) == _JSON.encode(value)


def test_what_orjson_refuses_is_written_by_the_json_module():
    for value in ({"k": "a\ud800b"}, [2**64, -(2**63) - 1]):  # a lone surrogate; integers beyond 64 bits
        assert canonical(value) == _JSON.encode(value)


def test_every_character_is_written_as_the_json_module_writes_it():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    document = {"text": every, every[:300]: [every[:300]]}
    assert canonical(document) == _JSON.encode(document)


def _types(annotation: object) -> set[type]:
    """The types a field's annotation admits (unions, lists and optionals opened)."""
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, list):
        return set().union(*(_types(a) for a in args))
    if typing.get_origin(annotation) is typing.Annotated:
        return _types(args[0])
    if typing.get_origin(annotation) is typing.Literal:
        return {type(a) for a in args}
    return {annotation} if isinstance(annotation, type) else {type(annotation)}


def test_no_manifest_field_holds_a_value_orjson_writes_otherwise():
    """orjson writes a float otherwise than the json module (1e+16, NaN): a field that admits one, or a value of
    no fixed type, must first make `canonical` write it with the json module."""
    seen: set[type] = set()
    stack: list[type] = [Inventory]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for field in model.model_fields.values():
            for kind in _types(field.annotation):
                if issubclass(kind, BaseModel):
                    stack.append(kind)
                else:
                    assert kind in (str, int, bool, type(None), dt.date) or issubclass(kind, str), (model, kind)
    assert len(seen) > 20


def test_a_record_with_a_date_is_hashed_as_before():
    result = validate_paths([example_path("tsumiki")])
    recipient = next(r for r in result.inventory.recipients if r.compliance_check is not None)
    assert canonical(_dump(recipient)) == _JSON.encode(_dump(recipient))
