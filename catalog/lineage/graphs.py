"""FlowGraph slices built from lineage results and the resolved model: what `daicho diagram` draws.

Three entry points, all returning a `catalog.flowgraph.FlowGraph`:

* `item_graph(db, item, depth=None)` — where one item's trail goes (`daicho diagram --item`);
* `node_graph(db, key, depth=None, direction="both")` — the flows around a system, recipient or collection point,
  any item (`--system`, `--recipient`);
* `full_graph(db)` — every node and flow (`--all`).

Keys accept names and unambiguous prefixes; an unknown key raises `UnknownKey` (with a did-you-mean).
Nodes and edges carry the facts `catalog.resolved` decided (party, location, boundary, border, statuses) and
whether a flow is one `daicho abroad` lists; nothing here judges a country or a border itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode, ItemInfo
from daicho.catalog.lineage.nodes import FOREIGN_FLOWS
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, where
from daicho.catalog.resolved.facts import parties_of
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB, Row

DIRECTIONS = ("down", "up", "both")


def item_graph(db: ReadDB, item: str, depth: int | None = None, result: dict | None = None) -> FlowGraph:
    """The slice an item's trail reaches, walked as `daicho where` walks it: nodes with their hops from where
    the trail enters, one edge per flow carrying the trail (edge `items` are the trail items it carries).
    `focus` is the item key; `notes` (codes and parameters, said by the diagram's writer) name the derived items,
    where the trail ends (anonymisation, aggregation) and any depth limit. `result`: `where(db, item, depth)` when
    already read."""
    result = result if result is not None else where(db, item, depth)
    key = result["item"]["item"]
    hops = {n["key"]: n["hops"] for n in result["nodes"]}
    trail = [key] + [t["item"] for t in result["trail"]]
    graph = _assemble(db, hops, [], hop_items={h["flow"]: h["items"] for h in result["hops"]})
    if result["trail"]:
        graph.notes.append(("follows", {"trail": [{"item": t["item"], "method": t["method"], "from": t["from"]}
                                                  for t in result["trail"]]}))
    graph.notes += [("ends", {"from": end["from"], "item": end["item"], "method": end["method"], "at": end["at"]})
                    for end in result["ends"]]
    if depth is not None:
        graph.notes.append(("depth", {"n": depth}))
    name = result["item"]["name"]
    graph.items = _items(db, trail)
    graph.focus = key
    graph.title = f"Where {name['en'] or name['ja'] or key} flows"
    return graph


def side_of(db: ReadDB, key: str) -> list[str]:
    """The nodes a key stands for in a walk: a recipient's whole side (itself and the systems it operates and
    handles, `catalog.resolved`), any other node alone."""
    kind = db.value("SELECT kind FROM resolved_node WHERE key = :k", {"k": key})
    return parties_of(db, key) if kind == "recipient" else [key]


def walk_from(db: ReadDB, keys: list[str], direction: str, depth: int | None = None) -> dict[str, int]:
    """Nodes reachable from any of `keys` by flows of any item (`sql.node_walk`), with the fewest hops."""
    hops: dict[str, int] = {}
    for key in keys:
        for node, h in q.node_walk(db, key, direction, depth).items():
            hops[node] = min(h, hops.get(node, h))
    return hops


def flows_within(db: ReadDB, reached: dict[str, int], direction: str, depth: int | None) -> list[str]:
    """The flows among `reached` that a walk of `depth` hops in `direction` takes."""
    near = "source" if direction == "down" else "target"
    return [f["key"] for f in q.flows_among(db, reached) if depth is None or reached[f[near]] < depth]


def node_graph(db: ReadDB, key: str, depth: int | None = None, direction: str = "both") -> FlowGraph:
    """The flows around a collection point, system or recipient, following flows of any item: downstream
    ("down"), upstream ("up") or both, up to `depth` hops. A recipient stands for its whole side (the systems
    it operates and handles are walked from too, at hop 0). Each node carries its hop distance from the
    focus; edges carry every item of the flow."""
    focus, hops, flow_keys = node_slice(db, key, depth, direction)
    graph = _assemble(db, hops, flow_keys)
    graph.focus = focus
    name = graph.nodes[focus].name()
    graph.title = {"down": f"Where {name} sends data", "up": f"What reaches {name}",
                   "both": f"Flows around {name}"}[direction]
    if depth is not None:
        graph.notes.append(("depth", {"n": depth}))
    return graph


def node_slice(db: ReadDB, key: str, depth: int | None = None, direction: str = "both"
               ) -> tuple[str, dict[str, int], list[str]]:
    """What `node_graph` draws, before any fact is read: the focus key, the nodes reached with their hops and
    the flows among them."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    focus = resolve(db, key, FLOW_NODE_KINDS)["key"]
    side = side_of(db, focus)
    hops: dict[str, int] = {}
    flow_keys: list[str] = []
    for way in ("down", "up"):
        if direction in (way, "both"):
            reached = walk_from(db, side, way, depth)
            for node, h in reached.items():
                hops[node] = min(h, hops.get(node, h))
            flow_keys += flows_within(db, reached, way, depth)
    return focus, hops, list(dict.fromkeys(flow_keys))


