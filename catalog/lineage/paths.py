"""The paths between two nodes (`daicho path`): every simple path, shortest first, with the facts of the shown
flows only.

Between a collection point and a busy recipient of the large inventory the nodes on some path number 12,000 with
189,000 flows among them. The nodes on some path (reachable from one end, reaching the other) are two recursive
queries; the searches then read a node's flows only when they reach it (a few thousand nodes), and the facts and
items are read for the flows of the paths shown (at most `limit`). The neighbours of a node come in the order of
their first flow by key, the order a graph built from the flows sorted by key holds them, and the search is
networkx's (`walks.simple_paths`), so the paths, their order and `more` are those of a networkx graph of every
flow among those nodes (tests/test_lineage_paths.py holds the two equal).
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.walks import simple_paths
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, node_entry, where
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB

#: paths listed unless told otherwise
PATH_LIMIT = 20


def paths_between(db: ReadDB, a: str, b: str, limit: int = PATH_LIMIT, item: str | None = None) -> dict[str, Any]:
    """Every simple path from node `a` to node `b` (shortest first, at most `limit`), following flows of any
    item — or, with `item`, only the flows of that item's trail. Each hop lists its flows and their items."""
    start = resolve(db, a, FLOW_NODE_KINDS)["key"]
    end = resolve(db, b, FLOW_NODE_KINDS)["key"]
    carried: dict[str, list[str]] = {}  # with `item`: the trail items of each flow
    if item is not None:
        result = where(db, item)
        item = result["item"]["item"]
        graph: _Flows | _Slice = _Slice([(h["from"], h["to"], h["flow"]) for h in result["hops"]])
        for hop in result["hops"]:
            carried[hop["flow"]] = hop["items"]
    else:
        graph = _Flows(db, start, end)
    found = simple_paths(graph.succ, graph.pred, start, end, limit + 1) if graph.has(start, end) else []
    found.sort(key=lambda p: (len(p), p))
    between = graph.between({(u, v) for p in found[:limit] for u, v in zip(p, p[1:], strict=False)})
    nodes = q.node_facts(db, {n for p in found[:limit] for n in p} | {start, end})
    flows = q.flow_facts(db, {f for ways in between.values() for f in ways})
    home = q.home_country(db)
    shown = []
    for path in found[:limit]:
        hops = []
        for u, v in zip(path, path[1:], strict=False):
            ways = sorted(between[(u, v)], key=lambda f: flows[f]["position"])
            hops.append({"from": u, "to": v, "border": flows[ways[0]]["border"],
                         "flows": [{"flow": f, "items": carried.get(f, flows[f]["items"]), "basis": flows[f]["basis"],
                                    "foreign_basis": flows[f]["foreign_basis"], "boundary": flows[f]["boundary"],
                                    "foreign_status": flows[f]["foreign_status"]} for f in ways]})
        shown.append({"nodes": path, "hops": hops})
    return {"from": node_entry(nodes[start], home), "to": node_entry(nodes[end], home), "item": item,
            "paths": shown, "limit": limit, "more": len(found) > limit,
            "nodes": {k: node_entry(nodes[k], home) for k in sorted(nodes)}}


class _Slice:
    """The graph of a few flows (source, target, flow key), its edges in the order given."""

    def __init__(self, flows: list[tuple[str, str, str]]) -> None:
        self._succ: dict[str, dict[str, None]] = {}
        self._pred: dict[str, dict[str, None]] = {}
        self._ways: dict[tuple[str, str], list[str]] = {}
        for source, target, flow in flows:
            self._succ.setdefault(source, {})[target] = None
            self._pred.setdefault(target, {})[source] = None
            self._succ.setdefault(target, {})
            self._pred.setdefault(source, {})
            self._ways.setdefault((source, target), []).append(flow)

    def has(self, start: str, end: str) -> bool:
        return start in self._succ and end in self._succ

    def succ(self, node: str) -> list[str]:
        return list(self._succ[node])

    def pred(self, node: str) -> list[str]:
        return list(self._pred[node])

    def between(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
        return {pair: self._ways[pair] for pair in pairs}


class _Flows:
    """Every flow among the nodes on some path from `start` to `end`, read from the store as the searches reach
    its nodes: a node's neighbours in the order of their first flow by key."""

    def __init__(self, db: ReadDB, start: str, end: str) -> None:
        self._db = db
        self._down = _reach(db, start, "source", "target")  # reachable from start
        self._up = _reach(db, end, "target", "source") if end in self._down else set()  # reaching end
        self._succ: dict[str, list[str]] = {}
        self._pred: dict[str, list[str]] = {}

    def has(self, start: str, end: str) -> bool:
        return start in self._up and end in self._down

    def succ(self, node: str) -> list[str]:
        found = self._succ.get(node)
        if found is None:
            found = self._succ[node] = self._next(node, "source", "target")
        return found

    def pred(self, node: str) -> list[str]:
        found = self._pred.get(node)
        if found is None:
            found = self._pred[node] = self._next(node, "target", "source")
        return found

    def _next(self, node: str, near: str, far: str) -> list[str]:
        """The neighbours of `node` on some path, by the key of their first flow."""
        flows = sorted(self._db.all_tuples(f"SELECT key, {far} FROM flow WHERE {near} = :n", {"n": node}))
        return list(dict.fromkeys(other for _, other in flows if other in self._down and other in self._up))

    def between(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
        """The flow keys from u to v of each pair (u, v), by key."""
        return {(u, v): sorted(r[0] for r in self._db.all_tuples(
            "SELECT key FROM flow WHERE source = :u AND target = :v", {"u": u, "v": v})) for u, v in pairs}


def _reach(db: ReadDB, node: str, near: str, far: str) -> set[str]:
    """`node` and every node reachable from it over flows from column `near` to column `far`: downstream with
    (source, target), upstream with (target, source). One recursive query over the flow.source (flow.target)
    index."""
    few = "likelihood(r.node IS NOT NULL, 0.000001) AND " if db.is_sqlite else ""
    return {row[0] for row in db.all_tuples(
        f"WITH RECURSIVE reach(node) AS (SELECT CAST(:n AS VARCHAR) UNION SELECT f.{far} FROM reach r "
        f"CROSS JOIN flow f WHERE {few}f.{near} = r.node) SELECT node FROM reach", {"n": node})}
