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


class TrimmedStdout:
    """Standard output without the spaces a layout pads each line's end with, when it is not a terminal: a table
    piped to a file, `grep` or `diff` has no trailing blanks (on a terminal they cannot be seen, and are left).
    Everything but `write` is standard output's own, looked up when asked (tests swap `sys.stdout`)."""

    def __init__(self) -> None:
        self._held = ""  # spaces at the end of the last write: written before more text, dropped before a newline

    def write(self, text: str) -> int:
        out = sys.stdout
        if self._held:
            text, self._held = self._held + text, ""
        if _is_terminal(out):
            return out.write(text)
        kept = text.rstrip(" ")
        self._held = text[len(kept):]
        out.write(trim_lines(kept))
        return len(text)

    def flush(self) -> None:
        if self._held:
            sys.stdout.write(self._held)
            self._held = ""
        sys.stdout.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.stdout, name)


def trim_lines(text: str) -> str:
    """`text` without spaces before its line ends."""
    if " \n" not in text:
        return text
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _is_terminal(stream: Any) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console():
    """The shared rich console (stdout); colour off with NO_COLOR or when not a terminal."""
    global _console
    if _console is None:
        from rich.console import Console
        from rich.theme import Theme

        from .fit import install_wrapping

        install_wrapping()  # Japanese text wraps between its characters, not only at spaces (cli.fit)
        _console = Console(file=TrimmedStdout(), theme=Theme(THEME), highlight=False)
    return _console


def print_json(data: Any) -> None:
    """Stable JSON for scripts and jq: UTF-8, dates as ISO text, terminal controls as \\u escapes."""
    from daicho.inventory.safe_text import json_text

    sys.stdout.write(json_text(data, default=str) + "\n")


#: (language, the command line it was chosen on): a later command run in the same process chooses again
_lang: tuple[str, tuple[str, ...]] | None = None


def use_lang(lang: str) -> None:
    """The language of the errors and problems the running command prints (its `--lang`)."""
    global _lang
    _lang = (lang, tuple(sys.argv))


def pick_lang(value: str | None) -> str:
    """A command's `--lang`: the language asked for (en, ja), else `catalog.words.default_lang`; errors and
    problems are printed in it from now on (`use_lang`). Another value is a usage error."""
    from daicho.catalog.words import LANGS, default_lang

    if value is None:
        value = default_lang()
    elif value not in LANGS:
        import typer

        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LANGS)}", param_hint="'--lang'")
    use_lang(value)
    return value


def error_lang() -> str:
    """The language errors are printed in: the command's `--lang`, else `catalog.words.default_lang`."""
    if _lang is not None and _lang[1] == tuple(sys.argv):
        return _lang[0]
    from daicho.catalog.words import default_lang

    return default_lang()


def error(message: str) -> None:
    """One `Error: …` line on stderr (`エラー: …` in Japanese), printed literally: a phrase (the message a
    DaichoError was raised with, `DaichoError.message`) is said in the command's language, other text as it is."""
    lang = error_lang()
    if lang == "en":
        sys.stderr.write(f"Error: {safe_line(message)}\n")
        return
    from daicho.catalog.words import t

    sys.stderr.write(safe_line(t(lang, "Error: {message}", message=message)) + "\n")


def print_problems(problems: list, lang: str | None = None) -> None:
    """Manifest problems on stderr, one `file:line: message` a line, in `lang` (default `error_lang`)."""
    lang = lang or error_lang()
    for problem in problems:
        shown = problem.shown(lang) if hasattr(problem, "shown") else str(problem)
        sys.stderr.write(safe_line(shown) + "\n")


def manifest_error(exc) -> None:
    """A `ManifestError`: its problems, then `Error: N problems in the manifests; nothing was loaded`."""
    print_problems(exc.problems)
    error(exc.message)


def problem_count(count: int, lang: str) -> str:
    """'3 problems' in `lang`."""
    from daicho.catalog.words import t

    return t(lang, "1 problem") if count == 1 else t(lang, "{n} problems", n=count)


def safe_line(text: str) -> str:
    """Text with control characters (terminal escapes, CR, C1) and bidi overrides made visible."""
    from daicho.inventory.safe_text import visible

    return visible(text)


def text(value: Any, style: str | None = None):
    """User text as a rich Text: never interpreted as markup, control characters shown (a `cli.plain.Line`
    while the command writes plain text)."""
    import daicho.cli.plain as plain  # absolute: a relative import runs Python code each time (~1 µs a text)

    if plain.active:
        return plain.Line(safe_line("" if value is None else str(value)))
    from rich.text import Text

    from .fit import install_wrapping

    install_wrapping()
    return Text(safe_line("" if value is None else str(value)), style=style or "")
