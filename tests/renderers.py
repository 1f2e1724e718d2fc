"""The same view printed twice for the tests that compare daicho's plain layout (`cli.plain`, `cli.plain_blocks`)
with rich's: built with rich and printed by a colourless console, and built plain and laid out by daicho."""

from __future__ import annotations

import io

from daicho.cli import plain
from daicho.cli.output import THEME


def rich_lines(build, width: int) -> str:
    """The view built with rich and printed by a colourless console `width` wide."""
    from daicho.cli.fit import install_wrapping
    from rich.console import Console
    from rich.theme import Theme

    plain.active = False
    view = build()
    install_wrapping()
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, theme=Theme(THEME), highlight=False).print(view)
    return out.getvalue()


def plain_lines(build, width: int) -> str:
    """The view built plain and laid out `width` wide by `cli.plain`."""
    plain.active = True
    try:
        view = build()
    finally:
        plain.active = False
    return "".join(line + "\n" for line in plain.lines_of(view, width))
