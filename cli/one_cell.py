"""Text whose characters each take one cell, laid out by lengths: the plain output's fast path (`cli.plain`).

rich itself measures such text by its length (`rich.cells`: printable Latin, Greek, Cyrillic, box drawing …, no
control, combining or wide character), so a line of it breaks where `cli.fit.divide_line` would break it with
each piece's cells counted one by one. `tests/test_plain_blocks.py` compares both on any text at any width.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rich.cells import _is_single_cell_widths, chop_cells

#: rich's word (`rich._wrap.words`): a run of non-space with the spaces before and after it
_WORD = re.compile(r"\s*\S+\s*")


def one_cell(text: str) -> bool:
    """Whether each character of a text (no newline) takes one cell by rich's own measure: its width is its
    length."""
    return _is_single_cell_widths(text)


def divide(line: str, width: int, fold: bool, whole: list[tuple[int, int]]) -> list[int]:
    """`cli.fit.divide_line` of a line of `one_cell` characters: the offsets to break it at to fit `width` cells,
    between rich's words, never inside a span of `whole` (its citations)."""
    starts = [m.start() for m in _WORD.finditer(line)]
    if not starts:  # empty, or only spaces
        return []
    if whole:
        kept = {i for a, b in whole for i in range(a + 1, b)}
        starts = [starts[0]] + [s for s in starts[1:] if s not in kept]
    ends = [*starts[1:], len(line)]
    return breaks_of(((start, line[start:end]) for start, end in zip(starts, ends, strict=True)), width, fold, len)


def breaks_of(pieces: Iterable[tuple[int, str]], width: int, fold: bool, measure: Callable[[str], int]
              ) -> list[int]:
    """rich's line breaking over pieces never broken, each (offset into the line, text): the offsets to break
    at to fit `width` cells, each piece `measure`d (`len` for one-cell text, else `rich.cells.cell_len`); a piece
    longer than a line is folded (or, without `fold`, left whole) as rich does."""
    breaks: list[int] = []
    offset = 0
    for start, piece in pieces:
        length = measure(piece.rstrip())
        if width - offset >= length:
            offset += measure(piece)
        elif length > width:  # longer than a line: folded (or cropped) as rich does
            if not fold:
                if start:
                    breaks.append(start)
                offset = measure(piece)
                continue
            folded = chop_cells(piece, width=width)
            for n, part in enumerate(folded):
                if start:
                    breaks.append(start)
                if n == len(folded) - 1:
                    offset = measure(part)
                else:
                    start += len(part)
        elif offset and start:
            breaks.append(start)
            offset = measure(piece)
    return breaks
