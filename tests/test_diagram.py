"""Diagrams from hand-built FlowGraphs: the scene (clusters, labels, collapsing, engine) and the DOT and
Mermaid it becomes — structure, not layout bytes."""

from __future__ import annotations

import re

import pytest
from daicho.catalog.diagram.dot import to_dot
from daicho.catalog.diagram.layout import Scene, build_scene
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.lineage.flowgraph import FlowGraph, GraphEdge, GraphNode, ItemInfo
from hypothesis import given, settings
from hypothesis import strategies as st

PURPOSES = {"account": "Account management", "lessons": "Lessons", "ads": "Ads", "analytics": "Analytics"}


def where(code: str | None, home: str = "JP") -> dict:
    """A node's location fields as `catalog.resolved` writes them (written out here, not derived)."""
    if code is None:
        return {"location": "unknown", "location_class": "unknown", "registered": "unknown"}
    return {"location": code, "location_class": "home" if code == home else "abroad", "registered": code}


def kept(code: str, home: str = "JP") -> dict:
    """A system's location and where its data is kept."""
    foreign = () if code == home else (code,)
    return {"location": code, "location_class": "home" if code == home else "abroad", "hosting": (code,),
            "foreign_hosting": foreign}


def own(key: str, kind: str, subkind: str | None = None, **facts) -> GraphNode:
    """A node on the operator's side."""
    return GraphNode(key, kind, subkind, party="engoo", party_kind="operator", **facts)


def recipient(key: str, subkind: str, country: str | None, **facts) -> GraphNode:
    """A recipient: its own party."""
    return GraphNode(key, "recipient", subkind, party=key, party_kind=subkind, **where(country), **facts)


def abroad_edge(flow: str, src: str, dst: str, items: tuple, basis: str, to: str | None, foreign_basis=None,
                purposes=(), status: str = "recorded", boundary: str = "outsourcing") -> GraphEdge:
    """A flow `daicho abroad` lists: a provision to a party at `to` (or storage kept there)."""
    transfer = (to or "unknown") if boundary != "storage" else None
    return GraphEdge(flow, src, dst, items, basis, foreign_basis, purposes, boundary=boundary, border="abroad",
                     foreign_status=status if transfer else "not_applicable", transfer_location=transfer,
                     disclose_locations=() if transfer else (to,), foreign=True)


def sample_graph() -> FlowGraph:
    """An Engoo-like map: two forms, a database, storage abroad whose provider does not handle the data,
    contractors in three countries, third parties (one of unknown location)."""
    nodes = [
        own("signup_form", "collection_point", name_en="Sign-up form", name_ja="会員登録フォーム"),
        own("payment_form", "collection_point", name_en="Payment form", name_ja="決済フォーム"),
        own("user_db", "system", "database", name_en="User database", name_ja="会員データベース", **kept("JP")),
        own("aws", "system", "saas", name_en="AWS", operated_by="amazon", handles=False, registered="US",
            **kept("US")),
        recipient("amazon", "contractor", "US", name_en="Amazon Web Services, Inc.", handles=False),
        recipient("stripe", "contractor", "US", name_en="Stripe, Inc."),
        recipient("stripe_ie", "subcontractor", "IE", name_en="Stripe Europe", parents=("stripe",)),
        recipient("tutors", "contractor", "PH", name_en="Tutors", name_ja="講師"),
        recipient("ga", "third_party", "US", name_en="Google LLC"),
        recipient("group", "joint_user", "JP", name_en="Group companies", name_ja="グループ会社"),
        recipient("partner", "third_party", None, name_en="Unnamed partner"),
    ]
    items = [ItemInfo("name", "Name", "氏名"), ItemInfo("email", "Email address", "メールアドレス"),
             ItemInfo("card_number", "Card number", "カード番号", financial=True),
             ItemInfo("health", "Health info", "健康情報", sensitive=True), ItemInfo("phone", "Phone", "電話番号"),
             ItemInfo("address", "Address", "住所"), ItemInfo("dob", "Birth date", "生年月日"),
             ItemInfo("cookie_id", "Cookie ID")]
    profile = ("name", "email", "phone", "address", "dob")
    edges = [
        GraphEdge("f1", "signup_form", "user_db", profile, "collection", purposes=("account",),
                  boundary="acquisition", border="home"),
        abroad_edge("f2", "payment_form", "stripe", ("card_number",), "collection", "US", status="missing"),
        abroad_edge("f3", "user_db", "aws", (*profile, "health"), "internal", "US", boundary="storage"),
        abroad_edge("f4", "stripe", "stripe_ie", ("name", "card_number"), "outsourcing", "IE", "compliant_system",
                    boundary="subcontracting"),
        abroad_edge("f5", "user_db", "tutors", ("name", "health"), "outsourcing", "PH", "consent", ("lessons",)),
        abroad_edge("f6", "signup_form", "ga", ("cookie_id",), "consent", "US", "consent", ("ads", "analytics"),
                    status="referable", boundary="provision"),
        GraphEdge("f7", "user_db", "group", ("name", "email"), "joint_use", boundary="joint_use", border="home"),
        abroad_edge("f8", "user_db", "partner", ("email",), "opt_out", None, status="unknown_location",
                    boundary="provision"),
        GraphEdge("f9", "user_db", "group", ("phone",), "joint_use", boundary="joint_use", border="home"),
    ]
    return FlowGraph(nodes={n.key: n for n in nodes}, edges=edges, items={i.key: i for i in items},
                     home_country="JP")


