"""`where` for every item at once: the walks the ledger and other whole-inventory outputs need, in one pass.

`where(db, item)` answers one item with a handful of queries; asked for each of 100,000 items that is far too
slow. `walks(db)` reads the edges once, in primary-key order (grouped by item), and walks each item's trail in
Python with the same rules as `where` (catalog/lineage/where.py; tests/test_lineage_batch.py holds the two
equal on generated inventories). Each result has the parts of `where`'s result that whole-inventory outputs
read: `trail`, `nodes` (key, kind, party, hops, items), `recipients` and `hops` (flow, from, to, items,
basis, exception, boundary, from_party, to_party).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.walks import hop_counts
from daicho.inventory.db import ReadDB, Row


def walks(db: ReadDB, items: Iterable[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(item, where-like result) for `items` (default: every item, in key order)."""
    for item, trail, edges, context in trails(db, items):
        yield item, _walk(item, trail, edges, *context)


def trails(db: ReadDB, items: Iterable[str] | None = None
           ) -> Iterator[tuple[str, list[Any], list[tuple[str, str, str, str]], Context]]:
    """What `walks` walks, before the walk: (item, its trail — the item, then each derivation on it —, the
    lineage edges of every trail item (item, src, dst, flow), and the `Context` shared by all items)."""
    derivations = [dict(d, position=n) for n, d in enumerate(q.all_derivations(db)) if d["method"] in q.KEEPS_TRAIL]
    children: dict[str, list[Row]] = defaultdict(list)
    for d in derivations:
        children[d["source"]].append(d)
    members = {d["target"] for d in derivations}  # items that are on someone else's trail
    extra = _edges_by_item(db, sorted(members)) if members else {}
    stored: dict[str, list[str]] = defaultdict(list)
    for key, system in db.tuples("SELECT item, system FROM system_item"):
        stored[key].append(system)
    nodes = {r["key"]: r for r in db.rows("SELECT key, kind, party, party_kind FROM resolved_node")}
    flows = {r["key"]: r for r in db.rows(
        "SELECT f.key, f.position, f.basis, f.exception, r.boundary, r.source_party, r.target_party "
        "FROM flow f JOIN resolved_flow r ON r.key = f.key")}
    context = Context(stored, nodes, flows)
    wanted = None if items is None else set(items)
    for item, edges in _stream_edges(db, wanted):
        if item not in children:  # most items: nothing derived from them
            yield item, [item], edges, context
            continue
        trail = _trail(item, children)
        for member in trail[1:]:
            edges.extend(extra.get(member["target"], ()))
        yield item, trail, edges, context


class Context(NamedTuple):
    """What every item's walk reads: item → systems storing it, node → (kind, party, party_kind), flow →
    (position, basis, exception, boundary, source_party, target_party)."""

    stored: dict[str, list[str]]
    nodes: dict[str, Row]
    flows: dict[str, Row]


def _trail(item: str, children: dict[str, list[Row]]) -> list[Row | str]:
    """The item, then each derivation (copy / pseudonymisation) on its trail, breadth first, as `where` has it:
    a level's derivations in manifest order, whichever item of the level they leave (`where.trail_of`)."""
    seen = {item}
    trail: list[Any] = [item]
    frontier = [item]
    while frontier:
        following = []
        level = [d for current in frontier for d in children.get(current, ())]
        for d in sorted(level, key=_position) if len(frontier) > 1 else level:
            if d["target"] not in seen:
                seen.add(d["target"])
                trail.append(d)
                following.append(d["target"])
        frontier = following
    return trail


def _position(derivation: Row) -> int:
    return derivation["position"]


def _walk(item: str, trail: list[Any], edges: list[tuple[str, str, str, str]], stored: dict[str, list[str]],
          nodes: dict[str, Row], flows: dict[str, Row]) -> dict[str, Any]:
    if len(trail) == 1:
        return _walk_one(item, edges, stored, nodes, flows)
    keys = [item] + [d["target"] for d in trail[1:]]
    storing = {s for k in keys for s in stored.get(k, ())}
    hops = edge_hops(edges, storing)
    here: dict[str, set[str]] = defaultdict(set)  # node → trail items the walk brings there
    carried: dict[str, list[str]] = {}
    ends: dict[str, tuple[str, str]] = {}
    for it, src, dst, flow in edges:
        if src in hops:
            here[src].add(it)
            here[dst].add(it)
            on = carried.get(flow)
            if on is None:
                carried[flow] = [it]
            elif it not in on:
                on.append(it)
            ends[flow] = (src, dst)
    for key in keys:
        for system in stored.get(key, ()):
            if hops.get(system) == 0:
                here[system].add(key)
    single = len(keys) == 1
    result_nodes = []
    for n, h in hops.items():
        node = nodes.get(n)
        if node is None:
            continue
        at = here.get(n, ())
        result_nodes.append({"key": n, "kind": node["kind"], "party": node["party"], "hops": h,
                             "items": ([item] if item in at else []) if single else [k for k in keys if k in at]})
    result_nodes.sort(key=lambda n: (n["hops"], n["key"]))
    parties = sorted({n["party"] for n in result_nodes if nodes[n["key"]]["party_kind"] != "operator"
                      and (n["hops"] > 0 or (n["kind"] == "system" and n["key"] in storing))})
    rank = {k: i for i, k in enumerate(keys)}
    hop_rows = []
    for flow in sorted(carried, key=lambda f: flows[f]["position"]):
        facts = flows[flow]
        src, dst = ends[flow]
        on = carried[flow]
        hop_rows.append({"flow": flow, "from": src, "to": dst,
                         "items": on if single or len(on) == 1 else sorted(on, key=rank.__getitem__),
                         "basis": facts["basis"], "exception": facts["exception"], "boundary": facts["boundary"],
                         "from_party": facts["source_party"], "to_party": facts["target_party"]})
    return {"item": {"item": item}, "recipients": parties, "nodes": result_nodes, "hops": hop_rows,
            "trail": [{"item": d["target"], "from": d["source"], "method": d["method"], "at": d["at"]}
                      for d in trail[1:]]}


