"""Item-level lineage: where an item flows (`where`) and which items reach a node (`receives`).

Semantics (docs/lineage.md has them with examples):

* An item's *trail* is the item and every item derived from it by copy or pseudonymisation, transitively.
  Anonymisation and aggregation end the personal-data trail; they are reported as `ends`.
* The walk starts where the trail enters the operator: the sources of trail-carrying flows that no
  trail-carrying flow reaches (collection points, providers), and systems storing a trail item that no entry
  leads to (hop 0). It follows every flow that carries a trail item, any number of hops; cycles terminate.
  Each reached node has its hop count (shortest from entry), its shortest paths, its party (the operator or
  the recipient whose side it is on, `catalog.resolved`), and each hop its legal basis, boundary, border and
  their status.
* `receives(N)` is the inverse: item X is listed when a flow carrying X's trail into N can be reached by X's
  walk, or N stores X with no way in. For a recipient, N is its whole side: the recipient and the systems it
  operates and handles. So `R in where(X)["recipients"]` exactly when `X in receives(R)`.

Results are plain dicts with a stable shape: they are the `--json` output. The SQL lives in `lineage_sql`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from daicho.catalog.lineage import reach
from daicho.catalog.lineage import sql as q
from daicho.catalog.resolved.facts import group_of, parties_of
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB, Row

#: the most shortest paths listed per node (the count of all of them is given too)
MAX_PATHS = 5
FLOW_NODE_KINDS = ("collection_point", "system", "recipient")


def trail_of(db: ReadDB, item: str) -> tuple[list[Row], list[Row]]:
    """(trail, ends) of `item`: derivations by copy/pseudonymisation reachable from it (each a row source,
    target, method, at), and the anonymisations/aggregations of any trail item (where the trail ends)."""
    seen = {item}
    trail: list[Row] = []
    ends: list[Row] = []
    frontier = [item]
    while frontier:
        following = []
        for row in q.derivations_from(db, frontier):
            if row["method"] not in q.KEEPS_TRAIL:
                ends.append(row)
            elif row["target"] not in seen:
                seen.add(row["target"])
                trail.append(row)
                following.append(row["target"])
        frontier = following
    return trail, ends


def where(db: ReadDB, text: str, depth: int | None = None, show: int | None = None, stream: bool = False
          ) -> dict[str, Any]:
    """Where item `text` (key, name or unambiguous prefix) flows: every node its trail reaches, with hops,
    shortest paths and the facts of each hop. `depth` limits the hops.

    With `show` (what a terminal view prints: the first `show` nodes of each group), only those nodes are entered
    whole; every other node is a short entry (key, kind, country, location class, group, hops, start: what the
    groups and the summary count), and `hops` holds every hop into a shown node and, as (flow, from, to) only,
    the hops of their first shortest path. The busiest item reaches 12,000 nodes over 84,000 flows, and the
    terminal prints 40 nodes a group; `--json` (no `show`) has everything.

    With `stream`, `hops` is an iterator that reads the flows from the store as it is consumed (once, while
    `db` is open): the 84,000 hops of the busiest item are never held together."""
    item = resolve(db, text, ("item",))["key"]
    trail, ends = trail_of(db, item)
    items = [item] + [row["target"] for row in trail]
    if show is None:
        starts, edges, hops, preds = q.trail_walk(db, items, depth)
        walk = Walk(edges, preds, hops)
        if depth is not None:
            walk.limit(depth)
        hops = walk.hops
        nodes = q.node_facts(db, hops)
    else:  # the walk's edges and predecessors are read for the shown nodes only
        starts, hops = reach.trail_reach(db, items, depth)
        nodes = q.node_places(db, hops)
    order = sorted(hops, key=lambda n: (hops[n], FLOW_NODE_KINDS.index(nodes[n]["kind"]), n))
    shown = _shown(order, nodes, starts, show)
    if show is not None:  # every fact of the shown nodes; the others are placed and counted
        walk = Walk(*reach.shown_slice(db, items, hops, depth, shown), hops=hops)
        nodes.update(q.node_facts(db, shown))
    stored = q.stored_at(db, starts, items) if starts else set()
    arriving: dict[str, set[str]] = defaultdict(set)
    leaving: dict[str, set[str]] = defaultdict(set)
    carried: dict[str, list[str]] = {}  # flow into a shown node (any without `show`) → the trail items on it
    for on, src, dst, flow in walk.edges:
        if dst in shown:
            arriving[dst].add(on)
            if flow in carried:
                carried[flow].append(on)
            else:
                carried[flow] = [on]
        if src in shown:
            leaving[src].add(on)
    if len(items) > 1:
        rank = {item: n for n, item in enumerate(items)}
        for on in carried.values():
            on.sort(key=rank.__getitem__)
    home = q.home_country(db)
    result_nodes = []
    for key in order:
        node = nodes[key]
        if key not in shown:
            result_nodes.append({"key": key, "kind": node["kind"], "country": node["location"],
                                 "location_class": node["location_class"], "group": group_of(node),
                                 "hops": hops[key], "start": key in starts})
            continue
        entry = node_entry(node, home, hops[key])
        here = [i for i in items if i in arriving.get(key, ()) or i in leaving.get(key, ()) or (key, i) in stored]
        paths, total = walk.paths_to(key)
        entry.update(start=key in starts, items=here, paths=paths, paths_total=total,
                     chain=chain(db, node), outside_scope=outside_scope(node, here, items))
        result_nodes.append(entry)
    parties = sorted({nodes[k]["party"] for k in hops if nodes[k]["party_kind"] != "operator"
                      and (hops[k] > 0 or any((k, i) in stored for i in items))})
    result = {
        "item": item_entry(q.item_facts(db, [item])[item]),
        "recipients": parties,
        "depth": depth,
        "trail": [{"item": r["target"], "from": r["source"], "method": r["method"], "at": r["at"]} for r in trail],
        "ends": [end_entry(r, hops) for r in ends],
        "nodes": result_nodes,
        "hops": _hops(db, items, carried, nodes, stream),
    }
    if show is not None:  # the flows of the first path of each shown node, as far as a path is printed
        known = {h["flow"] for h in result["hops"]}
        for entry in result_nodes:
            if entry.get("paths"):
                for flow, src, dst in walk.path_hops(entry["key"], entry["paths"][0]):
                    if flow not in known:
                        known.add(flow)
                        result["hops"].append({"flow": flow, "from": src, "to": dst})
    result["summary"] = summary(result_nodes, home)
    return result


def _hops(db: ReadDB, items: list[str], carried: dict[str, list[str]], nodes: dict[str, Row], stream: bool
          ) -> Iterable[dict[str, Any]]:
    """The hop entries of the flows `carried` (flow → its trail items), in manifest order; with `stream`, made
    as they are read (one pass over the trail's flows)."""
    if stream:
        return (hop_entry(flow, nodes, carried[flow["key"]]) for flow in q.trail_flows(db, items)
                if flow["key"] in carried)
    flows = q.flows_of(db, carried)
    return [hop_entry(flows[key], nodes, carried[key]) for key in sorted(carried, key=lambda k: flows[k]["position"])]


def _shown(order: list[str], nodes: dict[str, Row], starts: set[str], show: int | None) -> set[str]:
    """The nodes a view printing the first `show` of each group prints (all of them without `show`)."""
    if show is None:
        return set(order)
    counts: dict[str, int] = defaultdict(int)
    out = set()
    for key in order:
        group = "start" if key in starts else group_of(nodes[key])
        counts[group] += 1
        if counts[group] <= show:
            out.add(key)
    return out


def receives(db: ReadDB, text: str, show: int | None = None) -> dict[str, Any]:
    """Which items reach system or recipient `text`, through which shortest paths, from which origins
    (where they enter). A recipient receives at its own node and at the systems it operates and handles;
    `stores` lists the systems it keeps for the operator without handling the data (PPC Q&A 7-53: no
    provision, so nothing is received there).

    With `show` (what a terminal view prints: the first `show` items), only those items get their paths (and
    `as`); the others have their hops and origins (what the summary counts), and `hops` holds the flows of the
    shown paths only. `--json` (no `show`) has everything."""
    key = resolve(db, text, ("system", "recipient"))["key"]
    kind = db.value("SELECT kind FROM node WHERE key = :k", {"k": key})
    side = parties_of(db, key) if kind == "recipient" else [key]
    from daicho.catalog.lineage.receiving import Arrivals, Trails

    found: dict[str, dict[str, Any]] = {}
    used: list[q.Edge] = []
    known = Trails(db)  # the side's nodes share most trails
    arrivals = {}
    for target in side:
        arrivals[target] = Arrivals(db, target, known, counted=show is not None)
        entries, edges = arrivals[target].entries(whole=show is None)
        used.extend(edges)
        for entry in entries:
            best = found.get(entry["item"])
            if best is None or entry["hops"] < best["hops"]:
                found[entry["item"]] = entry
    if show is not None:  # the items shown, whole, at the node they reach first
        for item in sorted(found)[:show]:
            entry, edges = arrivals[found[item]["at"]].entry(item)
            found[item] = entry
            used.extend(edges)
    entries = [found[i] for i in sorted(found)]
    flows = q.flow_facts(db, {e[3] for e in used})
    nodes = q.node_facts(db, {key, *side} | {n for e in used for n in (e[1], e[2])} |
                         {o for e in entries for o in e["origins"]})
    facts = q.item_facts(db, [e["item"] for e in entries])
    for entry in entries:
        entry.update(item_entry(facts[entry["item"]]))
        entry["origins"] = [node_entry(nodes[o]) for o in entry["origins"]]
    items = sorted({e[0] for e in used})
    stores = [r["key"] for r in db.rows("SELECT key FROM resolved_node WHERE operated_by = :k AND party <> :k "
                                        "ORDER BY key", {"k": key})]
    return {"node": node_entry(nodes[key]), "side": [node_entry(nodes[n]) for n in side if n != key],
            "stores": [node_entry(n) for n in q.node_facts(db, stores).values()],
            "items": entries, "hops": hop_entries(used, flows, nodes, items),
            "summary": {"items": len(entries), "sensitive": sum(e["sensitive"] for e in entries),
                        "financial": sum(e["financial"] for e in entries),
                        "origins": sorted({o["key"] for e in entries for o in e["origins"]})}}


class Walk:
    """Hop counts and shortest paths on a small slice: edges (item, src, dst, flow) walked from `starts`."""

    def __init__(self, edges: list[q.Edge], preds: q.Preds, hops: dict[str, int]) -> None:
        """A breadth-first walk as `sql.trail_walk` gives it: the edges leaving the nodes reached, the hops of
        each node and its predecessors on its shortest paths."""
        self.hops = hops
        self.edges = edges
        self._preds = preds
        self._counts: dict[str, int] | None = None

    def limit(self, depth: int) -> None:
        """Drop nodes further than `depth` hops, and the edges into them."""
        self.hops = {n: h for n, h in self.hops.items() if h <= depth}
        self.edges = [e for e in self.edges if e[2] in self.hops]
        self._counts = None

    def ordered(self) -> list[str]:
        """Reached nodes by hops, then key."""
        return sorted(self.hops, key=lambda n: (self.hops[n], n))

    def paths_to(self, node: str) -> tuple[list[list[str]], int]:
        """Up to MAX_PATHS shortest paths to `node` (each a list of flow keys) and how many there are;
        none for a start."""
        if not self._preds.get(node):
            return [], 0
        return self._first(self._count(node), lambda: self._paths(node))

    def path_hops(self, node: str, path: list[str]) -> list[tuple[str, str, str]]:
        """(flow, from, to) of each hop of a shortest path to `node` given as flow keys."""
        out = []
        for flow in reversed(path):
            src = next(s for s, f in self._preds[node] if f == flow)
            out.append((flow, src, node))
            node = src
        return out[::-1]

    @staticmethod
    def _first(total: int, generate) -> tuple[list[list[str]], int]:
        paths = []
        for path in generate():
            paths.append(path)
            if len(paths) == MAX_PATHS:
                break
        return paths, total

    def _count(self, node: str) -> int:
        if self._counts is None:  # in hops order, every predecessor is counted first (a start: one path)
            self._counts = {}
            for n in sorted(self._preds, key=self.hops.__getitem__):
                self._counts[n] = sum(self._counts.get(p, 1) for p, _ in self._preds[n])
        return self._counts.get(node, 0)

    def _paths(self, node: str):
        preds = self._preds.get(node)
        if not preds:
            yield []
            return
        for prev, flow in sorted(preds):
            for path in self._paths(prev):
                yield [*path, flow]


def node_entry(node: Row, home: str | None = None, hops: int | None = None) -> dict[str, Any]:
    """A node as the results show it: key, kind, names, party, location (as `catalog.resolved` reads them)
    and its group. `country` is the location borders are judged by (a country, EU/EEA, unknown,
    per_customer); `registered` and `hosting` say where the party is established and where data is kept."""
    entry = {"key": node["key"], "kind": node["kind"], "subkind": node["subkind"],
             "name": {"en": node["name_en"], "ja": node["name_ja"]}, "country": node.get("location"),
             "location_class": node.get("location_class"), "registered": node.get("registered"),
             "hosting": node.get("hosting") or [], "party": node.get("party"), "party_kind": node.get("party_kind"),
             "handles": node.get("handles", True), "group": group_of(node), "parent": node.get("parent"),
             "parents": node.get("parents") or [], "operated_by": node.get("operated_by"),
             "named_only": node.get("named_only", False)}
    if hops is not None:
        entry["hops"] = hops
    return entry


def item_entry(item: Row) -> dict[str, Any]:
    """An item's key, names, flags and estimated persons."""
    return {"item": item["key"], "name": {"en": item["name_en"], "ja": item["name_ja"]},
            "sensitive": item["sensitive"], "financial": item["financial"], "persons": item["persons"]}


def end_entry(row: Row, hops: dict[str, int]) -> dict[str, Any]:
    """Where the personal-data trail ends: an anonymisation or aggregation."""
    reason = ("anonymised: no longer personal data (APPI 2(6), 43–46)" if row["method"] == "anonymisation"
              else "aggregated into statistics: no longer about a person")
    return {"item": row["target"], "from": row["source"], "method": row["method"], "at": row["at"],
            "at_reached": row["at"] in hops if row["at"] else None, "reason": reason}


def chain(db: ReadDB, node: Row) -> list[str]:
    """A recipient's contractors upward (its parents, their parents …, nearest first); [] for others.
    A sub-processor engaged by several contractors has each of them here; `chains` keeps them apart."""
    return list(dict.fromkeys(key for line in chains(db, node) for key in line))


def chains(db: ReadDB, node: Row) -> list[list[str]]:
    """Each line of contractors above a recipient, nearest first: one per contractor that engages it."""
    parents_of: dict[str, list[str]] = {}

    def parents(key: str) -> list[str]:
        if key not in parents_of:
            parents_of[key] = [r["parent"] for r in db.rows(
                "SELECT parent FROM recipient_parent WHERE recipient = :k ORDER BY position", {"k": key})]
        return parents_of[key]

    out: list[list[str]] = []

    def up(key: str, line: list[str]) -> None:
        above = [p for p in parents(key) if p not in line and p != node["key"]]
        if not above:
            if line:
                out.append(line)
            return
        for parent in above:
            up(parent, [*line, parent])

    if node.get("kind") == "recipient":
        up(node["key"], [])
    return out


def outside_scope(node: Row, here: list[str], trail: list[str]) -> list[str]:
    """Trail items reaching a contractor or sub-contractor that its contract's scope_items do not list."""
    scope = node.get("scope_items")
    if node["kind"] != "recipient" or node["subkind"] not in ("contractor", "subcontractor") or not scope:
        return []
    return [i for i in here if i in trail and i not in scope]


def hop_entries(edges: Iterable[q.Edge], flows: dict[str, Row], nodes: dict[str, Row], items: list[str]
                ) -> list[dict]:
    """Each flow of the slice once (`edges`: (item, src, dst, flow)), with the trail items it carries and the
    facts of the hop."""
    carried: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        carried[edge[3]].add(edge[0])
    out = []
    for key in sorted(carried, key=lambda k: flows[k]["position"]):
        flow = flows[key]
        out.append(hop_entry(flow, nodes, [i for i in flow["items"] if i in carried[key]]))
    return out


def hop_entry(flow: Row, nodes: dict[str, Row], items: list[str]) -> dict[str, Any]:
    """One flow as results show it: recorded facts and the resolved boundary, border and statuses."""
    src, dst = nodes[flow["source"]], nodes[flow["target"]]
    return {"flow": flow["key"], "from": flow["source"], "to": flow["target"], "items": items,
            "basis": flow["basis"], "exception": flow["exception"], "foreign_basis": flow["foreign_basis"],
            "purposes": flow["purposes"], "mechanism": flow["mechanism"],
            "from_country": src.get("location"), "to_country": dst.get("location"),
            "boundary": flow["boundary"], "border": flow["border"], "transfer_location": flow["transfer_location"],
            "basis_status": flow["basis_status"], "foreign_status": flow["foreign_status"],
            "disclosure": flow["disclosure"], "disclose_locations": flow["disclose_locations"],
            "to_party": flow["target_party"], "from_party": flow["source_party"]}


def summary(nodes: list[dict[str, Any]], home: str) -> dict[str, Any]:
    """How many systems and recipients were reached, in which countries, and which have no known country."""
    countries = sorted({n["country"] for n in nodes if n["location_class"] in ("home", "abroad")})
    return {"systems": sum(n["kind"] == "system" for n in nodes),
            "recipients": sum(n["kind"] == "recipient" for n in nodes),
            "collection_points": sum(n["kind"] == "collection_point" for n in nodes),
            "countries": countries, "abroad": sum(n["group"] == "abroad" for n in nodes),
            "unknown_country": [n["key"] for n in nodes if n["location_class"] in ("unknown", "per_customer")],
            "home_country": home}