def text_of(line) -> str:
    return "".join(span.text for span in line)


def box(scene: Scene, key: str):
    return next(b for b in scene.boxes if b.key == key)


def arrow(scene: Scene, src: str, dst: str):
    ids = {b.key: b.id for b in scene.boxes}
    return next(a for a in scene.arrows if a.src == ids[src] and a.dst == ids[dst])


def cluster_of(scene: Scene, key: str):
    return next(c for c in scene.clusters if c.id == box(scene, key).cluster)


# --- the scene ------------------------------------------------------------------------------------------------


def test_clusters_by_role_with_foreign_countries_inside():
    scene = build_scene(sample_graph(), "en", operator="Engoo")
    roles = {c.id: c for c in scene.clusters}
    assert [c.role for c in scene.clusters if c.parent is None] == ["operator", "outsourcing", "third_party"]
    assert cluster_of(scene, "user_db").label == "Engoo (Operator, JP)"
    assert cluster_of(scene, "signup_form").role == "operator"
    stripe = cluster_of(scene, "stripe")
    assert (stripe.role, stripe.label, roles[stripe.parent].role) == ("country", "US · United States", "outsourcing")
    assert cluster_of(scene, "amazon") is stripe  # one US cluster inside outsourcing
    assert cluster_of(scene, "stripe_ie").label == "IE · Ireland"
    assert roles[cluster_of(scene, "ga").parent].role == "third_party"
    # storage whose provider does not handle the data: the operator's side, in the location where it is kept
    assert roles[cluster_of(scene, "aws").parent].role == "operator"
    assert cluster_of(scene, "aws").label == "US · United States"
    partner = cluster_of(scene, "partner")  # unknown location: a cluster of its own, never the home country
    assert (partner.role, partner.label, roles[partner.parent].role) == ("unknown", "location unknown", "third_party")
    assert cluster_of(scene, "group").role == "third_party"  # at home: no location cluster


def test_node_labels_say_kind_country_and_operator():
    scene = build_scene(sample_graph(), "en")
    assert [text_of(line) for line in box(scene, "aws").lines] == [
        "AWS", "SaaS · US", "stored at Amazon Web Services, Inc. (does not handle the data)"]
    assert [text_of(line) for line in box(scene, "partner").lines][-1] == "third party · location unknown"
    assert [text_of(line) for line in box(scene, "stripe_ie").lines][-1] == "sub-contractor of Stripe, Inc."
    ja = build_scene(sample_graph(), "ja")
    assert [text_of(line) for line in box(ja, "tutors").lines] == ["講師", "委託先 · PH"]
    assert [text_of(line) for line in box(ja, "partner").lines][-1] == "第三者 · 所在不明"
    assert text_of(box(ja, "aws").lines[-1]) == "Amazon Web Services, Inc. に保管（データの取扱いなし）"


