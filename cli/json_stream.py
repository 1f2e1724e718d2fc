"""JSON written as it is encoded: the bytes of `output.print_json` (`json.dumps(data, indent=2,
ensure_ascii=False, default=str)`, its terminal-safe escapes, a final newline), without holding the text or its
millions of pieces whole.

`json.dumps` with an indent runs the pure-Python encoder (the C one only writes compact JSON) and joins every
piece before anything is written: `where` of the busiest item of the large bench inventory is 68 MB of JSON
from 9 million pieces. Here each container is encoded by one loop that writes strings through the C string
encoder, and the text goes out every `BUFFER` pieces. An iterator (a generator) is written as a list, its values
made while they are written (a query's rows, read as they are encoded); `json.dumps` would write its `str`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import Any, TextIO

from daicho.inventory.safe_text import _JSON_ESCAPED

#: pieces gathered before they are written
BUFFER = 4096
INDENT = "  "


def _float(value: float) -> str:
    """A float as `json.dumps` writes it (allow_nan)."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as `json.dumps` turns it into a string (or its TypeError): a str as it is, a number, bool or
    None as its JSON."""
    if isinstance(key, str):
        return key
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")
    return text


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _null(value: None) -> str:
    return "null"


#: the JSON of a value of exactly these types (subclasses take the long way, as `json` treats them)
_SCALARS: dict[type, Callable[[Any], str]] = {str: encode_basestring, int: int.__repr__, float: _float, bool: _bool,
                                              type(None): _null}


class _Newlines(dict):
    """A line break and the indent of each level, made once."""

    def __missing__(self, level: int) -> str:
        text = self[level] = "\n" + INDENT * level
        return text


_NEWLINE = _Newlines()


def _scalar(value: Any) -> str | None:
    """The JSON of a str, number, bool or None (subclasses too); None for anything else."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _text(value: Any, level: int, default: Callable[[Any], Any]) -> str:
    """The JSON text of `value` at indent `level`, whole (for the small values a long list holds)."""
    found = _SCALARS.get(type(value))
    if found is not None:
        return found(value)
    scalars = _SCALARS
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = _KEYS
        inner = "," + _NEWLINE[level + 1]
        deeper = level + 1
        return "{" + inner[1:] + inner.join([
            (keys.get(key) or _key_text(key))
            + (f(item) if (f := scalars.get(type(item))) is not None else _text(item, deeper, default))
            for key, item in value.items()]) + _NEWLINE[level] + "}"
    if isinstance(value, (list, tuple, Iterator)):
        inner = "," + _NEWLINE[level + 1]
        deeper = level + 1
        body = inner.join([
            f(item) if (f := scalars.get(type(item))) is not None else _text(item, deeper, default)
            for item in value])
        return "[" + inner[1:] + body + _NEWLINE[level] + "]" if body else "[]"
    text = _scalar(value)
    if text is not None:
        return text
    return _text(default(value), level, default)


#: dict keys as written with their separator (`"flow": `), for the keys met first (the same few keys repeat)
_KEYS: dict[Any, str] = {}


def _key_text(key: Any) -> str:
    text = encode_basestring(key if type(key) is str else _key(key)) + ": "
    if len(_KEYS) < 10000 and type(key) is str:
        _KEYS[key] = text
    return text


def write_json(data: Any, out: TextIO | None = None, default: Callable[[Any], Any] = str) -> None:
    """Write `data` as `output.print_json` does (the same characters), in pieces to `out` (stdout): the
    top-level dict or list and the lists and dicts it holds are written value by value, each of their values
    as one piece."""
    write = (out or sys.stdout).write
    parts: list[str] = []
    append = parts.append
    escaped = _JSON_ESCAPED

    def flush() -> None:
        text = "".join(parts)
        parts.clear()
        if escaped.search(text):
            text = escaped.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        write(text)

    def stream(value: Any, level: int, depth: int) -> None:
        if isinstance(value, dict) and value and depth:
            inner = _NEWLINE[level + 1]
            opening = "{" + inner
            for key, item in value.items():
                append(opening + (_KEYS.get(key) or _key_text(key)))
                opening = "," + inner
                stream(item, level + 1, depth - 1)
            append(_NEWLINE[level] + "}")
        elif isinstance(value, (list, tuple, Iterator)) and depth:
            inner = _NEWLINE[level + 1]
            opening = "[" + inner
            for item in value:
                append(opening + _text(item, level + 1, default))
                opening = "," + inner
                if len(parts) > BUFFER:
                    flush()
            append("[]" if opening[0] == "[" else _NEWLINE[level] + "]")
        else:
            append(_text(value, level, default))

    stream(data, 0, 2)
    append("\n")
    flush()
