"""What can be wrong with a store, found before anything is written and said plainly.

A missing inventory, a busy store (another load is committing), a file that is not an SQLite database,
another application's database, a directory, an empty file: each has its own message, and a load
refuses all but the first before it writes. URLs are always shown with the password hidden
(`display_url`), in messages and in output.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import N_, phrase

from .errors import StoreError, library_text, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: Seconds a command waits for a store that another load holds (SQLite busy timeout, PostgreSQL lock wait).
WAIT_SECONDS = 30.0
#: The PostgreSQL advisory lock of loads: one class id for daicho, the object id from the schema's name.
_LOCK_CLASS = 0x0DA1C0
#: user:password@ in a URL: the password runs to the last @, so that one holding an unencoded @ / ? # is hidden whole.
_PASSWORD = re.compile(r"(://[^:/@?#]*:)(.*)@")
#: password=… in a URL's query (libpq takes one there too).
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


def display_url(url: str) -> str:
    """The store URL as shown to people: a password, in user:password@ or in the query, is replaced by ***."""
    return _QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1***@", url, count=1))


def reason(exc: BaseException, url: str = "") -> str:
    """The first line of a database error, without the store's password (nor a piece of one: a password with an
    unencoded @ / ? # is misread by the URL parser, whose message would quote part of it)."""
    match = _PASSWORD.search(url)
    if match and re.search(r"[@/?#]", match.group(2)):
        return phrase("the password in the URL holds @, /, ? or # as it is: write them percent-encoded (%40, %2F, "
                      "%3F, %23)")
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    for secret in _passwords(url):
        line = line.replace(secret, "***")
    return _library_reason(exc, line)


def _library_reason(exc: BaseException, line: str) -> str:
    """A database library's message the catalog can say in another language (no driver for a URL's scheme, a
    server refusing the connection), kept as it is in English; another one as it is."""
    if type(exc).__name__ == "NoSuchModuleError" and line.startswith("Can't load plugin: sqlalchemy.dialects:"):
        scheme = line.rsplit(":", 1)[1]
        return library_text(line, N_("no database driver for '{scheme}' (use a path, sqlite:///… or "
                                     "postgresql://…)"), scheme=scheme)
    if "Connection refused" in line:
        return library_text(line, N_("the database server refused the connection"))
    return os_reason(line)


def _passwords(url: str) -> list[str]:
    """The URL's passwords, as written and decoded, longest first."""
    from urllib.parse import unquote

    found = [m.group(2) for m in _PASSWORD.finditer(url)] + [m.group(2) for m in _QUERY_PASSWORD.finditer(url)]
    return sorted({form for secret in found if secret for form in (secret, unquote(secret))}, key=len, reverse=True)


def is_locked(exc: BaseException) -> bool:
    """Whether a database error means another connection holds the store (SQLite's busy lock)."""
    text = str(getattr(exc, "orig", None) or exc)
    return "database is locked" in text or "database table is locked" in text


def busy(url: str) -> StoreError:
    return StoreError(phrase("the store {store} is busy: another load is running or committing (waited {seconds} "
                             "s); try again when it has finished", store=display_url(url), seconds=f"{WAIT_SECONDS:g}"))


def missing(url: str) -> StoreError:
    return StoreError(phrase("no inventory in {store}; load one first: daicho load PATH (or daicho demo for the "
                             "bundled example)", store=display_url(url)))


