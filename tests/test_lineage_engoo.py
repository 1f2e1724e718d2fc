"""Lineage on the bundled Engoo example: where the card number goes, what Google Analytics receives, what the
sellers receive (name and address only), the payment contractor's chain, and the demo tour's walk."""

from __future__ import annotations

import json

import pytest
from daicho.catalog.lineage.graphs import item_graph, node_graph
from daicho.catalog.lineage.nodes import abroad, holds
from daicho.catalog.lineage.selectors import select_keys
from daicho.catalog.lineage.where import receives, where
from daicho.catalog.review.tour import tour_item
from daicho.cli.app import app
from daicho.inventory.db import ReadDB
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def db(engoo_url):
    with ReadDB(engoo_url) as conn:
        yield conn


def test_where_the_card_number_goes(db):
    result = where(db, "card_number")
    nodes = {n["key"]: n for n in result["nodes"]}
    assert {k for k, n in nodes.items() if n["kind"] == "recipient"} == {"payment_processor", "card_network"}
    # purchase form → member database → payment processor → card network: hops count from the form
    assert nodes["member_db"]["hops"] == 1 and nodes["purchase_form"]["hops"] == 0
    assert nodes["payment_processor"]["hops"] == 2 and nodes["payment_processor"]["group"] == "outsourced"
    network = nodes["card_network"]
    assert network["hops"] == 3 and network["group"] == "abroad" and network["chain"] == ["payment_processor"]
    hop = next(h for h in result["hops"] if h["to"] == "card_network")
    assert hop["border"] == "abroad" and hop["foreign_basis"] == "compliant_system"
    assert hop["boundary"] == "subcontracting" and hop["foreign_status"] == "recorded"
    assert all(h["basis"] in ("collection", "outsourcing") for h in result["hops"])
    assert "US" in result["summary"]["countries"]


def test_what_google_analytics_receives(db):
    result = receives(db, "google_analytics")
    items = {e["item"] for e in result["items"]}
    assert items == {"browsing_history", "cookie_id", "ip_address", "user_agent"}
    assert all(o["kind"] == "collection_point" for e in result["items"] for o in e["origins"])
    assert not result["summary"]["sensitive"] and not result["summary"]["financial"]


def test_the_sellers_receive_name_and_address_only(db):
    result = receives(db, "marketplace_sellers")
    assert {e["item"] for e in result["items"]} == {"name", "address"}
    assert result["node"]["country"] == "unknown"  # not stated in the policy: unknown, and said so
    assert all(h["basis"] == "consent" for h in result["hops"] if h["to"] == "marketplace_sellers")


def test_holds_and_abroad(db):
    member_db = holds(db, "member_db")
    assert "card_number" in {i["item"] for i in member_db["stored"]}
    assert "payment_processor" in {f["to"] for f in member_db["flows_out"]}
    flows = abroad(db)["flows"]
    assert {"card_network", "google_analytics"} <= {f["to"] for f in flows}
    assert all(f["status"] != "ok" or f["foreign_basis"] for f in flows)


def test_graphs_and_selectors(db):
    graph = item_graph(db, "card_number")
    assert graph.nodes["card_network"].parent == "payment_processor"
    assert "payment_processor" in node_graph(db, "card_network", direction="up").nodes
    assert {"payment_processor", "card_network"} <= select_keys(db, "card_number+")
    assert "card_number" in select_keys(db, "+payment_processor")


def test_tour_walks_with_the_lineage_api(db):
    tour = tour_item(db)
    reached = {r["to"] for r in tour["recipients"]}
    expected = {n["key"] for n in where(db, tour["key"])["nodes"] if n["kind"] == "recipient"}
    assert reached == expected and tour["recipients"]
    assert all(r["basis"] for r in tour["recipients"])


@pytest.mark.parametrize("args", [["where", "card_number"], ["where", "card_number", "--lang", "ja"],
                                  ["receives", "google_analytics"], ["path", "purchase_form", "card_network"],
                                  ["holds", "member_db"], ["abroad"], ["breach", "payment_processor"],
                                  ["breach", "payment_processor", "--lang", "ja"]])
def test_commands_run_on_engoo(engoo_url, args):
    result = CliRunner().invoke(app, [*args, "--db", engoo_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert json.loads(CliRunner().invoke(app, [*args, "--db", engoo_url, "--json"]).stdout)


def test_abroad_tells_personally_referable_flows_from_personal_data(engoo_url):
    """Cookie-only tag flows carry no personal data (APPI 28 does not apply, 31 may); the IP-address flow does."""
    from daicho.catalog.lineage.nodes import abroad
    from daicho.inventory.db import ReadDB

    with ReadDB(engoo_url) as db:
        status = {f["flow"]: f["status"] for f in abroad(db)["flows"]}
        referable = {r["key"] for r in db.rows("SELECT key FROM item WHERE personally_referable")}
        carried = {f["flow"]: set(f["items"]) for f in abroad(db)["flows"]}
    assert status["cookies_and_tags__google_analytics"] == "referable"
    assert status["site_access__google_analytics"] == "missing"
    assert all(carried[k] <= referable for k, v in status.items() if v == "referable")


def test_item_graph_notes_are_codes_the_caption_speaks_the_diagram_language(engoo_url):
    from daicho.catalog.diagram.styles import caption
    from daicho.catalog.lineage.graphs import item_graph
    from daicho.inventory.db import ReadDB

    with ReadDB(engoo_url) as db:
        graph = item_graph(db, "lesson_records", depth=2)
    assert ("depth", {"n": 2}) in graph.notes
    assert ("ends", {"from": "lesson_records", "item": "lesson_records_anonymised", "method": "anonymisation",
                     "at": graph.notes[0][1]["at"]}) in graph.notes
    en, ja = caption(graph.notes, "en"), caption(graph.notes, "ja")
    assert "trail ends: lesson_records → lesson_records_anonymised by anonymisation" in en
    assert en.endswith("limited to 2 hops")
    assert "追跡終了: lesson_records → lesson_records_anonymised（匿名加工" in ja and ja.endswith("2 ホップまで")
    assert caption([("depth", {"n": 1})], "en") == "limited to 1 hop" and caption([], "ja") is None
    follows = [("follows", {"trail": [{"item": "b", "method": "pseudonymisation", "from": "a"}]}), ("depth", {"n": 3})]
    assert caption(follows, "en") == "also follows b (pseudonymisation of a); limited to 3 hops"
    assert caption(follows, "ja") == "派生項目も追跡: b（aの仮名加工）。3 ホップまで"
