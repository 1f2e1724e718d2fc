"""Every flow as CSV edges for spreadsheets: a row per flow and item, streamed from the resolved facts.

Columns: flow, from, to, item, basis, boundary, border, country (the transfer location, else the target's
location), foreign basis, foreign status. Flows are read in manifest order a chunk at a time
(`flow_facts`), so a large inventory is written without holding it whole. Cells are guarded against
formula injection (`safe_cells`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

from daicho.catalog.resolved.facts import CHUNK, flow_facts, in_chunks, require
from daicho.inventory.db import ReadDB

HEADER = ("flow", "from", "to", "item", "basis", "boundary", "border", "country", "foreign basis",
          "foreign status")


def edge_rows(db: ReadDB) -> Iterator[list[Any]]:
    """A row per flow and item it carries, in manifest order."""
    require(db)
    keys = [r["key"] for r in db.rows("SELECT key FROM flow ORDER BY position")]
    for start in range(0, len(keys), CHUNK):
        part = keys[start:start + CHUNK]
        facts = flow_facts(db, part)
        targets = {facts[k]["target"] for k in part if k in facts}
        where: dict[str, str | None] = {}
        for marks, params in in_chunks("t", targets):
            where.update((r["key"], r["location"]) for r in db.rows(
                f"SELECT key, location FROM resolved_node WHERE key IN ({marks})", params))
        for key in part:
            flow = facts.get(key)
            if flow is None:
                continue
            country = flow["transfer_location"] or where.get(flow["target"])
            for item in flow["items"]:
                yield [key, flow["source"], flow["target"], item, flow["basis"], flow["boundary"], flow["border"],
                       country, flow["foreign_basis"], flow["foreign_status"]]


def write_edges(db: ReadDB, stream: IO[str]) -> int:
    """Write the edges CSV (a BOM so spreadsheets read UTF-8, CRLF) to `stream`; returns the rows written."""
    from daicho.catalog.review.safe_cells import safe_row

    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in edge_rows(db):
        writer.writerow(safe_row(["" if v is None else v for v in row]))
        count += 1
    return count
