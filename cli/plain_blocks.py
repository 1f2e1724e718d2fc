"""Grids, tables, rules and indents written without rich, line for line as rich writes them (`cli.plain`).

`cli.plain` lays out trees and lines of text; the fields of `show`, `breach` and `check`, the tables of `list`,
check's summary, its rule headings and indented blocks are laid out here, each as rich (15) lays it out when it
writes no colour: the same column widths (rich's measurement, its collapsing of wrappable columns), the same
padding (cells and indents filled with spaces to their width), the same rules. A layout this module does not
mirror (a column squeezed below its padding, a table wider than the terminal after collapsing, a terminal
without UTF-8) raises `Unmirrored`, and the view is printed through rich instead. `tests/test_plain_blocks.py`
compares both on every Engoo view.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size

from . import plain as plain_text
from .one_cell import one_cell


class Unmirrored(Exception):
    """A layout this module does not reproduce: the view goes through rich."""


def _rstrip_end(line: str, width: int) -> str:
    """rich's `Text.rstrip_end`: whitespace beyond `width` characters at the end goes."""
    if len(line) > width:
        trailing = len(line) - len(line.rstrip())
        if trailing:
            line = line[:len(line) - min(trailing, len(line) - width)]
    return line


def cell_lines(plain: str, width: int, justify: str = "left", no_wrap: bool = False) -> list[str]:
    """A text's lines in a cell `width` wide: wrapped (unless `no_wrap`) and justified as rich's `Text.wrap`
    does, each filled with spaces to the width."""
    if width < 1 or "\t" in plain:
        raise Unmirrored("a cell without room, or a tab (rich expands it)")
    if no_wrap:
        lines = [_rstrip_end(line, width) for line in plain.split("\n")]
        if any(cell_len(line) > width for line in lines):
            raise Unmirrored("a line cut short in a column that does not wrap")
    else:
        lines = plain_text.wrap(plain, width)
    if justify == "right":
        lines = [set_cell_size(line.rstrip(), width) if cell_len(line.rstrip()) > width else line.rstrip()
                 for line in lines]
        return [" " * (width - cell_len(line)) + line for line in lines]
    return [set_cell_size(line, width) for line in lines]


def one_cell_each(plain: str) -> bool:
    """Whether each character of a text but its newlines takes one cell (printable ASCII, or any text rich itself
    measures by its length: `cli.one_cell`): its width is its length."""
    return one_cell(plain.replace("\n", ""))  # printable ASCII is among rich's one-cell characters


def measure(plain: str) -> tuple[int, int]:
    """rich's `Text.__rich_measure__`: (its longest word, its longest line) in cells."""
    lines = plain.splitlines()
    words = plain.split()
    if one_cell_each(plain):
        widest = max(map(len, lines), default=0)
        return (max(map(len, words)) if words else widest), widest
    widest = max((cell_len(line) for line in lines), default=0)
    return (max(cell_len(word) for word in words) if words else widest), widest


@dataclass
class Col:
    """A column as rich's `Table.add_column` takes it (only what daicho's views set)."""

    no_wrap: bool = False
    justify: str = "left"
    width: int | None = None
    min_width: int | None = None
    overflow: str = "ellipsis"  # rich's default; a column that wraps folds ("fold")


def _cell_measure(measured: tuple[int, int], extra: int, max_width: int) -> tuple[int, int]:
    """`Measurement.get` of a text (`measure(text)`) in its cell padding (`extra` cells), at `max_width`."""
    if max_width < 1:
        return 0, 0
    if max_width - extra < 1:
        low, high = max_width, max_width
    else:
        inner = max_width - extra
        low, high = measured
        low = min(max(0, low), high)
        low, high = min(low, inner), min(high, inner)
        if high < 1:
            low, high = 0, 0
        low, high = min(low + extra, max_width), min(high + extra, max_width)
    low = min(max(0, low), high)
    if high < 1:
        return 0, 0
    return low, high


