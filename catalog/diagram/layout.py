"""From a `FlowGraph` to a `Scene`: what to draw, in which cluster, with which label — before any syntax.

The scene is shared by the DOT and Mermaid writers. It decides the clusters from the resolved facts the
graph carries: the operator's side, outsourcing, third parties; inside them each foreign location (a
country or EU/EEA) and "location unknown" (never the operator's country); inside those, a party box for a
recipient drawn with the systems it operates and handles. Storage whose provider does not handle the data
stays on the operator's side, labelled as stored at that provider. It merges parallel flows, marks the
flows `daicho abroad` lists and their APPI 28 gaps, links a sub-contractor to each contractor engaging it,
collapses recipients of one kind when the picture is too big, and picks the layout engine by size. Labels
hold plain user text (`labels`); each writer escapes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.labels import MARKS, Line, Span, edge_lines, edge_marks, node_lines, text_width, wrap
from daicho.catalog.diagram.styles import caption, word
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode

__all__ = ["Arrow", "Box", "Cluster", "Line", "Link", "Scene", "Span", "build_scene", "text_width", "use_sfdp"]

#: dot lays out up to this many nodes and edges in a few seconds at worst; past them it slows sharply.
#: Measured here: cyclic lineage slices 0.1 s at 200 nodes, 4.7 s at 400, over 600 s at 1,000; dense
#: random maps drawn by daicho (clusters, one label node per edge): 0.4-0.9 s at 100-140 nodes with
#: 160-197 edges, 2.9 s at 80 nodes / 162 edges, 5.6 s at 100 / 200, over 60 s at 160 / 278, while
#: leaf-heavy maps stay fast (0.4 s at 300 nodes / 194 edges). Past the node limit recipients collapse;
#: past either limit sfdp lays the picture out (1.5 s for 430 nodes / 1,065 edges, 3.6 s for 1,000 / 2,018).
DOT_MAX_NODES = 250
DOT_MAX_EDGES = 150
#: recipients collapse only in groups of at least this many
MIN_GROUP = 3
_OUTSOURCED = {"contractor", "subcontractor"}
_ITEM_MARKS = ("financial", "sensitive")
#: location class → the cluster role it opens (home and none open none)
_LOCATION_ROLES = {"abroad": "country", "unknown": "unknown", "per_customer": "unknown"}

#: where a box goes: (role,), (role, location) or (role, location or None, party)
Place = tuple[str | None, ...]


@dataclass
class Cluster:
    id: str
    role: str  # operator | outsourcing | third_party | country | unknown | party
    label: str
    parent: str | None = None


@dataclass
class Box:
    """A node as drawn."""

    id: str
    key: str
    style: str  # a styles.NODE_STYLES key
    lines: list[Line]
    cluster: str | None = None
    focus: bool = False
    members: int = 0  # > 0: recipients collapsed into this box


@dataclass
class Arrow:
    """An edge as drawn: one or more flows with the same ends, basis and resolved facts."""

    src: str
    dst: str
    basis: str
    lines: list[Line]
    cross_border: bool = False  # one of the flows `daicho abroad` lists
    highlight: str | None = None  # financial | sensitive
    flows: int = 1
    marks: tuple[str, ...] = ()  # labels.MARKS


@dataclass
class Link:
    """A contractor engaging a sub-contractor (no data on it: the flows are arrows)."""

    src: str
    dst: str


@dataclass
class Scene:
    title: str
    lang: str
    engine: str = "dot"
    notes: list[str] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    home: str = "JP"

    def legend_styles(self) -> list[str]:
        """Node styles present, in legend order."""
        present = {b.style for b in self.boxes}
        return [key for key in styles.NODE_STYLES if key in present]

    def legend_bases(self) -> list[str]:
        present = {a.basis for a in self.arrows}
        return [key for key in styles.BASIS if key in present] + sorted(present - set(styles.BASIS))

    def flags(self) -> set[str]:
        """Which marks occur (for the legend): cross_border, financial, sensitive, the edge MARKS, party
        (a party box), unknown (a location-unknown cluster), stored_at (storage at a provider), sub_link."""
        out = {s.style for a in self.arrows for line in a.lines for s in line if s.style in _ITEM_MARKS}
        out |= {a.highlight for a in self.arrows if a.highlight}
        out |= {m for a in self.arrows for m in a.marks}
        out |= {c.role for c in self.clusters if c.role in ("party", "unknown")}
        out |= {"sub_link"} if self.links else set()
        return out | ({"cross_border"} if any(a.cross_border for a in self.arrows) else set())

    def legend_flags(self) -> list[str]:
        """The legend words for the marks present, in order (styles.WORDS keys)."""
        flags = self.flags()
        order = ["cross_border", *MARKS, "financial", "sensitive", "party", "unknown", "sub_link"]
        return [flag for flag in order if flag in flags]


def role_of(node: GraphNode) -> str:
    """Which top-level cluster a node belongs to: by the kind of the party whose side it is on."""
    kind = node.side_kind
    if kind == "operator":
        return "operator"
    return "outsourcing" if kind in _OUTSOURCED else "third_party"


def build_scene(graph: FlowGraph, lang: str = "en", *, system_level: bool = False,
                purposes: Mapping[str, str] | None = None, operator: str | None = None,
                dot_max: int = DOT_MAX_NODES, dot_max_edges: int = DOT_MAX_EDGES) -> Scene:
    """The scene for `graph`. `purposes` maps purpose keys to names in `lang`; `operator` names the operator.

    `system_level` (the whole map) shows items as counts. Past `dot_max` nodes, recipients of one kind
    in one cluster collapse into a group; past `dot_max` nodes or `dot_max_edges` edges after that, the
    engine switches from dot to sfdp. The scene's notes (the caption) say so.
    """
    nodes = dict(graph.nodes)
    for edge in graph.edges:
        for key in (edge.src, edge.dst):
            nodes.setdefault(key, GraphNode(key=key, kind="recipient"))
    scene = Scene(title=_title(graph, lang), lang=lang, home=graph.home_country)
    said = caption(graph.notes, lang)
    if said:
        scene.notes.append(said)
    if system_level:
        scene.notes.append(word("system_level", lang))
    places = _places(graph, nodes)
    group_of = _collapse(graph, nodes, places, dot_max, lang, scene)
    ids = _boxes(graph, nodes, places, group_of, lang, operator, scene)
    _arrows(graph, group_of, ids, lang, system_level, purposes or {}, scene)
    _links(nodes, group_of, ids, scene)
    if len(scene.boxes) > dot_max or len(scene.arrows) > dot_max_edges:
        use_sfdp(scene, word("engine", lang).format(n=len(scene.boxes), e=len(scene.arrows), limit=dot_max,
                                                    edges=dot_max_edges))
    return scene


def use_sfdp(scene: Scene, note: str) -> Scene:
    """Switch the scene to the sfdp engine (fast on large graphs, no clusters) and say why in the caption."""
    scene.engine = "sfdp"
    scene.notes.append(note)
    return scene


def _title(graph: FlowGraph, lang: str) -> str:
    if graph.focus in graph.items:
        return word("item_title", lang).format(name=graph.items[graph.focus].name(lang))
    if graph.focus in graph.nodes:
        return word("node_title", lang).format(name=graph.nodes[graph.focus].name(lang))
    return word("map_title", lang)


def _places(graph: FlowGraph, nodes: Mapping[str, GraphNode]) -> dict[str, Place]:
    """Each node's cluster path: its party's role; the location of the party (a recipient's side is where
    the recipient is) or of the node (the operator's side); a party box when the party's systems are drawn."""
    boxed = {n.side for n in nodes.values() if n.kind == "system" and n.side is not None}
    out: dict[str, Place] = {}
    for key, node in nodes.items():
        side = node.side
        where = (graph.node(side) or node) if side is not None else node
        location = where.location if where.location_class in _LOCATION_ROLES else None
        path: Place = (role_of(node), location)
        out[key] = (*path, side) if side in boxed else path if location else path[:1]
    return out


def _collapse(graph: FlowGraph, nodes: dict[str, GraphNode], places: Mapping[str, Place], dot_max: int,
              lang: str, scene: Scene) -> dict[str, str]:
    """member key → group key, for recipients collapsed because the picture is over `dot_max` nodes."""
    if len(nodes) <= dot_max:
        return {}
    groups: dict[tuple, list[str]] = {}
    for key, node in nodes.items():
        if node.kind == "recipient" and key != graph.focus and len(places[key]) < 3:
            groups.setdefault((places[key], styles.style_key(node.kind, node.subkind)), []).append(key)
    group_of = {member: f"group:{n}" for n, members in enumerate(groups.values()) if len(members) >= MIN_GROUP
                for member in members}
    if group_of:
        n_groups = len(set(group_of.values()))
        scene.notes.append(word("collapsed", lang).format(n=len(group_of), g=n_groups, limit=dot_max))
    return group_of


def _boxes(graph: FlowGraph, nodes: dict[str, GraphNode], places: Mapping[str, Place], group_of: dict[str, str],
           lang: str, operator: str | None, scene: Scene) -> dict[str, str]:
    """Make clusters and boxes; return node or group key → box id."""
    cluster_ids: dict[Place, str] = {}

    def cluster(path: Place) -> str:
        if path not in cluster_ids:
            up = path[:-1]
            while len(up) > 1 and up[-1] is None:  # a party box at home sits in its role's cluster
                up = up[:-1]
            parent = cluster(up) if up else None
            role, label = _cluster_label(graph, path, lang, operator)
            cluster_ids[path] = f"cluster_{len(cluster_ids)}"
            scene.clusters.append(Cluster(cluster_ids[path], role, label, parent))
        return cluster_ids[path]

    for role in ("operator", "outsourcing", "third_party"):  # stable order, left to right
        if any(place[0] == role for place in places.values()):
            cluster((role,))
    ids: dict[str, str] = {}
    members: dict[str, list[GraphNode]] = {}
    for key, node in nodes.items():
        if key in group_of:
            members.setdefault(group_of[key], []).append(node)
            continue
        ids[key] = f"n{len(ids)}"
        style = styles.style_key(node.kind, node.subkind)
        scene.boxes.append(Box(ids[key], key, style, node_lines(node, graph, lang), cluster(places[key]),
                               focus=key == graph.focus))
    for group, grouped in members.items():
        ids[group] = f"n{len(ids)}"
        first = grouped[0]
        style = styles.style_key(first.kind, first.subkind)
        names = [m.name(lang) for m in grouped]
        shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
        lines = [(Span(f"{len(grouped)} × {styles.kind_word(style, lang)}", "bold"),),
                 *[(Span(part, "dim"),) for part in wrap(shown, 3)]]
        scene.boxes.append(Box(ids[group], group, style, lines, cluster(places[first.key]), members=len(grouped)))
    for key in group_of:
        ids[key] = ids[group_of[key]]
    return ids


def _cluster_label(graph: FlowGraph, path: Place, lang: str, operator: str | None) -> tuple[str, str]:
    """(role, label) of the cluster at `path`."""
    if len(path) == 3:
        party = graph.node(path[2] or "")
        name = party.name(lang) if party else str(path[2])
        kind = styles.kind_word(styles.style_key("recipient", party.subkind if party else None), lang)
        return "party", word("party_box", lang).format(name=name, kind=kind)
    if len(path) == 2:
        location = path[1] or ""
        if location in ("unknown", "per_customer"):
            return "unknown", styles.location_words(location, lang)
        return "country", styles.country_label(location, lang)
    role = path[0] or "operator"
    label = word(role, lang)
    if role == "operator" and operator:
        label = word("operator_box", lang, operator=operator, role=label, home=graph.home_country)
    return role, label


def _arrows(graph: FlowGraph, group_of: Mapping[str, str], ids: Mapping[str, str], lang: str, system_level: bool,
            purposes: Mapping[str, str], scene: Scene) -> None:
    """Merge flows with the same ends, basis and resolved facts; label each merged edge."""
    merged: dict[tuple, list[GraphEdge]] = {}
    for edge in graph.edges:
        src, dst = ids[edge.src], ids[edge.dst]
        if src == dst and (edge.src in group_of or edge.dst in group_of):
            continue  # a flow inside a collapsed group
        facts = (edge.basis, edge.foreign_basis, edge.foreign, edge.to_locations, edge_marks(edge))
        merged.setdefault((src, dst, *facts), []).append(edge)
    for (src, dst, basis, _, foreign, _, marks), edges in merged.items():
        lines, highlight = edge_lines(graph, edges, lang, system_level, purposes)
        scene.arrows.append(Arrow(src, dst, basis, lines, foreign, highlight, len(edges), marks))


def _links(nodes: Mapping[str, GraphNode], group_of: Mapping[str, str], ids: Mapping[str, str],
           scene: Scene) -> None:
    """A link from each drawn contractor to a sub-contractor it engages, unless a flow from the contractor's
    side (itself or a system it operates) already joins them."""
    side = {ids[k]: n.side or k for k, n in nodes.items()}
    joined = {(side[a.src], a.dst) for a in scene.arrows}
    for key, node in nodes.items():
        for parent in node.parents:
            if parent in ids and key not in group_of and (parent, ids[key]) not in joined:
                scene.links.append(Link(ids[parent], ids[key]))
