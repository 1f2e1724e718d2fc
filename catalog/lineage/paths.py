"""The paths between two nodes (`daicho path`): `nodes.paths_between` with the facts of the shown flows only.

Between a collection point and a busy recipient of the large inventory the nodes on some path number 12,000 with
189,000 flows among them; the graph needs only each flow's ends (one light query), and the facts and items are
read for the flows of the paths shown (at most `limit`). The graph is built in the same order (flows by key) and
searched by the same networkx routine, so the paths, their order and `more` are those of `nodes.paths_between`
(tests/test_lineage_paths.py holds the two equal).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.walks import closure
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, node_entry, where
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB

#: paths listed unless told otherwise (as `nodes.PATH_LIMIT`)
PATH_LIMIT = 20


def paths_between(db: ReadDB, a: str, b: str, limit: int = PATH_LIMIT, item: str | None = None) -> dict[str, Any]:
    """Every simple path from node `a` to node `b` (shortest first, at most `limit`), following flows of any
    item — or, with `item`, only the flows of that item's trail. Each hop lists its flows and their items."""
    from daicho.catalog.lineage.graph import Graph

    start = resolve(db, a, FLOW_NODE_KINDS)["key"]
    end = resolve(db, b, FLOW_NODE_KINDS)["key"]
    between: dict[tuple[str, str], list[str]] = {}  # (source, target) → flow keys
    carried: dict[str, list[str]] = {}  # with `item`: the trail items of each flow
    if item is not None:
        result = where(db, item)
        item = result["item"]["item"]
        for hop in result["hops"]:
            between.setdefault((hop["from"], hop["to"]), []).append(hop["flow"])
            carried[hop["flow"]] = hop["items"]
    else:
        every = db.all_tuples("SELECT key, source, target FROM flow")  # key, source, target of every flow
        middle = _reach(every, start, 1, 2) & _reach(every, end, 2, 1)  # the nodes on some path from start to end
        every.sort()  # by key: the order nodes.paths_between builds the graph in
        for key, source, target in every:
            if source in middle and target in middle:
                between.setdefault((source, target), []).append(key)
    found = Graph(edges=between).paths(start, end, limit + 1) if start != end else []
    found.sort(key=lambda p: (len(p), p))
    nodes = q.node_facts(db, {n for p in found[:limit] for n in p} | {start, end})
    flows = q.flow_facts(db, {f for p in found[:limit] for u, v in zip(p, p[1:], strict=False)
                              for f in between[(u, v)]})
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


def _reach(flows: list[tuple], node: str, near: int, far: int) -> set[str]:
    """`node` and every node reachable from it over `flows` (key, source, target) from column `near` to column
    `far`: downstream with (1, 2), upstream with (2, 1) — the nodes `sql.node_walk` finds."""
    step: dict[str, set[str]] = defaultdict(set)
    for flow in flows:
        step[flow[near]].add(flow[far])
    return closure({node}, step)