def _column_width(column: Col, cells: list[tuple[int, int]], pads: tuple[int, int], max_width: int) -> int:
    """rich's `Table._measure_column(...).maximum`, of the column's cells measured (`measure`)."""
    if max_width < 1:
        return 0
    extra = pads[0] + pads[1]
    if column.width is not None:
        return min(column.width + extra, max_width)
    measured = [_cell_measure(c, extra, max_width) for c in cells]
    low = max((m[0] for m in measured), default=1)
    high = max((m[1] for m in measured), default=max_width)
    low, high = min(low, max_width), min(high, max_width)
    if column.min_width is not None:
        low, high = max(low, column.min_width + extra), max(high, column.min_width + extra)
    return high


def table_lines(columns: list[Col], rows: list[list[str]], width: int, *, gap: int, header: list[str] | None = None,
                grid: bool = True, show_lines: bool = False) -> list[str]:
    """The lines of a rich `Table`: a grid (`Table.grid(padding=(0, gap))`: no box, padding collapsed, no edge
    padding) or a table of box SIMPLE_HEAD without edge (`padding=(0, gap)`, `pad_edge=False`, `header`
    headings, a line of spaces between rows with `show_lines`), at most `width` cells wide."""
    if not grid and not (sys.stdout.encoding or "").lower().startswith("utf"):
        raise Unmirrored("a terminal without UTF-8 (rich draws the rule in ASCII)")
    n = len(columns)
    pads = []
    for i in range(n):
        left = 0 if i == 0 or grid else gap
        right = 0 if i == n - 1 else gap
        pads.append((left, right))
    extra_width = 0 if grid else n - 1
    max_width = width - extra_width
    body = ([header] if header is not None else []) + rows
    cells_by_column = [[measure(row[i]) for row in body] for i in range(n)]  # measured once, for both passes
    widths = [_column_width(c, cells_by_column[i], pads[i], max_width) or 1 for i, c in enumerate(columns)]
    if sum(widths) > max_width:
        wrapable = [c.width is None and not c.no_wrap for c in columns]
        if sum(wrapable) != 1:
            raise Unmirrored("more than one column to collapse")
        i = wrapable.index(True)
        widths[i] -= min(sum(widths) - max_width, widths[i])
        if sum(widths) > max_width:
            raise Unmirrored("a table wider than the terminal")
        widths = [_column_width(c, cells_by_column[k], pads[k], w) for k, (c, w) in enumerate(zip(columns, widths,
                                                                                                  strict=True))]
    out: list[str] = []
    divider = "" if grid else " "
    for index, row in enumerate(body):
        rendered = []
        for i, column in enumerate(columns):
            left, right = pads[i]
            inner = widths[i] - left - right
            lines = cell_lines(row[i], inner, column.justify, column.no_wrap)
            rendered.append([" " * left + line + " " * right for line in lines])
        height = max(map(len, rendered))
        for i, cell in enumerate(rendered):
            cell.extend([" " * widths[i]] * (height - len(cell)))
        out.extend(map(divider.join, zip(*rendered, strict=True)))  # line k of each cell, side by side
        if header is not None and index == 0:
            out.append("─" * (sum(widths) + extra_width))
        elif show_lines and index < len(body) - 1:
            out.append(" " * (sum(widths) + extra_width))
    return out


class Pad:
    """rich's `Padding(renderable, (0, 0, 0, left))`: the lines `left` cells in, filled to the width."""

    built_plain = True

    def __init__(self, renderable: Any, left: int) -> None:
        self.renderable, self.left = renderable, left

    def lines_at(self, width: int) -> list[str]:
        """The printed lines at `width`."""
        inner = width - self.left
        if inner < 1:
            raise Unmirrored("an indent wider than the terminal")
        return [" " * self.left + set_cell_size(line, inner) for line in plain_text.lines_of(self.renderable, inner)]

    def to_rich(self):
        """The same as rich's `Padding`."""
        from rich.padding import Padding

        from .plain import to_rich

        return Padding(to_rich(self.renderable), (0, 0, 0, self.left))


