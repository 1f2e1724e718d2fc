"""The demo: load a bundled example into a folder and gather a short tour of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from daicho.inventory.db import ReadDB

from .records import counts, organization


def run_demo(out: Path, example: str = "engoo") -> dict[str, Any]:
    """Load the bundled `example` into OUT/daicho.db (replacing it) and return the tour."""
    from daicho.examples import example_path
    from daicho.inventory.errors import DaichoError, ManifestError
    from daicho.inventory.store import Store, resolve_url
    from daicho.inventory.validate import validate_paths

    try:
        source = example_path(example)
    except KeyError:
        raise DaichoError(f"no bundled example '{example}' (there are: engoo, engoo-2014)") from None
    out.mkdir(parents=True, exist_ok=True)
    result = validate_paths([source])
    if not result.ok:
        raise ManifestError(result.problems)
    db = out / "daicho.db"
    url = resolve_url(str(db))
    Store(url).load(result)
    with ReadDB(url) as conn:
        org = organization(conn)
        tour = {
            "example": example,
            "db": str(db),
            "organization": (org or {}).get("name", {}).get("en") or "",
            "counts": {k: v for k, v in counts(conn).items() if v},
            "item": tour_item(conn),
            "files": [],
            "try": ["daicho --help", f"daicho list items --db {db}", f"daicho show email --db {db}"],
        }
    return tour


def tour_item(conn: ReadDB) -> dict[str, Any]:
    """The email address (or the most widely flowing item): its purposes and everyone it reaches."""
    rows = conn.rows("SELECT key, name_en FROM item WHERE key LIKE '%email%' ORDER BY length(key) LIMIT 1") or \
        conn.rows("SELECT item AS key, count(*) AS n FROM flow_item GROUP BY item ORDER BY n DESC LIMIT 1")
    key = rows[0]["key"]
    name = conn.value("SELECT name_en FROM item WHERE key = :k", {"k": key})
    purposes = [r["name_en"] for r in conn.rows(
        "SELECT p.name_en FROM item_purpose ip JOIN purpose p ON p.key = ip.purpose WHERE ip.item = :k "
        "ORDER BY ip.position", {"k": key})]
    reached = conn.rows(
        """WITH RECURSIVE reach(node, hops) AS (
             SELECT dst, 1 FROM lineage_edge WHERE item = :k
               AND src NOT IN (SELECT dst FROM lineage_edge WHERE item = :k)
             UNION SELECT e.dst, r.hops + 1 FROM reach r JOIN lineage_edge e ON e.item = :k AND e.src = r.node
             WHERE r.hops < 50)
           SELECT node, min(hops) AS hops FROM reach GROUP BY node""", {"k": key})
    recipients = []
    for row in reached:
        node = conn.rows("SELECT key, kind, subkind, country FROM node WHERE key = :k", {"k": row["node"]})[0]
        if node["kind"] != "recipient":
            continue
        basis = conn.value("SELECT f.basis FROM lineage_edge e JOIN flow f ON f.key = e.flow "
                           "WHERE e.item = :k AND e.dst = :d LIMIT 1", {"k": key, "d": node["key"]})
        recipients.append({"to": node["key"], "kind": node["subkind"], "country": node["country"],
                           "basis": basis, "hops": row["hops"]})
    recipients.sort(key=lambda r: (r["hops"], r["to"]))
    return {"key": key, "name": name, "purposes": purposes, "recipients": recipients}
