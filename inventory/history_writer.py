"""Writing a new history version (inventory/history.py explains the tables) in the load's transaction.

`NewVersion` takes the state's record documents as they come (`add`: key, canonical text, hash) and writes at once
what differs from the held version: a `history_record` row per added or changed key, a `history_document` row per
text the history does not hold yet. `close` then closes the intervals of the keys that changed or went, and adds
the version, unless the state equals the latest one: equal states hold the same key→hash pairs, so nothing was
written for them. A load that reads in a worker (inventory/pipeline.py) adds texts while the worker still reads; a
serial load adds them all at once (`history.record_version`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from .history import Source

_LOOKUP = 500  # hashes per look-up of the documents the history holds


class NewVersion:
    """A version being written (see the module docstring)."""

    def __init__(self, conn: Connection) -> None:
        from sqlalchemy import text

        self._conn = conn
        last = conn.execute(text("SELECT number, content_hash FROM history_version ORDER BY number DESC LIMIT 1")
                            ).first()
        self._last: tuple[int, str] | None = (int(last[0]), last[1]) if last is not None else None
        self.number = self._last[0] + 1 if self._last else 1
        self._held = dict(conn.execute(text("SELECT key, hash FROM history_record WHERE until IS NULL")).all())
        self._documents_held = conn.execute(text("SELECT 1 FROM history_document LIMIT 1")).first() is not None
        self.hashes: dict[str, str] = {}
        self._changed: set[str] = set()
        self._stored: set[str] = set()  # hashes of the documents this version wrote
        self._writers: dict[str, Any] = {}

    def add(self, documents: Iterable[tuple[str, str, str]]) -> None:
        """Record documents (key, canonical text, hash) of the state; written where they differ from the held ones."""
        changed: dict[str, tuple[str, str]] = {}
        held = self._held
        for key, text, digest in documents:
            self.hashes[key] = digest
            if held.get(key) != digest:
                changed[key] = (text, digest)
        if not changed:
            return
        self._changed.update(changed)
        self._write("history_record", ("key", "since", "until", "hash"),
                    [(key, self.number, None, digest) for key, (_, digest) in changed.items()])
        by_hash = {digest: text for text, digest in changed.values()}
        wanted = sorted(by_hash.keys() - self._stored)
        self._stored.update(wanted)
        known = self._known(wanted) if self._documents_held else set()
        self._write("history_document", ("hash", "document"), [(h, by_hash[h]) for h in wanted if h not in known])

    def close(self, source: Source | None) -> tuple[int, bool]:
        """Add the version (closing the intervals of the keys that changed or went), unless the state equals the
        latest one; (version number, whether it was added)."""
        from sqlalchemy import text

        from .history import Source, content_hash

        whole = content_hash(self.hashes)
        if self._last is not None and self._last[1] == whole:
            return self._last[0], False
        closing = [k for k, h in self._held.items() if self.hashes.get(k) != h]
        if closing:
            self._conn.execute(text("UPDATE history_record SET until = :until WHERE key = :key AND until IS NULL "
                                    "AND since < :number"),  # not the rows `add` wrote for this version
                               [{"until": self.number - 1, "key": k, "number": self.number} for k in closing])
        source = source or Source()
        self._conn.execute(text(
            "INSERT INTO history_version (number, loaded_at, label, note, sources, git_commit, git_dirty, "
            "content_hash, records, changed) VALUES (:number, :loaded_at, :label, :note, :sources, :git_commit, "
            ":git_dirty, :content_hash, :records, :changed)"),
            {"number": self.number, "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "label": source.label, "note": source.note, "sources": json.dumps(source.paths, ensure_ascii=False),
             "git_commit": source.git_commit, "git_dirty": source.git_dirty, "content_hash": whole,
             "records": len(self.hashes), "changed": len(self._changed | set(closing))})
        return self.number, True

    def _known(self, hashes: list[str]) -> set[str]:
        """Which of `hashes` the history already holds a document for."""
        from sqlalchemy import bindparam, text

        lookup = text("SELECT hash FROM history_document WHERE hash IN :hashes").bindparams(
            bindparam("hashes", expanding=True))
        known: set[str] = set()
        for start in range(0, len(hashes), _LOOKUP):
            known.update(r[0] for r in self._conn.execute(lookup, {"hashes": hashes[start:start + _LOOKUP]}))
        return known

    def _write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert rows with the load's bulk writer (inventory/bulk.py)."""
        if not rows:
            return
        write = self._writers.get(table)
        if write is None:
            from sqlmodel import SQLModel

            from .bulk import writer

            write = self._writers[table] = writer(self._conn, SQLModel.metadata.tables[table], columns)
        from .bulk import chunks

        for chunk in chunks(rows):
            write(chunk)