def test_edge_label_lists_a_few_items_then_a_count():
    scene = build_scene(sample_graph(), "en", purposes=PURPOSES)
    lines = [text_of(line) for line in arrow(scene, "signup_form", "user_db").lines]
    assert lines == ["Name, Email address, Phone +2", "collection", "Account management"]


def test_sensitive_and_financial_items_come_first_and_are_highlighted():
    scene = build_scene(sample_graph(), "en")
    to_aws = arrow(scene, "user_db", "aws")
    first = to_aws.lines[0][0]
    assert (first.text, first.style, to_aws.highlight) == ("Health info", "sensitive", "sensitive")
    to_ie = arrow(scene, "stripe", "stripe_ie")
    assert (to_ie.lines[0][0].text, to_ie.lines[0][0].style, to_ie.highlight) == ("Card number", "financial",
                                                                                  "financial")
    assert {"financial", "sensitive", "cross_border"} <= scene.flags()


def test_cross_border_edges_carry_the_country_and_the_foreign_basis():
    scene = build_scene(sample_graph(), "en")
    to_tutors = arrow(scene, "user_db", "tutors")
    assert to_tutors.cross_border
    assert text_of(to_tutors.lines[1]) == "outsourcing → PH (consent)"
    assert [s.style for s in to_tutors.lines[1]] == [None, "abroad", "abroad"]
    assert not arrow(scene, "user_db", "group").cross_border
    # a provision to a party of unknown location is foreign (as `daicho abroad` lists it), marked as a gap
    to_partner = arrow(scene, "user_db", "partner")
    assert to_partner.cross_border and to_partner.marks == ("unknown_location",)
    assert [text_of(line) for line in to_partner.lines[1:]] == ["third party (opt-out) → location unknown",
                                                                "⚠ location unknown"]
    missing = arrow(scene, "payment_form", "stripe")
    assert text_of(missing.lines[2]) == "⚠ no APPI 28 basis" and missing.lines[2][0].style == "warning"
    assert text_of(arrow(scene, "user_db", "aws").lines[1]) == "internal → US"


@pytest.mark.parametrize(("src", "dst", "en", "ja"), [
    ("user_db", "tutors", "outsourcing", "委託"),
    ("signup_form", "ga", "third party (consent)", "第三者提供(同意)"),
    ("user_db", "group", "joint use", "共同利用"),
    ("user_db", "aws", "internal", "社内"),
    ("signup_form", "user_db", "collection", "取得"),
    ("user_db", "partner", "third party (opt-out)", "第三者提供(オプトアウト)"),
])
def test_basis_in_the_chosen_language(src, dst, en, ja):
    assert text_of(arrow(build_scene(sample_graph(), "en"), src, dst).lines[1]).startswith(en)
    assert text_of(arrow(build_scene(sample_graph(), "ja"), src, dst).lines[1]).startswith(ja)


def test_purposes_shown_only_when_they_fit():
    graph = sample_graph()
    many = {f"p{n}": f"A rather long purpose number {n}" for n in range(3)}
    graph.edges.append(GraphEdge("f10", "user_db", "partner", ("name",), "consent", purposes=tuple(many)))
    scene = build_scene(graph, "en", purposes={**PURPOSES, **many})
    assert text_of(arrow(scene, "signup_form", "ga").lines[2]) == "Ads; Analytics"
    crowded = next(a for a in scene.arrows if a.basis == "consent" and text_of(a.lines[0]) == "Name")
    assert len(crowded.lines) == 2


def test_parallel_flows_with_one_basis_merge_into_one_edge():
    scene = build_scene(sample_graph(), "en")
    merged = arrow(scene, "user_db", "group")
    assert merged.flows == 2
    assert text_of(merged.lines[0]) == "Name, Email address, Phone"
    assert len(scene.arrows) == len(sample_graph().edges) - 1


def test_system_level_shows_item_counts():
    scene = build_scene(sample_graph(), "en", system_level=True)
    assert text_of(arrow(scene, "user_db", "aws").lines[0]) == "6 items (1 sensitive)"
    assert text_of(arrow(scene, "payment_form", "stripe").lines[0]) == "1 item (1 financial damage)"
    assert "system level: items shown as counts" in scene.notes
    ja = build_scene(sample_graph(), "ja", system_level=True)
    assert text_of(arrow(ja, "user_db", "aws").lines[0]) == "6 項目 (1 要配慮)"


