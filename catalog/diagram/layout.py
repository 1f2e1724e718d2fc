"""From a `FlowGraph` to a `Scene`: what to draw, in which cluster, with which label — before any syntax.

The scene is shared by the DOT and Mermaid writers. It decides the clusters (the operator's boundary,
outsourcing, third parties, and each foreign country inside them), merges parallel flows, writes the
labels as styled spans in the chosen language, collapses recipients of one kind when the picture is
too big, and picks the layout engine by size. Labels hold plain user text; each writer escapes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.styles import word
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode

#: dot lays out up to this many nodes and edges in a few seconds at worst; past them it slows sharply.
#: Measured here: cyclic lineage slices 0.1 s at 200 nodes, 4.7 s at 400, over 600 s at 1,000; dense
#: random maps drawn by daicho (clusters, one label node per edge): 0.4-0.9 s at 100-140 nodes with
#: 160-197 edges, 2.9 s at 80 nodes / 162 edges, 5.6 s at 100 / 200, over 60 s at 160 / 278, while
#: leaf-heavy maps stay fast (0.4 s at 300 nodes / 194 edges). Past the node limit recipients collapse;
#: past either limit sfdp lays the picture out (1.5 s for 430 nodes / 1,065 edges, 3.6 s for 1,000 / 2,018).
DOT_MAX_NODES = 250
DOT_MAX_EDGES = 150
#: a label lists this many item names, then "+N"
ITEMS_SHOWN = 3
#: recipients collapse only in groups of at least this many
MIN_GROUP = 3
_NAME_WIDTH = 28  # display columns of a node name line (a Japanese character is two)
_ITEM_WIDTH = 36
_OVERRUN = 6  # a name this many columns over the width stays on one line
_PURPOSE_ROOM = 44
_OUTSOURCED = {"contractor", "subcontractor"}
_MARKS = ("financial", "sensitive")


@dataclass(frozen=True)
class Span:
    """A run of label text; `style` is None, bold, dim, financial, sensitive or abroad."""

    text: str
    style: str | None = None


Line = tuple[Span, ...]


@dataclass
class Cluster:
    id: str
    role: str  # operator | outsourcing | third_party | country
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
    """An edge as drawn: one or more flows with the same ends and basis."""

    src: str
    dst: str
    basis: str
    lines: list[Line]
    cross_border: bool = False
    highlight: str | None = None  # financial | sensitive
    flows: int = 1


@dataclass
class Scene:
    title: str
    lang: str
    engine: str = "dot"
    notes: list[str] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)

    def legend_styles(self) -> list[str]:
        """Node styles present, in legend order."""
        present = {b.style for b in self.boxes}
        return [key for key in styles.NODE_STYLES if key in present]

    def legend_bases(self) -> list[str]:
        present = {a.basis for a in self.arrows}
        return [key for key in styles.BASIS if key in present] + sorted(present - set(styles.BASIS))

    def flags(self) -> set[str]:
        """Which of cross_border, financial, sensitive occur (for the legend)."""
        out = {s.style for a in self.arrows for line in a.lines for s in line if s.style in _MARKS}
        out |= {a.highlight for a in self.arrows if a.highlight}
        return out | ({"cross_border"} if any(a.cross_border for a in self.arrows) else set())


def role_of(node: GraphNode) -> str:
    """Which top-level cluster a node belongs to."""
    if node.kind in ("collection_point", "system"):
        return "operator"
    return "outsourcing" if node.subkind in _OUTSOURCED else "third_party"


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
    scene = Scene(title=_title(graph, lang), lang=lang)
    if graph.caption:
        scene.notes.append(graph.caption)
    if system_level:
        scene.notes.append(word("system_level", lang))
    group_of = _collapse(graph, nodes, dot_max, lang, scene)
    ids = _place(graph, nodes, group_of, lang, operator, scene)
    _arrows(graph, nodes, group_of, ids, lang, system_level, purposes or {}, scene)
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


def _cluster_key(node: GraphNode, home: str) -> tuple[str, str | None]:
    abroad = node.country if node.country and node.country != home else None
    return role_of(node), abroad


def _collapse(graph: FlowGraph, nodes: dict[str, GraphNode], dot_max: int, lang: str,
              scene: Scene) -> dict[str, str]:
    """member key → group key, for recipients collapsed because the picture is over `dot_max` nodes."""
    if len(nodes) <= dot_max:
        return {}
    groups: dict[str, list[str]] = {}
    for key, node in nodes.items():
        if node.kind == "recipient" and key != graph.focus:
            role, country = _cluster_key(node, graph.home_country)
            groups.setdefault(f"group:{role}:{country or ''}:{styles.style_key(node.kind, node.subkind)}",
                              []).append(key)
    group_of = {member: group for group, members in groups.items() if len(members) >= MIN_GROUP
                for member in members}
    if group_of:
        n_groups = len(set(group_of.values()))
        scene.notes.append(word("collapsed", lang).format(n=len(group_of), g=n_groups, limit=dot_max))
    return group_of


def _place(graph: FlowGraph, nodes: dict[str, GraphNode], group_of: dict[str, str], lang: str,
           operator: str | None, scene: Scene) -> dict[str, str]:
    """Make clusters and boxes; return node or group key → box id."""
    cluster_ids: dict[tuple[str, str | None], str] = {}

    def cluster(role: str, country: str | None) -> str:
        if (role, country) not in cluster_ids:
            if country is None:
                label = word(role, lang)
                if role == "operator" and operator:
                    label = f"{operator} ({label}, {graph.home_country})" if lang == "en" \
                        else f"{operator}（{label}・{graph.home_country}）"
                parent = None
            else:
                label, parent = styles.country_label(country, lang), cluster(role, None)
            cluster_ids[(role, country)] = f"cluster_{len(cluster_ids)}"
            scene.clusters.append(Cluster(cluster_ids[(role, country)], "country" if country else role,
                                          label, parent))
        return cluster_ids[(role, country)]

    for role in ("operator", "outsourcing", "third_party"):  # stable order, left to right
        if any(role_of(n) == role for n in nodes.values()):
            cluster(role, None)
    ids: dict[str, str] = {}
    members: dict[str, list[GraphNode]] = {}
    for key, node in nodes.items():
        if key in group_of:
            members.setdefault(group_of[key], []).append(node)
            continue
        ids[key] = f"n{len(ids)}"
        style = styles.style_key(node.kind, node.subkind)
        scene.boxes.append(Box(ids[key], key, style, _node_lines(node, nodes, graph.home_country, lang),
                               cluster(*_cluster_key(node, graph.home_country)), focus=key == graph.focus))
    for group, grouped in members.items():
        ids[group] = f"n{len(ids)}"
        first = grouped[0]
        style = styles.style_key(first.kind, first.subkind)
        names = [m.name(lang) for m in grouped]
        shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
        lines = [(Span(f"{len(grouped)} × {styles.kind_word(style, lang)}", "bold"),),
                 *[(Span(part, "dim"),) for part in _wrap(shown, 3)]]
        scene.boxes.append(Box(ids[group], group, style, lines, cluster(*_cluster_key(first, graph.home_country)),
                               members=len(grouped)))
    for key in group_of:
        ids[key] = ids[group_of[key]]
    return ids


def text_width(text: str) -> int:
    """Display width: a Japanese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _short(text: str, width: int) -> str:
    if text_width(text) <= width:
        return text
    while text_width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, max_lines: int, width: int = _NAME_WIDTH) -> list[str]:
    """Lines of about `width` display columns: a line may run a little over rather than leave a short
    last line; breaks go at a space, else after ・、 or before （ in Japanese, else anywhere."""
    lines: list[str] = []
    for chunk in text.splitlines() or [""]:
        rest = " ".join(chunk.split())
        while text_width(rest) > width + _OVERRUN:
            cut = _cut(rest, width)
            lines.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
        lines.append(rest)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _short(lines[-1] + "…", width)
    return lines