class RuleLine:
    """rich's `Rule(title, align="left")` of the default character: the title, a space, the rule to the width."""

    built_plain = True

    def __init__(self, title: Any) -> None:
        self.title = title

    def lines_at(self, width: int) -> list[str]:
        """The printed line at `width`."""
        if not (sys.stdout.encoding or "").lower().startswith("utf"):
            raise Unmirrored("a terminal without UTF-8 (rich draws the rule in ASCII)")
        title = self.title.plain.replace("\n", " ")
        if "\t" in title:
            raise Unmirrored("a tab (rich expands it)")
        room = max(0, width - 2)
        if not room:
            return [set_cell_size("─" * (width + 1), width)]
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…"
        line = title + " "
        return [set_cell_size(line + "─" * (width - cell_len(line)), width)]

    def to_rich(self):
        """The same as rich's `Rule`."""
        from rich.rule import Rule

        from .plain import to_rich

        return Rule(to_rich(self.title), align="left")


class Grid:
    """rich's `Table.grid(padding=(0, gap))` of texts: `columns` as `Col`s, `rows` of `cli.plain.Line`s."""

    built_plain = True

    def __init__(self, columns: list[Col], rows: list[list[Any]], gap: int) -> None:
        self.columns, self.rows, self.gap = columns, rows, gap

    def lines_at(self, width: int) -> list[str]:
        """The printed lines at `width`."""
        return table_lines(self.columns, [[c.plain for c in row] for row in self.rows], width, gap=self.gap)

    def to_rich(self):
        """The same as rich's `Table.grid`."""
        from rich.table import Table

        from .plain import to_rich

        table = Table.grid(padding=(0, self.gap))
        for c in self.columns:
            table.add_column(no_wrap=c.no_wrap, justify=c.justify, width=c.width, min_width=c.min_width,
                             overflow=c.overflow)
        for row in self.rows:
            table.add_row(*(to_rich(c) for c in row))
        return table


def fields_lines(fields: Any, width: int) -> list[str]:
    """The lines of `cli.fit.Fields` built plain: the rows beside their labels as a grid, a value whose longest
    word does not fit there under its label, indented."""
    lines_of = plain_text.lines_of
    out: list[str] = []
    for kind, label, rows in fields._parts(width):
        if kind == "grid":
            out += table_lines([Col(no_wrap=True, min_width=label), Col(overflow="fold")],
                               [[lab.plain, value.plain] for lab, value in rows], width, gap=1)
            continue
        if label.plain:
            out += lines_of(label, width)
        out += Pad(rows, 2).lines_at(width)
    return out


def fit_table_lines(table: Any, width: int) -> list[str]:
    """The lines of `cli.fit.FitTable` built plain: its title, the table (box SIMPLE_HEAD, the columns `fit.layout`
    chose) or each record stacked, the columns left out, its note."""
    from daicho.catalog.words import t
    from daicho.inventory.safe_text import visible

    from .fit import _natural, layout
    from .plain import Line, lines_of

    out = lines_of(Line(visible(table.title)), width)
    placed = layout(table.columns, table.rows, width) if table.rows else None
    if table.rows and placed is None:
        for part in table._stacked(width, plain=True):
            out += lines_of(part, width)
    elif table.rows:
        shown, widths = placed
        tall = any("\n" in row[i].plain or _natural(table.columns[i], [row[i]]) > w
                   for row in table.rows for i, w in zip(shown, widths, strict=True))
        columns = [Col(no_wrap=table.columns[i].kind == "key", width=w, overflow="fold")
                   for i, w in zip(shown, widths, strict=True)]
        out += table_lines(columns, [[row[i].plain for i in shown] for row in table.rows], width, gap=1,
                           header=[visible(table.columns[i].heading) for i in shown], grid=False, show_lines=tall)
        left_out = [c.heading for i, c in enumerate(table.columns) if i not in shown]
        if left_out:
            said = t(table.lang, "not shown at {width} columns: {columns} (a wider terminal, or --json)",
                     width=width, columns=t(table.lang, ", ").join(left_out))
            out += lines_of(Line(visible(said)), width)
    if table.note is not None:
        out += lines_of(table.note, width)
    return out
