"""Item-level lineage on a small known inventory: where, receives, holds, path, abroad, the FlowGraph slices,
and the query plan of the recursive walk (also after ANALYZE), on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.flowgraph import FlowGraph
from daicho.catalog.lineage.graphs import full_graph, item_graph, node_graph
from daicho.catalog.lineage.nodes import abroad, holds, paths_between
from daicho.catalog.lineage.where import receives, where
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import AmbiguousKey, UnknownKey
from daicho.inventory.store import sqlite_path

#: signup → crm → dwh(US) → ads(US, as email_hash); crm → mailer(US) ⇄ sub (country unknown);
#: email is pseudonymised (email_hash) and aggregated (stats) at dwh; card goes to mailer outside its scope.
SHOP = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "subjects": [{"key": "customer", "name": "Customer"}],
    "purposes": [{"key": "billing", "name": "Billing"}, {"key": "marketing", "name": "Marketing"}],
    "items": [
        {"key": "email", "name": {"en": "Email address", "ja": "メールアドレス"}, "subjects": ["customer"],
         "persons": 5000},
        {"key": "email_hash", "name": "Hashed email", "pseudonymised": True},
        {"key": "stats", "name": "Statistics", "anonymised": True},
        {"key": "card", "name": "Card number", "financial": True, "persons": 800},
        {"key": "health", "name": "Health note", "sensitive": True, "consent_obtained": True},
        {"key": "memo", "name": "Memo"},
    ],
    "collection_points": [{"key": "signup", "name": "Sign-up form"}],
    "systems": [
        {"key": "crm", "name": "CRM", "items": ["email", "card"]},
        {"key": "dwh", "name": "Warehouse", "country": "US"},
        {"key": "clinic", "name": "Clinic DB", "items": ["health"]},
    ],
    "recipients": [
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "US",
         "contract": {"scope_items": ["email"], "subcontracting": "allowed"},
         "compliant_system": {"instrument": "contract"}, "compliance_check": "2025-01-10"},
        {"key": "sub", "name": "Sub", "kind": "subcontractor", "parent": "mailer"},
        {"key": "ads", "name": "Ads", "kind": "third_party", "country": "US"},
        {"key": "eu", "name": "EU partner", "kind": "third_party", "country": "DE"},
    ],
    "flows": [
        {"from": "signup", "to": "crm", "items": ["email", "card"], "basis": "collection", "purposes": ["billing"]},
        {"from": "crm", "to": "dwh", "items": ["email"], "basis": "internal"},
        {"from": "crm", "to": "mailer", "items": ["email", "card"], "basis": "outsourcing",
         "foreign_basis": "compliant_system", "mechanism": "API"},
        {"from": "mailer", "to": "sub", "items": ["email"], "basis": "outsourcing"},
        {"from": "sub", "to": "mailer", "items": ["email"], "basis": "outsourcing"},
        {"from": "dwh", "to": "ads", "items": ["email_hash"], "basis": "consent", "purposes": ["marketing"]},
        {"from": "dwh", "to": "eu", "items": ["stats"], "basis": "consent", "foreign_basis": "eu_uk"},
    ],
    "derivations": [
        {"from": "email", "to": "email_hash", "method": "pseudonymisation", "at": "dwh"},
        {"from": "email", "to": "stats", "method": "aggregation", "at": "dwh"},
    ],
}


@pytest.fixture(scope="module")
def shop_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("shop")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, SHOP))
    return url


@pytest.fixture
def db(shop_url):
    with ReadDB(shop_url) as conn:
        yield conn


def _nodes(result) -> dict:
    return {n["key"]: n for n in result["nodes"]}


def test_where_follows_the_trail_with_hops_paths_and_groups(db):
    result = where(db, "email")
    nodes = _nodes(result)
    # hops count from where email enters (the sign-up form), not from every system that stores it
    assert {k: n["hops"] for k, n in nodes.items()} == {"signup": 0, "crm": 1, "dwh": 2, "mailer": 2, "ads": 3,
                                                        "sub": 3}
    assert nodes["ads"]["items"] == ["email_hash"]  # reached as the pseudonym
    assert nodes["ads"]["paths"] == [["signup__crm", "crm__dwh", "dwh__ads"]]
    assert nodes["sub"]["chain"] == ["mailer"] and nodes["sub"]["group"] == "outsourced"
    assert nodes["dwh"]["group"] == "abroad" and nodes["crm"]["group"] == "internal"
    assert nodes["signup"]["start"] and not nodes["crm"]["start"] and not nodes["dwh"]["start"]
    assert nodes["crm"]["country"] == "unknown"  # no country recorded: never the operator's by default
    assert result["recipients"] == ["ads", "mailer", "sub"]
    assert "eu" not in nodes  # only the aggregate goes there: the trail ended
    assert result["trail"] == [{"item": "email_hash", "from": "email", "method": "pseudonymisation", "at": "dwh"}]
    assert [(e["item"], e["method"], e["at_reached"]) for e in result["ends"]] == [("stats", "aggregation", True)]
    hops = {h["flow"]: h for h in result["hops"]}
    assert hops["crm__dwh"]["border"] == "abroad" and hops["crm__dwh"]["boundary"] == "internal"
    assert hops["crm__mailer"]["boundary"] == "outsourcing" and hops["mailer__sub"]["boundary"] == "subcontracting"
    assert hops["dwh__ads"]["boundary"] == "provision" and hops["dwh__ads"]["foreign_status"] == "missing"
    assert hops["mailer__sub"]["border"] == "unknown"
    assert hops["crm__mailer"]["items"] == ["email"]  # card is on that flow too, but not on email's trail
    assert hops["crm__mailer"]["foreign_basis"] == "compliant_system" and hops["crm__mailer"]["mechanism"] == "API"
    assert result["summary"] == {"systems": 2, "recipients": 3, "collection_points": 1, "countries": ["US"],
                                 "abroad": 3, "unknown_country": ["crm", "sub"], "home_country": "JP"}


def test_where_depth_cycles_and_scope(db):
    assert set(_nodes(where(db, "email", depth=2))) == {"signup", "crm", "dwh", "mailer"}
    assert set(_nodes(where(db, "email", depth=0))) == {"signup"}
    card = _nodes(where(db, "card"))
    assert card["mailer"]["outside_scope"] == ["card"]  # the contract covers email only
    assert _nodes(where(db, "email"))["mailer"]["outside_scope"] == []


def test_where_of_an_item_that_goes_nowhere_is_empty(db):
    result = where(db, "memo")
    assert result["nodes"] == [] and result["hops"] == []
    assert result["summary"]["systems"] == 0


def test_where_resolves_names_and_prefixes(db):
    assert where(db, "Email address")["item"]["item"] == "email"
    assert where(db, "メールアドレス")["item"]["item"] == "email"
    assert where(db, "car")["item"]["item"] == "card"
    with pytest.raises(AmbiguousKey):
        where(db, "e")
    with pytest.raises(UnknownKey, match=r"^no item 'emial'; did you mean 'email'\?$"):
        where(db, "emial")
    with pytest.raises(UnknownKey):
        where(db, "crm")  # a system, not an item


def test_receives_is_the_inverse_of_where(db):
    result = receives(db, "ads")
    entries = {e["item"]: e for e in result["items"]}
    assert set(entries) == {"email", "email_hash"}
    assert entries["email"]["derived"] and entries["email"]["as"] == ["email_hash"]
    assert entries["email"]["hops"] == 3 and entries["email"]["paths"] == [["signup__crm", "crm__dwh", "dwh__ads"]]
    assert {o["key"] for o in entries["email"]["origins"]} == {"signup"}
    assert [o["key"] for o in entries["email_hash"]["origins"]] == ["dwh"]
    assert {e["item"] for e in receives(db, "mailer")["items"]} == {"email", "card"}
    clinic = receives(db, "clinic")["items"]  # stored there with no recorded way in: it starts there
    assert [(e["item"], e["hops"], e["stored"]) for e in clinic] == [("health", 0, True)]


def test_holds_lists_stored_received_and_flows(db):
    result = holds(db, "mailer")
    assert [i["item"] for i in result["received"]] == ["email", "card"]
    assert result["outside_scope"] == ["card"]
    assert [f["flow"] for f in result["flows_in"]] == ["crm__mailer", "sub__mailer"]
    assert [f["flow"] for f in result["flows_out"]] == ["mailer__sub"]
    dwh = holds(db, "dwh")
    assert [(d["to"], d["method"]) for d in dwh["derivations"]] == [("email_hash", "pseudonymisation"),
                                                                    ("stats", "aggregation")]
    assert [i["item"] for i in holds(db, "crm")["stored"]] == ["email", "card"]


def test_paths_between_nodes(db):
    result = paths_between(db, "signup", "sub")
    assert [p["nodes"] for p in result["paths"]] == [["signup", "crm", "mailer", "sub"]]
    assert result["paths"][0]["hops"][1]["flows"][0]["items"] == ["email", "card"]
    assert not result["more"]
    assert paths_between(db, "sub", "signup")["paths"] == []
    assert paths_between(db, "crm", "crm")["paths"] == []
    capped = paths_between(db, "signup", "ads", limit=1)
    assert len(capped["paths"]) == 1 and not capped["more"]
    only = paths_between(db, "signup", "eu", item="email")
    assert only["paths"] == []  # email's trail never reaches eu


def test_abroad_lists_each_cross_border_flow_with_its_status(db):
    result = abroad(db)
    status = {f["flow"]: f["status"] for f in result["flows"]}
    # crm has no country: storage of unknown location is listed too; sub returns email to mailer (not a
    # provision); only statistics go to eu (no personal data: APPI 28 does not apply)
    assert status == {"signup__crm": "own_system", "crm__dwh": "own_system", "crm__mailer": "ok",
                      "mailer__sub": "unknown_country", "dwh__ads": "missing", "dwh__eu": "referable"}
    assert result["summary"]["missing"] == 1 and result["summary"]["countries"] == ["DE", "US"]
    assert "leaves Japan is unknown" in next(f["note"] for f in result["flows"] if f["flow"] == "mailer__sub")


def test_flowgraph_slices(db):
    graph = item_graph(db, "email")
    assert isinstance(graph, FlowGraph) and graph.focus == "email"
    assert graph.nodes["ads"].hops == 3 and graph.nodes["sub"].parent == "mailer"
    assert {e.flow for e in graph.edges} == {"signup__crm", "crm__dwh", "crm__mailer", "mailer__sub",
                                             "sub__mailer", "dwh__ads"}
    assert set(graph.items) == {"email", "email_hash"}
    assert any(code == "ends" and p["method"] == "aggregation" for code, p in graph.notes)
    down = node_graph(db, "dwh", direction="down")
    assert set(down.nodes) == {"dwh", "ads", "eu"} and down.nodes["eu"].hops == 1
    up = node_graph(db, "dwh", direction="up", depth=1)
    assert set(up.nodes) == {"dwh", "crm"} and [e.flow for e in up.edges] == ["crm__dwh"]
    assert set(node_graph(db, "mailer").nodes) == {"mailer", "sub", "crm", "signup"}
    full = full_graph(db)
    assert len(full.edges) == len(SHOP["flows"]) and "clinic" in full.nodes
    assert next(e for e in full.edges if e.flow == "crm__dwh").crosses_border


def _plan(conn, sql: str, params: dict) -> list[str]:
    return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.mark.parametrize("depth", [None, 2])
def test_recursive_step_uses_the_primary_key_also_after_analyze(db, shop_url, depth):
    _, sql, params = q.trail_sql(db, ["email", "email_hash"], depth)
    path = sqlite_path(shop_url)
    for analyzed in (False, True):
        conn = sqlite3.connect(path)
        if analyzed:
            conn.execute("ANALYZE")
            conn.commit()
        plan = _plan(conn, sql, params)
        conn.close()
        step = plan[plan.index("RECURSIVE STEP"):]
        assert "SEARCH e USING PRIMARY KEY (item=? AND src=?)" in step, plan
        assert not any("BLOOM" in line for line in plan), plan
        assert not any(line.startswith("SCAN e") for line in plan), plan


def test_pinned_plan_survives_analyze_on_a_bigger_store(tmp_path):
    """The measured failure: after ANALYZE, a Bloom filter in the recursive step. Without the hint it appears."""
    items = [{"key": f"i{n}", "name": f"I{n}"} for n in range(30)]
    systems = [{"key": f"s{n}", "name": f"S{n}", "items": [i["key"] for i in items]} for n in range(40)]
    flows = [{"key": f"f{n}", "from": f"s{n % 40}", "to": f"s{(n * 7 + 1) % 40}", "items": [f"i{n % 30}"],
              "basis": "internal"} for n in range(400) if n % 40 != (n * 7 + 1) % 40]
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, write_manifest(tmp_path, {"items": items, "systems": systems, "flows": flows}))
    conn = sqlite3.connect(sqlite_path(url))
    conn.execute("ANALYZE")
    conn.commit()
    with ReadDB(url) as db:
        _, sql, params = q.trail_sql(db, ["i1"])
        plan = _plan(conn, sql, params)
        assert "SEARCH e USING PRIMARY KEY (item=? AND src=?)" in plan and not any("BLOOM" in p for p in plan)
        unhinted = sql.replace(q._few(db), "")
        assert any("BLOOM" in p for p in _plan(conn, unhinted, params))  # what the hint prevents
        assert where(db, "i1")["nodes"]



def test_where_and_receives_on_any_store(any_url, tmp_path):
    load_into(any_url, write_manifest(tmp_path, SHOP))
    with ReadDB(any_url) as conn:
        nodes = _nodes(where(conn, "email"))
        assert {k: n["hops"] for k, n in nodes.items()} == {"signup": 0, "crm": 1, "dwh": 2, "mailer": 2, "ads": 3,
                                                            "sub": 3}
        assert set(_nodes(where(conn, "email", depth=2))) == {"signup", "crm", "dwh", "mailer"}
        for depth in (None, 2):  # hops read as they are written (`--json`): the same hops, in the same order
            full, streamed = where(conn, "email", depth), where(conn, "email", depth, stream=True)
            assert list(streamed.pop("hops")) == full.pop("hops") and streamed == full
            whole = {n["key"]: n for n in full["nodes"]}  # the terminal's (catalog.lineage.reach): shown nodes
            for show in (1, 2):                            # whole, the others placed and counted alike
                part = where(conn, "email", depth, show=show)
                assert part["summary"] == full["summary"] and [n["key"] for n in part["nodes"]] == list(whole)
                entered = [n for n in part["nodes"] if "paths" in n]
                assert entered and all(n == whole[n["key"]] for n in entered)
        assert {e["item"] for e in receives(conn, "ads")["items"]} == {"email", "email_hash"}
        brief = receives(conn, "ads", show=1)  # the terminal's: paths for the item it prints only
        assert brief["summary"] == receives(conn, "ads")["summary"] and brief["items"][0]["paths"]
        assert [p["nodes"] for p in paths_between(conn, "signup", "sub")["paths"]] == [
            ["signup", "crm", "mailer", "sub"]]
        assert {f["flow"] for f in abroad(conn)["flows"]} == {"signup__crm", "crm__dwh", "crm__mailer",
                                                              "mailer__sub", "dwh__ads", "dwh__eu"}
        assert set(node_graph(conn, "dwh", direction="down").nodes) == {"dwh", "ads", "eu"}
        with pytest.raises(UnknownKey, match="did you mean 'email'"):
            where(conn, "emial")


def test_node_places_read_in_one_pass_or_by_key_alike(any_url, tmp_path, monkeypatch):
    """Past SCAN_FROM nodes, most of the flow nodes asked for: one pass over them (the busiest item reaches 12,400
    of 12,400); else IN lists. Both give the same places, and only of the nodes asked for."""
    load_into(any_url, write_manifest(tmp_path, SHOP))
    with ReadDB(any_url) as conn:
        every = [r["key"] for r in conn.rows("SELECT key FROM node WHERE kind <> 'item' ORDER BY key")]
        for asked in (every, every[:-1], [*every, "email"]):
            by_key = q.node_places(conn, asked)
            monkeypatch.setattr(q, "SCAN_FROM", 0)
            assert q.node_places(conn, asked) == by_key and set(by_key) == set(asked)
            monkeypatch.setattr(q, "SCAN_FROM", 10**9)


def test_abroad_without_an_organization(tmp_path):
    """An inventory that names no operator: its own system abroad is still listed (home defaults to JP)."""
    doc = {"items": [{"key": "email", "name": "Email"}],
           "collection_points": [{"key": "form", "name": "Form"}],
           "systems": [{"key": "crm", "name": "CRM", "country": "US"}],
           "flows": [{"from": "form", "to": "crm", "items": ["email"], "basis": "collection"}]}
    url = f"sqlite:///{tmp_path / 'd.db'}"
    load_into(url, write_manifest(tmp_path, doc))
    with ReadDB(url) as db:
        result = abroad(db)
    assert [(f["flow"], f["status"]) for f in result["flows"]] == [("form__crm", "own_system")]
    assert result["home_country"] == "JP"