def _cut(text: str, width: int) -> int:
    """Where to break `text` so that the first line is at most `width` columns and not much shorter."""
    end = 0
    while end < len(text) and text_width(text[: end + 1]) <= width:
        end += 1
    for marks, after in ((" ", 0), ("・、，,/", 1), ("（(「", 0)):
        best = max((i + after for i in range(end) if text[i] in marks), default=0)
        if best > end // 2:
            return best
    return max(end, 1)


def _node_lines(node: GraphNode, nodes: Mapping[str, GraphNode], home: str, lang: str) -> list[Line]:
    lines: list[Line] = [(Span(part, "bold"),) for part in _wrap(node.name(lang), 3)]
    about = [Span(styles.kind_word(styles.style_key(node.kind, node.subkind), lang), "dim")]
    if node.country and node.country != home:
        about.append(Span(f" · {node.country}", "abroad"))
    elif node.country is None and node.kind == "recipient":
        about.append(Span(f" · {word('country_unknown', lang)}", "abroad"))
    lines.append(tuple(about))
    runner = node.operated_by
    if runner:
        name = nodes[runner].name(lang) if runner in nodes else runner
        lines.append((Span(word("run_by", lang).format(name=name[:50]), "dim"),))
    return lines


def _arrows(graph: FlowGraph, nodes: Mapping[str, GraphNode], group_of: Mapping[str, str],
            ids: Mapping[str, str], lang: str, system_level: bool, purposes: Mapping[str, str],
            scene: Scene) -> None:
    """Merge flows with the same ends, basis and border crossing; label each merged edge."""
    merged: dict[tuple, list[GraphEdge]] = {}
    for edge in graph.edges:
        src, dst = ids[edge.src], ids[edge.dst]
        if src == dst and (edge.src in group_of or edge.dst in group_of):
            continue  # a flow inside a collapsed group
        merged.setdefault((src, dst, edge.basis, edge.foreign_basis, edge.crosses_border), []).append(edge)
    for (src, dst, basis, foreign, crosses), edges in merged.items():
        items = list(dict.fromkeys(i for e in edges for i in e.items))
        financial = [i for i in items if i in graph.items and graph.items[i].financial]
        sensitive = [i for i in items if i in graph.items and graph.items[i].sensitive and i not in financial]
        ordered = financial + sensitive + [i for i in items if i not in financial and i not in sensitive]
        lines = [_item_line(graph, ordered, financial, sensitive, system_level, lang)]
        basis_line = [Span(styles.basis_word(basis, lang))]
        dst_country = nodes[edges[0].dst].country
        if crosses:
            basis_line.append(Span(f" → {dst_country or '?'}", "abroad"))
            if foreign:
                basis_line.append(Span(f" ({styles.foreign_basis_word(foreign, lang)})", "abroad"))
        lines.append(tuple(basis_line))
        named = [purposes.get(p, p) for p in dict.fromkeys(p for e in edges for p in e.purposes)]
        if named and len(named) <= 2 and text_width("; ".join(named)) <= _PURPOSE_ROOM:
            lines.append((Span("; ".join(named), "dim"),))
        highlight = "financial" if financial else "sensitive" if sensitive else None
        scene.arrows.append(Arrow(src, dst, basis, lines, crosses, highlight, len(edges)))


