"""Trees of text written without rich when rich would write no escape code: a fast start for piped output.

Importing `rich.console` costs a terminal query about as much as all of daicho's own work on a small inventory
(~40 ms of a ~0.35 s start on this machine kind). When standard output is not a terminal (a pipe, a file, a
benchmark) and nothing forces one (`FORCE_COLOR`, `TTY_COMPATIBLE=1`), rich writes plain text: the trees of
`where`, `receives` and `path` are then laid out here, line for line as rich lays them out — the same width
(`COLUMNS`, else the terminal of stdin/stdout/stderr, else 80), the same wrapping (`cli.fit.divide_line`, rich's
own rules and Japanese breaks), the same guides. On a terminal, or with any doubt (tabs in the text, a zero
width), the same view is built with rich as before. `tests/test_plain.py` compares both on many results.

A view asks for `tree(label)`, `group(*parts)` and `output.text(...)`; while `begin()` has chosen plain output
they are the small classes below, else rich's own. `write(build)` chooses, builds and prints.
"""

from __future__ import annotations

import os
import sys
from typing import Any

#: True while the running command writes plain text (`begin`)
active = False

_GUIDES = ("    ", "│   ", "├── ", "└── ")  # rich.tree.Tree.TREE_GUIDES[0]: space, continue, fork, end
SPACE, CONTINUE, FORK, END = range(4)


def plain_width() -> int | None:
    """The width rich would print at when it writes no escape code, or None when it would write some (or the
    case is one this module does not mirror)."""
    if sys.platform == "win32":
        return None
    if not (getattr(sys.stdout, "encoding", "utf-8") or "utf-8").lower().startswith("utf"):
        return None  # rich draws ASCII guides and boxes, and says more when a character cannot be written
    environ = os.environ
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible == "1":
        return None
    if compatible != "0":
        force = environ.get("FORCE_COLOR")
        if force is not None and force != "":
            return None
        try:
            if sys.stdout.isatty():
                return None
        except (AttributeError, ValueError):
            pass
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd)[0]
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def begin() -> bool:
    """Choose plain output for the running command when rich would write plain text anyway."""
    global active
    active = plain_width() is not None
    return active


class Line:
    """Text without styles, with the few methods of rich's `Text` the views use."""

    __slots__ = ("plain",)

    def __init__(self, plain: str = "", style: Any = None) -> None:
        self.plain = plain

    def append(self, value: Any, style: Any = None) -> Line:
        self.plain += value if isinstance(value, str) else value.plain
        return self

    def append_text(self, other: Line) -> Line:
        self.plain += other.plain
        return self

    def copy(self) -> Line:
        return Line(self.plain)

    def stylize(self, *args: Any, **kwargs: Any) -> None:
        """Styles are not written in plain output."""

    def __len__(self) -> int:
        return len(self.plain)

    def __getitem__(self, part: slice) -> Line:
        return Line(self.plain[part])

    def __str__(self) -> str:
        return self.plain


class Tree:
    """A tree of `Line`s, guides drawn as rich draws them."""

    def __init__(self, label: Line) -> None:
        self.label, self.children = label, []

    def add(self, label: Line) -> Tree:
        child = Tree(label)
        self.children.append(child)
        return child


class Group:
    """Renderables one after the other."""

    def __init__(self, *parts: Any) -> None:
        self.parts = parts


def tree(label: Any):
    """A tree: plain while plain output is chosen, else rich's."""
    if active:
        return Tree(label)
    from rich.tree import Tree as RichTree

    return RichTree(label)


def padded(renderable: Any, left: int):
    """rich's `Padding(renderable, (0, 0, 0, left))`, plain while plain output is chosen."""
    if active:
        from .plain_blocks import Pad

        return Pad(renderable, left)
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, left))


def rule(title: Any, style: str = "rule.line"):
    """rich's `Rule(title, align="left")`, plain while plain output is chosen."""
    if active:
        from .plain_blocks import RuleLine

        return RuleLine(title)
    from rich.rule import Rule

    return Rule(title, align="left", style=style)


def group(*parts: Any):
    """Renderables in order: plain while plain output is chosen, else rich's `Group`."""
    if active:
        return Group(*parts)
    from rich.console import Group as RichGroup

    return RichGroup(*parts)


def unbroken(line: str, width: int) -> bool:
    """Whether a line of text (no newline) is printed whole at `width`: no wider than `width` cells and no longer
    than `width` characters, so that rich divides it nowhere and cuts nothing (an ASCII line of at most `width`
    characters always is: its characters take one cell or none)."""
    if len(line) > width:
        return False
    if line.isascii():
        return True
    from rich.cells import cell_len

    return "\u200d" not in line and "\ufe0f" not in line and cell_len(line) <= width  # its cells add up


