"""Bulk work over millions of small objects: reading, validating and loading a large inventory, and the
writers a load inserts its rows with."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration.

    A large inventory is millions of small dicts, lists and models that live until the load ends and
    form no cycles; each full collection would walk them all again (a fifth of the load time).
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Alongside:
    """A pure-Python job (no database) run in a thread while the load's connection is busy in C without the GIL
    (SQLite building an index: one long step), so that both cores work; `result()` waits for it, or runs it
    here when it was never started. The job must only read what it is given."""

    def __init__(self, job: Callable[[], Any]) -> None:
        self._job = job
        self._thread: Any = None
        self._out: list[Any] = []

    def start(self) -> None:
        import threading

        self._thread = threading.Thread(target=self._run, name="daicho-alongside", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._out.append((True, self._job()))
        except BaseException as exc:  # handed to result()
            self._out.append((False, exc))

    def result(self) -> Any:
        if self._thread is None:
            return self._job()
        self._thread.join()
        ok, value = self._out[0]
        if not ok:
            raise value
        return value


#: rows a load writes (and its worker sends) at a time
CHUNK = 20_000


def chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    """`rows` (any iterable, a generator too) in lists of `size`."""
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def writer(conn: Connection, table: Any, columns: tuple[str, ...]) -> Callable[[list], None]:
    """How chunks of rows (tuples in `columns` order, or dicts) go into `table` on this connection: the sqlite3
    connection's executemany, COPY on psycopg's, else SQLAlchemy Core's executemany; all in `conn`'s
    transaction, the values as SQLAlchemy's column types would bind them."""
    if conn.dialect.name == "sqlite":
        return _sqlite_writer(conn, table, columns)
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        return _copy_writer(conn, table, columns)
    return _core_writer(conn, table, columns)


def _core_writer(conn: Connection, table: Any, columns: tuple[str, ...]) -> Callable[[list], None]:
    statement = table.insert()

    def write(chunk: list) -> None:
        if chunk and not isinstance(chunk[0], dict):
            chunk = [dict(zip(columns, row, strict=True)) for row in chunk]
        conn.execute(statement, chunk)

    return write


def _sqlite_writer(conn: Connection, table: Any, columns: tuple[str, ...]) -> Callable[[list], None]:
    from sqlalchemy import JSON, Date

    raw = conn.connection.driver_connection
    sql = (f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) '
           f'VALUES ({", ".join("?" * len(columns))})')
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        kind = table.c[name].type
        if isinstance(kind, JSON):
            convert.append((index, _json_value))
        elif isinstance(kind, Date):
            convert.append((index, _date_value))
    getter = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    converted = _converter(len(columns), convert)

    def write(chunk: list) -> None:
        if chunk and isinstance(chunk[0], dict):
            chunk = [getter(row) for row in chunk]
        if converted is not None:
            chunk = list(map(converted, chunk))
        raw.executemany(sql, chunk)

    return write


def _converter(width: int, convert: list[tuple[int, Callable[[Any], Any]]]) -> Callable[[Any], tuple] | None:
    """A function converting one row (a tuple of `width` values) as `convert` says (index, function), made once
    per table as one tuple expression; None when nothing is converted."""
    if not convert:
        return None
    functions = dict(convert)
    namespace = {f"c{index}": function for index, function in convert}
    values = ", ".join(f"c{i}(row[{i}])" if i in functions else f"row[{i}]" for i in range(width))
    return eval(f"lambda row: ({values},)", namespace)  # noqa: S307 (our own expression)


def _copy_writer(conn: Connection, table: Any, columns: tuple[str, ...]) -> Callable[[list], None]:
    """COPY … FROM STDIN on psycopg's connection (in SQLAlchemy's transaction); JSON values as `_json_value`
    makes them (the text SQLAlchemy's JSON type binds), the rest adapted by psycopg as in an INSERT."""
    from sqlalchemy import JSON

    raw = conn.connection.driver_connection
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{table.name}" ({names}) FROM STDIN'
    convert = [index for index, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    getter = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))

    def write(chunk: list) -> None:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in chunk:
                if isinstance(row, dict):
                    row = getter(row)
                if convert:
                    row = list(row)
                    for index in convert:
                        row[index] = _json_value(row[index])
                copy.write_row(row)

    return write


def _json_value(value: Any) -> str | None:
    """As SQLAlchemy's JSON(none_as_null=True) binds it."""
    if value is None:
        return None
    if type(value) is list and not value:
        return "[]"  # most evidence and acquisition lists
    return json.dumps(value)


def _date_value(value: Any) -> Any:
    """As SQLAlchemy's SQLite DATE binds it."""
    if value is None or isinstance(value, str):
        return value
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
