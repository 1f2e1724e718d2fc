"""Write an inventory back out as a manifest (YAML or JSON), and the JSON Schema of manifests."""

from __future__ import annotations

import re
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


def manifest_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of a manifest file, for editors (yaml-language-server) and CI."""
    schema = Inventory.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://daicho.invalid/schema/manifest-1.json"
    schema["title"] = "daicho manifest"
    return schema
