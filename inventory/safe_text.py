"""Text that cannot take over a terminal or a reader: control characters and bidi overrides made visible.

A record named ``"\\x1b]0;pwned\\x07\\x1b[31mRED"`` would retitle and recolour the terminal that shows
it, and one holding U+202E (RIGHT-TO-LEFT OVERRIDE) would print reversed, hiding what it says. Every
text daicho writes for people — to a terminal, a Markdown or CSV file, an error line — goes through
`visible`: C0 and C1 control characters and DEL become ``\\x1b``-style escapes, bidi controls become
``<U+202E>``. Line breaks and tabs stay as they are where the text has lines (`keep`).

Machine formats stay lossless instead: `json_text` writes those characters as JSON ``\\uXXXX``
escapes, which read back to the same text.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Bidi controls: marks, embeddings, overrides and isolates (Unicode UAX #9), and the Arabic letter mark.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: What `visible` shows escaped: C0 controls, DEL, C1 controls, bidi controls.
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}]")
#: What `json_text` escapes beyond json.dumps' own C0 escapes: the rest of `UNSAFE`, and what YAML (which reads
#: JSON manifests) refuses raw: U+FFFE, U+FFFF and lone surrogates.
_JSON_ESCAPED = re.compile(f"[\x7f-\x9f{BIDI}\ud800-\udfff\ufffe\uffff]")


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def visible(text: Any, keep: str = "\n\t") -> str:
    """`text` with control characters and bidi overrides shown (``\\x1b``, ``<U+202E>``); `keep` stays as is."""
    text = "" if text is None else str(text)
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _shown(m.group()), text)


def json_text(data: Any, indent: int | None = 2, default: Any = None) -> str:
    """JSON text (UTF-8, readable Japanese) in which no character can act on a terminal: control
    characters, DEL, C1 controls and bidi overrides are ``\\uXXXX`` escapes, as are the noncharacters
    U+FFFE/U+FFFF, so that a YAML parser reads it too. Loads back to `data`."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=default)
    # json.dumps already escapes C0 controls; inside JSON these characters can only occur in strings
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
