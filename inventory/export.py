"""Write an inventory back out as a manifest (YAML or JSON), and the JSON Schema of manifests."""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _encode
from typing import TYPE_CHECKING, Any

from .safe_text import BIDI, json_text

if TYPE_CHECKING:  # the manifest model (pydantic) is imported only where an inventory is written out: the JSON
    from .model import Inventory  # helpers below serve read commands' --json too (`check -f json`)

_BIDI = re.compile(f"[{BIDI}]")


def inventory_document(inventory: Inventory) -> dict[str, Any]:
    """The manifest document of an inventory: keyed sections sorted by key, flows in their order,
    defaults left out. Two inventories are equal exactly when their documents are."""
    from .model import BLOCKS, KEYED_SECTIONS

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

    dumped = yaml.dump(document, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)
    # every bidi control is now inside a double-quoted scalar, where an escape means the same
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04X}", dumped)


_DUMPER: list[type] = []


def _dumper() -> type:
    """PyYAML's C dumper, writing text that holds a bidi control double-quoted (made once)."""
    if not _DUMPER:
        import yaml

        base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

        class Dumper(base):  # type: ignore[misc, valid-type]
            pass

        def text(dumper: Any, value: str) -> Any:
            style = '"' if _BIDI.search(value) else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

        Dumper.add_representer(str, text)
        _DUMPER.append(Dumper)
    return _DUMPER[0]


#: text PyYAML writes as it is: a word of letters, digits, `_` and `-` starting with a letter, not one YAML 1.1
#: reads as a boolean or null
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_NOT_PLAIN = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"})


def to_json(document: Any) -> str:
    """JSON text for a document, lossless: characters that act on a terminal are ``\\uXXXX`` escapes."""
    return json_text(document)


