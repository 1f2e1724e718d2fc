"""The store: an SQLite file by default, PostgreSQL by URL.

A load replaces the whole inventory in one transaction: on any error nothing changes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import phrase

from . import store_guard
from .errors import DaichoError, StoreError
from .store_guard import display_url, file_problem, is_empty, is_locked, lock_loads, prepare, read_error, reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from .bulk import Alongside
    from .history import Source
    from .model import Inventory
    from .validate import Location, ValidationResult

DEFAULT_DB = "daicho.db"
_SQLITE_CACHE_KB = 256 * 1024

Progress = Callable[[str, int, int], None]
Derive = Callable[["Inventory"], Any]
SCHEMA_VERSION_NOW = 3  # tables.SCHEMA_VERSION, without importing sqlmodel


def resolve_url(db: str | None = None) -> str:
    """The store URL from `--db`, else $DAICHO_DB, else ./daicho.db. A plain path means SQLite."""
    value = db or os.environ.get("DAICHO_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value)}"


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for another database."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


class Store:
    """An inventory store at a database URL."""

    def __init__(self, url: str, allow_empty: bool = False) -> None:
        self.url = url
        self.shown_url = display_url(url)  # for messages and output: the password hidden
        self.allow_empty = allow_empty  # let a load replace a stored inventory by an empty one
        self._engine: Engine | None = None
        self.version: tuple[int, bool] | None = None  # the history version of the last load, and if it was new

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from sqlalchemy import create_engine, event
            from sqlalchemy.pool import NullPool

            sqlite = self.url.startswith("sqlite")
            try:  # NullPool: a command opens what it needs and leaves no idle connection behind
                self._engine = create_engine(self.url, poolclass=NullPool,
                                             connect_args={"timeout": store_guard.WAIT_SECONDS} if sqlite else {})
            except Exception as exc:  # bad URL, missing driver
                raise StoreError(phrase("cannot open store {store}: {reason}", store=self.shown_url,
                                        reason=reason(exc, self.url))) from exc
            if sqlite:
                event.listen(self._engine, "connect", _sqlite_pragmas)
                event.listen(self._engine, "begin", _sqlite_begin)
        return self._engine

    def exists(self) -> bool:
        """Whether the store holds a loaded inventory."""
        path = sqlite_path(self.url)
        if path is not None and file_problem(path, writing=False):
            return False
        from sqlalchemy import inspect

        try:
            return inspect(self.engine).has_table("meta")
        except Exception as exc:
            raise read_error(self.url, exc) from exc

    def create_schema(self) -> None:
        """Create missing tables; refuse another application's database or another schema version."""
        from sqlmodel import SQLModel

        from . import tables

        with self.writing() as conn:
            if prepare(conn, self.url, SQLModel.metadata, tables.SCHEMA_VERSION):
                from . import migrations

                migrations.stamp_new(conn)

    @contextmanager
    def writing(self, progress: Progress | None = None) -> Iterator[Connection]:
        """A write transaction that holds the store against other loads (BEGIN IMMEDIATE on SQLite,
        an advisory lock on PostgreSQL); each problem becomes one StoreError, and nothing changes."""
        path = sqlite_path(self.url)
        problem = file_problem(path, writing=True) if path is not None else None
        if problem:
            raise problem
        new_file = path is not None and not path.exists()
        try:
            with self._transaction(progress) as conn:
                yield conn
        except BaseException:
            if new_file:
                _remove_if_empty(path)  # a load that failed leaves no empty file behind ("not a daicho store")
            raise

    @contextmanager
    def _transaction(self, progress: Progress | None) -> Iterator[Connection]:
        opened = False
        try:
            with self.engine.execution_options(daicho_write=True).begin() as conn:
                opened = True
                lock_loads(conn, self.url, lambda: progress and progress("waiting for another load", 0, 0))
                yield conn
        except DaichoError:  # a StoreError, or the manifests' problems found while a load writes
            raise
        except Exception as exc:
            if is_locked(exc):
                raise StoreError(phrase("the store {store} is busy: another load is running (waited {seconds} s); "
                                        "try again when it has finished", store=self.shown_url,
                                        seconds=f"{store_guard.WAIT_SECONDS:g}")) from exc
            if not opened:
                raise StoreError(phrase("cannot open store {store}: {reason}", store=self.shown_url,
                                        reason=reason(exc, self.url))) from exc
            raise StoreError(phrase("load failed, the store is unchanged: {reason}",
                                    reason=reason(exc, self.url))) from exc

    def load(self, result: ValidationResult, progress: Progress | None = None,
             derive: Derive | None = None, source: Source | None = None, history: bool = True) -> dict[str, int]:
        """Replace the stored inventory by a validated one, atomically. Returns rows written per table.

        `derive(inventory)` gives further (table, rows) to write in the same transaction: the resolved
        model (`daicho.catalog.resolved.load` passes it; the store does not decide what a flow means).
        The state is kept in the history as a new version (`source`: label, note, paths, git commit) unless
        it equals the latest one; `self.version` is then (number, added). `history=False`: a side store."""
        if result.inventory is None:
            raise StoreError(phrase("refusing to load an inventory with problems"))
        from .bulk import gc_paused

        with gc_paused():
            return self._load(result, progress, derive, source if history else False)

    def _load(self, result: ValidationResult, progress: Progress | None, derive: Derive | None,
              source: Source | None | bool) -> dict[str, int]:
        try:
            with self.writing(progress) as conn:  # the schema too is created inside the transaction
                self.prepare_schema(conn, derive)
                self.refuse_empty(conn, is_empty(result.inventory))
                alongside = None
                if source is not False:
                    from .bulk import Alongside
                    from .history import prepare_version

                    alongside = Alongside(lambda: prepare_version(result.inventory))
                counts = write_inventory(conn, result.inventory, result.locations, derive, progress, alongside)
                if alongside is not None:
                    from .history import record_version

                    self.version = record_version(conn, result.inventory, source or None, alongside.result())
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(phrase("load failed, the store is unchanged: {reason}",
                                    reason=reason(exc, self.url))) from exc
        return counts

    def prepare_schema(self, conn: Connection, derive: Derive | None) -> None:
        """Create the schema of a new store, or upgrade an older one (inventory/migrations) in `conn`."""
        from sqlmodel import SQLModel

        from . import migrations
        from .tables import SCHEMA_VERSION

        created = prepare(conn, self.url, SQLModel.metadata, SCHEMA_VERSION,
                          lambda found: migrations.upgrade(conn, found, derive))
        if created:
            migrations.stamp_new(conn)

    def upgrade(self, derive: Derive | None = None) -> int | None:
        """Upgrade a store written by an earlier daicho, in one transaction; the version found (None: current)."""
        from sqlalchemy import text

        with self.writing() as conn:
            found = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
            self.prepare_schema(conn, derive)
        return None if found is None or int(found) == SCHEMA_VERSION_NOW else int(found)

    def refuse_empty(self, conn: Connection, empty: bool) -> None:
        """Refuse to replace a stored inventory by an `empty` one (an empty or comment-only manifest),
        unless `allow_empty`."""
        from sqlmodel import SQLModel, select

        if self.allow_empty or not empty:
            return
        from .tables import HISTORY_TABLES

        kept = {"meta"} | {t.__tablename__ for t in HISTORY_TABLES}
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in kept and conn.execute(select(1).select_from(table).limit(1)).first():
                raise StoreError(phrase("refusing to replace the inventory in {store} by an empty one (the manifests "
                                        "hold no records); pass --allow-empty to empty the store",
                                        store=self.shown_url))

    def inventory(self) -> Inventory:
        """Read the whole stored inventory back."""
        from sqlmodel import SQLModel, select

        from . import tables  # noqa: F401
        from .rows import build_inventory

        self.require()
        metadata = SQLModel.metadata
        with self.engine.connect() as conn:
            from sqlalchemy import inspect

            optional = {"manifest_block"} - set(inspect(conn).get_table_names())  # a store loaded before it

            def fetch(name: str, order: str) -> list[dict[str, Any]]:
                if name in optional:
                    return []
                table = metadata.tables[name]
                columns = [table.c[c.strip()] for c in order.split(",")]
                names = [c.name for c in table.columns]  # tuples: mappings cost more than the query
                rows = conn.execute(select(table).order_by(*columns)).all()
                return [dict(zip(names, r, strict=True)) for r in rows]

            return build_inventory(fetch)

    def metadata(self) -> dict[str, str]:
        """The store's meta table (schema version, when and from what it was loaded)."""
        self.require()
        with self.engine.connect() as conn:
            return self._meta(conn)

    def require(self) -> None:
        """Raise a helpful error when nothing was loaded yet (or the store is busy, or not daicho's)."""
        from sqlalchemy import inspect, text

        path = sqlite_path(self.url)
        problem = file_problem(path, writing=False) if path is not None else None
        if problem:
            raise problem
        engine = self.engine  # a bad URL or a missing driver: its own message
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).all()
        except Exception as exc:
            raise read_error(self.url, exc, lambda: inspect(engine).get_table_names()) from exc

    @staticmethod
    def _meta(conn: Connection) -> dict[str, str]:
        from sqlalchemy import text

        return {k: v for k, v in conn.execute(text("SELECT key, value FROM meta"))}


