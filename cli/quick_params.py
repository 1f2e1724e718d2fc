"""Option values taken without pydantic when they are plainly valid: a fast start for every command.

typer (0.2x) checks each option's value through a pydantic `TypeAdapter` it builds the first time the option is
used, given or not: importing pydantic and building the adapters was about 40 % of a terminal query's start.
For what a daicho command mostly gets, the answer is known without them: nothing (the default), a text for a
text option, a flag, one of a choice's own values, a whole number within its bounds. `install` gives each
option of a command a runtime check that answers those at once and hands anything else (a refused choice, a
number out of bounds, a date, a path, a list; files and custom parsers keep typer's own) to typer's check,
built then, so values and messages stay typer's. Where typer has no such hook (other versions), nothing
changes. `tests/test_quick_params.py` compares both on every option of every command.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable
from typing import Any

#: what a quick check returns for a value it leaves to typer
UNSURE: Any = object()
#: a whole number as click hands it over (ASCII digits: `int()` would also take other scripts' digits, "1_000", " 5")
_DIGITS = re.compile("[0-9]+")


def quick_check(annotation: Any, info: Any = None) -> Callable[[Any], Any]:
    """The quick check of an option's annotation: the value for a plainly valid input, else `UNSURE` (always,
    for an annotation this leaves to typer). `info`: typer's `ParameterInfo` (a number's bounds)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(args) != 2 or len(rest) != 1:
            return _unsure
        annotation = rest[0]
    if annotation in (str, bool):
        return lambda value: value if type(value) is annotation else UNSURE
    if annotation is int:
        low, high = getattr(info, "min", None), getattr(info, "max", None)

        def number(value: Any) -> Any:
            if type(value) is str and _DIGITS.fullmatch(value):
                value = int(value)
            if type(value) is not int or (low is not None and value < low) or (high is not None and value > high):
                return UNSURE  # typer's check refuses it, or clamps it
            return value
        return number
    if isinstance(annotation, type) and issubclass(annotation, str) and issubclass(annotation, enum.Enum):
        members = {member.value: member for member in annotation}

        def choice(value: Any) -> Any:
            if type(value) is annotation:
                return value
            return members.get(value, UNSURE) if type(value) is str else UNSURE
        return choice
    return _unsure


class QuickParam:
    """typer's runtime check of one option (`coerce`), quick for plainly valid values, typer's own otherwise."""

    __slots__ = ("_check", "_full")

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self._check = check
        self._full: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """The option's value, as typer's `RuntimeParam.coerce` gives it."""
        if not (param.multiple or param.nargs == -1):
            if value is None:
                return None
            quick = self._check(value)
            if quick is not UNSURE:
                return quick
        if self._full is None:
            from typer._coercion import build_runtime_param

            self._full = build_runtime_param(param.type_descriptor)
        return self._full.coerce(value, param=param, ctx=ctx)


def install(params: list[Any]) -> None:
    """Give each option of `params` that typer would check through pydantic a `QuickParam` (its annotation's
    quick check); nothing where typer has no runtime check to replace."""
    for param in params:
        if getattr(param, "_runtime_param", False) is not None:
            continue  # not typer's lazily built check (another typer), or already built
        descriptor = getattr(param, "type_descriptor", None)
        info = getattr(descriptor, "parameter_info", None)
        if info is None or getattr(descriptor, "file_annotation", None) is not None:
            continue
        if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
            continue
        # any other annotation still takes nothing (None) at once: typer's check gives None for it too
        param._runtime_param = QuickParam(quick_check(descriptor.annotation, info))


def _unsure(value: Any) -> Any:
    """The quick check of an annotation left to typer: nothing but None is answered at once (`QuickParam`)."""
    return UNSURE
