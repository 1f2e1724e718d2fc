"""Item-level lineage: where an item flows (`where`) and which items reach a node (`receives`).

Semantics (docs/lineage.md has them with examples):

* An item's *trail* is the item and every item derived from it by copy or pseudonymisation, transitively.
  Anonymisation and aggregation end the personal-data trail; they are reported as `ends`.
* The walk starts at the sources of trail-carrying flows that no trail-carrying flow reaches, and at the
  systems storing a trail item (hop 0). It follows every flow that carries a trail item, any number of hops;
  cycles terminate. Each reached node has its hop count (shortest), its shortest paths, and each hop its
  legal basis, purposes, mechanism and whether it crossed a border.
* `receives(N)` is the inverse: item X is listed when a flow carrying X's trail into N can be reached by X's
  walk. So `X in receives(N)` exactly when N is the target of a hop of `where(X)`.

Results are plain dicts with a stable shape: they are the `--json` output. The SQL lives in `lineage_sql`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.inventory.db import ReadDB, Row

from . import lineage_sql as q
from .records import resolve

#: the most shortest paths listed per node (the count of all of them is given too)
MAX_PATHS = 5
FLOW_NODE_KINDS = ("collection_point", "system", "recipient")
_GROUP_BY_SUBKIND = {"contractor": "outsourced", "subcontractor": "outsourced", "joint_user": "joint_use",
                     "third_party": "third_party", "group_company": "third_party"}


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


def where(db: ReadDB, text: str, depth: int | None = None) -> dict[str, Any]:
    """Where item `text` (key, name or unambiguous prefix) flows: every node its trail reaches, with hops,
    shortest paths and the facts of each hop. `depth` limits the hops."""
    item = resolve(db, text, ("item",))["key"]
    trail, ends = trail_of(db, item)
    items = [item] + [row["target"] for row in trail]
    starts, edges = q.trail_edges(db, items, depth)
    walk = Walk(starts, edges)
    if depth is not None:
        walk.limit(depth)
    stored = q.stored_at(db, starts, items) if starts else set()
    nodes = q.node_facts(db, walk.hops)
    flows = q.flow_facts(db, {e["flow"] for e in walk.edges}, items)
    for edge in walk.edges:
        flows[edge["flow"]]["items"].append(edge["item"])
    rank = {item: n for n, item in enumerate(items)}
    for flow in flows.values():
        flow["items"].sort(key=rank.__getitem__)
    home = q.home_country(db)
    arriving: dict[str, set[str]] = defaultdict(set)
    leaving: dict[str, set[str]] = defaultdict(set)
    for edge in walk.edges:
        arriving[edge["dst"]].add(edge["item"])
        leaving[edge["src"]].add(edge["item"])
    result_nodes = []
    for key in sorted(walk.hops, key=lambda n: (walk.hops[n], FLOW_NODE_KINDS.index(nodes[n]["kind"]), n)):
        node = nodes[key]
        here = [i for i in items if i in arriving.get(key, ()) or i in leaving.get(key, ()) or (key, i) in stored]
        paths, total = walk.paths_to(key)
        entry = node_entry(node, home, walk.hops[key])
        entry.update(start=key in starts, items=here, paths=paths, paths_total=total,
                     chain=chain(db, node), outside_scope=outside_scope(node, here, items))
        result_nodes.append(entry)
    result = {
        "item": item_entry(q.item_facts(db, [item])[item]),
        "depth": depth,
        "trail": [{"item": r["target"], "from": r["source"], "method": r["method"], "at": r["at"]} for r in trail],
        "ends": [end_entry(r, walk.hops) for r in ends],
        "nodes": result_nodes,
        "hops": hop_entries(walk.edges, flows, nodes, items),
    }
    result["summary"] = summary(result_nodes, home)
    return result


def receives(db: ReadDB, text: str) -> dict[str, Any]:
    """Which items reach system or recipient `text`, through which shortest paths, from which origins
    (collection points, storing systems)."""
    key = resolve(db, text, ("system", "recipient"))["key"]
    arriving = {e["item"] for e in q.edges_into(db, key)}
    keep = [d for d in q.all_derivations(db) if d["method"] in q.KEEPS_TRAIL]
    parents, children = defaultdict(set), defaultdict(set)
    for d in keep:
        parents[d["target"]].add(d["source"])
        children[d["source"]].add(d["target"])
    candidates = closure(arriving, parents)
    trails = {c: sorted(closure({c}, children)) for c in sorted(candidates)}
    by_origin: dict[str, list[Row]] = defaultdict(list)
    for row in q.back_edges(db, key, trails):
        by_origin[row["origin"]].append(row)
    back_nodes = {r["src"] for rows in by_origin.values() for r in rows}
    stored = q.stored_at(db, back_nodes, {i for t in trails.values() for i in t}) if back_nodes else set()
    entries, used = [], []
    for origin in sorted(by_origin):
        edges = by_origin[origin]
        sources = {e["src"] for e in edges}
        has_incoming = {e["dst"] for e in edges}
        starts = {s for s in sources if s not in has_incoming or any((s, t) in stored for t in trails[origin])}
        if not starts:
            continue  # only a closed cycle leads here: nothing starts the walk
        walk = Walk(starts, edges)
        last = [e for e in edges if e["dst"] == key and e["src"] in walk.hops]
        hops = min(walk.hops[e["src"]] for e in last) + 1
        finals = [e for e in last if walk.hops[e["src"]] == hops - 1]
        paths, total = walk.paths_through(finals)
        used.extend(e for e in walk.edges if e["flow"] in {f for p in paths for f in p})
        entries.append({"item": origin, "name": None, "sensitive": False, "financial": False, "persons": None,
                        "as": sorted({e["item"] for e in last}), "derived": origin not in arriving,
                        "hops": hops, "origins": sorted(starts), "paths": paths, "paths_total": total})
    flows = q.flow_facts(db, {e["flow"] for e in used})
    nodes = q.node_facts(db, {key} | {n for e in used for n in (e["src"], e["dst"])} |
                         {o for e in entries for o in e["origins"]})
    facts = q.item_facts(db, [e["item"] for e in entries])
    home = q.home_country(db)
    for entry in entries:
        entry.update(item_entry(facts[entry["item"]]))
        entry["origins"] = [node_entry(nodes[o], home) for o in entry["origins"]]
    items = sorted({e["item"] for e in used})
    return {"node": node_entry(nodes[key], home), "items": entries,
            "hops": hop_entries(used, flows, nodes, items),
            "summary": {"items": len(entries), "sensitive": sum(e["sensitive"] for e in entries),
                        "financial": sum(e["financial"] for e in entries),
                        "origins": sorted({o["key"] for e in entries for o in e["origins"]})}}


def closure(keys: set[str], step: dict[str, set[str]]) -> set[str]:
    """`keys` and everything reachable from them through `step`."""
    seen = set(keys)
    stack = list(keys)
    while stack:
        for nxt in step.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class Walk:
    """Hop counts and shortest paths on a small slice: edges (item, src, dst, flow) walked from `starts`."""

    def __init__(self, starts: set[str], edges: list[Row]) -> None:
        out: dict[str, list[Row]] = defaultdict(list)
        for edge in edges:
            out[edge["src"]].append(edge)
        self.hops = q.bfs(sorted(starts), lambda n: [e["dst"] for e in out.get(n, ())])
        self.edges = [e for e in edges if e["src"] in self.hops]
        self._preds: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for edge in self.edges:
            pred = (edge["src"], edge["flow"])
            if self.hops[edge["src"]] + 1 == self.hops[edge["dst"]] and pred not in self._preds[edge["dst"]]:
                self._preds[edge["dst"]].append(pred)
        self._counts: dict[str, int] | None = None

    def limit(self, depth: int) -> None:
        """Drop nodes further than `depth` hops, and the edges into them."""
        self.hops = {n: h for n, h in self.hops.items() if h <= depth}
        self.edges = [e for e in self.edges if e["dst"] in self.hops]
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

    def paths_through(self, finals: list[Row]) -> tuple[list[list[str]], int]:
        """Shortest paths ending with one of the edges `finals` (all of the same length)."""
        lasts = sorted({(e["src"], e["flow"]) for e in finals})
        total = sum(self._count(src) for src, _ in lasts)

        def generate():
            for src, flow in lasts:
                for path in self._paths(src):
                    yield [*path, flow]
        return self._first(total, generate)

    @staticmethod
    def _first(total: int, generate) -> tuple[list[list[str]], int]:
        paths = []
        for path in generate():
            paths.append(path)
            if len(paths) == MAX_PATHS:
                break
        return paths, total

    def _count(self, node: str) -> int:
        if self._counts is None:  # in hops order, every predecessor is counted first
            self._counts = {}
            for n in sorted(self.hops, key=self.hops.__getitem__):
                preds = self._preds.get(n)
                self._counts[n] = sum(self._counts[p] for p, _ in preds) if preds else 1
        return self._counts.get(node, 0)

    def _paths(self, node: str):
        preds = self._preds.get(node)
        if not preds:
            yield []
            return
        for prev, flow in sorted(preds):
            for path in self._paths(prev):
                yield [*path, flow]


def node_entry(node: Row, home: str, hops: int | None = None) -> dict[str, Any]:
    """A node as the results show it: key, kind, names, country and its group."""
    entry = {"key": node["key"], "kind": node["kind"], "subkind": node["subkind"],
             "name": {"en": node["name_en"], "ja": node["name_ja"]}, "country": node["country"],
             "group": group_of(node, home), "parent": node.get("parent"), "operated_by": node.get("operated_by")}
    if hops is not None:
        entry["hops"] = hops
    return entry


def group_of(node: Row, home: str) -> str:
    """internal, outsourced, joint_use, third_party or abroad (a known country other than home)."""
    if node["country"] and node["country"] != home:
        return "abroad"
    if node["kind"] == "recipient":
        return _GROUP_BY_SUBKIND.get(node["subkind"], "third_party")
    return "internal"


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
    """A recipient's contractors upward (its parent, the parent's parent …); [] for others."""
    out: list[str] = []
    parent = node.get("parent")
    while parent and parent not in out and parent != node["key"]:
        out.append(parent)
        parent = db.value("SELECT parent FROM recipient WHERE key = :k", {"k": parent})
    return out


def outside_scope(node: Row, here: list[str], trail: list[str]) -> list[str]:
    """Trail items reaching a contractor or sub-contractor that its contract's scope_items do not list."""
    scope = node.get("scope_items")
    if node["kind"] != "recipient" or node["subkind"] not in ("contractor", "subcontractor") or not scope:
        return []
    return [i for i in here if i in trail and i not in scope]