def manifest_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of a manifest file, for editors (yaml-language-server) and CI."""
    from .model import Inventory

    schema = Inventory.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://daicho.invalid/schema/manifest-1.json"
    schema["title"] = "daicho manifest"
    return schema


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


def write_json_list(out: Any, before: str, elements: Any, level: int, after: str, batch: int = 2000,
                    escaped: bool = False) -> None:
    """`before`, a JSON list of already laid-out `elements` (strings) nested `level` deep (`[]` when there are
    none), then `after` — written in batches, `json_text`'s escapes applied to each. With `escaped` the elements
    carry those escapes already (their writer applied `json_escapes` to each string it laid out, which a
    large list of non-ASCII text does for far fewer characters than a scan of every batch)."""
    escape = _as_is if escaped else json_escapes
    pad = "\n" + "  " * level
    first = next(elements, None)
    if first is None:
        out.write(before + "[]" + after)
        return
    out.write(before + "[" + pad + escape(first))
    joint = "," + pad
    chunk: list[str] = [""]  # joined: ",\n  " before each element, and no second copy of the batch
    for element in elements:
        chunk.append(element)
        if len(chunk) > batch:
            out.write(escape(joint.join(chunk)))
            chunk = [""]
    if len(chunk) > 1:
        out.write(escape(joint.join(chunk)))
    out.write("\n" + "  " * (level - 1) + "]" + after)


def _as_is(text: str) -> str:
    return text


def json_escapes(text: str) -> str:
    """`json_text`'s escapes (C1 and bidi controls, noncharacters, lone surrogates) over laid-out JSON (or one
    JSON string: they are made character by character, so escaping the parts equals escaping the whole)."""
    if text.isascii() and "\x7f" not in text:  # isascii at once: of the escaped, only \x7f is ASCII
        return text
    from daicho.inventory.safe_text import _JSON_ESCAPED

    if not _JSON_ESCAPED.search(text):
        return text
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_document(parts: Any, out: Any, fmt: str = "yaml", progress: Any = None) -> None:
    """Write a manifest document given part by part (`rows.stored_document`: (name, value) pairs, a section's
    value its record documents) as YAML or JSON — the bytes `to_yaml` / `to_json` give for the whole document,
    one record at a time. `progress(step, records written, records)` is told every 2,000 records."""
    parts = ((name, value if _whole(value) else _counted(name, value, progress)) for name, value in parts)
    if fmt == "json":
        _write_json_document(parts, out)
        return
    writer = _YamlWriter()
    for name, value in parts:
        if _whole(value):
            out.write(writer.document({name: value}))
            continue
        out.write(f"{name}:\n")
        chunk: list[str] = []
        for record in value:
            chunk.append(writer.record(name, record))
            if len(chunk) >= 2000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def _whole(value: Any) -> bool:
    """Whether a part of the document is written whole (not a section of records)."""
    return isinstance(value, (dict, int, str)) or value is None


def _counted(name: str, records: Any, progress: Any) -> Any:
    if progress is None:
        yield from records
        return
    from daicho.catalog.words import phrase

    total = len(records) if hasattr(records, "__len__") else 0
    step = phrase("writing {table}", table=name)  # said in the command's language by the progress line
    for done, record in enumerate(records):
        if done % 2000 == 0:
            progress(step, done, total)
        yield record


def _write_json_document(parts: Any, out: Any) -> None:
    separator = "{\n  "
    for name, value in parts:
        key = f"{separator}{_encode(name)}: "
        separator = ",\n  "
        if _whole(value):
            out.write(key + indented_json(value, 1))
        else:
            write_json_list(out, key, (indented_json(r, 2) for r in value), 2, "")
    out.write("{}\n" if separator == "{\n  " else "\n}\n")


class _YamlWriter:
    """YAML as `to_yaml` writes it, laid out here for records whose every value fits on its line (each distinct
    scalar's text asked of PyYAML once); a record with a longer or multi-line value goes to PyYAML whole."""

    WIDTH = 100

    def __init__(self) -> None:
        self._scalars: dict[tuple[type, Any], str | None] = {}

    def document(self, document: dict[str, Any]) -> str:
        return to_yaml(document)

    def record(self, section: str, record: dict[str, Any]) -> str:
        lines: list[str] = []
        if self._sequence_entry(record, 0, lines):
            return "".join(lines)
        dumped = to_yaml({section: [record]})
        return dumped[dumped.index("\n") + 1:]

    def _scalar(self, value: Any) -> str | None:
        if type(value) is str and _PLAIN.fullmatch(value) and value not in _NOT_PLAIN:
            return value
        if type(value) is int:
            return str(value)
        if type(value) is bool:
            return "true" if value else "false"
        key = (type(value), value)
        text = self._scalars.get(key, False)
        if text is False:
            dumped = to_yaml({"k": value})
            body = dumped[3:-1]
            text = self._scalars[key] = None if "\n" in body else body
        return text  # type: ignore[return-value]

    def _value(self, value: Any, column: int, indent: int, lines: list[str]) -> bool:
        """`value` after a key or dash ending at `column`; nested blocks at `indent`."""
        if isinstance(value, dict):
            if not value:
                lines.append(" {}\n")
                return True
            lines.append("\n")
            return self._mapping(value, indent + 2, lines)
        if isinstance(value, list):
            if not value:
                lines.append(" []\n")
                return True
            lines.append("\n")
            return all(self._sequence_entry(v, indent, lines) for v in value)
        text = self._scalar(value)
        if text is None or column + 1 + len(text) > self.WIDTH:
            return False
        lines.append(f" {text}\n")
        return True

    def _mapping(self, mapping: dict[str, Any], indent: int, lines: list[str], first: str | None = None) -> bool:
        for i, (key, value) in enumerate(mapping.items()):
            if not isinstance(key, str) or not key.isidentifier() or key in _NOT_PLAIN:
                return False
            lead = first if (i == 0 and first is not None) else " " * indent
            lines.append(f"{lead}{key}:")
            if not self._value(value, indent + len(key) + 1, indent, lines):
                return False
        return True

    def _sequence_entry(self, value: Any, indent: int, lines: list[str]) -> bool:
        prefix = " " * indent + "-"
        if isinstance(value, dict) and value:
            return self._mapping(value, indent + 2, lines, first=prefix + " ")
        if isinstance(value, (dict, list)):
            if value:
                return False  # a list in a list: PyYAML's own layout
            lines.append(prefix + (" {}\n" if isinstance(value, dict) else " []\n"))
            return True
        lines.append(prefix)
        return self._value(value, indent + 1, indent, lines)
