"""The executemany floor of a load: the rows a `daicho load` wrote, inserted again with nothing else.

    python bench/load_floor.py STORE.db NEW.db

Reads every table of a loaded SQLite store into memory (not timed), then, timed: creates the same schema in a
new file (tables, then the rows of each table with one `executemany`, then the indexes — the order a load
uses), all in one transaction, and commits. No parsing, no validation, no row making. Prints one line of JSON:
seconds (wall) and cpu of that timed part, and the rows written. `daicho load` should take at most 1.5 times
this (issue 9; bench/run.py compares them side by side).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path


def read(store: Path) -> tuple[list[str], list[tuple[str, list[tuple]]], list[str]]:
    """(CREATE TABLE statements, rows by table, CREATE INDEX statements) of a store."""
    db = sqlite3.connect(store)
    objects = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
                         "'sqlite_%' ORDER BY rowid").fetchall()
    tables = [(name, sql) for kind, name, sql in objects if kind == "table"]
    indexes = [sql for kind, _, sql in objects if kind == "index"]
    rows = [(name, db.execute(f'SELECT * FROM "{name}"').fetchall()) for name, _ in tables]
    db.close()
    return [sql for _, sql in tables], rows, indexes


def insert(target: Path, tables: list[str], rows: list[tuple[str, list[tuple]]], indexes: list[str]) -> int:
    """Write the schema and rows into a new file in one transaction; returns the rows written."""
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size = -262144")  # as a load sets it (inventory/store.py)
    db.execute("BEGIN IMMEDIATE")
    for sql in tables:
        db.execute(sql)
    total = 0
    for name, table_rows in rows:
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', table_rows)
            total += len(table_rows)
    for sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    db.close()
    return total


def main(argv: list[str]) -> int:
    """Time the floor once and print it as JSON."""
    store, target = Path(argv[0]), Path(argv[1])
    tables, rows, indexes = read(store)
    wall, cpu = time.perf_counter(), time.process_time()
    total = insert(target, tables, rows, indexes)
    print(json.dumps({"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "rows": total}))
    target.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