def big_graph(contractors: int, systems: int = 1) -> FlowGraph:
    """A database feeding `contractors` US contractors and a chain of `systems` systems."""
    nodes = [own("db", "system", "database", name_en="Main DB", **kept("JP"))]
    edges = []
    for n in range(contractors):
        nodes.append(recipient(f"c{n}", "contractor", "US", name_en=f"Contractor {n}"))
        edges.append(abroad_edge(f"fc{n}", "db", f"c{n}", ("email",), "outsourcing", "US", "consent"))
    for n in range(1, systems):
        nodes.append(own(f"s{n}", "system", "application", name_en=f"App {n}", **kept("JP")))
        edges.append(GraphEdge(f"fs{n}", "db" if n == 1 else f"s{n - 1}", f"s{n}", ("email",), "internal"))
    return FlowGraph(nodes={n.key: n for n in nodes}, edges=edges, items={"email": ItemInfo("email", "Email")})


def test_small_graphs_are_not_collapsed():
    scene = build_scene(big_graph(30), "en", dot_max=40)
    assert (len(scene.boxes), scene.engine, scene.notes) == (31, "dot", [])


def test_past_the_limit_recipients_of_one_kind_collapse_and_the_caption_says_so():
    graph = big_graph(30)
    graph.focus = "c7"
    scene = build_scene(graph, "en", dot_max=20)
    group = next(b for b in scene.boxes if b.members)
    assert group.members == 29 and text_of(group.lines[0]) == "29 × contractor"
    assert " ".join(text_of(line) for line in group.lines[1:]) == "Contractor 0, Contractor 1, Contractor 2 +26"
    assert box(scene, "c7").focus  # the focus stays itself
    assert len(scene.arrows) == 2 and scene.engine == "dot"
    assert scene.notes == ["29 recipients collapsed into 1 groups (over 20 nodes)"]


def test_still_too_big_switches_to_sfdp_and_says_so():
    scene = build_scene(big_graph(30, systems=40), "ja", dot_max=20)
    assert scene.engine == "sfdp"
    assert any("sfdp" in note and "41" in note for note in scene.notes)
    assert "rankdir" not in to_dot(scene) and "subgraph cluster" not in to_dot(scene)


# --- DOT ------------------------------------------------------------------------------------------------------


def test_dot_structure():
    scene = build_scene(sample_graph(), "ja", purposes=PURPOSES)
    text = to_dot(scene)
    assert text.startswith("digraph daicho {") and "rankdir=LR" in text
    for scope in ("graph", "node", "edge"):
        assert re.search(rf'^  {scope} \[[^\n]*fontname="Noto Sans CJK JP"', text, re.M), scope
    assert re.findall(r"^\s*subgraph (\w+) \{", text, re.M) == [c.id for c in _depth_first(scene)]
    halves = re.findall(r"^  (\w+) -> (\w+) \[", text, re.M)  # each edge runs through its label node
    assert halves == [pair for n, a in enumerate(scene.arrows) for pair in ((a.src, f"e{n}"), (f"e{n}", a.dst))]
    declared = re.findall(r"^\s*(n\d+) \[label=", text, re.M)
    assert sorted(declared) == sorted(b.id for b in scene.boxes)
    labels = re.findall(r"^\s*(e\d+) \[shape=plain", text, re.M)
    assert sorted(labels) == sorted(f"e{n}" for n in range(len(scene.arrows)))
    inside = scene.arrows.index(arrow(scene, "signup_form", "user_db"))  # both ends in the operator cluster
    across = scene.arrows.index(arrow(scene, "user_db", "tutors"))
    assert re.search(rf"^    e{inside} \[", text, re.M) and re.search(rf"^  e{across} \[", text, re.M)
    assert "record" not in text and "Mrecord" not in text
    assert 'shape=cylinder' in text and "style=\"dashed\"" in text and "peripheries" not in text
    assert "<B>会員データベース</B>" in text and "委託" in text and "→ PH" in text


