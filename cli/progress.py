"""A progress display for long loads (only on a terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: steps of `validate_paths` (counted in files); any other name is a table `Store.load` writes (in rows)
_FILE_STEPS = {"reading": "reading files", "validating": "validating files"}
_OTHER_STEPS = {"indexes": "building indexes", "waiting for another load": "another load is running; waiting"}


@contextmanager
def load_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(step or table, done, total)` drawing one line on stderr: what is being done, how far,
    and the time since the load began. It disappears when the load ends. Pass it to `validate_paths` and
    to `Store.load`."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[unit]}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=None, unit="")
        steps: list[str] = []

        def update(step: str, done: int, total: int) -> None:
            if not steps or steps[-1] != step:
                steps.append(step)
                unit = "files" if step in _FILE_STEPS else "" if step in _OTHER_STEPS else "rows"
                unit = "indexes" if step == "indexes" else unit
                description = _FILE_STEPS.get(step) or _OTHER_STEPS.get(step) or f"writing {step}"
                progress.update(task, description=description, total=total or 1, completed=0, unit=unit)
            progress.update(task, completed=done if total else 1)

        yield update


@contextmanager
def step_progress(quiet: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(step, done, total)` drawing one line on stderr — the step as given, how far, the time since
    the command began — when stderr is a terminal (silent when piped, or `quiet`: the output goes to the same
    terminal); gone when the command ends."""
    import sys

    if quiet or not sys.stderr.isatty():
        yield lambda step, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("starting", total=None)

        def update(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, total=total or 1, completed=done if total else 1)

        yield update
