"""The store queries behind lineage: recursive walks over `lineage_edge` and `flow`, and the facts about nodes
and flows that the results show. Plain SQL with `:name` parameters, the same text on SQLite and PostgreSQL.

The walks find the *slice* of the graph a query touches (which nodes are reachable, and the edges between
them); hop counts and paths are then computed exactly in Python on that small slice (`catalog.lineage`).

Plan pinning: every step is written `reach r CROSS JOIN <table> e`, which makes SQLite keep the walked set
outside and look the table up by index inside (`SEARCH e USING PRIMARY KEY (item=? AND src=?)`). After
ANALYZE, SQLite also builds a Bloom filter on the edge table for that lookup when it guesses the walked set
is larger than the table; the filter is rebuilt, by a scan of the whole table, for every step of the
recursion (measured: 200 ms instead of 0.1 ms per walk on a 1M-edge store). On SQLite the walked set is
therefore marked small with `likelihood(r.node IS NOT NULL, 1e-6)` (`_few`), which only informs the planner.
PostgreSQL reads CROSS JOIN as a plain join and needs no hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from daicho.catalog.resolved.facts import _FLOW_COLUMNS as FLOW_COLUMNS
from daicho.catalog.resolved.facts import flow_facts, flow_rows, home_country, in_chunks, in_list, node_facts  # noqa: F401
from daicho.inventory.db import ReadDB, Row

W = TypeVar("W")  # what a walk gives (`entered_walk`)

#: derivation methods that keep an item personal data (the trail goes on) and those that end it
KEEPS_TRAIL = ("copy", "pseudonymisation")
ENDS_TRAIL = ("anonymisation", "aggregation")


def _few(db: ReadDB, alias: str = "r") -> str:
    """A planner hint on SQLite: the walked set `alias` holds few rows (no Bloom filter on the lookup)."""
    return f"likelihood({alias}.node IS NOT NULL, 0.000001) AND " if db.is_sqlite else ""


def derivations_from(db: ReadDB, items: Iterable[str]) -> list[Row]:
    """Derivations whose source is one of `items` (uses the index on derivation.source)."""
    params: dict[str, Any] = {}
    marks = in_list("s", items, params)
    return db.rows(f"SELECT source, target, method, at FROM derivation WHERE source IN ({marks}) "
                   "ORDER BY position", params)


def all_derivations(db: ReadDB) -> list[Row]:
    """Every derivation, in manifest order."""
    return db.rows("SELECT source, target, method, at FROM derivation ORDER BY position")


#: past this many nodes, `node_places` reads every node but the items when the nodes asked for are most of them
SCAN_FROM = 2000

#: an edge of the item-on-flow graph as the walks hold it: (item, src, dst, flow)
Edge = tuple[str, str, str, str]


def trail_edges(db: ReadDB, items: list[str], depth: int | None = None) -> tuple[set[str], list[Edge]]:
    """Where the trail `items` starts, and the edges of every flow carrying one of them that can be reached.

    Starts are where the trail enters: the sources of trail-carrying flows that no trail-carrying flow
    reaches (collection points, providers), plus the systems storing a trail item that no entry leads to
    (stored with no recorded way in, also on a closed cycle). Hops count from there. Returns (starts, edges)
    with edges as tuples (item, src, dst, flow); with `depth`, only edges leaving a node at most depth - 1 hops
    away.

    The trail's edges are fetched once by primary-key prefix (item) and walked here: a walk reaches nearly
    every edge of its items anyway, and the recursive query (`trail_sql`, the same answer) cost more than the
    edges themselves on a busy item (a start test per edge, then a lookup per reached node and item).
    """
    starts, edges, _, _ = trail_walk(db, items, depth)
    return starts, edges


#: a node's predecessors on its shortest paths: (node one hop nearer the starts, flow), each once
Preds = dict[str, list[tuple[str, str]]]


def trail_walk(db: ReadDB, items: list[str], depth: int | None = None
               ) -> tuple[set[str], list[Edge], dict[str, int], Preds]:
    """`trail_edges`, the hop count of every node it reaches (with `depth`, of nodes up to depth hops) and the
    predecessors of each on its shortest paths (found by the same walk)."""
    edges = _edges_of(db, items)
    stored = stored_by(db, items)
    leaving: dict[str, list[Edge]] = {}
    for edge in edges:
        found = leaving.get(edge[1])
        if found is None:
            leaving[edge[1]] = [edge]
        else:
            found.append(edge)
    arrive = {edge[2] for edge in edges}
    starts, walked = entered_walk(leaving.keys(), arrive, stored, depth,
                                  lambda starts, limit: (found := _walk(starts, leaving, limit), found[1]))
    return (starts, *(walked or ([], {}, {})))


def entered_walk(sources: Iterable[str], arrive: set[str], stored: set[str], depth: int | None,
                 walk: Callable[[set[str], int | None], tuple[W, dict[str, int]]]) -> tuple[set[str], W | None]:
    """Where a trail's walk starts, and `walk(starts, depth)`'s result (None: no start): the sources of its
    edges that none arrives at and the systems storing it that none arrives at; then, when a storing system is
    left unreached (on a closed cycle no entry leads into), it starts the walk too. `walk` returns its result
    and the hops it found. One rule for both walks (`trail_walk`, `reach.trail_reach`)."""
    starts = (set(sources) - arrive) | (stored - arrive)
    walked, hops = walk(starts, None)
    unreached = stored - hops.keys()
    if unreached:
        starts |= unreached
    elif depth is None:
        return starts, walked
    if not starts:
        return starts, None
    return starts, walk(starts, depth)[0]


def stored_by(db: ReadDB, items: list[str]) -> set[str]:
    """The systems storing one of `items`."""
    params: dict[str, Any] = {}
    marks = in_list("t", items, params)
    return {system for system, in db.all_tuples(f"SELECT system FROM system_item WHERE item IN ({marks})", params)}


def _edges_of(db: ReadDB, items: list[str]) -> list[Edge]:
    out: list[Edge] = []
    for marks, params in in_chunks("t", items):
        out.extend(db.all_tuples(f"SELECT item, src, dst, flow FROM lineage_edge WHERE item IN ({marks})", params))
    return out


def _walk(starts: set[str], leaving: dict[str, list[Edge]], depth: int | None
          ) -> tuple[list[Edge], dict[str, int], Preds]:
    """The edges leaving every node reached from `starts` (with `depth`, nodes fewer than depth hops away), the
    hops of every node reached (breadth first from the sorted starts, as `bfs`) and their shortest-path
    predecessors: every edge from a node one hop nearer (a flow carrying several trail items counted once)."""
    hops = dict.fromkeys(sorted(starts), 0)
    preds: Preds = {}
    counted: set[str] = set()
    frontier = list(starts)
    step = 0
    while frontier and (depth is None or step < depth):
        step += 1
        following = []
        for node in frontier:
            for _, _, dst, flow in leaving.get(node, ()):
                found = hops.get(dst)
                if found is None:
                    hops[dst] = step
                    following.append(dst)
                    preds[dst] = [(node, flow)]
                    counted.add(flow)
                elif found == step and flow not in counted:
                    preds[dst].append((node, flow))
                    counted.add(flow)
        frontier = following
    return [e for node, h in hops.items() if depth is None or h < depth for e in leaving.get(node, ())], hops, preds


def trail_sql(db: ReadDB, items: list[str], depth: int | None = None) -> tuple[str, str, dict[str, Any]]:
    """(starts SQL, walk SQL, parameters) of the trail walk; the walk's recursive step looks `lineage_edge` up
    by its primary key prefix (item, src)."""
    params: dict[str, Any] = {}
    marks = in_list("t", items, params)
    starts_sql = (f"SELECT e.src AS node FROM lineage_edge e WHERE e.item IN ({marks}) AND NOT EXISTS "
                  f"(SELECT 1 FROM lineage_edge x WHERE x.item IN ({marks}) AND x.dst = e.src) "
                  f"UNION SELECT si.system AS node FROM system_item si WHERE si.item IN ({marks}) AND NOT EXISTS "
                  f"(SELECT 1 FROM lineage_edge y WHERE y.item IN ({marks}) AND y.dst = si.system)")
    few = _few(db)
    if depth is None:
        walk_sql = f"""WITH RECURSIVE reach(node) AS (
                         {starts_sql}
                         UNION
                         SELECT e.dst FROM reach r CROSS JOIN lineage_edge e
                          WHERE {few}e.item IN ({marks}) AND e.src = r.node)
                       SELECT e.item, e.src, e.dst, e.flow FROM reach r CROSS JOIN lineage_edge e
                        WHERE {few}e.item IN ({marks}) AND e.src = r.node"""
    else:
        params["depth"] = depth
        walk_sql = f"""WITH RECURSIVE reach(node, hops) AS (
                         SELECT s.node, 0 FROM ({starts_sql}) s
                         UNION
                         SELECT e.dst, r.hops + 1 FROM reach r CROSS JOIN lineage_edge e
                          WHERE {few}e.item IN ({marks}) AND e.src = r.node AND r.hops < :depth),
                       near(node) AS (SELECT node FROM reach GROUP BY node HAVING min(hops) < :depth)
                       SELECT e.item, e.src, e.dst, e.flow FROM near r CROSS JOIN lineage_edge e
                        WHERE {few}e.item IN ({marks}) AND e.src = r.node"""
    return starts_sql, walk_sql, params


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


def stored_at(db: ReadDB, nodes: Iterable[str], items: Iterable[str]) -> set[tuple[str, str]]:
    """(system, item) pairs among `nodes` × `items` that system_item declares."""
    params: dict[str, Any] = {}
    node_marks = in_list("n", nodes, params)
    item_marks = in_list("i", items, params)
    rows = db.rows(f"SELECT system, item FROM system_item WHERE system IN ({node_marks}) AND item IN ({item_marks})",
                   params)
    return {(r["system"], r["item"]) for r in rows}


def node_walk(db: ReadDB, key: str, direction: str, depth: int | None = None) -> dict[str, int]:
    """Nodes reachable from `key` by flows of any item, downstream ("down") or upstream ("up"), within `depth`
    hops. Returns {node: hops}, `key` itself at 0.

    A breadth-first walk, one query per hop over the flow.source (or flow.target) index: exact hop counts,
    and it ends on cycles.
    """
    near, far = ("source", "target") if direction == "down" else ("target", "source")
    hops = {key: 0}
    frontier = [key]
    while frontier and (depth is None or hops[frontier[0]] < depth):
        following: set[str] = set()
        for marks, params in in_chunks("n", frontier):
            for row in db.rows(f"SELECT DISTINCT {far} AS node FROM flow WHERE {near} IN ({marks})", params):
                if row["node"] not in hops:
                    following.add(row["node"])
        for node in following:
            hops[node] = hops[frontier[0]] + 1
        frontier = sorted(following)
    return hops


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
    for marks, params in in_chunks("n", nodes):
        out.extend(r for r in db.rows(f"SELECT key, source, target, position FROM flow WHERE source IN ({marks})",
                                      params) if r["target"] in wanted)
    return sorted(out, key=lambda r: r["position"])


def node_places(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """Each node's kind, party, party kind and location (what orders, groups and counts the nodes of a walk):
    `node_facts` without names, operator, hosting, parents and contract."""
    keys = set(keys)
    select = ("SELECT n.key, n.kind, r.party, r.party_kind, r.location, r.location_class FROM node n "
              "LEFT JOIN resolved_node r ON r.key = n.key WHERE ")
    rows: list[tuple] = []
    places = "(n.kind < 'item' OR n.kind > 'item')"  # two ranges of the kind index (`<>` reads the whole table)
    if len(keys) > SCAN_FROM and 2 * len(keys) > db.value(f"SELECT count(*) FROM node n WHERE {places}"):
        rows = db.all_tuples(select + places)  # most of the places: one pass beats IN lists
    left = keys - {row[0] for row in rows}  # (an item asked for: read by key)
    rows += [row for marks, params in in_chunks("k", sorted(left))
             for row in db.all_tuples(select + f"n.key IN ({marks})", params)]
    return {key: {"key": key, "kind": kind, "party": party, "party_kind": party_kind, "location": location,
                  "location_class": location_class}
            for key, kind, party, party_kind, location, location_class in rows if key in keys}


def item_facts(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """Each item's names, sensitive / financial flags and estimated persons."""
    keys = sorted(set(keys))
    out: dict[str, Row] = {}
    for marks, params in in_chunks("k", keys):
        for row in db.rows(f"SELECT key, name_en, name_ja, sensitive, financial, persons FROM item "
                           f"WHERE key IN ({marks})", params):
            out[row["key"]] = {**row, "sensitive": bool(row["sensitive"]), "financial": bool(row["financial"])}
    return out


