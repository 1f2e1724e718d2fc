"""A progress display for long loads (only on a terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def load_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A callback `(table, done, total)` drawing one line on stderr: the table being written, its rows so far
    and the time since the load began. It disappears when the load ends."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("writing {task.description:<18}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[unit]}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("the store", total=None, unit="")
        tables: list[str] = []

        def update(table: str, done: int, total: int) -> None:
            if not tables or tables[-1] != table:
                tables.append(table)
                progress.update(task, description=table, total=total or 1, completed=0,
                                unit="indexes" if table == "indexes" else "rows")
            progress.update(task, completed=done if total else 1)

        yield update
