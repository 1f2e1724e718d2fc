"""Lineage around nodes: what a system holds (`holds`), the paths between two nodes (`paths_between`) and every
cross-border flow (`abroad`). Results are plain dicts with a stable shape (the `--json` output)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.inventory.db import ReadDB

from . import lineage_sql as q
from .countries import EU_UK
from .lineage import FLOW_NODE_KINDS, border, chain, hop_entries, item_entry, node_entry, where
from .records import resolve

#: paths listed by `paths_between` unless told otherwise
PATH_LIMIT = 20


def holds(db: ReadDB, text: str) -> dict[str, Any]:
    """What a system (or recipient, collection point) holds: items stored, flows in and out, derivations made
    there; for a recipient also the systems it operates, its contractor chain and contract scope."""
    node = resolve(db, text, FLOW_NODE_KINDS)
    key = node["key"]
    facts = q.node_facts(db, [key])[key]
    home = q.home_country(db)
    operates = [r["key"] for r in db.rows("SELECT key FROM system WHERE operated_by = :k ORDER BY key", {"k": key})]
    stored = db.rows("SELECT system, item FROM system_item WHERE system = :k ORDER BY position", {"k": key})
    for system in operates:
        stored += db.rows("SELECT system, item FROM system_item WHERE system = :k ORDER BY position", {"k": system})
    edges_in, edges_out = q.edges_into(db, key), q.edges_out_of(db, key)
    derivations = db.rows("SELECT source, target, method, at FROM derivation WHERE at = :k ORDER BY position",
                          {"k": key})
    flows = q.flow_facts(db, {e["flow"] for e in edges_in + edges_out})
    nodes = q.node_facts(db, {key} | {f[end] for f in flows.values() for end in ("source", "target")})
    received = list(dict.fromkeys(e["item"] for e in edges_in))
    sent = list(dict.fromkeys(e["item"] for e in edges_out))
    item_keys = list(dict.fromkeys([r["item"] for r in stored] + received + sent))
    items = q.item_facts(db, item_keys)
    scope = facts["scope_items"]
    return {
        "node": {**node_entry(facts, home), "chain": chain(db, facts), "operates": operates,
                 "scope_items": scope or []},
        "stored": [{**item_entry(items[r["item"]]), "system": r["system"]} for r in stored],
        "received": [item_entry(items[i]) for i in received],
        "sent": [item_entry(items[i]) for i in sent],
        "outside_scope": [i for i in received if scope and i not in scope],
        "flows_in": hop_entries(edges_in, flows, nodes, item_keys),
        "flows_out": hop_entries(edges_out, flows, nodes, item_keys),
        "derivations": [{"from": d["source"], "to": d["target"], "method": d["method"]} for d in derivations],
    }


def paths_between(db: ReadDB, a: str, b: str, limit: int = PATH_LIMIT, item: str | None = None) -> dict[str, Any]:
    """Every simple path from node `a` to node `b` (shortest first, at most `limit`), following flows of any
    item — or, with `item`, only the flows of that item's trail. Each hop lists its flows and their items."""
    from .graph import Graph

    start = resolve(db, a, FLOW_NODE_KINDS)["key"]
    end = resolve(db, b, FLOW_NODE_KINDS)["key"]
    if item is not None:
        result = where(db, item)
        item = result["item"]["item"]
        edges = [(h["from"], h["to"], h["flow"], h["items"]) for h in result["hops"]]
    else:
        down, up = q.node_walk(db, start, "down"), q.node_walk(db, end, "up")
        middle = set(down) & set(up)
        flows = q.flow_facts(db, [f["key"] for f in q.flows_among(db, middle)])
        edges = [(f["source"], f["target"], k, f["items"]) for k, f in flows.items()]
    between: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for src, dst, flow, items in edges:
        between[(src, dst)].append({"flow": flow, "items": items})
    found = Graph(edges=between).paths(start, end, limit + 1) if start != end else []
    found.sort(key=lambda p: (len(p), p))
    nodes = q.node_facts(db, {n for p in found[:limit] for n in p} | {start, end})
    flows = q.flow_facts(db, {f["flow"] for p in found[:limit] for u, v in zip(p, p[1:], strict=False)
                              for f in between[(u, v)]})
    home = q.home_country(db)
    shown = []
    for path in found[:limit]:
        hops = []
        for u, v in zip(path, path[1:], strict=False):
            ways = sorted(between[(u, v)], key=lambda f: flows[f["flow"]]["position"])
            hops.append({"from": u, "to": v, "border": border(nodes[u], nodes[v]),
                         "flows": [{"flow": f["flow"], "items": f["items"], "basis": flows[f["flow"]]["basis"],
                                    "foreign_basis": flows[f["flow"]]["foreign_basis"]} for f in ways]})
        shown.append({"nodes": path, "hops": hops})
    return {"from": node_entry(nodes[start], home), "to": node_entry(nodes[end], home), "item": item,
            "paths": shown, "limit": limit, "more": len(found) > limit,
            "nodes": {k: node_entry(nodes[k], home) for k in sorted(nodes)}}


