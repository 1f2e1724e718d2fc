"""Lineage around nodes: what a system holds (`holds`), the paths between two nodes (`paths_between`, from
`paths`) and every cross-border flow (`abroad`). Results are plain dicts with a stable shape (the `--json` output)."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.paths import PATH_LIMIT, paths_between  # noqa: F401  (re-exported: `daicho path`)
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, chain, hop_entries, item_entry, node_entry
from daicho.catalog.resolved.countries import kept_besides
from daicho.catalog.resolved.facts import FOREIGN_FLOWS, flows_where  # FOREIGN_FLOWS also read from here
from daicho.catalog.resolved.records import resolve
from daicho.catalog.words import Place, joined, phrase
from daicho.inventory.db import ReadDB


def holds(db: ReadDB, text: str) -> dict[str, Any]:
    """What a system (or recipient, collection point) holds: items stored, flows in and out, derivations made
    there; for a recipient also the systems it operates, its contractor chain and contract scope."""
    node = resolve(db, text, FLOW_NODE_KINDS)
    key = node["key"]
    facts = q.node_facts(db, [key])[key]
    home = q.home_country(db)
    operates = [r["key"] for r in db.rows("SELECT key FROM resolved_node WHERE operated_by = :k ORDER BY key",
                                          {"k": key})]
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
        "flows_in": hop_entries(_tuples(edges_in), flows, nodes, item_keys),
        "flows_out": hop_entries(_tuples(edges_out), flows, nodes, item_keys),
        "derivations": [{"from": d["source"], "to": d["target"], "method": d["method"]} for d in derivations],
    }


def _tuples(edges: list[dict[str, str]]) -> list[q.Edge]:
    """Edge rows as the walks hold them: (item, src, dst, flow)."""
    return [(e["item"], e["src"], e["dst"], e["flow"]) for e in edges]


#: what `abroad` says of each foreign status (APPI 28) of a provision
_STATUS = {"recorded": "ok", "missing": "missing", "mismatch": "mismatch", "incomplete": "incomplete",
           "exempt": "exempt", "referable": "referable", "unknown_location": "unknown_country"}
STATUSES = ("ok", "missing", "mismatch", "incomplete", "exempt", "referable", "unknown_country", "own_system",
            "recipient_system", "storage", "onward")
#: the foreign bases in words, for the notes of `abroad`
_ROUTES = {"eu_uk": phrase("equivalent regime (Rules 15)"),
           "compliant_system": phrase("compliant system (Rules 16)"),
           "consent": phrase("consent after information (Rules 17(2))")}


def abroad(db: ReadDB) -> dict[str, Any]:
    """Every flow whose data may leave the home country (`organization.country`): provisions to a party
    established abroad or where it is not known, the operator's own storage abroad (or of unknown location),
    and onward transfers between parties; with the foreign-transfer basis (APPI 28) and its status, or the
    security-measures disclosure (APPI 32; PPC guideline 10-7) for storage. Recipients named with no recorded
    data flow are listed apart."""
    home = q.home_country(db)
    flows = flows_where(db, FOREIGN_FLOWS, purposes=False)
    nodes = q.node_facts(db, {f[end] for f in flows for end in ("source", "target", "target_party")})
    for flow in flows:  # an inventory without `organization:`: its operator is no record of its own
        nodes.setdefault(flow["target_party"], _unnamed_operator(flow["target_party"]))
    names: dict[str, dict[str, Any]] = {}  # node → its name as `node_entry` gives it (made once per node)
    said: dict[tuple, tuple[str, str]] = {}  # what `_status` reads of a flow → its (status, note)
    out = [_abroad_entry(flow, nodes, home, names, said) for flow in flows]
    named = [node_entry(n) for n in q.node_facts(db, [r["key"] for r in db.rows(
        "SELECT key FROM resolved_node WHERE named_only AND location_class <> 'home' ORDER BY key")]).values()]
    counts: dict[str, int] = defaultdict(int)
    for entry in out:
        counts[entry["status"]] += 1
    return {"home_country": home, "flows": out, "named_only": named, "summary": {
        "flows": len(out), "countries": sorted({c for e in out for c in [e["to_country"], *e["hosting"]]
                                                 if c and c not in ("unknown", "per_customer") and c != home}),
        **{s: counts.get(s, 0) for s in STATUSES}, "named_only": len(named)}}


def abroad_flows(db: ReadDB, nodes: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """`abroad`'s home country and flow entries as the csv ledger reads them: the same flows in the same
    order, each entry with only the fields the ledger's foreign and consent columns read — flow, to, to_party,
    to_country, registered, hosting, foreign_basis, and `status`, told apart only for storage ("storage", else
    None) — made from one query's tuples (`nodes`: node facts already read, `resolved.facts.all_nodes`). No
    items, no notes, no named-only recipients, no summary."""
    home = q.home_country(db)
    rows = db.all_tuples("SELECT f.key, f.target, r.target_party, r.transfer_location, r.boundary, f.foreign_basis "
                         f"FROM flow f JOIN resolved_flow r ON r.key = f.key WHERE {FOREIGN_FLOWS} ORDER BY f.position")
    known = dict(nodes or {})
    missing = {key for row in rows for key in (row[1], row[2]) if key not in known}
    if missing:
        known.update(q.node_facts(db, missing))
    out = []
    for key, target, party, transfer, boundary, basis in rows:
        to, by = known[target], known.get(party) or _unnamed_operator(party)
        out.append({"flow": key, "to": target, "to_party": party, "to_country": transfer or to["location"],
                    "registered": by["registered"], "hosting": to["hosting"], "foreign_basis": basis,
                    "status": "storage" if boundary == "storage" else None})
    return {"home_country": home, "flows": out}


def _unnamed_operator(key: str) -> dict[str, Any]:
    """The operator as a node when the inventory names no organization."""
    return {"key": key, "kind": "organization", "subkind": None, "name_en": None, "name_ja": None,
            "party": key, "party_kind": "operator", "location": None, "location_class": "none", "registered": None,
            "hosting": [], "foreign_hosting": [], "parents": [], "parent": None, "operated_by": None,
            "handles": True, "named_only": False, "scope_items": None, "country": None}


#: the fields of a flow `_status` reads (with its party, and its target's location, operator and hosting)
_STATUS_READS = itemgetter("target_party", "source_party", "boundary", "disclosure", "transfer_location",
                           "foreign_status", "foreign_basis")


def _abroad_entry(flow: dict, nodes: dict, home: str, names: dict[str, dict[str, Any]],
                  said: dict[tuple, tuple[str, str]]) -> dict[str, Any]:
    target, party = nodes[flow["target"]], nodes[flow["target_party"]]
    reads = (_STATUS_READS(flow), target["location"], target["operated_by"], *target["hosting"], None,
             *flow["disclose_locations"], None, *flow["foreign_missing"])
    found = said.get(reads)
    if found is None:
        found = said[reads] = _status(flow, target, party, home)
    status, note = found
    if target["key"] not in names:
        names[target["key"]] = node_entry(target)["name"]
    if party["key"] not in names:
        names[party["key"]] = node_entry(party)["name"]
    return {"flow": flow["key"], "from": flow["source"], "to": flow["target"], "to_party": flow["target_party"],
            "to_kind": party["subkind"] or party["kind"], "boundary": flow["boundary"],
            "from_country": nodes[flow["source"]]["location"], "to_country": flow["transfer_location"]
            or target["location"], "registered": party["registered"], "hosting": target["hosting"],
            "border": flow["border"], "items": flow["items"], "basis": flow["basis"],
            "basis_status": flow["basis_status"], "foreign_basis": flow["foreign_basis"],
            "foreign_status": flow["foreign_status"], "disclosure": flow["disclosure"],
            "disclose_locations": flow["disclose_locations"], "status": status, "note": note,
            "to_name": names[target["key"]], "party_name": names[party["key"]]}


def _status(flow: dict, target: dict, party: dict, home: str) -> tuple[str, str]:
    """A flow's status for `abroad` and its note: a phrase (English, said in another language where it is
    written), its places as `Place`s."""
    home_name = Place(home)
    where = Place(flow["transfer_location"] or target["location"] or "unknown")
    boundary = flow["boundary"]
    if boundary in ("internal", "storage", "acquisition", "return", "receipt", "within"):
        shown = {"disclosed": phrase("disclosed"), "not_disclosed": phrase("not disclosed")}.get(
            flow["disclosure"], "")
        places = joined(", ", [Place(c) for c in flow["disclose_locations"]]) if flow["disclose_locations"] \
            else where
        if boundary == "storage":
            keeper = party["key"] if party["kind"] == "recipient" else target["operated_by"]
            return "storage", phrase("stored by {keeper}, which does not handle the data (PPC Q&A 7-53): no "
                                     "provision; the security measures must still name where it is kept: {places} "
                                     "(APPI 32; PPC guideline 10-7); {shown}", keeper=keeper, places=places,
                                     shown=shown)
        if party["kind"] == "recipient":  # a system on a contractor's side: the data went there before
            return "recipient_system", phrase("kept by {party} in {places} (a system it operates): name it in the "
                                              "security measures (APPI 32; PPC guideline 10-7); {shown}",
                                              party=party["key"], places=places, shown=shown)
        return "own_system", phrase("the operator's own system kept in {places}: name it in the security measures "
                                    "(APPI 32; PPC guideline 10-7); {shown}", places=places, shown=shown)
    if boundary == "onward":
        return "onward", phrase("passed on by {source} to {target}: the recipient's own act, not the operator's "
                                "provision", source=flow["source_party"], target=flow["target_party"])
    status = _STATUS.get(flow["foreign_status"], "ok")
    basis = flow["foreign_basis"]
    route = _ROUTES.get(basis or "", "")
    target_party = flow["target_party"]
    if status == "unknown_country":
        note = phrase("where {party} is established is not recorded: whether this leaves {home} is unknown "
                      "(APPI 28)", party=target_party, home=home_name)
    elif status == "missing":
        note = phrase("provision to {party} in {where} without a foreign-transfer basis (APPI 28(1))",
                      party=target_party, where=where)
    elif status == "mismatch":
        note = phrase("basis eu_uk, but {where} is not an EU/EEA member or the UK (Rules 15)", where=where)
    elif status == "exempt":
        note = phrase("a 27(1) case: APPI 28 does not apply (APPI 28(1))")
    elif status == "referable":
        note = phrase("no personal data on this flow (personally referable or anonymised items only), so APPI 28 "
                      "does not apply; if the recipient acquires it as personal data, confirm the person's consent "
                      "with the foreign country's information (APPI 31(1)(ii))")
    elif status == "incomplete":
        note = phrase("{route}, but not recorded: {missing} — until it is, this route is not shown to hold",
                      route=route, missing=joined("; ", _evidence(flow["foreign_missing"])))
    elif basis == "compliant_system":
        note = phrase("{route}: instrument and a periodic check recorded; check it periodically (Rules 18: how "
                      "often is the operator's judgement) and judge whether the instrument ensures measures "
                      "equivalent to the APPI's", route=route)
    elif basis == "consent":
        note = phrase("{route}: the person was told the country, its system and the recipient's measures",
                      route=route)
    else:
        note = route
    kept = kept_besides(target["hosting"], flow["transfer_location"])
    if kept and status != "unknown_country":
        places = joined(", ", [Place(c) for c in kept])
        note = phrase("{note}; data kept in {places}", note=note, places=places) if note else \
            phrase("data kept in {where}", where=places)
    return status, note


def _evidence(missing: list[str]) -> list[str]:
    """What a foreign basis rests on and is not recorded, in words (`catalog.resolved.build.EVIDENCE_WORDS`)."""
    from daicho.catalog.resolved.build import EVIDENCE_WORDS

    return [phrase(EVIDENCE_WORDS.get(what, what)) for what in missing]