def _item_line(graph: FlowGraph, ordered: list[str], financial: list[str], sensitive: list[str],
               system_level: bool, lang: str) -> Line:
    """'card number, email +5' with highlighted names first, or '12 items (1 financial)' at system level."""
    if system_level:
        noun = word("item" if len(ordered) == 1 and lang == "en" else "items", lang)
        spans = [Span(f"{len(ordered)} {noun}")]
        marks = [Span(f"{len(financial)} {word('financial', lang)}", "financial")] if financial else []
        marks += [Span(f"{len(sensitive)} {word('sensitive', lang)}", "sensitive")] if sensitive else []
        if marks:
            spans.append(Span(" ("))
            for n, mark in enumerate(marks):
                spans += [Span(", ")] if n else []
                spans.append(mark)
            spans.append(Span(")"))
        return tuple(spans)
    spans: list[Span] = []
    for n, key in enumerate(ordered[:ITEMS_SHOWN]):
        name = graph.items[key].name(lang) if key in graph.items else key
        style = "financial" if key in financial else "sensitive" if key in sensitive else None
        spans += [Span(", ")] if n else []
        spans.append(Span(_short(" ".join(name.split()), _ITEM_WIDTH), style))
    if len(ordered) > ITEMS_SHOWN:
        spans.append(Span(f" +{len(ordered) - ITEMS_SHOWN}"))
    return tuple(spans)
