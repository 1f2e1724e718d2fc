"""Write an inventory back out as a manifest (YAML or JSON), and the JSON Schema of manifests."""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _encode
from typing import Any

from .model import BLOCKS, KEYED_SECTIONS, Inventory
from .safe_text import BIDI, json_text

_BIDI = re.compile(f"[{BIDI}]")


def inventory_document(inventory: Inventory) -> dict[str, Any]:
    """The manifest document of an inventory: keyed sections sorted by key, flows in their order,
    defaults left out. Two inventories are equal exactly when their documents are."""
    document: dict[str, Any] = {"daicho": 1}
    if inventory.organization is not None:
        document["organization"] = _dump(inventory.organization)
    for section in KEYED_SECTIONS:
        records = sorted(getattr(inventory, section), key=lambda r: r.key)
        if records:
            document[section] = [_dump(r) for r in records]
    if inventory.flows:
        document["flows"] = [_dump(f) for f in inventory.flows]
    if inventory.derivations:
        document["derivations"] = [_dump(d) for d in inventory.derivations]
    for name in BLOCKS:
        if getattr(inventory, name, None) is not None:
            document[name] = _dump(getattr(inventory, name))
    return document


def _dump(record: Any) -> dict[str, Any]:
    return record.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)


def to_yaml(document: dict[str, Any]) -> str:
    """YAML text for a document: UTF-8 (Japanese stays readable), field order kept.

    Control characters are escaped by YAML itself; text holding a bidi control is written double-quoted
    with the control as a ``\\uXXXX`` escape, so that no reader of the file sees it reordered.
    """
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        pass

    def text(dumper: Any, value: str) -> Any:
        style = '"' if _BIDI.search(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    dumped = yaml.dump(document, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    # every bidi control is now inside a double-quoted scalar, where an escape means the same
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04X}", dumped)


def to_json(document: Any) -> str:
    """JSON text for a document, lossless: characters that act on a terminal are ``\\uXXXX`` escapes."""
    return json_text(document)


def indented_json(value: Any, level: int = 0) -> str:
    """`json_text(value)` (indent 2, escapes included) for a value nested `level` deep in a larger document, so
    that a long list can be written element by element: the same bytes, without one string of it all.

    Scalars go through the json module's C string encoder; containers are laid out as `json.dumps(indent=2)`
    lays them out; a value of another type is written as its `str` (as `print_json`'s `default=str`)."""
    from daicho.inventory.safe_text import _JSON_ESCAPED

    text = _indented(value, level)
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_ESCAPED.search(text) else text


#: values the C encoder writes as `json.dumps` does (exact types: a str or int subclass takes the slow path)
_FLAT = frozenset({str, int, float, bool, type(None)})
_ENCODERS: dict[str, Any] = {}


def _flat_encoder(inner: str) -> Any:
    """The C encoder's `encode` with items separated by `,` and `inner` (a line break and the indent)."""
    encode = _ENCODERS.get(inner)
    if encode is None:
        encode = _ENCODERS[inner] = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": ")).encode
    return encode


def _indented(value: Any, level: int) -> str:
    if isinstance(value, str):
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        flat = {k: v for k, v in value.items() if type(v) in _FLAT}
        if len(flat) == len(value):  # the json module's C encoder lays it out
            return "{" + inner + _flat_encoder(inner)(value)[1:-1] + "\n" + "  " * level + "}"
        # the flat entries in one C call, split where the encoder put `,` and the line break (strings hold none)
        done = iter(_flat_encoder(inner)(flat)[1:-1].split("," + inner) if flat else ())
        parts = [next(done) if k in flat else f"{_encode(str(k))}: {_indented(v, level + 1)}"
                 for k, v in value.items()]
        return "{" + inner + ("," + inner).join(parts) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(type(v) in _FLAT for v in value):
            return "[" + inner + _flat_encoder(inner)(list(value))[1:-1] + "\n" + "  " * level + "]"
        parts = [_encode(v) if isinstance(v, str) else _indented(v, level + 1) for v in value]
        return "[" + inner + ("," + inner).join(parts) + "\n" + "  " * level + "]"
    return _encode(str(value))
