"""The store queries behind lineage: recursive walks over `lineage_edge` and `flow`, and the facts about nodes
and flows that the results show. Plain SQL with `:name` parameters, the same text on SQLite and PostgreSQL.

The walks find the *slice* of the graph a query touches (which nodes are reachable, and the edges between
them); hop counts and paths are then computed exactly in Python on that small slice (`catalog.lineage`).

Plan pinning: every recursive step is written `reach r CROSS JOIN <table> e`, which makes SQLite keep the
walked set outside and look the table up by index inside (`SEARCH e USING PRIMARY KEY (item=? AND src=?)`).
Left to itself, after ANALYZE, SQLite may choose a Bloom filter over a scan of the edge table for the
recursive step, which was measured 130× slower. PostgreSQL reads CROSS JOIN as a plain join.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from daicho.inventory.db import ReadDB, Row, decode

#: derivation methods that keep an item personal data (the trail goes on) and those that end it
KEEPS_TRAIL = ("copy", "pseudonymisation")
ENDS_TRAIL = ("anonymisation", "aggregation")


def in_list(prefix: str, values: Iterable[str], params: dict[str, Any]) -> str:
    """`:p0, :p1, …` for an IN list, adding the values to `params`."""
    names = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        names.append(f":{prefix}{i}")
    return ", ".join(names) or "NULL"


def derivations_from(db: ReadDB, items: Iterable[str]) -> list[Row]:
    """Derivations whose source is one of `items` (uses the index on derivation.source)."""
    params: dict[str, Any] = {}
    marks = in_list("s", items, params)
    return db.rows(f"SELECT source, target, method, at FROM derivation WHERE source IN ({marks}) "
                   "ORDER BY position", params)


def all_derivations(db: ReadDB) -> list[Row]:
    """Every derivation, in manifest order."""
    return db.rows("SELECT source, target, method, at FROM derivation ORDER BY position")


def trail_edges(db: ReadDB, items: list[str], depth: int | None = None) -> tuple[set[str], list[Row]]:
    """Where the trail `items` starts, and the edges of every flow carrying one of them that can be reached.

    Starts are the sources of trail-carrying flows that no trail-carrying flow reaches, plus the systems
    storing a trail item. Returns (starts, edges) with edges as rows (item, src, dst, flow); with `depth`,
    only edges leaving a node at most depth - 1 hops away.
    """
    params: dict[str, Any] = {}
    marks = in_list("t", items, params)
    starts_sql = (f"SELECT e.src AS node FROM lineage_edge e WHERE e.item IN ({marks}) AND NOT EXISTS "
                  f"(SELECT 1 FROM lineage_edge x WHERE x.item IN ({marks}) AND x.dst = e.src) "
                  f"UNION SELECT si.system AS node FROM system_item si WHERE si.item IN ({marks})")
    starts = {r["node"] for r in db.rows(starts_sql, params)}
    if not starts:
        return starts, []
    if depth is None:
        sql = f"""WITH RECURSIVE reach(node) AS (
                    {starts_sql}
                    UNION
                    SELECT e.dst FROM reach r CROSS JOIN lineage_edge e
                     WHERE e.item IN ({marks}) AND e.src = r.node)
                  SELECT e.item, e.src, e.dst, e.flow FROM reach r CROSS JOIN lineage_edge e
                   WHERE e.item IN ({marks}) AND e.src = r.node"""
    else:
        params["depth"] = depth
        sql = f"""WITH RECURSIVE reach(node, hops) AS (
                    SELECT s.node, 0 FROM ({starts_sql}) s
                    UNION
                    SELECT e.dst, r.hops + 1 FROM reach r CROSS JOIN lineage_edge e
                     WHERE e.item IN ({marks}) AND e.src = r.node AND r.hops < :depth),
                  near(node) AS (SELECT node FROM reach GROUP BY node HAVING min(hops) < :depth)
                  SELECT e.item, e.src, e.dst, e.flow FROM near r CROSS JOIN lineage_edge e
                   WHERE e.item IN ({marks}) AND e.src = r.node"""
    return starts, db.rows(sql, params)


def recursive_step_sql() -> str:
    """The recursive step of the trail walk on its own, for plan checks (`EXPLAIN QUERY PLAN`)."""
    return ("WITH RECURSIVE reach(node) AS (SELECT :start UNION SELECT e.dst FROM reach r CROSS JOIN "
            "lineage_edge e WHERE e.item IN (:t0) AND e.src = r.node) SELECT node FROM reach")


def edges_into(db: ReadDB, node: str) -> list[Row]:
    """The item-on-flow edges arriving at `node` (by the flow.target index)."""
    return db.rows("SELECT fi.item, f.source AS src, f.target AS dst, f.key AS flow FROM flow f "
                   "CROSS JOIN flow_item fi WHERE f.target = :n AND fi.flow = f.key ORDER BY f.position, "
                   "fi.position", {"n": node})


def edges_out_of(db: ReadDB, node: str) -> list[Row]:
    """The item-on-flow edges leaving `node` (by the flow.source index)."""
    return db.rows("SELECT fi.item, f.source AS src, f.target AS dst, f.key AS flow FROM flow f "
                   "CROSS JOIN flow_item fi WHERE f.source = :n AND fi.flow = f.key ORDER BY f.position, "
                   "fi.position", {"n": node})


def back_edges(db: ReadDB, node: str, trails: dict[str, list[str]]) -> list[Row]:
    """For each origin item, the edges of its trail on some walk that ends at `node`, walking backwards.

    `trails` maps an origin item to its trail items. Returns rows (origin, item, src, dst, flow).
    """
    if not trails:
        return []
    params: dict[str, Any] = {"n": node}
    values = []
    for i, (origin, items) in enumerate(trails.items()):
        params[f"o{i}"] = origin
        for j, item in enumerate(items):
            params[f"i{i}_{j}"] = item
            values.append(f"SELECT :o{i} AS origin, :i{i}_{j} AS item")
    trail_sql = " UNION ALL ".join(values)
    sql = f"""WITH RECURSIVE trail(origin, item) AS ({trail_sql}),
              back(node, origin) AS (
                SELECT DISTINCT :n, t.origin FROM trail t
                UNION
                SELECT e.src, r.origin FROM back r CROSS JOIN trail t CROSS JOIN lineage_edge e
                 WHERE t.origin = r.origin AND e.item = t.item AND e.dst = r.node)
              SELECT r.origin, e.item, e.src, e.dst, e.flow FROM back r CROSS JOIN trail t CROSS JOIN lineage_edge e
               WHERE t.origin = r.origin AND e.item = t.item AND e.dst = r.node"""
    return db.rows(sql, params)


def stored_at(db: ReadDB, nodes: Iterable[str], items: Iterable[str]) -> set[tuple[str, str]]:
    """(system, item) pairs among `nodes` × `items` that system_item declares."""
    params: dict[str, Any] = {}
    node_marks = in_list("n", nodes, params)
    item_marks = in_list("i", items, params)
    rows = db.rows(f"SELECT system, item FROM system_item WHERE system IN ({node_marks}) AND item IN ({item_marks})",
                   params)
    return {(r["system"], r["item"]) for r in rows}


def node_walk(db: ReadDB, key: str, direction: str, depth: int | None = None) -> dict[str, int]:
    """Nodes reachable from `key` by flows of any item, downstream ("down") or upstream ("up").

    Returns {node: hops} (the walk's minimal hop count; `key` itself at 0). With depth None the walk is pure
    reachability (it terminates on cycles); hops are then computed by a BFS over the slice's flows.
    """
    near, far = ("source", "target") if direction == "down" else ("target", "source")
    if depth is None:
        nodes = [r["node"] for r in db.rows(
            f"""WITH RECURSIVE reach(node) AS (SELECT :k UNION
                  SELECT f.{far} FROM reach r CROSS JOIN flow f WHERE f.{near} = r.node)
                SELECT node FROM reach""", {"k": key})]
        flows = flows_among(db, nodes)
        step = {}
        for f in flows:
            step.setdefault(f[near], set()).add(f[far])
        return bfs({key}, lambda n: step.get(n, ()))
    rows = db.rows(f"""WITH RECURSIVE reach(node, hops) AS (SELECT :k, 0 UNION
                         SELECT f.{far}, r.hops + 1 FROM reach r CROSS JOIN flow f
                          WHERE f.{near} = r.node AND r.hops < :depth)
                       SELECT node, min(hops) AS hops FROM reach GROUP BY node""", {"k": key, "depth": depth})
    return {r["node"]: r["hops"] for r in rows}


def bfs(starts: Iterable[str], step) -> dict[str, int]:
    """Breadth-first hop counts from `starts` (hop 0), `step(node)` giving the next nodes."""
    hops = {s: 0 for s in starts}
    frontier = list(hops)
    while frontier:
        following = []
        for node in frontier:
            for nxt in step(node):
                if nxt not in hops:
                    hops[nxt] = hops[node] + 1
                    following.append(nxt)
        frontier = following
    return hops


def flows_among(db: ReadDB, nodes: Iterable[str]) -> list[Row]:
    """Flows whose source and target are both in `nodes` (by the flow.source index)."""
    nodes = list(nodes)
    out: list[Row] = []
    wanted = set(nodes)
    for start in range(0, len(nodes), 500):
        params: dict[str, Any] = {}
        marks = in_list("n", nodes[start:start + 500], params)
        out.extend(r for r in db.rows(f"SELECT key, source, target, position FROM flow WHERE source IN ({marks})",
                                      params) if r["target"] in wanted)
    return sorted(out, key=lambda r: r["position"])


def flow_facts(db: ReadDB, flows: Iterable[str]) -> dict[str, Row]:
    """Each flow's basis, exception, foreign basis, mechanism, items and purposes (in manifest order)."""
    flows = sorted(set(flows))
    out: dict[str, Row] = {}
    for start in range(0, len(flows), 500):
        params: dict[str, Any] = {}
        marks = in_list("f", flows[start:start + 500], params)
        for row in db.rows(f"SELECT key, source, target, basis, exception, foreign_basis, mechanism, position "
                           f"FROM flow WHERE key IN ({marks})", params):
            out[row["key"]] = {**row, "items": [], "purposes": []}
        for row in db.rows(f"SELECT flow, item FROM flow_item WHERE flow IN ({marks}) ORDER BY flow, position",
                           params):
            out[row["flow"]]["items"].append(row["item"])
        for row in db.rows(f"SELECT flow, purpose FROM flow_purpose WHERE flow IN ({marks}) "
                           "ORDER BY flow, position", params):
            out[row["flow"]]["purposes"].append(row["purpose"])
    return out


def node_facts(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """Each node's kind, subkind, names and effective country, with a recipient's parent and contract scope
    and a system's operator."""
    keys = sorted(set(keys))
    out: dict[str, Row] = {}
    for start in range(0, len(keys), 500):
        params: dict[str, Any] = {}
        marks = in_list("k", keys[start:start + 500], params)
        for row in db.rows(f"SELECT key, kind, subkind, name_en, name_ja, country FROM node WHERE key IN ({marks})",
                           params):
            out[row["key"]] = {**row, "parent": None, "operated_by": None, "scope_items": None}
        for row in db.rows(f"SELECT key, parent, contract FROM recipient WHERE key IN ({marks})", params):
            contract = decode(row["contract"]) or {}
            out[row["key"]].update(parent=row["parent"], scope_items=contract.get("scope_items") or None)
        for row in db.rows(f"SELECT key, operated_by FROM system WHERE key IN ({marks})", params):
            out[row["key"]]["operated_by"] = row["operated_by"]
    return out


def item_facts(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """Each item's names, sensitive / financial flags and estimated persons."""
    keys = sorted(set(keys))
    out: dict[str, Row] = {}
    for start in range(0, len(keys), 500):
        params: dict[str, Any] = {}
        marks = in_list("k", keys[start:start + 500], params)
        for row in db.rows(f"SELECT key, name_en, name_ja, sensitive, financial, persons FROM item "
                           f"WHERE key IN ({marks})", params):
            out[row["key"]] = {**row, "sensitive": bool(row["sensitive"]), "financial": bool(row["financial"])}
    return out


def home_country(db: ReadDB) -> str:
    """The operator's country (JP when the inventory names no organization)."""
    return db.value("SELECT country FROM organization") or "JP"