def abroad(db: ReadDB) -> dict[str, Any]:
    """Every flow that changes country (both countries known), and every flow to a node whose country is not
    known: items, country, target, and the foreign-transfer basis (APPI 28) with its status."""
    rows = db.rows("SELECT f.key, s.country AS from_country, t.country AS to_country, t.kind, t.subkind "
                   "FROM flow f JOIN node s ON s.key = f.source JOIN node t ON t.key = f.target "
                   "WHERE t.country IS NULL OR s.country IS NULL OR s.country <> t.country ORDER BY f.position")
    flows = q.flow_facts(db, [r["key"] for r in rows])
    nodes = q.node_facts(db, {f[end] for f in flows.values() for end in ("source", "target")})
    system_disclosed = {r["key"]: bool(r["disclosed_abroad"]) for r in db.rows(
        "SELECT key, disclosed_abroad FROM system WHERE country IS NOT NULL")}
    home = q.home_country(db)
    not_personal = {r["key"] for r in db.rows("SELECT key FROM item WHERE personally_referable OR anonymised")}
    out = []
    for row in rows:
        flow = flows[row["key"]]
        status, note = _foreign_status(row, flow, system_disclosed.get(flow["target"]), home)
        if status in ("missing", "mismatch") and set(flow["items"]) <= not_personal:
            status, note = "referable", (
                "no personal data on this flow (personally referable or anonymised items only), so APPI 28 does "
                "not apply; if the recipient acquires it as personal data, confirm the person's consent with "
                "the foreign country's information (APPI 31(1)(ii))")
        out.append({"flow": row["key"], "from": flow["source"], "to": flow["target"],
                    "to_kind": row["subkind"] or row["kind"], "from_country": row["from_country"],
                    "to_country": row["to_country"], "items": flow["items"], "basis": flow["basis"],
                    "foreign_basis": flow["foreign_basis"], "status": status, "note": note,
                    "to_name": node_entry(nodes[flow["target"]], home)["name"]})
    counts: dict[str, int] = defaultdict(int)
    for entry in out:
        counts[entry["status"]] += 1
    return {"home_country": home, "flows": out, "summary": {
        "flows": len(out), "countries": sorted({e["to_country"] for e in out if e["to_country"]}),
        **{s: counts.get(s, 0) for s in ("ok", "missing", "mismatch", "referable", "own_system", "home",
                                          "unknown_country")}}}


def _foreign_status(row: dict, flow: dict, disclosed: bool | None, home: str) -> tuple[str, str]:
    country, basis = row["to_country"], flow["foreign_basis"]
    if not country:
        return "unknown_country", "country not recorded: whether this leaves Japan is unknown (APPI 28)"
    if country == home:
        return "home", "back into the home country"
    if row["kind"] != "recipient":
        shown = "yes" if disclosed else "no"
        return "own_system", f"own system abroad: disclose its country in the security measures (APPI 32); " \
                             f"disclosed: {shown}"
    if basis is None:
        return "missing", f"provision to a recipient in {country} without a foreign-transfer basis (APPI 28(1))"
    if basis == "eu_uk" and country not in EU_UK:
        return "mismatch", f"basis eu_uk, but {country} is not an EU/EEA member or the UK (Rules 15)"
    return "ok", {"eu_uk": "equivalent regime (Rules 15)", "compliant_system": "compliant system (Rules 16); "
                  "check it periodically (Rules 18)", "consent": "consent after information (Rules 17(2))"}[basis]
