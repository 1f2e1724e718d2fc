"""Tables that fit the terminal they are printed on.

A `FitTable` is laid out when rich renders it, at the width it is given:

* a key (or code) is never wrapped inside: a `key` column is as wide as its longest line, a `keys` column as its
  longest key (several keys wrap between keys, at ", ");
* free text folds under its own column (words up to 20 characters stay whole);
* when the columns do not fit, the least useful ones (highest `drop`) are left out first, and a note says which;
* when even the core columns (`drop=0`) do not fit, every row becomes a stacked record: the key and name on one
  line, then one `field  value` line per column, values folding under themselves.

Japanese text wraps by display cells: rich (15) breaks a line only at spaces, so a long run of Japanese moved to
the next line whole (leaving the line short) or overflowed. `divide_line` also breaks between two characters
when either is a wide (CJK) one, except before closing punctuation and small kana (、。）」ー っ …) and after
opening brackets (kinsoku); text without wide characters wraps exactly as rich wraps it, and a key (ASCII) is
never broken inside. `install_wrapping` puts it where rich's `Text.wrap` looks its line breaker up; the console
of `cli.output` does that when it is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from daicho.catalog.words import t

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.text import Text

#: words of free text up to this many cells stay whole (longer ones, such as URLs, fold)
WORD = 20
#: free text never gets narrower than this
TEXT_MIN = 10


@dataclass(frozen=True)
class Column:
    """A column: its heading, what it holds, and how soon it is left out when the terminal is narrow.

    kind: `key` (keys or codes, one a line, never wrapped), `keys` (keys wrapping between them), `text` (free
    text, folds). drop: 0 for a core column (always shown, or the table stacks); columns with a higher number
    are left out first."""

    heading: str
    kind: Literal["key", "keys", "text"] = "text"
    drop: int = 0
    style: str | None = None


#: characters a line may not begin with: closing brackets and punctuation, small kana, the long vowel mark
_NO_START = frozenset("、。，．・：；？！ー～〜）」』】〕〉》］｝〙〗”’"
                      "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々ゝゞヽヾ,.:;!?)]}%")
#: characters a line may not end with: opening brackets
_NO_END = frozenset("（「『【〔〈《［｛〘〖“‘([{")


def _wide(char: str) -> bool:
    from rich.cells import get_character_cell_size

    return char > "\u2e7f" and get_character_cell_size(char) == 2


def narrow(line: str) -> bool:
    """Whether a line has no character that may be wide (so none that `breakable` breaks beside)."""
    return not line or max(line) <= "\u2e7f"


def short_ascii(plain: str, room: int) -> bool:
    """Whether a text is one line of ASCII at most `room` characters long: none of its words is wider than `room`."""
    return len(plain) <= room and plain.isascii() and "\n" not in plain


def breakable(before: str, after: str) -> bool:
    """Whether a line may break between two characters that have no space between them: beside a wide (CJK)
    character, unless `after` may not begin a line or `before` may not end one."""
    return (_wide(before) or _wide(after)) and after not in _NO_START and before not in _NO_END


def citations(line: str) -> list[tuple[int, int]]:
    """Where the citations of a line are (`catalog.words.citations.WRITTEN`: 法27条1項1号, JIPDEC指針 J.8.3,
    Rules 8(2), JIS Q 15001:2023 A.19 …): a line is never broken inside one."""
    import daicho.catalog.words.citations as cited  # `from … import WRITTEN` would call its __getattr__ each time

    return [m.span() for m in cited.WRITTEN.finditer(line)] if _DIGIT(line) else []


_DIGIT = re.compile(r"\d").search  # every citation has a digit


def _raw_pieces(line: str):
    from rich._wrap import words as rich_words

    if narrow(line):  # no wide character: rich's words as they are
        for start, end, _word in rich_words(line):
            yield start, end
        return
    wide = [_wide(char) for char in line]  # each character measured once (`breakable`, inlined)
    for start, end, word in rich_words(line):
        cut = start + len(word) - len(word.lstrip())
        stop = start + len(word.rstrip())
        head = start
        for i in range(cut + 1, stop):
            if (wide[i - 1] or wide[i]) and line[i] not in _NO_START and line[i - 1] not in _NO_END:
                yield head, i
                head = i
        yield head, end


def pieces(line: str, whole: list[tuple[int, int]] | None = None):
    """(start, end, piece) for each piece of a line that is never broken: rich's words (a word with the spaces
    after it), cut again where a line may break inside Japanese text, joined again inside a citation (`whole`:
    the spans kept whole, `citations(line)` when not given)."""
    whole = citations(line) if whole is None else whole
    kept = {i for a, b in whole for i in range(a + 1, b)}
    head = None
    for start, _end in _raw_pieces(line):
        if head is None:
            head = start
        elif start not in kept:
            yield head, start, line[head:start]
            head = start
    if head is not None:
        yield head, len(line), line[head:]


def divide_line(line: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `line` to fit `width` cells (rich's `divide_line`, breaking inside Japanese text too, never
    inside a citation): offsets into the line. A line without wide characters or citations is divided by rich
    itself."""
    from daicho.cli.one_cell import breaks_of, divide, one_cell  # absolute: a relative import runs Python code
    from rich._wrap import divide_line as rich_divide_line  # each time
    from rich.cells import cell_len

    whole = citations(line)
    if one_cell(line):  # measured by its length: the same breaks, sooner
        return divide(line, width, fold, whole)
    if not whole and (not line or max(line) <= "\u2e7f" or not any(_wide(c) for c in line)):
        return rich_divide_line(line, width, fold)
    return breaks_of(((start, piece) for start, _end, piece in pieces(line, whole)), width, fold, cell_len)


