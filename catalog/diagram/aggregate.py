"""The picture of a graph too big for any layout engine: groups with counts instead of nodes.

Graphviz lays out about a thousand nodes in a few seconds and gives up (minutes, then an error) on the
whole map of a large inventory — 12,000 nodes and 200,000 flows. Past `AGGREGATE_OVER` nodes,
`daicho diagram` draws this instead: a box per group — the collection points; the operator's systems of one
kind in one place (home, a foreign country, location unknown); the recipients of one kind established in one
place, with the systems they run — clustered as the usual pictures are (operator, contractors, third
parties; a cluster per foreign country and for location unknown), each box with its count; an arrow per
pair of groups with the number of flows between them, dashed when some of them are flows `daicho abroad`
lists. The caption says that the picture is aggregated, from how many nodes and flows, and which arrows
were left out when there are more than `MAX_ARROWS` pairs. The facts come from the resolved model
(`resolved_node`, `resolved_flow`, `FOREIGN_FLOWS`), as in every other picture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from daicho.catalog.diagram import styles
from daicho.catalog.diagram.layout import DOT_MAX_EDGES, DOT_MAX_NODES, Arrow, Box, Cluster, Scene, Span
from daicho.catalog.diagram.styles import word

if TYPE_CHECKING:
    from daicho.inventory.db import ReadDB, Row

#: more nodes than this and a picture is drawn aggregated (a layout engine draws 1,000 nodes in seconds)
AGGREGATE_OVER = 1_000
#: arrows drawn between groups, the busiest first (the others are counted in the caption)
MAX_ARROWS = 120
_ROLES = ("operator", "outsourcing", "third_party")
_OUTSOURCED = ("contractor", "subcontractor")
_PLACES = ("abroad", "unknown", "per_customer")

#: a group: (role, location or None, style key)
Group = tuple[str, str | None, str]


def node_rows(db: ReadDB, keys: Iterable[str] | None = None) -> dict[str, Row]:
    """Kind, subkind, party and location of the nodes `keys` (default: every collection point, system and
    recipient), and of the parties they are on the side of."""
    columns = "key, kind, subkind, party, party_kind, location, location_class"
    if keys is None:
        return {r["key"]: r for r in db.rows(f"SELECT {columns} FROM resolved_node "
                                             "WHERE kind IN ('collection_point', 'system', 'recipient')")}
    from daicho.catalog.resolved.facts import in_chunks

    out: dict[str, Row] = {}
    wanted = sorted(set(keys))
    for _ in range(2):  # the nodes, then the parties they belong to
        for marks, params in in_chunks("k", wanted):
            out |= {r["key"]: r for r in db.rows(f"SELECT {columns} FROM resolved_node WHERE key IN ({marks})",
                                                 params)}
        wanted = sorted({n["party"] for n in out.values() if n["party"] and n["party"] not in out})
    return out


def all_flows(db: ReadDB) -> list[tuple[str, str, str, bool]]:
    """Every flow as (source, target, basis, listed by `daicho abroad`)."""
    from daicho.catalog.lineage.nodes import FOREIGN_FLOWS

    return [(s, t, b, bool(f)) for s, t, b, f in db.tuples(
        f"SELECT r.source, r.target, f.basis, CASE WHEN ({FOREIGN_FLOWS}) THEN 1 ELSE 0 END "
        "FROM resolved_flow r JOIN flow f ON f.key = r.key")]


def group_of(node: Row, nodes: dict[str, Row]) -> Group:
    """The group a node is counted in: its party's role, the place (a recipient's side is where the
    recipient is; the operator's systems where they are; home is no place), and its kind."""
    kind = node["party_kind"] or "operator"
    if kind == "operator":
        place = node["location"] if node["location_class"] in _PLACES else None
        return "operator", place, styles.style_key(node["kind"], node["subkind"])
    party = nodes.get(node["party"]) or node
    place = party["location"] if party["location_class"] in _PLACES else None
    return ("outsourcing" if kind in _OUTSOURCED else "third_party"), place, \
        styles.style_key("recipient", party["subkind"])


def aggregate_scene(nodes: dict[str, Row], keys: Iterable[str], flows: list[tuple[str, str, str, bool]],
                    lang: str, title: str, operator: str | None = None, home: str = "JP",
                    caption: str | None = None) -> Scene:
    """The aggregated scene of the nodes `keys` (facts in `nodes`) and `flows` (source, target, basis,
    foreign)."""
    keys = [k for k in keys if k in nodes]
    members: dict[Group, Counter] = {}
    group = {}
    for key in keys:
        group[key] = g = group_of(nodes[key], nodes)
        members.setdefault(g, Counter())[nodes[key]["kind"]] += 1
    scene = Scene(title=title, lang=lang, home=home)
    if caption:
        scene.notes.append(caption)
    scene.notes.append(word("aggregated", lang).format(n=f"{len(keys):,}", f=f"{len(flows):,}",
                                                       limit=f"{AGGREGATE_OVER:,}"))
    clusters: dict[tuple, str] = {}

    def cluster(role: str, place: str | None) -> str:
        if (role,) not in clusters:
            clusters[(role,)] = f"cluster_{len(clusters)}"
            label = word(role, lang)
            if role == "operator" and operator:
                label = word("operator_box", lang, operator=operator, role=label, home=home)
            scene.clusters.append(Cluster(clusters[(role,)], role, label))
        if place is None:
            return clusters[(role,)]
        if (role, place) not in clusters:
            clusters[(role, place)] = f"cluster_{len(clusters)}"
            unknown = place in ("unknown", "per_customer")
            label = styles.location_words(place, lang) if unknown else styles.country_label(place, lang)
            scene.clusters.append(Cluster(clusters[(role, place)], "unknown" if unknown else "country", label,
                                          clusters[(role,)]))
        return clusters[(role, place)]

    ids: dict[Group, str] = {}
    order = sorted(members, key=lambda g: (_ROLES.index(g[0]), g[1] or "", g[2]))
    for g in order:
        ids[g] = f"n{len(ids)}"
        scene.boxes.append(Box(ids[g], f"group:{'/'.join(p or '-' for p in g)}", g[2], _box_lines(g, members[g],
                                                                                                   lang),
                               cluster(g[0], g[1]), members=sum(members[g].values())))
    _arrows(scene, flows, group, ids, lang)
    if len(scene.boxes) > DOT_MAX_NODES or len(scene.arrows) > DOT_MAX_EDGES:
        scene.engine = "sfdp"
    return scene


