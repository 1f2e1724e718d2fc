"""Store migrations (Alembic): a store written by an earlier daicho is upgraded in one transaction.

Each schema version is one Alembic revision (`versions/`, `REVISIONS`). A store made before daicho used Alembic
has no `alembic_version` table: it is stamped with the revision of the schema version its `meta` row states,
then upgraded to the head. Revisions change the store's own tables with Alembic operations; where the content of
the record or derived tables changes meaning (v1 → v2: the resolved model; v2 → v3: columns added under version
2), a revision asks for a *rebuild*: the stored records are read back as they are (by reflection, whatever
columns the old tables have), the record and derived tables are made anew and written by the normal load path,
incl. the resolved model (`derive`), and the state found becomes the history's first version.

A store from a newer daicho is refused (`newer`); nothing here imports the catalog: the caller passes `derive`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from daicho.catalog.words import phrase

from ..errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ..store import Derive

#: the schema version this daicho writes (equal to tables.SCHEMA_VERSION; here without importing sqlmodel)
SCHEMA_VERSION = 3
#: schema version → Alembic revision
REVISIONS = {1: "0001", 2: "0002", 3: "0003"}


class OutdatedStore(StoreError):
    """A store written by an earlier daicho: `Store.upgrade` (or any load) upgrades it."""

    def __init__(self, url: str, found: int) -> None:
        self.found = found
        super().__init__(phrase("the store {store} has schema version {found}, written by an earlier daicho: run "
                                "daicho upgrade (a load upgrades it too)", store=url, found=found))


def check_version(url: str, found: Any) -> None:
    """Refuse to read a store of another schema version: OutdatedStore for an older one, StoreError for a newer."""
    if found is None or not str(found).isdigit() or int(found) == SCHEMA_VERSION:
        return
    if int(found) > SCHEMA_VERSION:
        raise StoreError(newer_message(url, found))
    raise OutdatedStore(url, int(found))


def newer_message(url: str, found: int | str) -> str:
    """The message for a store written by a newer daicho (a phrase)."""
    return phrase("the store {store} has schema version {found}, written by a newer daicho; this daicho reads "
                  "versions up to {version}: upgrade daicho (pip install -U daicho) to use it", store=url,
                  found=found, version=SCHEMA_VERSION)


def upgrade(conn: Connection, found: int, derive: Derive | None) -> None:
    """Upgrade a store of schema version `found` to the current one, inside the caller's transaction."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = conn
    config.attributes["rebuild"] = False
    if "alembic_version" not in inspect(conn).get_table_names():
        command.stamp(config, REVISIONS[found])
    command.upgrade(config, "head")
    if config.attributes["rebuild"]:
        rebuild(conn, derive, found)
    conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION)})


def stamp_new(conn: Connection) -> None:
    """Mark a store just created with the current schema as at Alembic's head."""
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn)
    context.stamp(_script(), "head")


def _script() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    return ScriptDirectory.from_config(config)


def stored_records(conn: Connection) -> tuple[Any, dict[str, Any]]:
    """The inventory and its record locations read back from the tables as they are (any schema version)."""
    from sqlalchemy import MetaData, select

    from ..rows import build_inventory
    from ..validate import Location

    old = MetaData()
    old.reflect(conn)

    def fetch(name: str, order: str) -> list[dict[str, Any]]:
        if name == "recipient_parent" and name not in old.tables and "recipient" in old.tables \
                and "parent" in old.tables["recipient"].c:  # schema 1: one parent per recipient
            table = old.tables["recipient"]
            rows = conn.execute(select(table.c.key, table.c.parent).where(table.c.parent.is_not(None))
                                .order_by(table.c.key)).all()
            return [{"recipient": k, "parent": p, "position": 0} for k, p in rows]
        if name not in old.tables:
            return []
        table = old.tables[name]
        columns = [table.c[c.strip()] for c in order.split(",") if c.strip() in table.c]
        return [dict(r) for r in conn.execute(select(table).order_by(*columns)).mappings()]

    inventory = build_inventory(fetch)
    locations = {r["key"]: Location(r["file"], r["line"]) for r in fetch("record_source", "key")}
    return inventory, locations


def rebuild(conn: Connection, derive: Derive | None, found: int) -> None:
    """Re-read the stored records, make the record and derived tables anew and write them by the load path."""
    from sqlalchemy import MetaData
    from sqlmodel import SQLModel

    from ..history import Source, record_version
    from ..store import write_inventory
    from ..tables import HISTORY_TABLES

    inventory, locations = stored_records(conn)
    kept = {t.__tablename__ for t in HISTORY_TABLES} | {"meta", "alembic_version"}
    current = SQLModel.metadata
    old = MetaData()
    old.reflect(conn)
    old.drop_all(conn, tables=[t for name, t in old.tables.items() if name in current.tables and name not in kept])
    current.create_all(conn)
    write_inventory(conn, inventory, locations, derive, None)
    record_version(conn, inventory, Source(label=f"upgraded from schema {found}"))
