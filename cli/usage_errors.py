"""Usage errors (an unknown command or option, a missing argument, a refused value) in the command's language.

click, inside typer, writes them in English: `Usage: …`, `Try '… -h' for help.`, `Error: …`. In English they are
written exactly so. In Japanese (`--lang ja` on the command line, else `DAICHO_LANG` or the locale) the same
three parts are said in Japanese: click's message is read by its shape (the error's class and the patterns below,
click's own wording) and said again; a message of a shape not known keeps its English words inside the Japanese
frame rather than being lost. `tests/test_usage_errors.py` meets each kind in both languages.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from daicho.catalog.words import N_

#: click's message → (its pattern, the message in words): the named groups are the message's parameters (the
#: patterns are compiled on the first error, `_match`: the module is imported on every run, by `remember`)
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<meant>'.*?')\?)?$",
     N_("No such command {name}.")),
    (r"^No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.*)\)| Did you mean (?P<meant>\S+)\?)?$",
     N_("No such option: {name}")),
    (r"^Missing argument (?P<name>'.*?')\.$", N_("Missing argument {name}.")),
    (r"^Missing option (?P<name>'.*?')\.$", N_("Missing option {name}.")),
    (r"^Option (?P<name>'.*?') requires an argument\.$", N_("Option {name} requires an argument.")),
    (r"^Option (?P<name>'.*?') requires (?P<n>\d+) arguments\.$", N_("Option {name} requires {n} arguments.")),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$", N_("Unexpected extra arguments: {args}")),
    (r"^Invalid value for (?P<hint>.+?): (?P<reason>.*)$", N_("Invalid value for {hint}: {reason}")),
)
#: the hints click adds after a message, said after it
_MEANT = N_("Did you mean {meant}?")
_POSSIBLE = N_("(Possible options: {options})")


def localise(exc: Any) -> Any:
    """Have a click error print itself in the command's language when typer shows it (`show`); returns it."""
    if "show" not in vars(exc):
        exc.show = functools.partial(show, exc)
    return exc


def show(exc: Any, file: Any = None) -> None:
    """Print a click error (`ClickException`) on stderr as click does, in the command's language."""
    ctx = getattr(exc, "ctx", None)
    lang = _lang(ctx)
    if lang == "en" or not hasattr(exc, "format_message"):
        type(exc).show(exc, file)
        return
    from daicho.catalog.words import t

    from .output import safe_line

    lines = []
    if ctx is not None:
        lines.append(t(lang, "Usage: {usage}", usage=ctx.get_usage().removeprefix("Usage: ")))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(t(lang, "Try '{command} {option}' for help.", command=ctx.command_path,
                           option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(t(lang, "Error: {message}", message=said(exc.format_message(), lang)))
    (file or sys.stderr).write("\n".join(safe_line(line) if line else line for line in lines) + "\n")


#: where `remember` keeps the `--lang` of a command line (click shares a context's `meta` with those inside it)
_META = "daicho.lang"


def remember(ctx: Any, args: list[str]) -> None:
    """Keep the `--lang` given among `args` (a command line about to be parsed) for a usage error it may hold."""
    given = argv_lang(args)
    if given is not None:
        ctx.meta.setdefault(_META, given)


def _lang(ctx: Any) -> str:
    """The language of a usage error: the `--lang` of its command line, else `DAICHO_LANG` or the locale (the
    error comes before the command has chosen its own default)."""
    from daicho.catalog.words import LANGS, default_lang

    given = ctx.meta.get(_META) if ctx is not None else argv_lang(sys.argv[1:])
    return given if given in LANGS else default_lang()


def said(message: str, lang: str) -> str:
    """click's message said in `lang` (its English words kept where its shape is not known)."""
    from daicho.catalog.words import t

    msgid, values = _match(_MESSAGES, message)
    if msgid is None:
        return message
    if "reason" in values:
        values["reason"] = said_reason(values["reason"], lang)
    meant, options = values.pop("meant", None), values.pop("options", None)
    text = t(lang, msgid, **values)
    if meant is not None:
        text = _then(text, t(lang, _MEANT, meant=meant))
    if options is not None:
        text = _then(text, t(lang, _POSSIBLE, options=options))
    return text


def _then(text: str, more: str) -> str:
    """Two sentences: a space between them, none after a Japanese full stop or before a full-width bracket."""
    return text + ("" if text.endswith("。") or more.startswith("（") else " ") + more


#: why a value was refused (typer's or daicho's words) → the reason in words, as `_MESSAGES`
_REASONS: tuple[tuple[str, str], ...] = (
    (r"^(?P<value>'.*?') is not one of (?P<choices>.+?)\.?$", N_("{value} is not one of {choices}.")),
    (r"^(?P<value>'.*?') is not a date \(YYYY-MM-DD\)$", N_("{value} is not a date (YYYY-MM-DD)")),
    (r"^Input should be a valid integer\b.*$", N_("a whole number is expected")),
    (r"^Input should be greater than or equal to (?P<n>-?\d+)$", N_("a number of at least {n} is expected")),
)


def said_reason(reason: str, lang: str) -> str:
    """Why a value was refused (typer's or daicho's words), said in `lang` where its shape is known."""
    from daicho.catalog.words import t

    msgid, values = _match(_REASONS, reason)
    return reason if msgid is None else t(lang, msgid, **values)


def _match(table: tuple[tuple[str, str], ...], text: str) -> tuple[str | None, dict[str, str]]:
    """The message id of the first pattern of `table` that `text` matches, with its named parts (those it has),
    or (None, {})."""
    for pattern, msgid in _compiled(table):
        found = pattern.match(text)
        if found is not None:
            return msgid, {k: v for k, v in found.groupdict().items() if v is not None}
    return None, {}


@functools.cache
def _compiled(table: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), msgid) for pattern, msgid in table)


def argv_lang(args: list[str]) -> str | None:
    """The `--lang` given on a command line (`--lang ja`, `--lang=ja`), if any: a usage error is found before the
    command reads it."""
    for n, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None
