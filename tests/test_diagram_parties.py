"""Diagrams on the resolved model: a small inventory built here, with a foreign contractor's operated system,
storage-only storage abroad, a two-parent sub-processor and a recipient of unknown location."""

from __future__ import annotations

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.diagram.dot import to_dot
from daicho.catalog.diagram.layout import Scene, build_scene
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.diagram.render import render_image
from daicho.catalog.diagram.source import diagram_scene, focus_graph
from daicho.catalog.lineage.graphs import full_graph, item_graph, node_graph
from daicho.catalog.lineage.nodes import abroad
from daicho.catalog.lineage.where import where
from daicho.inventory.db import ReadDB
from test_diagram import check_mermaid
from test_diagram_render import needs_dot, svg_text

#: home JP. app_db → helpdesk (US SaaS run by a PH contractor, no foreign basis); app_db → backup (SG storage
#: whose US provider does not handle the data); app_db → mail_a (JP) / mail_b (DE) → sender (US, both engage
#: it); app_db → partner (a third party, location unknown); app_db → crm (the operator's, location unknown)
PARTIES = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "items": [
        {"key": "email", "name": {"en": "Email address", "ja": "メールアドレス"}},
        {"key": "name", "name": {"en": "Name", "ja": "氏名"}},
        {"key": "card", "name": {"en": "Card number", "ja": "カード番号"}, "financial": True},
    ],
    "collection_points": [{"key": "web_form", "name": {"en": "Web form", "ja": "Webフォーム"}}],
    "systems": [
        {"key": "app_db", "name": {"en": "App database", "ja": "アプリDB"}, "country": "JP",
         "items": ["email", "name", "card"]},
        {"key": "helpdesk", "name": {"en": "Helpdesk SaaS", "ja": "ヘルプデスク"}, "kind": "saas", "country": "US",
         "operated_by": "ph_support"},
        {"key": "backup", "name": {"en": "Backup storage", "ja": "バックアップ"}, "country": "SG",
         "operated_by": "cloud_store"},
        {"key": "crm", "name": {"en": "CRM", "ja": "顧客管理"}},
    ],
    "recipients": [
        {"key": "ph_support", "name": {"en": "PH Support Inc.", "ja": "PHサポート"}, "kind": "contractor",
         "country": "PH"},
        {"key": "cloud_store", "name": {"en": "Cloud Store LLC", "ja": "クラウドストア"}, "kind": "contractor",
         "country": "US", "handles_data": False},
        {"key": "mail_a", "name": {"en": "Mail A", "ja": "メールA"}, "kind": "contractor", "country": "JP"},
        {"key": "mail_b", "name": {"en": "Mail B GmbH", "ja": "メールB"}, "kind": "contractor", "country": "DE"},
        {"key": "sender", "name": {"en": "Sender Corp", "ja": "センダー"}, "kind": "subcontractor", "country": "US",
         "parents": ["mail_a", "mail_b"]},
        {"key": "partner", "name": {"en": "Partner", "ja": "提携先"}, "kind": "third_party"},
    ],
    "flows": [
        {"from": "web_form", "to": "app_db", "items": ["email", "name", "card"], "basis": "collection"},
        {"from": "app_db", "to": "helpdesk", "items": ["email", "name"], "basis": "outsourcing"},
        {"from": "app_db", "to": "backup", "items": ["email", "name", "card"], "basis": "internal"},
        {"from": "app_db", "to": "mail_a", "items": ["email"], "basis": "outsourcing"},
        {"from": "app_db", "to": "mail_b", "items": ["email"], "basis": "outsourcing", "foreign_basis": "eu_uk"},
        {"from": "mail_a", "to": "sender", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "mail_b", "to": "sender", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "app_db", "to": "partner", "items": ["name"], "basis": "consent"},
        {"from": "app_db", "to": "crm", "items": ["email"], "basis": "internal"},
    ],
}


@pytest.fixture(scope="module")
def parties_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("parties")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, PARTIES))
    return url


@pytest.fixture
def parties_db(parties_url):
    with ReadDB(parties_url) as conn:
        yield conn


def _scene(db, lang: str = "en", **focus):
    return diagram_scene(db, lang=lang, **focus)