def write_inventory(conn: Connection, inventory: Inventory, locations: dict[str, Location], derive: Derive | None,
                    progress: Progress | None, alongside: Alongside | None = None) -> dict[str, int]:
    """Replace the record and derived tables (not the history) by an inventory's rows, in `conn`'s transaction.
    `alongside` (the history's texts) is started while SQLite builds the indexes."""
    from sqlmodel import SQLModel

    from .rows import inventory_rows

    tables = SQLModel.metadata.tables
    indexes = clear_tables(conn)
    counts: dict[str, int] = {}
    for name, rows in inventory_rows(inventory, locations):
        counts[name] = _insert(conn, tables[name], rows, progress)
    for name, rows in derive(inventory) if derive else ():
        counts[name] = _insert(conn, tables[name], rows, progress)
    finish_tables(conn, indexes, sources(locations), progress, alongside)
    return counts


def clear_tables(conn: Connection) -> list[Any]:
    """Empty the record and derived tables (not the history) in `conn`'s transaction, ready for a load's rows.
    On SQLite their secondary indexes are dropped, to be built once after the rows are in (a sort each) by
    `finish_tables`, not kept up to date row by row; returns them (in the transaction: a failed load leaves
    them as they were)."""
    from sqlmodel import SQLModel

    from .tables import HISTORY_TABLES

    kept = {t.__tablename__ for t in HISTORY_TABLES}
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in kept]
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # room for the indexes of a large load (default 2 MB)
        conn.connection.driver_connection.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KB}")
    for table in reversed(tables):
        conn.execute(table.delete())
    indexes = sorted((i for t in tables for i in t.indexes), key=lambda i: i.name) if sqlite else []
    for index in indexes:
        index.drop(conn)
    return indexes


