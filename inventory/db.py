"""A light, read-only connection to the store for queries.

On SQLite it is plain `sqlite3` (no SQLAlchemy, no sqlmodel): a terminal query starts fast.
On other databases it goes through SQLAlchemy Core. SQL uses `:name` parameters, which both accept.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .errors import StoreError
from .store import sqlite_path

Row = dict[str, Any]


class ReadDB:
    """Read-only queries over a loaded store."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        path = sqlite_path(url)
        if self.is_sqlite:
            if path is None or not path.exists():
                raise StoreError(f"no inventory in {path or url}; load one first: daicho load PATH "
                                 "(or daicho demo for the bundled example)")
            self._conn: Any = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        else:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool

            try:
                self._engine = create_engine(url, poolclass=NullPool)
                self._conn = self._engine.connect()
            except Exception as exc:
                raise StoreError(f"cannot open store {url}: {_reason(exc)}") from exc
        try:
            self.rows("SELECT value FROM meta WHERE key = 'schema_version'")
        except Exception as exc:
            self.close()
            raise StoreError(f"no inventory in {url}; load one first: daicho load PATH") from exc

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """All rows of a query as dicts."""
        if self.is_sqlite:
            cursor = self._conn.execute(sql, params or {})
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        from sqlalchemy import text

        return [dict(r) for r in self._conn.execute(text(sql), params or {}).mappings()]

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


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
