"""A large load in two processes: a forked worker reads, validates and makes the rows, while the load's own
process holds the store's transaction and only writes them.

In one process, a large load is Python's work (reading the YAML, validating, making 4.6 million rows, the
resolved model, the history's texts) followed by the database's (the inserts: `bench/load_floor.py`). Here the
two overlap on two cores. The worker, started with `fork` (everything already imported, nothing to send it),
reads the manifests file by file as `validate_paths` does and sends each file's rows as soon as the file is
validated; while it reads the next file, the parent writes them. Once every file is read the worker runs the
checks across files (`validate.finish`: flow keys, references, cycles) and sends the rest: the tables that need
the whole inventory, the resolved model, the history's texts.

The result is the serial load's (`Store.load`): the same rows, in the same order within each table (a file's
records are written in manifest order, and a flow without a key holds back every later flow's rows until the
keys are given), the same counts, the same history version. Any problem, in a file or across files, ends the
load with exactly the problems `validate_paths` reports, and the transaction is rolled back: the rows written so
far vanish and nothing changes.

`load_paths` chooses: the worker for manifests of `WORKER_BYTES` or more where `fork` is safe (Linux and the
other Unixes but macOS), else the serial load. `DAICHO_LOAD_WORKER=1` or `0` forces the choice (tests, and to
compare the two).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import phrase

from .errors import DaichoError, ManifestError, StoreError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .history import Source
    from .store import Derive, Progress, Store

WORKER_BYTES = 4 * 1024 * 1024
_FLOWS = "flows"


def load_paths(store: Store, paths: list[Path | str], progress: Progress | None = None, derive: Derive | None = None,
               source: Source | None = None) -> dict[str, int]:
    """Validate manifest files and folders and replace the stored inventory by them, in one transaction; returns
    rows written per table. Raises `ManifestError` with every problem (nothing changes), `StoreError` when the
    store cannot take it. Uses the worker when `use_worker(paths)`."""
    if use_worker(paths):
        from .bulk import gc_paused

        try:
            with gc_paused():
                return _load_in_worker(store, paths, progress, derive, source)
        except _Serial:  # rolled back; read again in this process
            pass
    from .validate import validate_paths

    result = validate_paths(paths, progress)
    if not result.ok:
        raise ManifestError(result.problems)
    return store.load(result, progress, derive=derive, source=source)


class _Serial(DaichoError):
    """The load is done again in one process (rolled back first when it had begun): the worker named a flow without
    a key as the files read so far told and a later file declared that key, or no spool file could be made."""


def use_worker(paths: list[Path | str]) -> bool:
    """Whether a load of `paths` runs in a worker process: `DAICHO_LOAD_WORKER` (1 or 0) when set, else when fork
    is safe here and the manifests hold `WORKER_BYTES` or more."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return False
    forced = os.environ.get("DAICHO_LOAD_WORKER", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    from .yamlread import manifest_files

    files, _ = manifest_files([Path(p) for p in paths])
    total = 0
    for file in files:
        try:
            total += file.stat().st_size
        except OSError:  # the reading reports it
            continue
        if total >= WORKER_BYTES:
            return True
    return False


def _load_in_worker(store: Store, paths: list[Path | str], progress: Progress | None, derive: Derive | None,
                    source: Source | None) -> dict[str, int]:
    import multiprocessing
    import tempfile

    try:
        spool = tempfile.TemporaryFile(prefix="daicho-load-")  # noqa: SIM115 (closed by `with spool` below)
    except OSError:  # no room or no right in the temporary folder: the load runs in one process
        raise _Serial from None
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    with spool:
        worker = context.Process(target=_work, args=(paths, derive, sending, spool.fileno()),
                                 name="daicho-load-reader", daemon=True)
        worker.start()
        sending.close()
        try:
            return _write(store, _messages(receiving, worker, spool.fileno()), progress, derive, source)
        finally:
            receiving.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _messages(receiving: Connection, worker: Any, spool: int) -> Iterator[tuple]:
    """The worker's messages until it is done (the large ones read from the spool file); its error raised here;
    its death a StoreError."""
    import marshal
    import pickle

    while True:
        try:
            message = receiving.recv()
        except EOFError:
            worker.join(5)
            raise StoreError(phrase("load failed, the store is unchanged: {reason}", reason=phrase(
                "the process reading the manifests stopped (exit code {code})", code=worker.exitcode))) from None
        if message[0] == "spooled":
            _, offset, length, codec = message
            data = os.pread(spool, length, offset)
            message = marshal.loads(data) if codec == "marshal" else pickle.loads(data)  # noqa: S301 (our worker's)
        elif message[0] == "error":
            raise message[1]
        yield message
        if message[0] in ("done", "problems", "serial"):
            return


def _write(store: Store, messages: Iterator[tuple], progress: Progress | None, derive: Derive | None,
           source: Source | None) -> dict[str, int]:
    """The parent: the worker's rows written in one transaction, then the indexes, the meta rows and the
    history version."""
    from sqlmodel import SQLModel

    from .bulk import writer
    from .history import digest
    from .history_writer import NewVersion
    from .rows import expand
    from .store import build_indexes, clear_tables, finish_tables

    tables = SQLModel.metadata.tables
    written: dict[str, int] = {}
    writers: dict[tuple, Callable[[list], None]] = {}
    reading = True  # the worker still reads files (its progress is shown, not each table's)
    # any failure inside is one StoreError, or the problems, and rolls back (`Store.writing`)
    with store.writing(progress) as conn:
        store.prepare_schema(conn, derive)
        indexes = clear_tables(conn)
        version = NewVersion(conn)  # the history's rows written as the worker's texts come
        for message in messages:
            kind = message[0]
            if kind in ("rows", "links"):
                name, columns, chunk = message[1], message[2], message[-1]
                if kind == "links":
                    chunk = list(expand(message[3], chunk))
                write = writers.get((name, columns))
                if write is None:
                    write = writers[(name, columns)] = writer(conn, tables[name], columns or tuple(chunk[0]))
                write(chunk)
                written[name] = written.get(name, 0) + len(chunk)
                if progress and not reading:
                    progress(name, written[name], 0)
            elif kind == "progress":
                reading = message[1] == "reading"
                if progress:
                    progress(*message[1:])
            elif kind == "history":  # hashed here: this process waits for the worker more than it works
                version.add((key, text, digest(text)) for key, text in message[1])
            elif kind == "complete":  # these tables get no more rows: their indexes while the worker works on
                early = [index for index in indexes if index.table.name in message[1]]
                build_indexes(conn, early, progress)
                indexes = [index for index in indexes if index not in early]
            elif kind == "problems":
                raise ManifestError(message[1])
            elif kind == "serial":
                raise _Serial
            elif kind == "done":
                _, empty, loaded_from, names = message
        store.refuse_empty(conn, empty)
        finish_tables(conn, indexes, loaded_from, progress)
        store.version = version.close(source)
    return {name: written.get(name, 0) for name in names}


def _work(paths: list[Path | str], derive: Derive | None, sending: Connection, spool: int) -> None:
    """The worker: everything it finds goes to the parent; it ends without freeing what it read (seconds of
    work on a large inventory that nobody waits for)."""
    import gc

    gc.disable()
    try:
        _read_and_send(paths, derive, _Sender(sending, spool).send)
    except BaseException as exc:  # handed to the parent, which raises it
        try:
            sending.send(("error", exc))
        except Exception:  # an error that does not pickle
            sending.send(("error", StoreError(str(exc))))
    finally:
        sending.close()
        os._exit(0)


class _Sender:
    """Sends the worker's messages: rows and texts written to the spool file (a pipe would hold the worker up
    until the parent has read them all; a file takes them at once) and announced through the pipe by where they
    lie; the rest through the pipe. Rows go by `marshal` (plain tuples of texts and numbers: a third of pickle's
    time to write and read back), anything marshal cannot take by pickle."""

    def __init__(self, sending: Connection, spool: int) -> None:
        self._sending = sending
        self._spool = spool
        self._end = 0

    def send(self, message: tuple) -> None:
        if message[0] not in ("rows", "links", "history"):
            self._sending.send(message)
            return
        import marshal
        import pickle

        try:
            data, codec = memoryview(marshal.dumps(message)), "marshal"
        except ValueError:  # an object of another type than marshal's own (an enum, a date)
            data, codec = memoryview(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)), "pickle"
        start = self._end
        while data:
            written = os.pwrite(self._spool, data, self._end)
            data = data[written:]
            self._end += written
        self._sending.send(("spooled", start, self._end - start, codec))