def finish_tables(conn: Connection, indexes: list[Any], loaded_from: str, progress: Progress | None,
                  alongside: Alongside | None = None) -> None:
    """Build the `indexes` `clear_tables` dropped (starting `alongside` first) and write the meta rows;
    `loaded_from`: the manifest files, one a line."""
    from sqlmodel import SQLModel

    from .tables import SCHEMA_VERSION

    if alongside is not None and indexes:
        alongside.start()
    build_indexes(conn, indexes, progress)
    meta = {"schema_version": str(SCHEMA_VERSION),
            "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sources": loaded_from}
    conn.execute(SQLModel.metadata.tables["meta"].insert(), [{"key": k, "value": v} for k, v in meta.items()])


def build_indexes(conn: Connection, indexes: list[Any], progress: Progress | None) -> None:
    """Create indexes `clear_tables` dropped (each a sort of its table's rows)."""
    for done, index in enumerate(indexes, 1):
        index.create(conn)
        if progress:
            progress("indexes", done, len(indexes))


def sources(locations: dict[str, Location]) -> str:
    """The manifest files records were declared in, one a line (the meta row `sources`)."""
    return "\n".join(sorted({loc.file for loc in locations.values()}))


def _insert(conn: Connection, table: Any, rows: Any, progress: Progress | None) -> int:
    """Write rows (dicts, or `rows.Rows` of tuples) in chunks; returns how many.

    On SQLite the rows go straight to the sqlite3 connection inside SQLAlchemy's transaction (a third
    of the time of Core's executemany), each value converted as SQLAlchemy's column type would; on PostgreSQL
    through psycopg, by COPY in the same transaction (JSON converted the same way); other databases take Core's
    executemany.
    """
    from .bulk import chunks, writer

    total = len(rows)
    columns = getattr(rows, "columns", None)
    write = None
    done = 0
    for chunk in chunks(rows):
        if write is None:
            if columns is None:
                columns = tuple(chunk[0])
            write = writer(conn, table, columns)
        write(chunk)
        done += len(chunk)
        if progress:
            progress(table.name, done, max(total, done))
    if progress and not done:
        progress(table.name, 0, 0)
    return done


def _remove_if_empty(path: Path) -> None:
    """Remove an SQLite file this load created when it holds nothing (its first transaction rolled back)."""
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions begin in `_sqlite_begin`, DDL included
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Begin every transaction explicitly (sqlite3 would not before CREATE TABLE); a load's write
    transaction takes the write lock at once, so a second load waits for it instead of deadlocking."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("daicho_write") else "BEGIN")