def full_graph(db: ReadDB) -> FlowGraph:
    """Every collection point, system and recipient, and every flow with all its items."""
    keys = [r["key"] for r in db.rows("SELECT key FROM resolved_node WHERE kind IN ('collection_point', 'system', "
                                      "'recipient') ORDER BY key")]
    flows = [r["key"] for r in db.rows("SELECT key FROM flow ORDER BY position")]
    graph = _assemble(db, dict.fromkeys(keys), flows)
    graph.title = "All flows"
    return graph


def _assemble(db: ReadDB, hops: dict[str, int | None], flow_keys: list[str],
              hop_items: dict[str, list[str]] | None = None) -> FlowGraph:
    """The graph of nodes `hops` and flows `flow_keys` (or, with `hop_items`, those flows carrying only the
    items given), every fact read from the resolved model."""
    if hop_items is not None:
        flow_keys = list(hop_items)
    flows = q.flow_facts(db, flow_keys, None if hop_items is None else [])
    facts = q.node_facts(db, set(hops) | {f[end] for f in flows.values() for end in ("source", "target")})
    referred = {r for n in facts.values() for r in (n["party"], n["operated_by"], *n["parents"])
                if r and r not in facts}
    facts |= q.node_facts(db, referred)
    foreign = foreign_flows(db, flows)
    ends = {f[end] for f in flows.values() for end in ("source", "target")}
    drawn = sorted(set(hops) | ends, key=lambda k: (hops.get(k) or 0, k))
    nodes = {k: graph_node(facts[k], hops.get(k)) for k in drawn}
    refs = {k: graph_node(facts[k], None) for k in sorted(facts) if k not in nodes and facts[k]["kind"] == "recipient"}
    edges = []
    for key in sorted(flows, key=lambda k: flows[k]["position"]):
        items = hop_items[key] if hop_items is not None else flows[key]["items"]
        edges.append(graph_edge(flows[key], items, key in foreign))
    items = sorted({i for e in edges for i in e.items})
    return FlowGraph(nodes=nodes, edges=edges, items=_items(db, items), home_country=q.home_country(db), refs=refs)


def foreign_flows(db: ReadDB, flows: Iterable[str]) -> set[str]:
    """The flows among `flows` that `daicho abroad` lists (`catalog.lineage.nodes.FOREIGN_FLOWS`)."""
    out: set[str] = set()
    for marks, params in q.in_chunks("f", sorted(flows)):
        out |= {r["key"] for r in db.rows(f"SELECT r.key FROM resolved_flow r WHERE r.key IN ({marks}) "
                                          f"AND ({FOREIGN_FLOWS})", params)}
    return out


def graph_node(node: Row, hops: int | None) -> GraphNode:
    """A node of the graph from its resolved facts (`catalog.resolved.facts.node_facts`)."""
    return GraphNode(key=node["key"], kind=node["kind"], subkind=node["subkind"], name_en=node["name_en"],
                     name_ja=node["name_ja"], location=node["location"],
                     location_class=node["location_class"] or "none", registered=node["registered"],
                     hosting=tuple(node["hosting"]), foreign_hosting=tuple(node["foreign_hosting"]),
                     party=node["party"], party_kind=node["party_kind"], operated_by=node["operated_by"],
                     handles=node["handles"], parents=tuple(node["parents"]), hops=hops)


def graph_edge(flow: Row, items: Iterable[str], foreign: bool) -> GraphEdge:
    """An edge of the graph from a flow's recorded and resolved facts (`catalog.resolved.facts.flow_facts`)."""
    return GraphEdge(flow=flow["key"], src=flow["source"], dst=flow["target"], items=tuple(items),
                     basis=flow["basis"], foreign_basis=flow["foreign_basis"], purposes=tuple(flow["purposes"]),
                     mechanism=flow["mechanism"], boundary=flow["boundary"], border=flow["border"],
                     basis_status=flow["basis_status"], foreign_status=flow["foreign_status"],
                     transfer_location=flow["transfer_location"],
                     disclose_locations=tuple(flow["disclose_locations"]), disclosure=flow["disclosure"],
                     foreign=foreign)


def _items(db: ReadDB, keys: list[str]) -> dict[str, ItemInfo]:
    facts = q.item_facts(db, keys)
    by_key: dict[str, ItemInfo] = {}
    for key in keys:
        if key in facts:
            f = facts[key]
            by_key[key] = ItemInfo(key=key, name_en=f["name_en"], name_ja=f["name_ja"], sensitive=f["sensitive"],
                                   financial=f["financial"])
    return by_key
