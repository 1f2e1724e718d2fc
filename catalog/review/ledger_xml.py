"""The body rows of a streamed XLSX sheet as sheet XML (`ledger_stream.write_xlsx_streamed` splices them into the
frame openpyxl writes): each cell as openpyxl's write-only writer makes it, each row as tall as its wrapped text,
each distinct value's XML and line count made once. `SheetBody` is a `ledger_halves` sink: the ledger's rows
can be written by two processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from daicho.catalog.review.safe_cells import safe_cell

if TYPE_CHECKING:
    from daicho.catalog.review.ledger import LedgerRow

#: the most characters a spreadsheet cell holds (openpyxl cuts longer text there)
_CELL_CHARS = 32_767


def write_all(body: SheetBody, rows: Iterable[LedgerRow]) -> None:
    for row in rows:
        body.write(row)


def write_values(body: SheetBody, rows: Iterable[list]) -> None:
    for values in rows:
        body.values(False, values)


def splice(xml: str, columns: tuple, top: int, lang: str, fill: Callable[[SheetBody], None],
            target: IO[bytes]) -> None:
    """Write the sheet `xml` of the frame with the body rows `fill(body)` writes in place of its two sample
    rows."""
    import re

    first, second = xml.index(f'<row r="{top + 1}"'), xml.index(f'<row r="{top + 2}"')
    end = xml.index("</sheetData>")
    plain = re.search(r' s="(\d+)"', xml[first:second]).group(1)
    marked = re.search(r' s="(\d+)"', xml[second:end]).group(1)
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(n) for n in range(1, len(columns) + 1)]
    target.write(xml[:first].encode("utf-8"))
    body = SheetBody(target, lang, [width for *_, width in columns], letters, (_Cells(plain), _Cells(marked)), top)
    fill(body)
    body.flush()
    tail = xml[end:]
    ref = f"A{top}:{letters[-1]}{max(body.n, top + 1)}"
    target.write(re.sub(r'(<autoFilter ref=")[^"]*(")', lambda m: m.group(1) + ref + m.group(2), tail,
                        count=1).encode("utf-8"))


class SheetBody:
    """A streamed sheet's body rows as XML on `target`, from row `top + 1` on: each row as tall as its wrapped
    text, its cells in the plain or the highlighted style (`styles`). A `ledger_halves` sink of ledger rows."""

    def __init__(self, target: IO[bytes], lang: str, widths: list[int], letters: list[str],
                 styles: tuple[_Cells, _Cells], top: int) -> None:
        self.target, self.lang, self.letters, self.styles = target, lang, letters, styles
        self.top = self.n = top  # the row before the first body row; then the last row written
        self.heights = _Heights(widths)
        self.chunk: list[str] = []

    def write(self, row: LedgerRow) -> None:
        """A ledger row (anything with `is_sensitive` and `values(lang)`), highlighted when sensitive."""
        self.values(row.is_sensitive, row.values(self.lang))

    def values(self, highlight: bool, values: list) -> None:
        """A row of cell values."""
        from openpyxl.compat import safe_string

        self.n = n = self.n + 1
        said = self.styles[1 if highlight else 0]
        chunk = self.chunk
        chunk.append(f'<row r="{n}" ht="{safe_string(self.heights(values))}" customHeight="1">')
        for letter, value in zip(self.letters, values, strict=True):
            chunk.append(f'<c r="{letter}{n}"{said(value)}')
        chunk.append("</row>")
        if len(chunk) > 4000:
            self.flush()

    def flush(self) -> None:
        """Write the rows made so far."""
        if self.chunk:
            self.target.write("".join(self.chunk).encode("utf-8"))
            self.chunk.clear()

    def twin(self, out: IO[bytes], skip: int) -> SheetBody:
        """A body writing the rows after the first `skip` to `out` (numbered as in this sheet)."""
        return SheetBody(out, self.lang, self.heights.widths, self.letters, self.styles, self.top + skip)

    def append(self, part: IO[bytes], rows: int) -> None:
        """Append the XML of `rows` rows a twin wrote."""
        import shutil

        self.flush()
        shutil.copyfileobj(part, self.target, 1 << 20)
        self.n += rows


#: the most distinct cell values `_Heights` and `_Cells` (and `ledger_stream.CsvSink`) keep what they made of
#: (memory stays bounded)
KEPT_CELLS = 200_000


class _Heights:
    """`row_height(values, widths)` of body rows, the lines of each distinct (value, width) counted once (most
    cells of a large ledger repeat a text another row has: names, storage lines, contractors)."""

    def __init__(self, widths: list[int]) -> None:
        self.widths = widths
        self.seen: dict[tuple[Any, int], int] = {}

    def __call__(self, values: list) -> float:
        from daicho.catalog.review.ledger_writers import text_lines

        seen = self.seen
        most = 1
        for value, width in zip(values, self.widths, strict=False):
            if value.__class__ is str and value.isascii() and "\n" not in value:  # one short line: counted at once
                lines = max(1, -(-len(value) // max(width - 1, 1)))
            else:
                key = (value, width)
                lines = seen.get(key)
                if lines is None:
                    lines = text_lines(value, width)
                    if len(seen) < KEPT_CELLS:
                        seen[key] = lines
            if lines > most:
                most = lines
        return 4 + 15.5 * most  # as `row_height`


class _Cells:
    """A body cell's XML after its reference (`_cell`: ` s="…" t="…">…</c>`) in one style, made once per distinct
    value."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.seen: dict[Any, str] = {}

    def __call__(self, value: Any) -> str:
        found = self.seen.get(value)
        if found is None:
            found = _cell("", self.style, safe_cell("" if value is None else value))[len('<c r=""'):]
            if len(self.seen) < KEPT_CELLS:
                self.seen[value] = found
        return found


def _cell(ref: str, style: str, value: object) -> str:
    """A cell's XML as openpyxl's write-only writer makes it (inline string or number)."""
    if isinstance(value, str):
        value = value[:_CELL_CHARS]  # as openpyxl cuts it
        if value == "":
            return f'<c r="{ref}" s="{style}" t="inlineStr" />'
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    from openpyxl.compat import safe_string

    return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'
