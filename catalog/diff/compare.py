"""Compare two states: records added / removed / changed field by field, and lineage changes per item.

The lineage side reads only the resolved model of each state: `lineage.batch.walks` (every item's trail) and
`lineage.nodes.abroad` (the flows that count as foreign), so the diff says what every other command says.
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.diff.states import State

_ORDER = "order/flows"


def flatten(document: Any, prefix: str = "") -> dict[str, Any]:
    """A record document as dotted field paths (lists are compared whole)."""
    if isinstance(document, dict):
        out: dict[str, Any] = {}
        for key, value in document.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out or ({prefix: {}} if prefix else {})
    return {prefix: document}


def record_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Records added, removed and changed (each changed field with its old and new value)."""
    added = sorted(k for k in new if k not in old and k != _ORDER)
    removed = sorted(k for k in old if k not in new and k != _ORDER)
    changed = []
    for key in sorted(k for k in new if k in old and k != _ORDER and new[k] != old[k]):
        before, after = flatten(old[key]), flatten(new[key])
        fields = [{"field": f, "old": before.get(f), "new": after.get(f)}
                  for f in sorted(set(before) | set(after)) if before.get(f) != after.get(f)]
        changed.append({"key": key, "fields": fields})
    reordered = old.get(_ORDER) != new.get(_ORDER) and [k for k in old.get(_ORDER, []) if k in new.get(_ORDER, [])] \
        != [k for k in new.get(_ORDER, []) if k in old.get(_ORDER, [])]
    return {"added": added, "removed": removed, "changed": changed, "flows_reordered": bool(reordered)}


def _reading(url: str) -> dict[str, Any]:
    """What the lineage diff compares of one state, from its resolved model."""
    from daicho.catalog.lineage.batch import walks
    from daicho.catalog.lineage.nodes import abroad
    from daicho.inventory.db import ReadDB

    with ReadDB(url) as db:
        nodes = {r["key"]: r for r in db.rows("SELECT key, kind, party, party_kind, location FROM resolved_node")}
        items: dict[str, dict[str, Any]] = {}
        for item, result in walks(db):
            reached = {n["key"] for n in result["nodes"] if n["hops"] > 0}
            items[item] = {
                "reached": reached,
                "countries": {nodes[k]["location"] for k in reached if k in nodes and nodes[k]["location"]},
                "recipients": set(result["recipients"]),
                "bases": {h["flow"]: h["basis"] for h in result["hops"]},
            }
        foreign = abroad(db)
    transfers = {(f["flow"], f["to_country"]): f for f in foreign["flows"]}
    recipients = {k: n["party_kind"] for k, n in nodes.items() if n["kind"] == "recipient"}
    return {"items": items, "transfers": transfers, "recipients": recipients}


def _gained_lost(old: set, new: set) -> tuple[list, list]:
    return sorted(new - old), sorted(old - new)


def lineage_changes(old_url: str, new_url: str) -> dict[str, Any]:
    """Per item: nodes newly reached / no longer reached, countries, recipients gained or lost, basis changes;
    for the inventory: recipients and sub-processors added or dropped, transfers abroad gained or lost."""
    old, new = _reading(old_url), _reading(new_url)
    empty = {"reached": set(), "countries": set(), "recipients": set(), "bases": {}}
    items = []
    for item in sorted(set(old["items"]) | set(new["items"])):
        a, b = old["items"].get(item, empty), new["items"].get(item, empty)
        entry: dict[str, Any] = {"item": item}
        for name in ("reached", "countries", "recipients"):
            entry[f"{name}_gained"], entry[f"{name}_lost"] = _gained_lost(a[name], b[name])
        entry["basis_changes"] = [{"flow": f, "old": a["bases"][f], "new": b["bases"][f]}
                                  for f in sorted(set(a["bases"]) & set(b["bases"]))
                                  if a["bases"][f] != b["bases"][f]]
        if any(v for k, v in entry.items() if k != "item"):
            items.append(entry)
    gained_r, lost_r = _gained_lost(set(old["recipients"]), set(new["recipients"]))
    subs = ("subcontractor",)

    def transfer(entry: dict[str, Any]) -> dict[str, Any]:
        return {k: entry[k] for k in ("flow", "from", "to", "to_party", "to_country", "items", "foreign_basis",
                                      "status")}

    gained_t = [transfer(new["transfers"][k]) for k in sorted(set(new["transfers"]) - set(old["transfers"]))]
    lost_t = [transfer(old["transfers"][k]) for k in sorted(set(old["transfers"]) - set(new["transfers"]))]
    status_changes = [{"flow": k[0], "to_country": k[1], "old": old["transfers"][k]["status"],
                       "new": new["transfers"][k]["status"]}
                      for k in sorted(set(old["transfers"]) & set(new["transfers"]))
                      if old["transfers"][k]["status"] != new["transfers"][k]["status"]]
    return {
        "items": items,
        "recipients_added": [{"key": k, "kind": new["recipients"][k]} for k in gained_r],
        "recipients_dropped": [{"key": k, "kind": old["recipients"][k]} for k in lost_r],
        "subprocessors_added": [k for k in gained_r if new["recipients"][k] in subs],
        "subprocessors_dropped": [k for k in lost_r if old["recipients"][k] in subs],
        "transfers_abroad_gained": gained_t,
        "transfers_abroad_lost": lost_t,
        "transfer_status_changes": status_changes,
    }


def compare(old: State, new: State) -> dict[str, Any]:
    """The whole diff of two states (the `--json` shape of `daicho diff`)."""
    records = record_changes(old.records, new.records)
    lineage = lineage_changes(old.url, new.url)
    equal = not (records["added"] or records["removed"] or records["changed"] or records["flows_reordered"])
    return {"old": {"label": old.label, "version": old.version}, "new": {"label": new.label, "version": new.version},
            "equal": equal, "records": records, "lineage": lineage}
