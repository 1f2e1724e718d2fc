"""The sub-processor list: every contractor and sub-contractor that receives personal data, as data.

Read from the resolved model, never re-derived: a recipient receives what `receives` says (at its own node
and at the systems it operates and handles); its registered country and hosting are the resolved node's,
with the locations of those systems added to where it keeps data. A contractor that only stores data it
does not handle (PPC Q&A 7-53) is listed with what it stores and ``handles: false``. A contractor with no
recorded data flow is listed apart as named, no data flow recorded — never judged.
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.lineage.where import receives
from daicho.catalog.resolved.build import ENTRUSTED
from daicho.catalog.resolved.countries import location_title
from daicho.catalog.resolved.facts import all_nodes, in_chunks
from daicho.inventory.db import ReadDB, Row
from daicho.inventory.locations import UNKNOWN


def subprocessors(db: ReadDB, lang: str = "en") -> dict[str, Any]:
    """{"subprocessors": [...], "named": [...]}: each entry with key, name, kind, parents, purposes, registered
    and hosting locations (codes and titles in `lang`), items and item categories."""
    nodes = all_nodes(db, ("system", "recipient"))
    names = _names(db)
    listed, named = [], []
    for node in sorted((n for n in nodes.values() if n["kind"] == "recipient" and n["subkind"] in ENTRUSTED),
                       key=lambda n: (_name(n, lang).lower(), n["key"])):
        entry = _entry(node, nodes, names, lang)
        if node["named_only"]:
            named.append(entry)
            continue
        got = receives(db, node["key"])
        items = [e["item"] for e in got["items"]]
        handles = True
        if not items:
            items = _stored_without_handling(db, node["key"], nodes)
            handles = False
        if not items:
            named.append(entry)
            continue
        purposes = [p for hop in got["hops"] if hop["to_party"] == node["key"] for p in hop["purposes"]]
        purposes = list(dict.fromkeys(purposes)) or _item_purposes(db, items)
        # a system it operates keeps data where the system is (its `hosting`), not where the recipient is registered
        kept = [*node["hosting"], *(h for s in got["side"] for h in s.get("hosting") or ())]
        kept += [nodes[s]["location"] for s in _operated(node["key"], nodes) if not handles and nodes[s]["location"]]
        entry.update(handles=handles, purposes=[_named(names, p, lang) for p in purposes],
                     items=[{**_named(names, i, lang), "category": names[i].get("category")} for i in items],
                     categories=sorted({c for i in items if (c := names[i].get("category"))}))
        entry["hosting"] = _locations(list(dict.fromkeys(kept)) or [UNKNOWN], lang)
        listed.append(entry)
    return {"lang": lang, "subprocessors": listed, "named": named}


def _entry(node: Row, nodes: dict[str, Row], names: dict[str, dict], lang: str) -> dict[str, Any]:
    return {"key": node["key"], "name": {"en": node["name_en"], "ja": node["name_ja"]}, "title": _name(node, lang),
            "kind": node["subkind"], "parents": [_named(names, p, lang) for p in node["parents"]],
            "registered": _locations([node["registered"] or UNKNOWN], lang)[0],
            "hosting": _locations(node["hosting"] or [UNKNOWN], lang), "handles": node["handles"],
            "purposes": [], "items": [], "categories": []}


def _name(node: Row, lang: str) -> str:
    first, second = ("name_ja", "name_en") if lang == "ja" else ("name_en", "name_ja")
    return node.get(first) or node.get(second) or node["key"]


def _names(db: ReadDB) -> dict[str, dict]:
    """Names of every keyed record (and items' categories), for titles."""
    out = {r["key"]: dict(r) for r in db.rows("SELECT key, name_en, name_ja FROM node")}
    for table in ("purpose", "item"):
        extra = ", category" if table == "item" else ""
        for row in db.rows(f"SELECT key, name_en, name_ja{extra} FROM {table}"):
            out[row["key"]] = dict(row)
    return out


def _named(names: dict[str, dict], key: str, lang: str) -> dict[str, Any]:
    row = names.get(key, {"key": key})
    return {"key": key, "title": _name({"key": key, **row}, lang)}


def _locations(codes: list[str], lang: str) -> list[dict[str, str]]:
    return [{"code": code, "title": location_title(code, lang) or code} for code in codes]


def _operated(recipient: str, nodes: dict[str, Row]) -> list[str]:
    return [k for k, n in nodes.items() if n["kind"] == "system" and n.get("operated_by") == recipient]


def _stored_without_handling(db: ReadDB, recipient: str, nodes: dict[str, Row]) -> list[str]:
    """Items kept in the systems a recipient operates but does not handle."""
    systems = [s for s in _operated(recipient, nodes) if not nodes[s]["handles"]]
    items: list[str] = []
    for marks, params in in_chunks("s", systems):
        items += [r["item"] for r in db.rows(f"SELECT DISTINCT item FROM system_item WHERE system IN ({marks}) "
                                             "ORDER BY item", params)]
    return list(dict.fromkeys(items))


def _item_purposes(db: ReadDB, items: list[str]) -> list[str]:
    out: list[str] = []
    for marks, params in in_chunks("i", items):
        out += [r["purpose"] for r in db.rows(f"SELECT item, purpose FROM item_purpose WHERE item IN ({marks}) "
                                              "ORDER BY item, position", params)]
    return list(dict.fromkeys(out))


#: what a change notice compares of each sub-processor
_COMPARED = ("kind", "parents", "registered", "hosting", "purposes", "items", "handles")


def changes_since(old: dict[str, Any], new: dict[str, Any], since: str) -> dict[str, Any]:
    """A change notice: sub-processors added, removed, or changed (which of kind, engaged by, registered
    country, where data is kept, purposes, items, handling) between the list `old` (as of version `since`)
    and `new`. Named-only contractors receive no data, so they are neither added nor removed here."""
    def plain(entry: dict[str, Any]) -> dict[str, Any]:
        return {"kind": entry["kind"], "parents": [p["key"] for p in entry["parents"]],
                "registered": entry["registered"]["code"], "hosting": [h["code"] for h in entry["hosting"]],
                "purposes": [p["key"] for p in entry["purposes"]], "items": [i["key"] for i in entry["items"]],
                "handles": entry["handles"]}

    before = {e["key"]: e for e in old["subprocessors"]}
    after = {e["key"]: e for e in new["subprocessors"]}
    changed = []
    for key in sorted(before.keys() & after.keys()):
        a, b = plain(before[key]), plain(after[key])
        fields = [f for f in _COMPARED if a[f] != b[f]]
        if fields:
            changed.append({"key": key, "title": after[key]["title"], "fields": fields})
    return {"since": since, "added": [after[k] for k in sorted(after.keys() - before.keys())],
            "removed": [before[k] for k in sorted(before.keys() - after.keys())], "changed": changed}

