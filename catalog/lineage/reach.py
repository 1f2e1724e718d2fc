"""The terminal's `where`: how far a trail reaches, without holding its edges.

`sql.trail_walk` gives the whole slice a walk touches (every edge, every shortest-path predecessor): what
`--json` writes. The terminal prints 40 nodes a group, yet must count and place every node reached: on the
busiest item of the large bench inventory, 12,400 nodes over 84,000 edges. Here

* the walk reads each reached node's successors as one text per node (`group_concat` in the store, split in
  Python: 12,000 rows instead of 84,000) and walks them breadth first with set operations;
* the predecessors on shortest paths (for the paths shown and their counts) and the edges at a node are read
  only for the nodes a view prints and the nodes above them (`shown_slice`).

The answers are the whole walk's, node for node: `tests/test_lineage_shown.py` prints both and compares.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from daicho.catalog.resolved.facts import in_chunks, in_list
from daicho.inventory.db import ReadDB

from .sql import Edge, Preds, entered_walk, stored_by

_SEP = "\x1f"  # keys are [A-Za-z0-9][A-Za-z0-9_.-]* (inventory.model.KEY_PATTERN): never in a key


def _successors(db: ReadDB, items: list[str]) -> dict[str, list[str]]:
    """Each node that a flow carrying a trail item leaves, and where those flows go (a node may repeat)."""
    params: dict[str, Any] = {}
    marks = in_list("t", items, params)
    joined = "group_concat(dst, char(31))" if db.is_sqlite else "string_agg(dst, chr(31))"
    return {src: dsts.split(_SEP) for src, dsts in db.all_tuples(
        f"SELECT src, {joined} FROM lineage_edge WHERE item IN ({marks}) GROUP BY src", params)}


def _levels(starts: set[str], successors: dict[str, list[str]], depth: int | None) -> dict[str, int]:
    """Hops of every node reached breadth first from `starts` (with `depth`, up to depth hops), in the order
    `sql._walk` enters them: by hops, starts sorted (later levels in any order: callers sort)."""
    hops = dict.fromkeys(sorted(starts), 0)
    seen = set(starts)
    frontier = starts
    step = 0
    while frontier and (depth is None or step < depth):
        step += 1
        following: set[str] = set()
        for node in frontier:
            found = successors.get(node)
            if found is not None:
                following.update(found)
        following -= seen
        seen |= following
        hops.update(dict.fromkeys(following, step))
        frontier = following
    return hops


def trail_reach(db: ReadDB, items: list[str], depth: int | None = None) -> tuple[set[str], dict[str, int]]:
    """`sql.trail_walk`'s starts and hop counts (the same answer), without its edges and predecessors."""
    successors = _successors(db, items)
    arrive: set[str] = set()
    for found in successors.values():
        arrive.update(found)
    starts, hops = entered_walk(successors.keys(), arrive, stored_by(db, items), depth,
                                lambda starts, limit: (found := _levels(starts, successors, limit), found))
    return starts, hops or {}


def edges_at(db: ReadDB, items: list[str], nodes: Iterable[str], end: str) -> list[Edge]:
    """The trail's edges (item, src, dst, flow) arriving at (`end` "dst") or leaving (`end` "src") `nodes`, by
    the indexes (item, dst) and (item, src, …) of `lineage_edge`."""
    params: dict[str, Any] = {}
    item_marks = in_list("t", items, params)
    out: list[Edge] = []
    for marks, chunk in in_chunks("n", sorted(set(nodes))):
        out.extend(db.all_tuples(f"SELECT item, src, dst, flow FROM lineage_edge WHERE item IN ({item_marks}) "
                                 f"AND {end} IN ({marks})", {**params, **chunk}))
    return out


def shown_slice(db: ReadDB, items: list[str], hops: dict[str, int], depth: int | None, shown: set[str]
                ) -> tuple[list[Edge], Preds]:
    """What `sql.trail_walk` gives for the nodes a view prints: the walked edges arriving at or leaving
    `shown`, and the shortest-path predecessors of those nodes and of every node above them (`where.Walk`'s
    paths and counts need nothing else)."""

    def walked(edge: Edge) -> bool:  # the whole walk holds it: it leaves a reached node short of the depth
        found = hops.get(edge[1])
        return found is not None and (depth is None or found < depth) and edge[2] in hops

    edges = list(dict.fromkeys(edge for end in ("dst", "src") for edge in edges_at(db, items, shown, end)
                               if walked(edge)))
    preds: Preds = {}
    frontier = {n for n in shown if hops[n] > 0}
    while frontier:
        counted: set[str] = set()  # a flow carrying several trail items is one predecessor
        above: set[str] = set()
        for node in frontier:
            preds[node] = []
        for _, src, dst, flow in edges_at(db, items, frontier, "dst"):
            if flow not in counted and hops.get(src) == hops[dst] - 1:
                counted.add(flow)
                preds[dst].append((src, flow))
                above.add(src)
        frontier = {n for n in above if hops[n] > 0 and n not in preds}
    return edges, preds