def flows_of(db: ReadDB, keys: Iterable[str]) -> dict[str, Row]:
    """`flow_facts(db, keys, items)` (each flow's `items` left for the caller to fill), by key; each distinct
    JSON value (disclose_locations, foreign_missing) decoded once."""
    out: dict[str, Row] = {}
    decoded: dict[Any, list] = {}
    for marks, params in in_chunks("f", sorted(set(keys))):
        for flow in _flows(db.tuples(f"SELECT {FLOW_COLUMNS} FROM flow f JOIN resolved_flow r ON r.key = f.key "
                                     f"WHERE f.key IN ({marks})", params), decoded):
            out[flow["key"]] = flow
        for flow, purpose in db.tuples(f"SELECT flow, purpose FROM flow_purpose WHERE flow IN ({marks}) "
                                       "ORDER BY flow, position", params):
            out[flow]["purposes"].append(purpose)
    return out


def trail_flows(db: ReadDB, items: list[str]) -> Iterator[Row]:
    """The facts of every flow carrying one of `items` (as `flows_of`), in manifest order, read as they are
    used: two queries through `lineage_edge`, whatever the number of flows (the busiest item has 84,000)."""
    params: dict[str, Any] = {}
    marks = in_list("t", items, params)
    carrying = f"f.key IN (SELECT e.flow FROM lineage_edge e WHERE e.item IN ({marks}))"
    purposes = db.tuples(f"SELECT fp.flow, fp.purpose FROM flow f JOIN resolved_flow r ON r.key = f.key "
                         f"JOIN flow_purpose fp ON fp.flow = f.key WHERE {carrying} ORDER BY f.position, fp.position",
                         params)
    pending = next(purposes, None)
    for flow in _flows(db.tuples(f"SELECT {FLOW_COLUMNS} FROM flow f JOIN resolved_flow r ON r.key = f.key "
                                 f"WHERE {carrying} ORDER BY f.position", params), {}):
        while pending is not None and pending[0] == flow["key"]:
            flow["purposes"].append(pending[1])
            pending = next(purposes, None)
        yield flow


def _flows(rows: Iterable[tuple], decoded: dict[Any, list]) -> Iterator[Row]:
    """Flow rows of FLOW_COLUMNS as `flow_facts` gives them (`resolved.facts.flow_rows`)."""
    return flow_rows(rows, decoded)