def _depth_first(scene: Scene):
    def walk(parent):
        for cluster in scene.clusters:
            if cluster.parent == parent:
                yield cluster
                yield from walk(cluster.id)
    return list(walk(None))


def test_dot_legend_lists_only_what_is_drawn():
    text = to_dot(build_scene(sample_graph(), "en"))
    legend = text[text.index("label=<<TABLE"):]
    assert "collection point (arrow)" in legend and "database (cylinder)" in legend
    assert "group company" not in legend and "succession" not in legend
    assert "financial-damage item" in legend and "sensitive item" in legend
    for words in ("leaves the home country, as daicho abroad lists", "⚠ no foreign-transfer basis (APPI 28)",
                  "⚠ recipient&#39;s location unknown", "storage only: the provider does not handle the data",
                  "grey box: location not recorded"):
        assert words in legend, words
    assert "⚠ eu_uk" not in legend and "brown box" not in legend


# --- Mermaid --------------------------------------------------------------------------------------------------

_ID = r"(?:n\d+|k\d+|k_title|k_edges)"
_LABEL = r'"[^"]*"'
_SHAPES = [r">{l}\]", r"\[\({l}\)\]", r"\[\[{l}\]\]", r"\({l}\)", r"\[/{l}/\]", r"\[\\{l}\\\]", r"\[{l}\]",
           r"\{{\{{{l}\}}\}}", r"\(\[{l}\]\)", r"\[/{l}\\\]"]
_LINE_RULES = [
    re.compile(r"%% [^\n]*"),
    re.compile(r"flowchart LR"),
    re.compile(rf"subgraph (?:cluster_\d+|legend)\[{_LABEL}\]"),
    re.compile(r"end"),
    re.compile(rf"{_ID}(?:{'|'.join(s.format(l=_LABEL) for s in _SHAPES)})"),
    re.compile(rf"n\d+ (?:-->|-\.->|==>)\|{_LABEL}\| n\d+"),
    re.compile(r"n\d+ -\.-o n\d+"),
    re.compile(r"classDef [a-z_]+ [a-z-]+:[#\w]+(?:,[a-z-]+:[#\w ]+)*"),
    re.compile(rf"class {_ID}(?:,{_ID})* [a-z_]+"),
    re.compile(r"style (?:cluster_\d+|n\d+) [a-z-]+:[#\w]+(?:,[a-z-]+:[#\w]+)*"),
    re.compile(r"linkStyle \d+ stroke:#\w+,stroke-width:[\d.]+px(?:,stroke-dasharray:\d+ \d+)?"),
]
_ALLOWED_TAGS = re.compile(r"</?(?:b|small)>|<br/>")


def check_mermaid(text: str) -> list[str]:
    """Tokenizer-level check of generated Mermaid: every line matches a known statement, subgraphs balance,
    labels hold no raw quote or markup except our own tags; returns the decoded label texts."""
    depth, labels = 0, []
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines:
        stripped = line.strip()
        assert any(rule.fullmatch(stripped) for rule in _LINE_RULES), f"unexpected Mermaid line: {line!r}"
        depth += stripped.startswith("subgraph ") - (stripped == "end")
        assert depth >= 0
        if stripped.startswith("%%"):
            continue
        for body in re.findall(_LABEL, stripped):
            inner = body[1:-1]
            rest = _ALLOWED_TAGS.sub("", inner)
            assert not re.search(r"#(?!\d+;)", rest), f"stray # in {body!r}"
            bare = re.sub(r"#\d+;", "", rest)
            assert not re.search(r"[<>`|;\[\]{}\"#&]", bare), f"raw reserved character in {body!r}"
            labels.append(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), _ALLOWED_TAGS.sub(" ", inner)))
    assert depth == 0
    return labels


def test_mermaid_structure():
    scene = build_scene(sample_graph(), "en", purposes=PURPOSES)
    text = to_mermaid(scene)
    labels = check_mermaid(text)
    assert sum(1 for line in text.splitlines() if re.match(r"\s+n\d+ (-->|-\.->|==>)", line)) == len(scene.arrows)
    assert re.findall(r"^\s*subgraph (cluster_\d+)", text, re.M) == [c.id for c in _depth_first(scene)]
    assert any("US · United States" in label for label in labels)
    assert "n0 -->|" in text and "-.->|" in text  # cross-border dashed
    assert any("Card number" in label for label in labels)
    assert len(re.findall(r"^\s*linkStyle", text, re.M)) == len(scene.arrows)


