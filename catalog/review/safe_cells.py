"""Spreadsheet cells that cannot run: the guard against formula (CSV) injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return before one) as a formula: a record named
``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would run when an auditor opens the ledger.
As OWASP recommends, such a cell is written with a single quote ``'`` in front, so it shows
as text. The full-width forms (``＝ ＋ － ＠``) are guarded too, to be safe with Japanese input.
Control characters (which an XLSX file cannot hold) and bidi overrides are shown, not kept
(`daicho.inventory.safe_text.visible`).
"""

from __future__ import annotations

import re
from typing import Any

from daicho.inventory.safe_text import BIDI, visible

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
#: characters `visible` would change in a cell (its UNSAFE less the tab, newline and CR a cell keeps)
_CHANGED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI}]")
#: first characters after which a text may be hostile (the triggers, or a space before one)
_MAYBE = frozenset("".join(FORMULA_TRIGGERS) + " ")


def is_hostile(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (also after leading spaces)."""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def safe_cell(value: Any) -> Any:
    """A cell value safe to write: text that could start a formula gets a leading ``'``.

    Numbers, dates, booleans and None pass through unchanged; control characters other than
    tab, newline and CR are shown as ``\\xNN`` (XLSX cannot store them), bidi overrides as ``<U+202E>``.
    """
    if not isinstance(value, str):
        return value
    text = visible(value, keep="\t\n\r") if _CHANGED.search(value) else value
    return "'" + text if text[:1] in _MAYBE and text and is_hostile(text) else text


def safe_row(values: list[Any]) -> list[Any]:
    """Every cell of a row made safe."""
    return [safe_cell(v) for v in values]