def _read_and_send(paths: list[Path | str], derive: Derive | None, send: Callable[[tuple], None]) -> None:
    from .yamlread import manifest_files, read_yaml

    files, missing = manifest_files([Path(p) for p in paths])
    reader = _Reader(send)
    reader.problems.extend(missing)
    documents = []  # kept to the end: freed with the process
    for done, file in enumerate(files, 1):
        document, yaml_problems = read_yaml(file)
        documents.append(document)
        reader.add(str(file), document, yaml_problems)
        send(("progress", "reading", done, len(files)))
    reader.finish(derive, len(files))


class _Reader:
    """The worker's reading: each file validated as `validate_paths` does, its records' rows and history texts
    sent at once while the inventory has no problem; the rest once every file is read."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        from .model import KEYED_SECTIONS
        from .validate import Collector

        self.send = send
        self.collector = Collector()
        self.problems: list = []
        self.written = dict.fromkeys((*KEYED_SECTIONS, _FLOWS), 0)  # records whose rows were sent
        self.named: dict[str, Any] = {}  # flow key given before every file was read → the flow
        self.located = 0  # keys in `collector.locations` already compared with `named`
        self.renamed = False  # a later file declared one of `named`: the serial load must do it

    def add(self, file: str, document: object, yaml_problems: list) -> None:
        """Validate one file's document; send its records' rows and texts while there is no problem."""
        self.problems.extend(yaml_problems)
        self.collector.add_document(file, document)
        if self.named and not self.renamed:
            from itertools import islice

            self.renamed = any(key in self.named for key in islice(self.collector.locations, self.located, None))
        self.located = len(self.collector.locations)
        if self.problems or self.collector.problems or self.renamed:
            return
        from .history import record_text
        from .model import KEYED_SECTIONS
        from .rows import section_rows

        for section in (*KEYED_SECTIONS, _FLOWS):
            entries = self.collector.sections[section]
            start = self.written[section]
            if len(entries) == start:
                continue
            records = [record for record, _, _ in entries[start:]]
            self.written[section] = len(entries)
            keyless = self._name_flows(records) if section == _FLOWS else []
            _send_rows(self.send, section_rows(section, records, start))
            self.send(("history", [(f"{section}/{r.key}", record_text(r)) for r in records]))
            for record in keyless:
                record.key = None  # named again by `validate.finish`, with every file read

    def _name_flows(self, flows: list) -> list:
        """Give the flows without a key the key `validate._name_flows` will give them, as far as the files read so
        far tell (a key declared in a later file can change it: `finish` then asks for the serial load); returns
        those flows."""
        from .validate import default_flow_key

        keyless = [flow for flow in flows if not flow.key]
        taken = self.collector.locations
        for flow in keyless:
            flow.key = default_flow_key(flow, lambda key: key in taken or key in self.named)
            self.named[flow.key] = flow
        return keyless

    def finish(self, derive: Derive | None, files: int) -> None:
        """The checks across files, then the rows and texts that need every file; ("problems", …) or ("done", …)."""
        from .history import whole_texts
        from .rows import inventory_rows, section_rows
        from .store import sources
        from .store_guard import is_empty
        from .validate import finish

        if not (self.problems or self.collector.problems or self.renamed):
            # every file read: the tables written file by file are whole, and their indexes can be built while
            # the checks across files run here (a problem they find rolls the load back all the same)
            self.send(("complete", [name for section in self.written for name, _ in section_rows(section, [])]))
        result = finish(self.collector, self.problems)
        if not result.ok:
            self.send(("problems", result.problems))
            return
        if self.renamed or any(flow.key != key for key, flow in self.named.items()):
            self.send(("serial",))  # a later file declared a key a flow was named by: the rows sent are wrong
            return
        self.send(("progress", "validating", files, files))
        inventory = result.inventory
        names = _send_rows(self.send, inventory_rows(inventory, result.locations, self.written))
        if derive:
            names += _send_rows(self.send, derive(inventory))
        self.send(("history", list(whole_texts(inventory))))
        self.send(("done", is_empty(inventory), sources(result.locations), names))


def _send_rows(send: Callable[[tuple], None], tables: Iterable[tuple[str, Any]]) -> list[str]:
    """Send each table's rows in chunks (`("rows", table, columns, chunk)`; columns None: dict rows), a link
    table's entries as `("links", table, columns, kind, entries)` (`rows.Links`); returns the tables' names."""
    from .bulk import chunks
    from .rows import Links

    names = []
    for name, rows in tables:
        names.append(name)
        if isinstance(rows, Links):  # one entry a record; the parent makes the rows (`rows.expand`)
            for chunk in chunks(rows.entries()):
                send(("links", name, rows.columns, rows.kind, chunk))
            continue
        columns = getattr(rows, "columns", None)
        for chunk in chunks(rows):
            send(("rows", name, columns, chunk))
    return names