def test_many_edges_between_few_nodes_switch_to_sfdp():
    graph = big_graph(12)
    for n in range(12):  # each contractor also sends back, under two bases: 36 edges among 13 nodes
        graph.edges.append(GraphEdge(f"b{n}", f"c{n}", "db", ("email",), "consent"))
        graph.edges.append(GraphEdge(f"o{n}", f"c{n}", "db", ("email",), "opt_out"))
    scene = build_scene(graph, "en", dot_max=20, dot_max_edges=30)
    assert (len(scene.boxes), len(scene.arrows), scene.engine) == (13, 36, "sfdp")
    assert scene.notes == ["laid out with sfdp, not dot: 13 nodes and 36 edges (dot up to 20 nodes, 30 edges); "
                           "clusters not drawn"]


# --- property: clusters follow the resolved facts ---------------------------------------------------------------

_KINDS = st.sampled_from(["contractor", "subcontractor", "third_party", "joint_user"])
_PLACES = st.sampled_from(["JP", "US", "DE", None])


@st.composite
def resolved_graphs(draw) -> FlowGraph:
    """Recipients anywhere, systems on the operator's side, storage at a provider or on a recipient's side,
    random flows marked foreign or not."""
    recipients = [recipient(f"r{n}", draw(_KINDS), draw(_PLACES)) for n in range(draw(st.integers(1, 4)))]
    systems = []
    for n in range(draw(st.integers(1, 4))):
        runner = draw(st.sampled_from([None, *recipients]))
        where_kept = kept(draw(st.sampled_from(["JP", "US", "unknown"])))
        if where_kept["location"] == "unknown":
            where_kept["location_class"] = "unknown"
        if runner is not None and draw(st.booleans()):  # on the runner's side, at the runner's location
            systems.append(GraphNode(f"s{n}", "system", "database", operated_by=runner.key, party=runner.key,
                                     party_kind=runner.subkind, hosting=where_kept["hosting"],
                                     location=runner.location, location_class=runner.location_class))
        else:
            systems.append(own(f"s{n}", "system", "database", operated_by=runner.key if runner else None,
                               handles=runner is None, **where_kept))
    nodes = {n.key: n for n in [*recipients, *systems]}
    keys = sorted(nodes)
    edges = [GraphEdge(f"f{n}", draw(st.sampled_from(keys)), draw(st.sampled_from(keys)), ("i",), "internal",
                       foreign=draw(st.booleans())) for n in range(draw(st.integers(0, 6)))]
    return FlowGraph(nodes=nodes, edges=edges, items={"i": ItemInfo("i")}, home_country="JP")


@settings(max_examples=60, deadline=None)
@given(resolved_graphs())
def test_each_node_sits_where_its_party_and_location_say(graph):
    scene = build_scene(graph, "en")
    for key, node in graph.nodes.items():
        path = [c.role for c in _path(scene, key)]
        party = graph.nodes.get(node.side) if node.side else node
        assert path[0] == ("operator" if node.side is None else
                           "outsourcing" if party.subkind in ("contractor", "subcontractor") else "third_party")
        located = {"abroad": "country", "unknown": "unknown"}.get(party.location_class)
        assert (located in path) == (located is not None), (key, path)
        systems_drawn = any(n.side == node.side and n.kind == "system" for n in graph.nodes.values())
        assert (path[-1] == "party") == (node.side is not None and systems_drawn)
        if located == "country":
            assert next(c for c in _path(scene, key) if c.role == "country").label.startswith(party.location)
    foreign = {(e.src, e.dst) for e in graph.edges if e.foreign}
    ids = {b.id: b.key for b in scene.boxes}
    assert {(ids[a.src], ids[a.dst]) for a in scene.arrows if a.cross_border} == foreign


def _path(scene: Scene, key: str) -> list:
    clusters = {c.id: c for c in scene.clusters}
    out, at = [], box(scene, key).cluster
    while at is not None:
        out.append(clusters[at])
        at = clusters[at].parent
    return out[::-1]
