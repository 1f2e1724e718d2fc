"""The ledger's rows written by two processes: the second half made in a forked child while this process makes
the first, then copied in after it.

The rows of a large ledger cost most of its time once the store is read (100,000 rows: ~15 s of making and
saying cells, ~6-15 s of writing csv or sheet XML), and each row depends only on the facts read before it and
on the values the `Index` shares (which say the same text whoever made them). So after the read this process
forks: the child makes the rows from `cut` on and writes them, through a twin of each sink, to its own
temporary files; the parent makes and writes the rows before `cut`, waits for the child and appends its files
to the sinks. The bytes are those of one process writing every row (tests/test_ledger_halves.py). Memory: the
child shares the read facts with its parent (copy-on-write; the collector is paused, so only the pages its rows
touch are copied) and holds only the values of its own rows; `ledger_stream` has each process read the reaches
of its own rows after the fork. A ledger is cut in two only when that can pay (`split_at`): past `SPLIT_ROWS`
rows, with a second core that was idle while the store was read (on a machine busy with other work, two
processes sharing one core cost more than one alone: copied pages, values each says again), and while twice
this process's memory stays within `MEMORY`.

A sink is what rows are written to (`ledger_stream.CsvSink`, a streamed sheet's body): `write(row)`,
`twin(out, skip)` — a sink of the same kind writing the rows after the first `skip` to the binary file `out`,
without what comes before the rows —, `flush()`, and `append(part, rows)`, which writes what a twin wrote.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import IO, Any, Protocol

#: ledgers of fewer rows are written by one process (a fork and its start cost more than half their rows)
SPLIT_ROWS = 5_000
#: the most memory the two processes may hold between them: a child may come to copy each page of its parent
MEMORY = 2 * 1024**3
#: the idle cores (on average, while the store was read) it takes to fork: the child needs one to itself
IDLE_CORES = 0.6
#: the share of the rows the parent makes: it also appends the child's part (and, for xlsx, compresses it);
#: its rows (the processes' items, first) took ~10 % longer than the child's on the large bench inventory
PARENT_SHARE = 0.45
#: the parent's share when it also has other work to do while the child makes its rows (`fill(meanwhile=…)`:
#: the streamed xlsx ledger's cross-border sheet, reading `abroad` with its items and saying its cells, ~40 % of
#: the rows' time on the large bench inventory)
MEANWHILE_SHARE = 0.3


class Sink(Protocol):
    """Where rows are written (see the module's docstring)."""

    def write(self, row: Any) -> None: ...

    def twin(self, out: IO[bytes], skip: int) -> Sink: ...

    def flush(self) -> None: ...

    def append(self, part: IO[bytes], rows: int) -> None: ...


def processes() -> int:
    """The cores this process may run on (1 where that is not known, or where it cannot fork)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resident() -> int:
    """This process's resident memory in bytes (0 where that is not known)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cpu_mark() -> tuple[int, int] | None:
    """The machine's idle and total CPU time so far (`/proc/stat`, in ticks), or None where it is not known:
    `split_at(since=…)` tells from two marks whether a core was free in between."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    return ticks[3] + ticks[4], sum(ticks)  # idle + waiting for I/O; user … steal


def idle_cores(since: tuple[int, int] | None) -> float | None:
    """How many cores were idle on average since the mark `since` (None: not known, or too short a time)."""
    now = cpu_mark()
    if since is None or now is None or now[1] - since[1] < 50:
        return None
    return (now[0] - since[0]) / (now[1] - since[1]) * (os.cpu_count() or 1)  # /proc/stat counts every core


def split_at(total: int, share: float = PARENT_SHARE, since: tuple[int, int] | None = None) -> int | None:
    """Where the child's rows start, or None to write all rows in this process: a small ledger, one core, a
    process so large that a child copying what it touches could take the two past `MEMORY`, or — with a
    `cpu_mark` taken when the work began — a machine that had no core to spare meanwhile (other work on it:
    two processes sharing one core would cost more than one process alone)."""
    if total < SPLIT_ROWS or processes() < 2:
        return None
    size = resident()
    if not size or 2 * size > MEMORY:
        return None
    idle = idle_cores(since)
    if idle is not None and idle < IDLE_CORES:
        return None
    return max(1, min(total - 1, round(total * share)))


def fill(sinks: list[Sink], rows: Callable[[int, int], Iterable[Any]], total: int,
         progress: Callable[[int], None] | None = None, cut: int | None = None,
         since: tuple[int, int] | None = None, meanwhile: Callable[[], None] | None = None,
         first: int = 0) -> None:
    """Write rows 0 … total-1 to each of `sinks`, in order: `rows(start, stop)` makes the rows of that range (in
    any process). The rows from `cut` (default `split_at(total, since=since)`, with `MEANWHILE_SHARE` when there is
    `meanwhile` work, and none when that would leave this process fewer than its `first` rows; 0: none) are made
    by a forked child. `progress(done)` is told how many rows both processes have made, every thousand rows or
    so. `meanwhile()` is run in this process once its own rows are made, while the child may still make its own
    (after every row in one process)."""
    if cut is None:
        cut = split_at(total, MEANWHILE_SHARE if meanwhile else PARENT_SHARE, since=since)
        if cut is not None and cut < first:
            cut = None
    if cut is None or not 0 < cut < total:
        _write(sinks, rows(0, total), progress)
        if progress is not None:
            progress(total)
        if meanwhile is not None:
            meanwhile()
        return
    _in_two(sinks, rows, total, cut, progress, meanwhile)


def _write(sinks: list[Sink], rows: Iterable[Any], progress: Callable[[int], None] | None,
           also: Callable[[], int] | None = None) -> int:
    done = 0
    if len(sinks) == 1 and progress is None:
        write = sinks[0].write
        for row in rows:
            write(row)
            done += 1
        return done
    for row in rows:
        for sink in sinks:
            sink.write(row)
        done += 1
        if progress is not None and done % 1000 == 0:
            progress(done + (also() if also else 0))
    return done


def _in_two(sinks: list[Sink], rows: Callable[[int, int], Iterable[Any]], total: int, cut: int,
            progress: Callable[[int], None] | None, meanwhile: Callable[[], None] | None = None) -> None:
    import contextlib
    import mmap
    import tempfile

    with contextlib.ExitStack() as held:
        parts = [held.enter_context(tempfile.TemporaryFile()) for _ in sinks]
        failure = held.enter_context(tempfile.TemporaryFile())
        counter = held.enter_context(mmap.mmap(-1, 8))  # shared with the child: how many rows it has made
        pid = os.fork()
        if pid == 0:  # the child: its rows to its files, then out without running anything of the parent's
            _child(sinks, rows, total, cut, parts, failure, counter)
        try:
            _write(sinks, rows(0, cut), progress, lambda: int.from_bytes(counter[:8], "little"))
            if meanwhile is not None:
                meanwhile()
            _, status = os.waitpid(pid, 0)
            pid = 0
            if os.waitstatus_to_exitcode(status) != 0:
                failure.seek(0)
                raise RuntimeError("the ledger's second process failed:\n"
                                   + failure.read().decode("utf-8", "replace").strip())
            for sink, part in zip(sinks, parts, strict=True):
                part.seek(0)
                sink.append(part, total - cut)
            if progress is not None:
                progress(total)
        finally:
            if pid:  # this process failed or was interrupted: the child's rows are not needed
                import signal

                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)


def _child(sinks: list[Sink], rows: Callable[[int, int], Iterable[Any]], total: int, cut: int,
           parts: list[IO[bytes]], failure: IO[bytes], counter: Any) -> None:
    code = 1
    try:
        twins = [sink.twin(part, cut) for sink, part in zip(sinks, parts, strict=True)]

        def tell(done: int) -> None:
            counter[:8] = done.to_bytes(8, "little")

        _write(twins, rows(cut, total), tell)
        for twin in twins:
            twin.flush()
        for part in parts:
            part.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - whatever it is, the parent says it
        import traceback

        try:
            failure.write(traceback.format_exc().encode("utf-8"))
            failure.flush()
        except BaseException:  # noqa: BLE001, S110 - nothing more to do in a failing child
            pass
    finally:
        os._exit(code)