def _walk_one(item: str, edges: list[tuple[str, str, str, str]], stored: dict[str, list[str]],
              nodes: dict[str, Row], flows: dict[str, Row]) -> dict[str, Any]:
    """`_walk` for an item with no derived item on its trail (most items): each edge is one flow."""
    storing = set(stored.get(item, ()))
    hops = edge_hops(edges, storing)
    here: set[str] = {s for s in storing if hops.get(s) == 0}
    hop_rows = []
    for _, src, dst, flow in edges:
        if src in hops:
            here.add(src)
            here.add(dst)
            facts = flows[flow]
            hop_rows.append((facts["position"], {
                "flow": flow, "from": src, "to": dst, "items": [item], "basis": facts["basis"],
                "exception": facts["exception"], "boundary": facts["boundary"], "from_party": facts["source_party"],
                "to_party": facts["target_party"]}))
    hop_rows.sort(key=lambda h: h[0])
    result_nodes = []
    parties = set()
    for n, h in hops.items():
        node = nodes.get(n)
        if node is None:
            continue
        result_nodes.append({"key": n, "kind": node["kind"], "party": node["party"], "hops": h,
                             "items": [item] if n in here else []})
        if node["party_kind"] != "operator" and (h > 0 or (node["kind"] == "system" and n in storing)):
            parties.add(node["party"])
    result_nodes.sort(key=lambda n: (n["hops"], n["key"]))
    return {"item": {"item": item}, "recipients": sorted(parties), "nodes": result_nodes,
            "hops": [h for _, h in hop_rows], "trail": []}


def edge_hops(edges: Iterable[tuple[str, str, str, str]], storing: set[str]) -> dict[str, int]:
    """Hops from where an item enters, over its edges (item, src, dst, flow): `entry_hops` on their graph."""
    out: dict[str, list[str]] = defaultdict(list)  # source → targets, in edge order
    incoming: set[str] = set()
    for _, src, dst, _ in edges:
        out[src].append(dst)
        incoming.add(dst)
    return entry_hops(out, incoming, storing)


def entry_hops(out: dict[str, list[str]], incoming: set[str], storing: set[str]) -> dict[str, int]:
    """Hops from where an item enters (`where`'s rule): sources no edge reaches and storing systems, then any
    storing system no entry leads to. `out` maps a node to the nodes its edges go to; `incoming` are the nodes
    some edge reaches."""
    starts = (out.keys() | storing) - incoming
    hops = hop_counts(sorted(starts), out)
    unreached = storing - hops.keys()
    if unreached:
        hops = hop_counts(sorted(starts | unreached), out)
    return hops


def _stream_edges(db: ReadDB, wanted: set[str] | None) -> Iterator[tuple[str, list[tuple[str, str, str, str]]]]:
    """Each item (also those on no flow) with its edges, reading lineage_edge once in primary-key order."""
    from itertools import groupby
    from operator import itemgetter

    seen: set[str] = set()
    rows = db.tuples("SELECT item, src, dst, flow FROM lineage_edge ORDER BY item, src, dst, flow")
    for item, group in groupby(rows, key=itemgetter(0)):
        seen.add(item)
        if wanted is None or item in wanted:
            yield item, list(group)
    for row in db.tuples("SELECT key FROM item ORDER BY key"):
        if row[0] not in seen and (wanted is None or row[0] in wanted):
            yield row[0], []


def _edges_by_item(db: ReadDB, items: list[str]) -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for marks, params in q.in_chunks("t", items):
        for r in db.rows(f"SELECT item, src, dst, flow FROM lineage_edge WHERE item IN ({marks})", params):
            out[r["item"]].append((r["item"], r["src"], r["dst"], r["flow"]))
    return out