def box(scene: Scene, key: str):
    return next(b for b in scene.boxes if b.key == key)


def path_of(scene: Scene, key: str) -> list[tuple[str, str]]:
    """(role, label) of each cluster around a node, outermost first."""
    clusters = {c.id: c for c in scene.clusters}
    out, at = [], box(scene, key).cluster
    while at is not None:
        out.append((clusters[at].role, clusters[at].label))
        at = clusters[at].parent
    return out[::-1]


def texts(lines) -> list[str]:
    return ["".join(span.text for span in line) for line in lines]


def test_graph_nodes_and_edges_carry_the_resolved_facts(parties_db):
    graph = full_graph(parties_db)
    helpdesk, backup = graph.nodes["helpdesk"], graph.nodes["backup"]
    assert (helpdesk.party, helpdesk.party_kind, helpdesk.location, helpdesk.hosting) == (
        "ph_support", "contractor", "PH", ("US",))
    assert (backup.party, backup.handles, backup.operated_by, backup.location) == ("acme", False, "cloud_store", "SG")
    assert graph.nodes["sender"].parents == ("mail_a", "mail_b")
    assert (graph.nodes["partner"].location, graph.nodes["partner"].location_class) == ("unknown", "unknown")
    edges = {e.flow: e for e in graph.edges}
    assert (edges["app_db__helpdesk"].boundary, edges["app_db__helpdesk"].foreign_status) == ("outsourcing", "missing")
    assert (edges["app_db__backup"].boundary, edges["app_db__backup"].basis_status) == ("storage", "not_needed")
    assert edges["app_db__partner"].foreign_status == "unknown_location"


@pytest.mark.parametrize("focus", [{}, {"item": "email"}, {"item": "name"}, {"recipient": "sender"}])
def test_border_marks_exactly_on_the_flows_abroad_lists(parties_db, focus):
    """Dashed edges are the flows `daicho abroad` lists; its missing / unknown-country statuses are marked."""
    listed = {f["flow"]: f["status"] for f in abroad(parties_db)["flows"]}
    graph = focus_graph(parties_db, **focus)[0]
    assert {e.flow for e in graph.edges if e.foreign} == set(listed) & {e.flow for e in graph.edges}
    scene = build_scene(graph, "en")
    ids = {b.key: b.id for b in scene.boxes}
    for edge in graph.edges:
        drawn = next(a for a in scene.arrows if (a.src, a.dst) == (ids[edge.src], ids[edge.dst]))
        assert drawn.cross_border == (edge.flow in listed)
        assert ("missing_basis" in drawn.marks) == (listed.get(edge.flow) == "missing")
        assert ("unknown_location" in drawn.marks) == (listed.get(edge.flow) == "unknown_country")


def test_a_contractors_system_is_drawn_in_its_party_box_abroad(parties_db):
    scene = _scene(parties_db)
    assert path_of(scene, "helpdesk") == [("outsourcing", "Contractors (outsourcing)"), ("country", "PH · Philippines"),
                                          ("party", "PH Support Inc. (contractor)")]
    assert box(scene, "ph_support").cluster == box(scene, "helpdesk").cluster
    assert texts(box(scene, "helpdesk").lines) == ["Helpdesk SaaS", "SaaS · US", "run by PH Support Inc."]
    to_helpdesk = next(a for a in scene.arrows if a.dst == box(scene, "helpdesk").id)
    assert texts(to_helpdesk.lines)[1:3] == ["outsourcing → PH", "⚠ no APPI 28 basis"]


def test_storage_only_stays_on_the_operators_side_marked_as_stored_at_the_provider(parties_db):
    scene = _scene(parties_db)
    assert path_of(scene, "backup") == [("operator", "Acme (Operator, JP)"), ("country", "SG · Singapore")]
    assert texts(box(scene, "backup").lines)[-1] == "stored at Cloud Store LLC (does not handle the data)"
    to_backup = next(a for a in scene.arrows if a.dst == box(scene, "backup").id)
    assert "storage" in to_backup.marks and "storage only, no provision" in texts(to_backup.lines)
    assert path_of(scene, "cloud_store")[:2] == [("outsourcing", "Contractors (outsourcing)"),
                                                 ("country", "US · United States")]


