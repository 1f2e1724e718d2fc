"""Hypothesis strategy for the cross-command consistency test: valid inventories that exercise the resolved
model — systems operated by recipients that handle the data or do not, locations unknown / per_customer /
regions (EU, EEA), several parents per sub-contractor, every derivation method, cycles, recipients named with
no flow, every basis, and an operator sometimes outside Japan."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hypothesis import strategies as st

HOMES = ["JP", "JP", "JP", "US", "DE"]
#: where a recipient is registered (None: not recorded)
REGISTERED = [None, "JP", "US", "DE", "GB", "SG", "EU", "EEA", "unknown"]
#: where a system or a recipient keeps data (None: not recorded)
KEPT = [None, "JP", "US", "DE", "SG", "EU", "unknown", "per_customer"]
BASES = ["internal", "collection", "outsourcing", "succession", "joint_use", "consent", "exception", "opt_out"]
FOREIGN_BASES = [None, "eu_uk", "compliant_system", "consent"]
METHODS = ["copy", "pseudonymisation", "anonymisation", "aggregation"]
KINDS = ["contractor", "contractor", "third_party", "joint_user", "group_company"]


@st.composite
def inventories(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest document: every flow carries only what its source stores, receives or derives; items
    derive only from items listed before them (derivations may not form a cycle)."""
    items = [f"i{n}" for n in range(draw(st.integers(1, 5)))]
    recipients = _recipients(draw)
    keys = [r["key"] for r in recipients]
    systems = []
    for n in range(draw(st.integers(1, 4))):
        system: dict[str, Any] = {"key": f"s{n}", "name": f"S{n}",
                                  "items": draw(st.lists(st.sampled_from(items), unique=True, max_size=3))}
        _put(system, "country", draw(st.sampled_from(KEPT)))
        if keys and draw(st.booleans()):
            system["operated_by"] = draw(st.sampled_from(keys))
            _put(system, "handles_data", draw(st.sampled_from([None, True, False])))
        if draw(st.booleans()):
            system["disclosed_abroad"] = True
        systems.append(system)
    points = [f"c{n}" for n in range(draw(st.integers(0, 2)))]
    targets = [s["key"] for s in systems] + keys
    derivations = []
    if len(items) > 1:
        for _ in range(draw(st.integers(0, 3))):
            source, target = sorted(draw(st.lists(st.sampled_from(items), min_size=2, max_size=2, unique=True)))
            derivation = {"from": source, "to": target, "method": draw(st.sampled_from(METHODS))}
            if draw(st.booleans()):
                derivation["at"] = draw(st.sampled_from(targets))
            derivations.append(derivation)
    flows = _flows(draw, items, systems, points, targets, derivations)
    if keys and draw(st.booleans()):  # one more recipient that no flow reaches: named, no data flow
        recipients.append({"key": "named", "name": "Named", "kind": draw(st.sampled_from(KINDS)),
                           **({"country": c} if (c := draw(st.sampled_from(REGISTERED))) else {})})
    return {
        "organization": {"key": "org", "name": "Org", "country": draw(st.sampled_from(HOMES))},
        "items": [_item(draw, key) for key in items],
        "systems": systems,
        "recipients": recipients,
        "collection_points": [{"key": c, "name": c.upper()} for c in points],
        "flows": flows,
        "derivations": derivations,
    }


def _put(record: dict[str, Any], field: str, value: Any) -> None:
    if value is not None:
        record[field] = value


def _item(draw: st.DrawFn, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"key": key, "name": key.upper()}
    flag = draw(st.sampled_from([None, None, None, "personally_referable", "anonymised", "pseudonymised"]))
    if flag:
        item[flag] = True
    return item


def _recipients(draw: st.DrawFn) -> list[dict[str, Any]]:
    recipients: list[dict[str, Any]] = []
    for n in range(draw(st.integers(0, 5))):
        contractors = [r["key"] for r in recipients if r["kind"] in ("contractor", "subcontractor")]
        kind = draw(st.sampled_from(KINDS + (["subcontractor", "subcontractor"] if contractors else [])))
        recipient: dict[str, Any] = {"key": f"r{n}", "name": f"R{n}", "kind": kind}
        _put(recipient, "country", draw(st.sampled_from(REGISTERED)))
        hosting = draw(st.lists(st.sampled_from([k for k in KEPT if k]), unique=True, max_size=2))
        if hosting:
            recipient["hosting"] = hosting
        if draw(st.integers(0, 3)) == 0:
            recipient["handles_data"] = False
        if kind == "subcontractor":
            recipient["parents"] = draw(st.lists(st.sampled_from(contractors), min_size=1, max_size=2, unique=True))
        _evidence(draw, recipient)
        recipients.append(recipient)
    return recipients


#: what Rules 17(2) asks the person to be told before consenting to a transfer abroad
TOLD = {"country": True, "regime": True, "measures": True}


def _evidence(draw: st.DrawFn, recipient: dict[str, Any]) -> None:
    """Sometimes the evidence a foreign basis rests on: an instrument (Rules 16), a periodic check (Rules 18),
    what persons were told (Rules 17(2)) — in full or in part."""
    _put(recipient, "compliant_system", draw(st.sampled_from([None, {"instrument": "contract"},
                                                              {"instrument": "eu_scc"}])))
    _put(recipient, "compliance_check", draw(st.sampled_from([None, "2025-01-10", "2019-01-10"])))
    _put(recipient, "consent_information", draw(st.sampled_from([None, TOLD, {"measures": True}])))


def _flows(draw: st.DrawFn, items: list[str], systems: list[dict[str, Any]], points: list[str],
           targets: list[str], derivations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    held: dict[str, set[str]] = defaultdict(set, {s["key"]: set(s["items"]) for s in systems})
    flows = []
    for n in range(draw(st.integers(1, 10))):
        source = draw(st.sampled_from(points + targets))
        others = [t for t in targets if t != source]
        if not others:
            continue
        target = draw(st.sampled_from(others))
        _derive(held[source], source, derivations)
        allowed = items if source in points else sorted(held[source])
        if not allowed:
            continue
        flow: dict[str, Any] = {"key": f"f{n}", "from": source, "to": target,
                                "items": draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True)),
                                "basis": draw(st.sampled_from(BASES))}
        if flow["basis"] == "exception":
            flow["exception"] = "27(1)(ii)"
        _put(flow, "foreign_basis", draw(st.sampled_from(FOREIGN_BASES)))
        _put(flow, "consent_information", draw(st.sampled_from([None, None, TOLD, {"country": True}])))
        flows.append(flow)
        held[target].update(flow["items"])
        if source not in points and draw(st.integers(0, 3)) == 0:  # and back again: a cycle
            flows.append({"key": f"b{n}", "from": target, "to": source, "items": flow["items"],
                          "basis": draw(st.sampled_from(BASES[:3]))})
            held[source].update(flow["items"])
    return flows


def _derive(held: set[str], node: str, derivations: list[dict[str, Any]]) -> None:
    changed = True
    while changed:
        changed = False
        for d in derivations:
            if d["from"] in held and d["to"] not in held and d.get("at") in (None, node):
                held.add(d["to"])
                changed = True