def _box_lines(g: Group, counts: Counter, lang: str) -> list[tuple[Span, ...]]:
    """"595 × contractor", then how many systems on their side."""
    kind = styles.kind_word(g[2], lang)
    main = counts.get("recipient") or counts.get("collection_point") or counts.get("system") or 0
    lines = [(Span(f"{main:,} × {kind}", "bold"),)]
    if g[0] != "operator" and counts.get("system"):
        lines.append((Span(word("aggregated_systems", lang).format(n=f"{counts['system']:,}"), "dim"),))
    return lines


def _arrows(scene: Scene, flows: list[tuple[str, str, str, bool]], group: dict[str, Group],
            ids: dict[Group, str], lang: str) -> None:
    """An arrow per pair of groups (the busiest MAX_ARROWS), its flows counted by basis."""
    pairs: dict[tuple[str, str], list] = {}
    inside = 0
    for source, target, basis, foreign in flows:
        a, b = group.get(source), group.get(target)
        if a is None or b is None:
            continue
        if a == b:
            inside += 1
            continue
        entry = pairs.setdefault((ids[a], ids[b]), [0, 0, Counter()])
        entry[0] += 1
        entry[1] += foreign
        entry[2][basis] += 1
    ranked = sorted(pairs.items(), key=lambda p: (-p[1][0], p[0]))
    for (src, dst), (count, foreign, bases) in ranked[:MAX_ARROWS]:
        basis = bases.most_common(1)[0][0]
        lines = [(Span(word("n_flows", lang, n=f"{count:,}"), "bold"),)]
        if len(bases) > 1:
            lines.append((Span(", ".join(f"{styles.basis_word(b, lang)} {n:,}" for b, n in bases.most_common(3)),
                               "dim"),))
        if foreign:
            lines.append((Span(word("aggregated_abroad", lang).format(n=f"{foreign:,}"), "abroad"),))
        scene.arrows.append(Arrow(src, dst, basis, lines, cross_border=bool(foreign), flows=count))
    left = ranked[MAX_ARROWS:]
    if left:
        scene.notes.append(word("aggregated_left_out", lang).format(
            a=f"{len(left):,}", f=f"{sum(e[0] for _, e in left):,}", shown=MAX_ARROWS))
    if inside:
        scene.notes.append(word("aggregated_inside", lang).format(f=f"{inside:,}"))


def map_scene(db: ReadDB, lang: str, operator: str | None) -> Scene:
    """The whole map, aggregated."""
    from daicho.catalog.resolved.facts import home_country

    nodes = node_rows(db)
    return aggregate_scene(nodes, sorted(nodes), all_flows(db), lang, word("map_title", lang), operator,
                           home_country(db))


def item_scene(db: ReadDB, result: dict, lang: str, operator: str | None) -> Scene:
    """Where one item flows (`where`'s result), aggregated."""
    from daicho.catalog.lineage.graphs import foreign_flows
    from daicho.catalog.resolved.facts import home_country

    keys = [n["key"] for n in result["nodes"]]
    nodes = node_rows(db, keys)
    foreign = foreign_flows(db, [h["flow"] for h in result["hops"]])
    flows = [(h["from"], h["to"], h["basis"], h["flow"] in foreign) for h in result["hops"]]
    item = result["item"]
    name = (item.get("name") or {}).get(lang) or (item.get("name") or {}).get("en") or item["item"]
    return aggregate_scene(nodes, keys, flows, lang, word("item_title", lang).format(name=name), operator,
                           home_country(db))


def node_scene(db: ReadDB, focus: str, hops: dict[str, int], flow_keys: list[str], lang: str,
               operator: str | None) -> Scene:
    """The flows around a node, aggregated."""
    from daicho.catalog.lineage.graphs import foreign_flows
    from daicho.catalog.resolved.facts import home_country, in_chunks

    nodes = node_rows(db, [*hops, focus])
    foreign = foreign_flows(db, flow_keys)
    flows = []
    for marks, params in in_chunks("f", flow_keys):
        flows += [(r["source"], r["target"], r["basis"], r["key"] in foreign) for r in db.rows(
            f"SELECT key, source, target, basis FROM flow WHERE key IN ({marks})", params)]
    title = word("node_title", lang).format(name=focus)
    return aggregate_scene(nodes, list(hops), flows, lang, title, operator, home_country(db))