def test_unknown_location_gets_its_own_cluster_never_the_home_country(parties_db):
    scene = _scene(parties_db)
    assert path_of(scene, "partner") == [("third_party", "Third parties and joint users"),
                                         ("unknown", "location unknown")]
    assert path_of(scene, "crm") == [("operator", "Acme (Operator, JP)"), ("unknown", "location unknown")]
    ja = _scene(parties_db, "ja")
    assert path_of(ja, "crm")[-1] == ("unknown", "所在不明")
    assert path_of(ja, "helpdesk")[-1] == ("party", "PHサポート（委託先）")
    assert texts(box(ja, "backup").lines)[-1] == "クラウドストア に保管（データの取扱いなし）"
    to_partner = next(a for a in ja.arrows if a.dst == box(ja, "partner").id)
    assert texts(to_partner.lines)[1:] == ["第三者提供(同意) → 所在不明", "⚠ 所在不明"]


def test_a_two_parent_sub_processor_has_an_edge_and_a_label_per_contractor(parties_db):
    scene = _scene(parties_db, item="email")
    sender = box(scene, "sender")
    assert texts(sender.lines)[-2:] == ["sub-contractor of Mail A", "sub-contractor of Mail B GmbH"]
    into = [a for a in scene.arrows if a.dst == sender.id]
    assert sorted(a.src for a in into) == sorted([box(scene, "mail_a").id, box(scene, "mail_b").id])
    assert all(texts(a.lines)[1] == "outsourcing → US (compliant system)" for a in into)
    assert not scene.links  # each contractor already has a flow to it
    graph = full_graph(parties_db)
    graph.edges = [e for e in graph.edges if e.flow != "mail_a__sender"]
    linked = build_scene(graph, "en")
    assert [(link.src, link.dst) for link in linked.links] == [(box(linked, "mail_a").id, box(linked, "sender").id)]
    assert "sub_link" in linked.flags()
    check_mermaid(to_mermaid(linked))
    assert "-> " + box(linked, "sender").id + ' [style="dotted"' in to_dot(linked)


def test_item_graph_hops_are_the_hops_of_where(parties_db):
    for item in ("email", "name", "card"):
        graph = item_graph(parties_db, item)
        walked = {n["key"]: n["hops"] for n in where(parties_db, item)["nodes"]}
        assert {k: n.hops for k, n in graph.nodes.items()} == walked
    assert item_graph(parties_db, "email").nodes["app_db"].hops == 1  # entry: the web form


def test_a_recipient_focus_draws_its_side(parties_db):
    graph = node_graph(parties_db, "ph_support", depth=1)
    assert {"ph_support", "helpdesk", "app_db"} <= set(graph.nodes)
    assert [e.flow for e in graph.edges] == ["app_db__helpdesk"]


def test_legend_explains_the_marks(parties_db):
    for lang, words in (("en", ["leaves the home country", "⚠ no foreign-transfer basis (APPI 28)",
                                "⚠ recipient&#39;s location unknown", "storage only: the provider does not handle",
                                "brown box: a recipient and the systems it runs", "grey box: location not recorded"]),
                        ("ja", ["国外への移転・保管", "⚠ 外国移転の根拠なし（法28条）", "⚠ 提供先の所在国が不明",
                                "保管のみ", "茶色の枠", "灰色の枠"])):
        text = to_dot(_scene(parties_db, lang))
        legend = text[text.index("label=<<TABLE"):text.index("bgcolor=")]
        for word in words:
            assert word in legend, word


@needs_dot
def test_the_party_inventory_renders(parties_db, tmp_path):
    scene = _scene(parties_db)
    render_image(scene, "svg", tmp_path / "parties.svg")
    shown = " ".join(svg_text(tmp_path / "parties.svg").split())
    for text in ("PH Support Inc. (contractor)", "PH · Philippines", "SG · Singapore", "location unknown",
                 "stored at Cloud Store LLC", "sub-contractor of Mail B GmbH", "⚠ no APPI 28 basis"):
        assert text in shown, text
