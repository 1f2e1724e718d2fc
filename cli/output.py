"""Output helpers shared by every command: the rich console, JSON to stdout, errors to stderr.

Machine output (`--json`) never goes through rich. User text is never parsed as rich markup.
"""

from __future__ import annotations

import sys
from typing import Any

THEME = {
    "daicho.key": "bold cyan",
    "daicho.dim": "dim",
    "daicho.sensitive": "bold magenta",
    "daicho.financial": "bold red",
    "daicho.abroad": "bold yellow",
    "daicho.internal": "green",
    "daicho.outsourced": "blue",
    "daicho.third_party": "red",
    "daicho.ok": "green",
    "daicho.warning": "yellow",
    "daicho.error": "bold red",
    "daicho.illustrative": "italic dim",
}

_console = None


def console():
    """The shared rich console (stdout); colour off with NO_COLOR or when not a terminal."""
    global _console
    if _console is None:
        from rich.console import Console
        from rich.theme import Theme

        _console = Console(theme=Theme(THEME), highlight=False)
    return _console


def print_json(data: Any) -> None:
    """Stable JSON for scripts and jq: UTF-8, dates as ISO text, terminal controls as \\u escapes."""
    from daicho.inventory.safe_text import json_text

    sys.stdout.write(json_text(data, default=str) + "\n")


def error(message: str) -> None:
    """One `Error: …` line on stderr, printed literally."""
    sys.stderr.write(f"Error: {safe_line(message)}\n")


def safe_line(text: str) -> str:
    """Text with control characters (terminal escapes, CR, C1) and bidi overrides made visible."""
    from daicho.inventory.safe_text import visible

    return visible(text)


def text(value: Any, style: str | None = None):
    """User text as a rich Text: never interpreted as markup, control characters shown."""
    from rich.text import Text

    return Text(safe_line("" if value is None else str(value)), style=style or "")