def file_problem(path: Path, writing: bool) -> StoreError | None:
    """What makes an SQLite store path unusable, checked before opening it; None when it is fine.

    A path that does not exist is fine for a load (it creates the store) and is "no inventory" for a read.
    An existing empty file is not a store daicho made: a load refuses to turn it into one.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if writing and not path.absolute().parent.is_dir():
            return StoreError(phrase("cannot open store {store}: the folder {folder} does not exist", store=str(path),
                                     folder=str(path.absolute().parent)))
        return None if writing else missing(f"sqlite:///{path}")
    except OSError as exc:
        return StoreError(phrase("cannot open store {store}: {reason}", store=str(path),
                                 reason=os_reason(exc.strerror or str(exc))))
    if stat.S_ISDIR(info.st_mode):
        return StoreError(phrase("cannot open store {store}: it is a directory, not an SQLite file", store=str(path)))
    if not stat.S_ISREG(info.st_mode):
        return StoreError(phrase("cannot open store {store}: it is not a regular file (a device, pipe or socket)",
                                 store=str(path)))
    if info.st_size == 0:
        return StoreError(phrase("{store} is an empty file, not a daicho store; remove it or give another --db",
                                 store=str(path))) \
            if writing else missing(f"sqlite:///{path}")
    return None


def is_empty(inventory: Any) -> bool:
    """Whether an inventory holds nothing at all (an empty or comment-only manifest): no organization, no record."""
    return not any(getattr(inventory, name) for name in type(inventory).model_fields if name != "daicho")


def foreign_tables(table_names: list[str]) -> list[str] | None:
    """The tables of a database that holds tables but no daicho store (no `meta`); None otherwise."""
    if not table_names or "meta" in table_names:
        return None
    return sorted(table_names)


def foreign(url: str, tables: list[str]) -> StoreError:
    shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
    return StoreError(phrase("{store} is not a daicho store: it holds other tables ({tables}); give a new file or an "
                             "empty database with --db", store=display_url(url), tables=shown))


def read_error(url: str, exc: BaseException, table_names: Any = None) -> StoreError:
    """The message for a store that cannot be read: busy, not a database, another application's, or empty.

    `table_names()` lists the database's tables, when it can be asked.
    """
    if is_locked(exc):
        return busy(url)
    text = reason(exc, url)
    if "file is not a database" in text:
        return StoreError(phrase("{store} is not an SQLite database (nor a daicho store)", store=display_url(url)))
    if "no such table" in text or "does not exist" in text:
        names = None
        if table_names is not None:
            try:
                names = table_names()
            except Exception:
                names = None
        tables = foreign_tables(list(names or []))
        return foreign(url, tables) if tables else missing(url)
    return StoreError(phrase("cannot open store {store}: {reason}", store=display_url(url), reason=text))


def prepare(conn: Connection, url: str, metadata: Any, schema_version: int, upgrade: Any = None) -> bool:
    """Inside the load's transaction: refuse another application's database or a newer schema version,
    upgrade an older one (`upgrade(found)`, inventory/migrations), then create daicho's missing tables (they go
    away with the transaction if the load fails). Returns whether the store is new."""
    from sqlalchemy import inspect, text

    names = inspect(conn).get_table_names()
    tables = foreign_tables(names)
    if tables:
        raise foreign(url, tables)
    if "meta" in names:
        found = {k: v for k, v in conn.execute(text("SELECT key, value FROM meta"))}.get("schema_version")
        if found is None or not found.isdigit():
            raise foreign(url, sorted(names))
        if int(found) > schema_version:
            from .migrations import newer_message

            raise StoreError(newer_message(display_url(url), found))
        if int(found) < schema_version:
            if upgrade is None:
                raise StoreError(phrase("store schema version {found}; this daicho reads version {version}",
                                        found=found, version=schema_version))
            upgrade(int(found))
    metadata.create_all(conn)
    return "meta" not in names


def lock_loads(conn: Connection, url: str, waiting: Any = None) -> None:
    """Serialise loads on PostgreSQL: take the store's advisory lock for this transaction, waiting up to
    WAIT_SECONDS for another load to finish (`waiting()` is called when it has to wait). SQLite loads
    serialise on the file (BEGIN IMMEDIATE) instead."""
    from sqlalchemy import text

    if conn.dialect.name != "postgresql":
        return
    key = "hashtext(current_schema())"
    if conn.execute(text(f"SELECT pg_try_advisory_xact_lock({_LOCK_CLASS}, {key})")).scalar():
        return
    if waiting:
        waiting()
    conn.execute(text(f"SET LOCAL lock_timeout = '{int(WAIT_SECONDS * 1000)}ms'"))
    try:
        conn.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK_CLASS}, {key})"))
    except Exception as exc:
        if "lock timeout" in str(exc):
            raise StoreError(phrase("another load is running on {store} (waited {seconds} s); try again when it "
                                    "has finished", store=display_url(url), seconds=f"{WAIT_SECONDS:g}")) from exc
        raise
    conn.execute(text("SET LOCAL lock_timeout = 0"))
