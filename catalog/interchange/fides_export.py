"""The inventory as a Fides manifest (fideslang): `daicho export --format fides`.

Every collection point, system and recipient becomes a Fides `system` (a collection point receives from
`user`; a recipient is a system with its `responsibility`: Processor for a contractor, Sub-Processor for a
sub-contractor, Controller for the operator and for third parties); flows become `egress`/`ingress` data
flows; what a node holds and passes, by purpose, becomes its `privacy_declarations` (data categories, data use
= the purpose, data subjects). Each system that stores items references a `dataset` with one collection whose
fields are the items. The dataset `daicho_items` lists every item with its category, and its `meta.daicho`
keeps the records Fides has no resource for (organization, subjects, purposes, items, processes, derivations,
retention events). Each system's `meta.daicho` keeps its own record, its resolved facts and the flows leaving it,
so `daicho import fides` gives the inventory back. Purposes, subjects and categories that fideslang does not
define are declared as custom `data_use`, `data_subject` and `data_category` resources.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from daicho.catalog.interchange.fides_categories import DATA_SUBJECTS, DATA_USES, known_parent, unknown_categories

ITEMS_DATASET = "daicho_items"
#: the Fides system_type written for each daicho node kind (a system's own kind is in meta)
SYSTEM_TYPES = {"collection_point": "Collection Point", "system": "Service", "recipient": "Third Party"}
RESPONSIBILITY = {"operator": "Controller", "contractor": "Processor", "subcontractor": "Sub-Processor",
                  "third_party": "Controller", "joint_user": "Controller", "group_company": "Controller"}
TRANSFER_BASIS = {"eu_uk": "Adequacy Decision", "compliant_system": "Other", "consent": "Other"}
#: boundaries where data is shared with another controller (Fides: data_shared_with_third_parties)
SHARED = ("provision", "joint_use", "onward")
DEFAULT_CATEGORY = "user"


@dataclass
class FidesReport:
    """What the export could not say in Fides terms, or said by default."""

    unknown_categories: list[tuple[str, str | None]] = field(default_factory=list)
    uncategorised: list[str] = field(default_factory=list)
    custom_uses: list[str] = field(default_factory=list)
    custom_subjects: list[str] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)

    def lines(self, lang: str = "en") -> list[str]:
        """One line per note, for the terminal, in `lang`."""
        from daicho.catalog.words import t

        def keys(values: list[str]) -> str:
            return t(lang, ", ").join(values)

        out = [t(lang, "category '{key}' is not in the fideslang taxonomy (did you mean '{hint}'?); declared as a "
                       "custom data_category", key=key, hint=hint) if hint else
               t(lang, "category '{key}' is not in the fideslang taxonomy; declared as a custom data_category", key=key)
               for key, hint in self.unknown_categories]
        if self.uncategorised:
            out.append(t(lang, "items without a category, written as '{category}': {keys}", category=DEFAULT_CATEGORY,
                         keys=keys(self.uncategorised)))
        if self.custom_uses:
            out.append(t(lang, "purposes declared as custom data_use: {keys}", keys=keys(self.custom_uses)))
        if self.custom_subjects:
            out.append(t(lang, "subjects declared as custom data_subject: {keys}", keys=keys(self.custom_subjects)))
        if self.undeclared:
            out.append(t(lang, "no purpose recorded, so no privacy declaration, at: {keys}",
                         keys=keys(self.undeclared)))
        return out


def export_fides(url: str) -> tuple[dict[str, Any], FidesReport]:
    """The Fides manifest of the store at `url`, and the report of what it could not say."""
    from daicho.catalog.lineage.nodes import FOREIGN_FLOWS
    from daicho.catalog.resolved.facts import all_nodes, flows_where
    from daicho.inventory.db import ReadDB
    from daicho.inventory.store import Store

    inventory = Store(url).inventory()
    with ReadDB(url) as db:
        nodes = all_nodes(db)
        flows = flows_where(db, "1 = 1")
        foreign = {f["key"] for f in flows_where(db, FOREIGN_FLOWS)}
    return fides_manifest(inventory, nodes, flows, foreign)


def fides_manifest(inventory: Any, nodes: dict[str, dict[str, Any]], flows: list[dict[str, Any]],
                   foreign: set[str]) -> tuple[dict[str, Any], FidesReport]:
    """The manifest of a stored inventory with its resolved node and flow facts (flows in manifest order)."""
    from daicho.inventory.export import inventory_document

    document = inventory_document(inventory)
    writer = _Writer(document, nodes, flows, foreign)
    return writer.manifest(), writer.report


class _Writer:
    def __init__(self, document: dict[str, Any], nodes: dict[str, dict[str, Any]], flows: list[dict[str, Any]],
                 foreign: set[str]) -> None:
        self.doc = document
        self.nodes = nodes
        self.flows = flows
        self.foreign = foreign
        self.items = {r["key"]: r for r in document.get("items", [])}
        self.purposes = {r["key"]: r for r in document.get("purposes", [])}
        self.org = (document.get("organization") or {}).get("key")
        self.report = FidesReport()

    def manifest(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        org = self.doc.get("organization")
        if org:
            out["organization"] = [self._base(org)]
        categories = [r.get("category") for r in self.items.values()]
        self.report.unknown_categories = unknown_categories(categories)
        self.report.uncategorised = sorted(k for k, r in self.items.items() if not r.get("category"))
        custom_categories = [{**self._owned(), "fides_key": key, "name": key, "parent_key": known_parent(key),
                              "description": "A daicho item category that fideslang does not define."}
                             for key, _ in self.report.unknown_categories]
        if custom_categories:
            out["data_category"] = custom_categories
        uses = [self._base(r) for r in self.doc.get("purposes", []) if r["key"] not in DATA_USES]
        self.report.custom_uses = [u["fides_key"] for u in uses]
        if uses:
            out["data_use"] = uses
        subjects = [self._base(r) for r in self.doc.get("subjects", []) if r["key"] not in DATA_SUBJECTS]
        self.report.custom_subjects = [s["fides_key"] for s in subjects]
        if subjects:
            out["data_subject"] = subjects
        out["dataset"] = [self._items_dataset(), *self._system_datasets()]
        out["system"] = self._systems()
        return out

    # --- common parts

    def _owned(self) -> dict[str, Any]:
        return {"organization_fides_key": self.org} if self.org else {}

    def _base(self, record: dict[str, Any]) -> dict[str, Any]:
        out = {"fides_key": record["key"], **self._owned(), "name": _text(record.get("name")) or record["key"]}
        description = _text(record.get("description"))
        if description:
            out["description"] = description
        return out

    def _category(self, item: str) -> str:
        return (self.items.get(item) or {}).get("category") or DEFAULT_CATEGORY

    def _field(self, item: str) -> dict[str, Any]:
        record = self.items.get(item) or {}
        out: dict[str, Any] = {"name": item}
        if _text(record.get("name")):
            out["description"] = _text(record.get("name"))
        out["data_categories"] = [self._category(item)]
        return out

    # --- datasets

    def _items_dataset(self) -> dict[str, Any]:
        carried = {s: self.doc[s] for s in ("organization", "subjects", "purposes", "items", "processes",
                                            "derivations", "retention_events") if s in self.doc}
        return {"fides_key": ITEMS_DATASET, **self._owned(), "name": "Personal-data items (daicho)",
                "description": "Every personal-data item of the inventory; meta.daicho holds the records "
                               "Fides has no resource for.",
                "meta": {"daicho": {"daicho": 1, **carried}},
                "collections": [{"name": "items", "fields": [self._field(k) for k in sorted(self.items)]}]}

    def _system_datasets(self) -> list[dict[str, Any]]:
        out = []
        for record in self.doc.get("systems", []):
            if record.get("items"):
                out.append({"fides_key": record["key"], **self._owned(), "name": _text(record["name"]) or
                            record["key"], "collections": [{"name": record["key"], "fields": [
                                self._field(k) for k in sorted(set(record["items"]))]}]})
        return out

    # --- systems

    def _systems(self) -> list[dict[str, Any]]:
        records = [(kind, r) for section, kind in (("collection_points", "collection_point"), ("systems", "system"),
                                                   ("recipients", "recipient")) for r in self.doc.get(section, [])]
        leaving: dict[str, list[dict[str, Any]]] = defaultdict(list)
        arriving: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for flow in self.flows:
            leaving[flow["source"]].append(flow)
            arriving[flow["target"]].append(flow)
        flow_records = {r["key"]: r for r in self.doc.get("flows", []) if "key" in r}
        return [self._system(kind, record, leaving[record["key"]], arriving[record["key"]], flow_records)
                for kind, record in records]

    def _system(self, kind: str, record: dict[str, Any], out_flows: list[dict[str, Any]],
                in_flows: list[dict[str, Any]], flow_records: dict[str, dict[str, Any]]) -> dict[str, Any]:
        key = record["key"]
        node = self.nodes.get(key) or {}
        system = {**self._base(record), "system_type": SYSTEM_TYPES[kind],
                  "responsibility": [RESPONSIBILITY.get(node.get("party_kind") or "operator", "Controller")]}
        if record.get("department"):
            system["administrating_department"] = record["department"]
        if kind == "recipient" and record.get("address"):
            system["legal_address"] = record["address"]
        if kind == "system" and record.get("personal_data") is False:
            system["processes_personal_data"] = False
        if kind == "system" and record.get("items"):
            system["dataset_references"] = [key]
        ingress = _data_flows((f["source"], f["items"]) for f in in_flows)
        if kind == "collection_point":
            sent = [i for f in out_flows for i in f["items"]]
            ingress = [{"fides_key": "user", "type": "user", "data_categories": self._categories(sent)}, *ingress]
        egress = _data_flows((f["target"], f["items"]) for f in out_flows)
        for flows in (ingress, egress):
            for data_flow in flows:
                data_flow.setdefault("data_categories", self._categories(data_flow.pop("items", [])))
        if ingress:
            system["ingress"] = ingress
        if egress:
            system["egress"] = egress
        transfers = [f for f in out_flows if f["key"] in self.foreign]
        if transfers:
            system["does_international_transfers"] = True
            system["legal_basis_for_transfers"] = sorted({TRANSFER_BASIS[f["foreign_basis"]] for f in transfers
                                                          if f.get("foreign_basis")})
        system["privacy_declarations"] = self._declarations(kind, record, out_flows, in_flows)
        if not system["privacy_declarations"] and (out_flows or in_flows or record.get("items")):
            self.report.undeclared.append(key)
        system["meta"] = {"daicho": {"kind": kind, "record": record, "resolved": _resolved(node),
                                     "flows": [{**flow_records.get(f["key"], {}), "resolved": _flow_facts(f)}
                                               for f in out_flows]}}
        return system

    def _categories(self, items: Any) -> list[str]:
        return sorted({self._category(i) for i in items})

    def _declarations(self, kind: str, record: dict[str, Any], out_flows: list[dict[str, Any]],
                      in_flows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by_use: dict[str, dict[str, Any]] = {}

        def add(purposes: list[str], items: list[str], direction: str | None = None, peer: str | None = None,
                flow: dict[str, Any] | None = None) -> None:
            for item in items:
                for purpose in purposes or (self.items.get(item) or {}).get("purposes", []):
                    entry = by_use.setdefault(purpose, {"items": set(), "egress": set(), "ingress": set(),
                                                        "shared": set()})
                    entry["items"].add(item)
                    if direction:
                        entry[direction].add(peer)
                    if flow is not None and flow["boundary"] in SHARED and direction == "egress":
                        entry["shared"].add(peer)

        if kind == "system":
            add([], record.get("items", []))
        for flow in in_flows:
            add(flow["purposes"], flow["items"], "ingress", flow["source"], flow)
        for flow in out_flows:
            add(flow["purposes"], flow["items"], "egress", flow["target"], flow)
        if kind == "collection_point":
            for entry in by_use.values():
                entry["ingress"].add("user")
        return [self._declaration(use, entry) for use, entry in sorted(by_use.items())]

    def _declaration(self, use: str, entry: dict[str, Any]) -> dict[str, Any]:
        items = sorted(entry["items"])
        subjects = sorted({s for i in items for s in (self.items.get(i) or {}).get("subjects", [])})
        purpose = self.purposes.get(use) or {}
        out: dict[str, Any] = {"name": _text(purpose.get("name")) or use, "data_categories": self._categories(items),
                               "data_use": use, "data_subjects": subjects}
        for direction in ("egress", "ingress"):
            if entry[direction]:
                out[direction] = sorted(entry[direction])
        sensitive = [i for i in items if (self.items.get(i) or {}).get("sensitive")]
        if sensitive:
            out["processes_special_category_data"] = True
            if all((self.items.get(i) or {}).get("consent_obtained") for i in sensitive):
                out["special_category_legal_basis"] = "Explicit consent"
        if entry["shared"]:
            out["data_shared_with_third_parties"] = True
            out["third_parties"] = ", ".join(sorted(entry["shared"]))
            out["shared_categories"] = self._categories(items)
        return out


def _data_flows(pairs: Any) -> list[dict[str, Any]]:
    """One Fides data flow per peer (several daicho flows between the same nodes merge), peers sorted."""
    merged: dict[str, list[str]] = {}
    for peer, items in pairs:
        merged.setdefault(peer, []).extend(items)
    return [{"fides_key": peer, "type": "system", "items": merged[peer]} for peer in sorted(merged)]


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("en") or value.get("ja")
    return value


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    keep = ("party", "party_kind", "operated_by", "handles", "location", "location_class", "registered",
            "hosting", "foreign_hosting", "named_only")
    return {k: node[k] for k in keep if node.get(k) not in (None, [])}


def _flow_facts(flow: dict[str, Any]) -> dict[str, Any]:
    keep = ("position", "boundary", "border", "transfer_location", "basis_status", "foreign_status", "disclosure",
            "disclose_locations", "source_party", "target_party", "personal")
    return {k: flow[k] for k in keep if flow.get(k) not in (None, [])}


def to_fides_yaml(manifest: dict[str, Any]) -> str:
    """YAML text of a Fides manifest (UTF-8, field order kept, bidi controls escaped)."""
    from daicho.inventory.export import to_yaml

    return to_yaml(manifest)