def install_wrapping() -> None:
    """Make rich's `Text.wrap` break lines inside Japanese text (`divide_line`); idempotent. Views call it when
    they are imported and `cli.output` when it makes a rich Text or the console; until rich's text module is
    imported there is nothing to patch (plain output, `cli.plain`, never imports it)."""
    import sys

    module = sys.modules.get("rich.text")
    if module is not None and module.divide_line is not divide_line:
        module.divide_line = divide_line


def _lines(cell: Text) -> list[str]:
    return cell.plain.split("\n")


#: where a line may break: spaces, and around any Japanese character (rich folds a run of them anywhere)
_BREAKS = re.compile(r"[\s\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def words(value: str) -> list[str]:
    """The pieces of a value that cannot be broken: words between spaces, outside Japanese text, and citations
    whole."""
    whole = citations(value)
    rest = value
    for a, b in reversed(whole):
        rest = rest[:a] + " " + rest[b:]
    return [value[a:b] for a, b in whole] + [w for w in _BREAKS.split(rest) if w]


def _widest(words: Iterable[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(w) for w in words), default=0)


def _natural(column: Column, cells: list[Text]) -> int:
    """The width a column takes without wrapping anything."""
    return max(_widest(column.heading.split()), _widest(line for c in cells for line in _lines(c)), 1)


def _minimum(column: Column, cells: list[Text]) -> int:
    """The narrowest a column may get: its longest key line, key, or (for text) word up to WORD cells."""
    heading = _widest(column.heading.split())
    if column.kind == "key":
        return max(heading, _widest(line for c in cells for line in _lines(c)), 1)
    pieces = [w for c in cells for w in words(c.plain)]
    if column.kind == "keys":
        return max(heading, _widest(pieces), 1)
    natural = _natural(column, cells)
    return min(natural, max(heading, TEXT_MIN, min(_widest(pieces), WORD)))


def overhead(n: int) -> int:
    """Cells a table of `n` columns spends on padding and rules (box SIMPLE_HEAD, no edge)."""
    return 3 * (n - 1) if n else 0


def spread(minimum: list[int], natural: list[int], room: int) -> list[int]:
    """Widths from `minimum` growing toward `natural`, sharing `room` extra cells in proportion to what each
    column still wants."""
    widths = list(minimum)
    while room > 0:
        wants = [n - w for w, n in zip(widths, natural, strict=True)]
        total = sum(w for w in wants if w > 0)
        if total == 0:
            break
        given = 0
        for i, want in enumerate(wants):
            if want > 0:
                share = min(want, max(1, room * want // total), room - given)
                widths[i] += share
                given += share
        if given == 0:
            break
        room -= given
    return widths


def layout(columns: list[Column], rows: list[list[Text]], width: int) -> tuple[list[int], list[int]] | None:
    """Which columns to show (their indexes) and how wide, at `width`; None when the core columns do not fit
    (the table stacks)."""
    cells = [[row[i] for row in rows] for i in range(len(columns))]
    minimum = [_minimum(c, cells[i]) for i, c in enumerate(columns)]
    natural = [max(m, _natural(c, cells[i])) for i, (c, m) in enumerate(zip(columns, minimum, strict=True))]
    shown = list(range(len(columns)))
    by_value = sorted((i for i in shown if columns[i].drop), key=lambda i: (columns[i].drop, i))
    while sum(minimum[i] for i in shown) + overhead(len(shown)) > width:
        if not by_value:
            return None
        level = columns[by_value[-1]].drop  # columns of one level (from, to) go together
        while by_value and columns[by_value[-1]].drop == level:
            shown.remove(by_value.pop())
    room = width - sum(minimum[i] for i in shown) - overhead(len(shown))
    widths = spread([minimum[i] for i in shown], [natural[i] for i in shown], room)
    return shown, widths


class FitTable:
    """A table of records (cells as rich Text) laid out for the width it is rendered at (see the module)."""

    def __init__(self, title: str, columns: list[Column], rows: list[list[Text]], note: Any = None,
                 lang: str = "en") -> None:
        self.title, self.columns, self.rows, self.note, self.lang = title, columns, rows, note, lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .output import text

        width = options.max_width
        yield text(self.title, "bold")
        placed = layout(self.columns, self.rows, width) if self.rows else None
        if self.rows and placed is None:
            yield from self._stacked(width)
        elif self.rows:
            shown, widths = placed
            yield self._table(shown, widths)
            left_out = [c.heading for i, c in enumerate(self.columns) if i not in shown]
            if left_out:
                yield text(t(self.lang, "not shown at {width} columns: {columns} (a wider terminal, or --json)",
                             width=width, columns=t(self.lang, ", ").join(left_out)), "daicho.dim")
        if self.note is not None:
            yield self.note

    @property
    def built_plain(self) -> bool:
        """Whether the table was built while `cli.plain` chose plain output (its cells are `plain.Line`s)."""
        from .plain import Line

        return any(isinstance(cell, Line) for row in self.rows for cell in row)

    def lines_at(self, width: int) -> list[str]:
        """The printed lines at `width` of a table built plain (`cli.plain`): as rich prints them."""
        from .plain_blocks import fit_table_lines

        return fit_table_lines(self, width)

    def to_rich(self) -> FitTable:
        """The same table with rich texts (`cli.plain.to_rich`)."""
        from .plain import to_rich

        return FitTable(self.title, self.columns, [[to_rich(c) for c in row] for row in self.rows],
                        None if self.note is None else to_rich(self.note), self.lang)

    def _table(self, shown: list[int], widths: list[int]):
        from rich import box
        from rich.table import Table

        from .output import text

        tall = any("\n" in row[i].plain or _natural(self.columns[i], [row[i]]) > w
                   for row in self.rows for i, w in zip(shown, widths, strict=True))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_lines=tall, padding=(0, 1))
        for i, w in zip(shown, widths, strict=True):
            column = self.columns[i]
            table.add_column(text(column.heading), width=w, no_wrap=column.kind == "key", overflow="fold",
                             style=column.style or "")
        for row in self.rows:
            table.add_row(*(row[i] for i in shown))
        return table

    def _key(self, key: Text) -> Text:
        key = key.copy()
        key.stylize(self.columns[0].style or "")
        return key

    def _stacked(self, width: int, plain: bool = False):
        """Each record as a block: `key  name`, then `field  value` lines indented under it (as `cli.plain`
        blocks with `plain`)."""
        from rich.cells import cell_len

        if plain:
            from daicho.inventory.safe_text import visible

            from .plain import Line
            from .plain_blocks import Col, Grid
            from .plain_blocks import Pad as Padding

            def text(value: str, style: str | None = None) -> Line:
                return Line(visible(value))
        else:
            from rich.padding import Padding

            from .output import text

        label_width = max(cell_len(c.heading) for c in self.columns[1:]) if len(self.columns) > 1 else 0
        for row in self.rows:
            rest = list(range(1, len(self.columns)))
            if rest and self.columns[1].kind == "text":  # the name beside the key, or under it when too long
                rest = rest[1:]
                if cell_len(row[0].plain) + 2 + min(_widest(words(row[1].plain)), WORD) <= width:
                    if plain:
                        yield Grid([Col(no_wrap=True), Col(overflow="fold")], [[row[0], row[1]]], 2)
                    else:
                        from rich.table import Table

                        head = Table.grid(padding=(0, 2))
                        head.add_column(no_wrap=True, style=self.columns[0].style or "")
                        head.add_column(overflow="fold")
                        head.add_row(row[0], row[1])
                        yield head
                else:
                    yield self._key(row[0])
                    if row[1].plain:
                        yield Padding(row[1], 2) if plain else Padding(row[1], (0, 0, 0, 2))
            else:
                yield self._key(row[0])
            fields = [(text(self.columns[i].heading + " " * (label_width - cell_len(self.columns[i].heading))),
                       row[i]) for i in rest
                      if row[i].plain.strip()]
            if fields:
                shown = Fields(fields, label_style="daicho.dim")
                yield Padding(shown, 2) if plain else Padding(shown, (0, 0, 0, 2))


class Fields:
    """`label value` lines whose values wrap under themselves (never back to the label's column). When the
    labels leave too little room for a value's longest word (a long key), each value goes under its label."""

    def __init__(self, rows: list[tuple[Text, Text]], label_style: str = "") -> None:
        self.rows, self.label_style = rows, label_style

    def _parts(self, width: int):
        """("grid", label width, rows) for rows whose values go beside their labels, ("under", label, value) for
        one whose value goes under its label, in order."""
        label = _widest(line for lab, _ in self.rows for line in _lines(lab))
        beside: list[tuple[Any, Any]] = []
        for lab, value in self.rows:
            if short_ascii(value.plain, width - label - 1):  # no word of it can be too long beside its label
                beside.append((lab, value))
                continue
            longest = _widest(words(value.plain))
            # beside its label when its longest word fits there; a longer word (a path, a long key) goes under the
            # label when it fits whole there, and is folded beside the label only when it fits nowhere
            if label + 1 + longest <= width or (label + 1 + WORD * 2 <= width and longest + 2 > width):
                room = width - label - 1
                beside.append((lab, _break_paths(value, room) if longest > room else value))
                continue
            if beside:  # a value with a word too long beside the labels goes under its label
                yield "grid", label, beside
                beside = []
            yield "under", lab, _break_paths(value, width - 2) if longest + 2 > width else value
        if beside:
            yield "grid", label, beside

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.padding import Padding
        from rich.table import Table

        for kind, label, rows in self._parts(options.max_width):
            if kind == "grid":
                grid = Table.grid(padding=(0, 1))
                grid.add_column(no_wrap=True, style=self.label_style, min_width=label)
                grid.add_column(overflow="fold")
                for lab, value in rows:
                    grid.add_row(lab, value)
                yield grid
                continue
            if label.plain:
                label = label.copy()
                label.stylize(self.label_style)
                yield label
            yield Padding(rows, (0, 0, 0, 2))

    @property
    def built_plain(self) -> bool:
        """Whether the fields were built while `cli.plain` chose plain output (their texts are `plain.Line`s)."""
        from .plain import Line

        return any(isinstance(value, Line) for _, value in self.rows)

    def lines_at(self, width: int) -> list[str]:
        """The printed lines at `width` of fields built plain (`cli.plain`): as rich prints them."""
        from .plain_blocks import fields_lines

        return fields_lines(self, width)

    def to_rich(self) -> Fields:
        """The same fields with rich texts (`cli.plain.to_rich`)."""
        from .plain import to_rich

        return Fields([(to_rich(lab), to_rich(value)) for lab, value in self.rows], self.label_style)


def _break_paths(value: Any, room: int) -> Any:
    """`value` (a rich `Text` or a `plain.Line`) with a line break after a `/` wherever a word longer than `room`
    cells (a file path under a long folder) would otherwise be folded inside a name: `…/examples/tsumiki/` then
    `recipients.yaml:118`, not `…/rec` then `ipients.yaml:118`. Unchanged when no `/` helps."""
    text = value.plain
    breaks: list[int] = []
    start, cells, slash = 0, 0, None
    for i, char in enumerate(text):
        if char == " " or char == "\n":
            start, cells, slash = i + 1, 0, None
            continue
        cells += 2 if _wide(char) else 1
        if cells > room and slash is not None:
            breaks.append(slash)
            start, slash = slash, None
            cells = sum(2 if _wide(c) else 1 for c in text[start:i + 1])
        if char == "/" and i + 1 < len(text):
            slash = i + 1
    if not breaks:
        return value
    out, head = value[0:0], 0
    for cut in breaks:
        out.append_text(value[head:cut])
        out.append("\n")
        head = cut
    out.append_text(value[head:])
    return out


def labelled(rows: list[tuple[Text, Text]], indent: int = 0):
    """`label value` lines (Fields), indented."""
    from .plain import padded

    return padded(Fields(rows), indent) if indent else Fields(rows)


def split_label(line: Text) -> tuple[Text, Text]:
    """`label: value` as (label with its colon, value); ("", line) when it has no label."""
    from .output import text

    plain = line.plain
    cuts = [i for i in (plain.find(": "), plain.find("：")) if i > 0]
    if not cuts:
        return text(""), line
    cut = min(cuts)
    return line[:cut + 1], line[cut + 1:].copy() if plain[cut] == "：" else line[cut + 2:]
