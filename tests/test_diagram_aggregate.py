"""Past what a layout engine can draw, `daicho diagram` draws groups with counts and says so; below it (the
examples) nothing changes."""

from __future__ import annotations

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.diagram.aggregate import AGGREGATE_OVER, MAX_ARROWS
from daicho.catalog.diagram.dot import to_dot
from daicho.catalog.diagram.mermaid import to_mermaid
from daicho.catalog.diagram.source import diagram_scene
from daicho.inventory.db import ReadDB

SYSTEMS = AGGREGATE_OVER + 50
PLACES = ["JP", "US", None, "DE"]  # None: location unknown


def _big() -> dict:
    """A collection point feeding SYSTEMS systems (a quarter abroad, a quarter of unknown location), half of
    them sending to one of 40 contractors (some abroad) and a third party."""
    systems = [{"key": f"s{n:04d}", "name": f"System {n}", "kind": ("database", "saas")[n % 2],
                **({"country": PLACES[n % 4]} if PLACES[n % 4] else {})} for n in range(SYSTEMS)]
    recipients = [{"key": f"c{n:02d}", "name": f"Contractor {n}", "kind": "contractor",
                   "country": ("JP", "SG")[n % 2]} for n in range(40)]
    recipients.append({"key": "tp", "name": "Partner", "kind": "third_party", "country": "JP"})
    flows = [{"from": "form", "to": s["key"], "items": ["email"], "basis": "collection"} for s in systems]
    flows += [{"from": s["key"], "to": f"c{n % 40:02d}", "items": ["email"], "basis": "outsourcing",
               **({"foreign_basis": "consent"} if n % 80 == 1 else {})}
              for n, s in enumerate(systems) if n % 2 == 0]
    flows.append({"from": "s0000", "to": "tp", "items": ["email"], "basis": "consent"})
    return {"organization": {"key": "acme", "name": "Acme", "country": "JP"},
            "items": [{"key": "email", "name": "Email"}],
            "collection_points": [{"key": "form", "name": "Form"}],
            "systems": systems, "recipients": recipients, "flows": flows}


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    url = f"sqlite:///{folder / 'd.db'}"
    load_into(url, write_manifest(folder, _big()))
    with ReadDB(url) as db:
        yield db


@pytest.mark.parametrize(("focus", "nodes"), [({}, SYSTEMS + 42), ({"item": "email"}, SYSTEMS + 22)])
def test_past_the_limit_the_picture_is_aggregated_and_says_so(big_db, focus, nodes):
    """The whole map (every node), and where the item goes (20 of the contractors and the third party)."""
    scene = diagram_scene(big_db, lang="en", **focus)
    assert len(scene.boxes) < 40  # groups, not 1,000 nodes
    assert any(note.startswith("aggregated: ") and f"{nodes:,} nodes" in note for note in scene.notes)
    counts = {b.key: b.members for b in scene.boxes}
    assert sum(counts.values()) == nodes  # every node counted once: systems, recipients, the form
    databases = {b.key: b for b in scene.boxes if b.style == "database"}
    assert sum(b.members for b in databases.values()) == (SYSTEMS + 1) // 2
    assert set(databases) == {"group:operator/-/database", "group:operator/unknown/database"}  # home, unknown
    assert counts["group:operator/US/saas"] == len(range(1, SYSTEMS, 4))  # the operator's SaaS in the US, apart
    assert any(c.role == "unknown" for c in scene.clusters) and any(c.role == "country" for c in scene.clusters)
    assert sum(a.flows for a in scene.arrows) <= len(_big()["flows"])
    assert any(a.cross_border for a in scene.arrows)  # some of the flows abroad lists are in it
    assert len(scene.arrows) <= MAX_ARROWS
    dot, mermaid = to_dot(scene), to_mermaid(scene)
    assert "aggregated: " in dot and "collection point" in dot
    assert "flowchart" in mermaid


def test_the_caption_is_in_japanese_too(big_db):
    scene = diagram_scene(big_db, lang="ja")
    assert any(note.startswith("集約表示") for note in scene.notes)


def test_under_the_limit_nothing_is_aggregated(big_db, engoo_url):
    with ReadDB(engoo_url) as db:
        for focus in ({}, {"item": "email"}):
            assert not any("aggregated" in n for n in diagram_scene(db, lang="en", **focus).notes)
    scene = diagram_scene(big_db, lang="en", system="s0001", depth=1)  # a slice of the big one: drawn whole
    assert not any("aggregated" in n for n in scene.notes)
    assert {b.key for b in scene.boxes} >= {"s0001", "form"}


@pytest.mark.parametrize("focus", [{}, {"item": "email"}, {"system": "member_db"}])
def test_the_limit_can_be_lowered(engoo_url, focus):
    with ReadDB(engoo_url) as db:
        scene = diagram_scene(db, lang="en", limit=3, **focus)
    assert any(n.startswith("aggregated: ") for n in scene.notes)
    assert scene.boxes and all(b.key.startswith("group:") and b.members > 0 for b in scene.boxes)