def wrap(plain: str, width: int) -> list[str]:
    """The lines of a text at `width` cells, as rich's `Text.wrap` makes them (justify default, overflow fold)."""
    from daicho.cli.fit import divide_line  # absolute: a relative import runs Python code each time
    from rich.cells import cell_len, set_cell_size

    lines = []
    for line in plain.split("\n"):
        if unbroken(line, width):  # the line as it is
            lines.append(line)
            continue
        offsets = divide_line(line, width, fold=True)
        for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
            part = line[start:end]
            if len(part) > width:  # rich's rstrip_end: whitespace beyond the width (in characters) goes
                trailing = len(part) - len(part.rstrip())
                if trailing:
                    part = part[:len(part) - min(trailing, len(part) - width)]
            if cell_len(part) > width:
                part = set_cell_size(part, width)
            lines.append(part)
    return lines


def lines_of(renderable: Any, width: int) -> list[str]:
    """The printed lines of a plain renderable at `width`."""
    if isinstance(renderable, Group):
        return [line for part in renderable.parts for line in lines_of(part, width)]
    if isinstance(renderable, Tree):
        return _tree_lines(renderable, width)
    if isinstance(renderable, Line):
        return wrap(renderable.plain, width)
    return renderable.lines_at(width)  # fields, tables, rules, indents (cli.plain_blocks) built plain


def _tree_lines(root: Tree, width: int) -> list[str]:
    """rich's `Tree.__rich_console__` for unstyled labels: guides of four cells a level, a label wrapped in the
    width its guides leave."""
    out: list[str] = []
    levels = [CONTINUE]
    stack = [iter([(True, root)])]
    while stack:
        try:
            last, node = next(stack[-1])
        except StopIteration:
            stack.pop()
            levels.pop()
            if levels:
                levels[-1] = FORK
            continue
        if last:
            levels[-1] = END
        prefix = levels[1:]
        for first, line in enumerate(wrap(node.label.plain, max(0, width - 4 * len(prefix)))):
            out.append("".join(_GUIDES[g] for g in prefix) + line)
            if first == 0 and prefix:
                prefix[-1] = SPACE if last else CONTINUE
        if node.children:
            levels[-1] = SPACE if last else CONTINUE
            levels.append(END if len(node.children) == 1 else FORK)
            count = len(node.children)
            stack.append(iter([(i == count - 1, child) for i, child in enumerate(node.children)]))
    return out


def _has_tab(renderable: Any) -> bool:
    if isinstance(renderable, Group):
        return any(_has_tab(p) for p in renderable.parts)
    if isinstance(renderable, Tree):
        return "\t" in renderable.label.plain or any(_has_tab(c) for c in renderable.children)
    if not isinstance(renderable, Line):  # a block of cli.plain_blocks: it raises Unmirrored on a tab itself
        return False
    return "\t" in renderable.plain


def write(build: Any) -> None:
    """Build a view (`build()`) plain when rich would write no escape code, else with rich, and print it; plain
    output ends with the call (a later command in the same process, a test, chooses again)."""
    global active
    begin()
    try:
        view = build()
    finally:
        active = False
    show(view)


def show(renderable: Any) -> None:
    """Print a view: plain lines when it was built plain, else through the rich console."""
    from .output import console

    if isinstance(renderable, (Line, Tree, Group)) or getattr(renderable, "built_plain", False):
        from .plain_blocks import Unmirrored

        width = plain_width()
        if width is not None and not _has_tab(renderable):
            try:
                lines = lines_of(renderable, width)
            except Unmirrored:  # a layout cli.plain_blocks does not reproduce: rich lays it out
                pass
            else:
                sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in lines))  # no padding at line ends
                return
        renderable = to_rich(renderable)
    console().print(renderable)


def to_rich(renderable: Any):
    """The same view as rich objects (plain ones are rebuilt without styles: used only where rich would write
    no escape code)."""
    from .output import text

    if hasattr(renderable, "to_rich"):  # fields, tables, rules, indents (cli.plain_blocks)
        return renderable.to_rich()
    if isinstance(renderable, Group):
        from rich.console import Group as RichGroup

        return RichGroup(*(to_rich(p) for p in renderable.parts))
    if isinstance(renderable, Tree):
        from rich.tree import Tree as RichTree

        built = RichTree(to_rich(renderable.label))
        stack = [(renderable, built)]
        while stack:
            source, target = stack.pop()
            for child in source.children:
                stack.append((child, target.add(to_rich(child.label))))
        return built
    global active
    was, active = active, False
    try:
        return text(renderable.plain)
    finally:
        active = was
