"""FlowGraph slices built from lineage results: what `daicho diagram` draws.

Three entry points, all returning a `catalog.flowgraph.FlowGraph`:

* `item_graph(db, item, depth=None)` — where one item's trail goes (`daicho diagram --item`);
* `node_graph(db, key, depth=None, direction="both")` — the flows around a system, recipient or collection point,
  any item (`--system`, `--recipient`);
* `full_graph(db)` — every node and flow (`--all`).

Keys accept names and unambiguous prefixes; an unknown key raises `UnknownKey` (with a did-you-mean).
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode, ItemInfo
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, where
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB, Row

DIRECTIONS = ("down", "up", "both")


_METHOD_JA = {"copy": "複製", "pseudonymisation": "仮名加工", "anonymisation": "匿名加工", "aggregation": "統計化"}


def _hops_note(depth: int, lang: str) -> str:
    return f"{depth} ホップまで" if lang == "ja" else f"limited to {depth} hop{'s' if depth != 1 else ''}"


def item_graph(db: ReadDB, item: str, depth: int | None = None, lang: str = "en") -> FlowGraph:
    """The slice an item's trail reaches: nodes with their hop count, one edge per flow carrying the trail
    (edge `items` are the trail items it carries). `focus` is the item key; `caption` (in `lang`) names the
    derived items, where the trail ends (anonymisation, aggregation) and any depth limit."""
    result = where(db, item, depth)
    key = result["item"]["item"]
    nodes = {n["key"]: _graph_node(n, n["hops"]) for n in result["nodes"]}
    edges = [_graph_edge(h, h["items"]) for h in result["hops"]]
    trail = [key] + [t["item"] for t in result["trail"]]
    ja = lang == "ja"
    notes = [f"{t['item']}（{t['from']}の{_METHOD_JA.get(t['method'], t['method'])}）" if ja
             else f"{t['item']} ({t['method']} of {t['from']})" for t in result["trail"]]
    caption = []
    if notes:
        caption.append(("派生項目も追跡: " if ja else "also follows ") + ", ".join(notes))
    for end in result["ends"]:
        if ja:
            at = f"、{end['at']}で" if end["at"] else ""
            method = _METHOD_JA.get(end["method"], end["method"])
            caption.append(f"追跡終了: {end['from']} → {end['item']}（{method}{at}）")
        else:
            at = f" at {end['at']}" if end["at"] else ""
            caption.append(f"trail ends: {end['from']} → {end['item']} by {end['method']}{at}")
    if depth is not None:
        caption.append(_hops_note(depth, lang))
    name = result["item"]["name"]
    return FlowGraph(nodes=nodes, edges=edges, items=_items(db, trail), home_country=result["summary"]["home_country"],
                     focus=key, title=f"Where {name['en'] or name['ja'] or key} flows",
                     caption="; ".join(caption) or None)


def node_graph(db: ReadDB, key: str, depth: int | None = None, direction: str = "both",
               lang: str = "en") -> FlowGraph:
    """The flows around a collection point, system or recipient, following flows of any item: downstream
    ("down"), upstream ("up") or both, up to `depth` hops. Each node carries its hop distance from the focus;
    edges carry every item of the flow."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    focus = resolve(db, key, FLOW_NODE_KINDS)["key"]
    hops: dict[str, int] = {}
    slices = []
    for way in ("down", "up"):
        if direction in (way, "both"):
            reached = q.node_walk(db, focus, way, depth)
            slices.append((way, reached))
            for node, h in reached.items():
                hops[node] = min(h, hops.get(node, h))
    flow_keys = []
    for way, reached in slices:
        near = "source" if way == "down" else "target"
        for flow in q.flows_among(db, reached):
            if depth is None or reached[flow[near]] < depth:
                flow_keys.append(flow["key"])
    graph = _assemble(db, hops, flow_keys)
    graph.focus = focus
    name = graph.nodes[focus].name()
    graph.title = {"down": f"Where {name} sends data", "up": f"What reaches {name}",
                   "both": f"Flows around {name}"}[direction]
    if depth is not None:
        graph.caption = _hops_note(depth, lang)
    return graph


def full_graph(db: ReadDB) -> FlowGraph:
    """Every collection point, system and recipient, and every flow with all its items."""
    keys = [r["key"] for r in db.rows("SELECT key FROM node WHERE kind IN ('collection_point', 'system', "
                                      "'recipient') ORDER BY key")]
    flows = [r["key"] for r in db.rows("SELECT key FROM flow ORDER BY position")]
    graph = _assemble(db, dict.fromkeys(keys), flows)
    graph.title = "All flows"
    return graph


def _assemble(db: ReadDB, hops: dict[str, int | None], flow_keys: list[str]) -> FlowGraph:
    facts = q.node_facts(db, hops)
    nodes = {k: _graph_node(_entry(facts[k]), hops[k]) for k in sorted(hops, key=lambda k: (hops[k] or 0, k))}
    flows = q.flow_facts(db, flow_keys)
    edges = []
    for key in sorted(flows, key=lambda k: flows[k]["position"]):
        flow = flows[key]
        src, dst = facts[flow["source"]], facts[flow["target"]]
        crossed = bool(src["country"] and dst["country"] and src["country"] != dst["country"])
        edges.append(GraphEdge(flow=key, src=flow["source"], dst=flow["target"], items=tuple(flow["items"]),
                               basis=flow["basis"], foreign_basis=flow["foreign_basis"],
                               purposes=tuple(flow["purposes"]), mechanism=flow["mechanism"], crosses_border=crossed))
    items = sorted({i for e in edges for i in e.items})
    return FlowGraph(nodes=nodes, edges=edges, items=_items(db, items), home_country=q.home_country(db))


def _entry(node: Row) -> dict[str, Any]:
    return {"key": node["key"], "kind": node["kind"], "subkind": node["subkind"],
            "name": {"en": node["name_en"], "ja": node["name_ja"]}, "country": node["country"],
            "parent": node["parent"], "operated_by": node["operated_by"]}


def _graph_node(entry: dict[str, Any], hops: int | None) -> GraphNode:
    return GraphNode(key=entry["key"], kind=entry["kind"], subkind=entry["subkind"], name_en=entry["name"]["en"],
                     name_ja=entry["name"]["ja"], country=entry["country"], parent=entry.get("parent"),
                     operated_by=entry.get("operated_by"), hops=hops)


def _graph_edge(hop: dict[str, Any], items: list[str]) -> GraphEdge:
    return GraphEdge(flow=hop["flow"], src=hop["from"], dst=hop["to"], items=tuple(items), basis=hop["basis"],
                     foreign_basis=hop["foreign_basis"], purposes=tuple(hop["purposes"]),
                     mechanism=hop["mechanism"], crosses_border=hop["border"] == "crossed")


def _items(db: ReadDB, keys: list[str]) -> dict[str, ItemInfo]:
    facts = q.item_facts(db, keys)
    by_key: dict[str, ItemInfo] = {}
    for key in keys:
        if key in facts:
            f = facts[key]
            by_key[key] = ItemInfo(key=key, name_en=f["name_en"], name_ja=f["name_ja"], sensitive=f["sensitive"],
                                   financial=f["financial"])
    return dict(by_key)