def border(src: Row, dst: Row) -> str:
    """crossed (two known, different countries), domestic, or unknown (a country is not known)."""
    if not src["country"] or not dst["country"]:
        return "unknown"
    return "crossed" if src["country"] != dst["country"] else "domestic"


def hop_entries(edges: list[Row], flows: dict[str, Row], nodes: dict[str, Row], items: list[str]) -> list[dict]:
    """Each flow of the slice once, with the trail items it carries and the facts of the hop."""
    carried: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        carried[edge["flow"]].add(edge["item"])
    out = []
    for key in sorted(carried, key=lambda k: flows[k]["position"]):
        flow = flows[key]
        src, dst = nodes[flow["source"]], nodes[flow["target"]]
        out.append({"flow": key, "from": flow["source"], "to": flow["target"],
                    "items": [i for i in flow["items"] if i in carried[key]],
                    "basis": flow["basis"], "exception": flow["exception"], "foreign_basis": flow["foreign_basis"],
                    "purposes": flow["purposes"], "mechanism": flow["mechanism"],
                    "from_country": src["country"], "to_country": dst["country"], "border": border(src, dst)})
    return out


def summary(nodes: list[dict[str, Any]], home: str) -> dict[str, Any]:
    """How many systems and recipients were reached, in which countries, and which have no known country."""
    countries = sorted({n["country"] for n in nodes if n["country"]})
    return {"systems": sum(n["kind"] == "system" for n in nodes),
            "recipients": sum(n["kind"] == "recipient" for n in nodes),
            "collection_points": sum(n["kind"] == "collection_point" for n in nodes),
            "countries": countries, "abroad": sum(n["group"] == "abroad" for n in nodes),
            "unknown_country": [n["key"] for n in nodes if not n["country"]], "home_country": home}
