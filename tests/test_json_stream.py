"""cli.json_stream writes the very characters `output.print_json` writes (json.dumps with indent 2, readable
Japanese, `default=str`, terminal controls escaped), for any JSON-like data."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from daicho.cli.json_stream import write_json
from daicho.inventory.safe_text import json_text
from hypothesis import given, settings
from hypothesis import strategies as st

KEYS = st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
#: any code point: C0/C1 controls, bidi controls, lone surrogates, U+FFFE/U+FFFF (escaped by json_text)
TEXT = st.text(st.characters(codec=None, categories=None, exclude_categories=()), max_size=12)
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.text(max_size=12),
                   st.dates(), st.datetimes())
DATA = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.lists(inner, max_size=5).map(tuple),
    st.dictionaries(KEYS, inner, max_size=5)), max_leaves=40)


def streamed(data) -> str:
    out = io.StringIO()
    write_json(data, out)
    return out.getvalue()


@given(DATA)
@settings(max_examples=400)
def test_same_characters_as_json_dumps(data):
    assert streamed(data) == json_text(data, default=str) + "\n"
    assert json_text(data, default=str) == _escaped(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _escaped(text: str) -> str:
    from daicho.inventory.safe_text import _JSON_ESCAPED

    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def test_controls_bidi_and_japanese():
    data = {"name": "\x1b]0;pwned\x07\u202e台帳\x85", "at": datetime.date(2026, 1, 2), "n": [1.5, float("nan")],
            "empty": {"list": [], "dict": {}}}
    text = streamed(data)
    assert text == json_text(data, default=str) + "\n"
    assert "\\u001b" in text and "\\u202e" in text and "台帳" in text


def test_iterators_are_written_as_lists():
    rows = ({"flow": f"f{n}", "items": ["a"] * n} for n in range(3))
    assert streamed({"hops": rows, "none": iter([])}) == json_text(
        {"hops": [{"flow": f"f{n}", "items": ["a"] * n} for n in range(3)], "none": []}) + "\n"


def test_large_lists_come_out_whole():
    data = {"hops": [{"flow": str(n), "items": ["x", "y"]} for n in range(20000)]}
    assert streamed(data) == json_text(data) + "\n"


def test_bad_key_is_the_same_error():
    with pytest.raises(TypeError) as dumped:
        json.dumps({(1, 2): 3})
    with pytest.raises(TypeError, match=re.escape(str(dumped.value))):
        streamed({(1, 2): 3})


@given(st.lists(TEXT, max_size=9), st.integers(1, 4), st.integers(1, 3), st.booleans())
def test_a_json_list_written_in_batches_is_json_text(values, batch, level, escaped):
    """`inventory.export.write_json_list` at any batch size, before or past its end: the list `json_text` lays
    out (with `escaped`, the elements come escaped already)."""
    from daicho.inventory.export import indented_json, write_json_list

    out = io.StringIO()
    elements = (indented_json(v, level) if escaped else json.dumps(v, ensure_ascii=False) for v in values)
    write_json_list(out, "<", elements, level, ">", batch, escaped=escaped)
    inner = json_text(values, default=str).replace("\n", "\n" + "  " * (level - 1))
    assert out.getvalue() == "<" + inner + ">"
