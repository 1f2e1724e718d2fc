"""Progress lines for long commands (on a terminal's stderr only), said in the command's language.

Computing code names its steps with codes (`"reading"`, `"indexes"`, a table's name, `"ledger rows"`) or with
phrases (`phrase("checking {rule}", rule=…)`); `step_words` says them here, where the line is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from daicho.catalog.words import N_, say, t

#: the steps of a load and of the ledger by code: (words, unit); any other code is a table `Store.load` writes
_STEPS = {
    "starting": (N_("starting"), ""),
    "reading": (N_("reading files"), N_("files")),
    "validating": (N_("validating files"), N_("files")),
    "indexes": (N_("building indexes"), N_("indexes")),
    "waiting for another load": (N_("another load is running; waiting"), ""),
    "reading the inventory": (N_("reading the inventory"), ""),
    "ledger rows": (N_("writing the ledger's rows"), N_("rows")),
    "ledger sheets": (N_("contractors and cross-border"), ""),
}
_TABLE = N_("writing {table}")


def step_words(step: Any, lang: str, tables: bool = False) -> tuple[str, str]:
    """(what is being done, the unit it is counted in) of a progress step, in `lang`: a step code of a load
    or of the ledger, a phrase, or — with `tables` (a load) — a table being written (counted in rows); any
    other text is taken as already said."""
    lang = lang or "en"
    if hasattr(step, "said") or not isinstance(step, str):
        return say(step, lang), ""
    if step in _STEPS:
        words, unit = _STEPS[step]
        return t(lang, words), t(lang, unit) if unit else ""
    if tables:
        return t(lang, _TABLE, table=step), t(lang, "rows")
    return step, ""


def _padded(text: str, width: int = 26) -> str:
    """`text` filled with spaces to `width` terminal cells (a Japanese character takes two), so that the bars
    of every step start in one column."""
    from rich.cells import cell_len

    return text + " " * max(1, width - cell_len(text))


@contextmanager
def load_progress(lang: str = "en", first: str = "starting") -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(step or table, done, total)` drawing one line on stderr: what is being done, how far,
    and the time since the command began, in `lang` (`first` is said until the first step). It disappears
    when the command ends. Pass it to `validate_paths` and to `Store.load`."""
    with _line(step_words(first, lang)[0]) as show:
        def update(step: str, done: int, total: int) -> None:
            description, unit = step_words(step, lang, tables=True)
            show(description, unit, done, total)

        yield update


@contextmanager
def step_progress(quiet: bool = False, lang: str = "en") -> Iterator[Callable[[Any, int, int], None]]:
    """A callback `(step, done, total)` drawing one line on stderr — the step said in `lang` (`step_words`),
    how far, the time since the command began — when stderr is a terminal (silent when piped, or `quiet`: the
    output goes to the same terminal); gone when the command ends."""
    import sys

    if quiet or not sys.stderr.isatty():
        yield lambda step, done, total: None
        return
    with _line(step_words("starting", lang)[0]) as show:
        yield lambda step, done, total: show(step_words(step, lang)[0], "", done, total)


@contextmanager
def _line(first: str, console: Any = None) -> Iterator[Callable[[str, str, int, int], None]]:
    """One transient line on stderr: `show(what, unit, done, total)` — a bar and `done/total unit` when the step
    is counted (total > 0), a moving bar alone when it is not — and the time since the line appeared (which
    runs on across steps, a step that completes included)."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn
    from rich.table import Column
    from rich.text import Text

    started = time.monotonic()

    class Count(ProgressColumn):
        def render(self, task: Any) -> Text:
            if not task.total:
                return Text("")
            unit = task.fields.get("unit") or ""
            return Text(f"{int(task.completed)}/{int(task.total)} {unit}".rstrip(), style="progress.download")

    class Since(ProgressColumn):
        def render(self, task: Any) -> Text:
            seconds = int(time.monotonic() - started)
            return Text(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", style="progress.elapsed")

    whole = Column(no_wrap=True)  # the words, the count and the time are never folded: the bar gives way
    columns = (TextColumn("{task.description}", markup=False, table_column=Column(no_wrap=True)),
               BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=4)),
               Count(table_column=whole), Since(table_column=Column(no_wrap=True)))
    with Progress(*columns, console=console or Console(stderr=True), transient=True, expand=True) as progress:
        shown = [progress.add_task(_padded(first), total=None, unit=""), _padded(first), 0]  # task, what, total

        def show(what: str, unit: str, done: int, total: int) -> None:
            what = _padded(what)
            if (what, total) != (shown[1], shown[2]):  # a new step: a task of its own (rich's total cannot go
                progress.remove_task(shown[0])  # back to uncounted, nor a finished task's bar start again)
                shown[:] = [progress.add_task(what, total=total or None, completed=done if total else 0, unit=unit),
                            what, total]
            else:
                progress.update(shown[0], completed=done if total else 0)

        yield show
