"""A light, read-only connection to the store for queries.

On SQLite it is plain `sqlite3` (no SQLAlchemy, no sqlmodel): a terminal query starts fast. On PostgreSQL
through libpq (`postgresql://`, `postgresql+psycopg://` and `postgresql+psycopg2://` URLs) it is psycopg2 itself,
whichever driver the URL names for loading: importing SQLAlchemy cost a PostgreSQL query about as much again as
the query, and importing psycopg (3) about 100 ms more than psycopg2, which imports neither asyncio, logging nor
the package metadata (issue 9; docs/performance.md, session 8). Both drivers speak libpq, so the URL's parameters
mean the same to either. Other databases go through SQLAlchemy Core. SQL uses `:name` parameters, which all three
accept (psycopg2's are made from them as SQLAlchemy makes them).
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from daicho.catalog.words import phrase

from . import store_guard
from .errors import StoreError
from .migrations import check_version
from .store import sqlite_path
from .store_guard import display_url, file_problem, missing, read_error, reason

Row = dict[str, Any]


class ReadDB:
    """Read-only queries over a loaded store."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        path = sqlite_path(url)
        if self.is_sqlite:
            problem = file_problem(path, writing=False) if path is not None else missing(url)
            if problem:
                raise problem
            self._conn: Any = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=store_guard.WAIT_SECONDS)
        else:
            try:
                self._conn = _libpq(url) if url.startswith(_LIBPQ) else _sqlalchemy(url)
            except Exception as exc:
                raise StoreError(phrase("cannot open store {store}: {reason}", store=display_url(url),
                                        reason=reason(exc, url))) from exc
        try:
            found = self.value("SELECT value FROM meta WHERE key = 'schema_version'")
        except Exception as exc:
            problem = read_error(url, exc, self._table_names)
            self.close()
            raise problem from exc
        try:
            check_version(display_url(url), found)  # an older store: the CLI upgrades it (cli/options.open_db)
        except StoreError:
            self.close()
            raise

    def _table_names(self) -> list[str]:
        """The tables of the database (after a failed query: for telling an empty one from another's)."""
        if self.is_sqlite:
            return [r["name"] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
        self._conn.rollback()
        return [r["name"] for r in self.rows("SELECT tablename AS name FROM pg_tables "
                                             "WHERE schemaname = current_schema()")]

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """All rows of a query as dicts."""
        if self.is_sqlite:
            cursor = self._conn.execute(sql, params or {})
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        if isinstance(self._conn, _Libpq):
            return self._conn.rows(sql, params)
        from sqlalchemy import text

        return [dict(r) for r in self._conn.execute(text(sql), params or {}).mappings()]

    def tuples(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[tuple]:
        """The rows of a query as tuples, streamed (a large result is never held whole)."""
        if self.is_sqlite:
            yield from self._conn.execute(sql, params or {})
            return
        if isinstance(self._conn, _Libpq):
            yield from self._conn.tuples(sql, params)
            return
        from sqlalchemy import text

        result = self._conn.execution_options(stream_results=True, yield_per=5000).execute(text(sql), params or {})
        for row in result:
            yield tuple(row)

    def all_tuples(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """All rows of a query as tuples, at once (no per-row step in Python on SQLite)."""
        if self.is_sqlite:
            return self._conn.execute(sql, params or {}).fetchall()
        return list(self.tuples(sql, params))

    def value(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        rows = self.rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ReadDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decode(value: Any) -> Any:
    """A JSON column's value: text on SQLite, already decoded on PostgreSQL."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def json_columns(db: ReadDB, table: str) -> frozenset[str]:
    """The columns of a table that hold JSON: declared so on SQLite (stored as text); none to decode on PostgreSQL,
    whose driver decodes them. Only these go through `decode`: a free text may well start with "[" or "{"."""
    return _declared(db, table, "JSON")


def flag_columns(db: ReadDB, table: str) -> frozenset[str]:
    """The boolean columns of a table on SQLite (read back as 0 or 1, like a count); none on PostgreSQL, whose
    driver reads them as booleans."""
    return _declared(db, table, "BOOLEAN")


def _declared(db: ReadDB, table: str, kind: str) -> frozenset[str]:
    if not db.is_sqlite:
        return frozenset()
    return frozenset(r["name"] for r in db.rows("SELECT name, type FROM pragma_table_info(:t)", {"t": table})
                     if r["type"] == kind)


#: the URLs of libpq's drivers, read through psycopg2
_LIBPQ = ("postgresql://", "postgresql+psycopg://", "postgresql+psycopg2://")
#: a `:name` bind parameter, as SQLAlchemy's text() finds them (not `::` casts, not `\:` escapes)
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


def _sqlalchemy(url: str) -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(url, poolclass=NullPool).connect()


def _libpq(url: str) -> _Libpq:
    """A psycopg2 connection from an SQLAlchemy URL: user, password, host, port, database, and the query's
    parameters as connection parameters (e.g. `options=-csearch_path%3Dname`), as SQLAlchemy passes them."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    import psycopg2

    parts = urlsplit(url)
    params: dict[str, Any] = {"dbname": unquote(parts.path.lstrip("/")), "host": parts.hostname,
                              "port": parts.port, "user": unquote(parts.username or ""),
                              "password": unquote(parts.password or "")}
    params.update(parse_qsl(parts.query))
    return _Libpq(psycopg2.connect(**{k: v for k, v in params.items() if v not in (None, "")}))


class _Libpq:
    """A psycopg2 connection answering `:name`-parameter SQL (read only, in one transaction as SQLAlchemy's)."""

    _names = itertools.count()

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return _BIND.sub(r"%(\1)s", sql.replace("%", "%%"))

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self._conn.cursor() as cursor:
            cursor.execute(self._sql(sql), params or {})
            names = [d.name for d in cursor.description or ()]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    def tuples(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[tuple]:
        with self._conn.cursor(name=f"daicho_{next(self._names)}") as cursor:  # server side: streamed
            cursor.itersize = 5000
            cursor.execute(self._sql(sql), params or {})
            yield from cursor

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()
