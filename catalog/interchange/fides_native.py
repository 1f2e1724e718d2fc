"""Fides systems that daicho did not export (no `meta.daicho`), mapped to daicho records and flows.

Part of `daicho import fides` (fides_import.py): Fides says who a system is (responsibility, system_type),
what it holds (datasets, privacy declarations) and where data goes (egress/ingress); it does not say where a
system is or under which APPI basis data moves. Those are left out (a location reads as `unknown`) or guessed
from the parties (`collection` from the user, `internal` between own systems, `outsourcing` to a processor,
`consent` to a third party) — each guessed flow is marked `illustrative` and listed in the report.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.catalog.interchange.fides_common import USER, _key, _named, is_third_party, system_kind


class NativeMapper:
    """Maps native Fides systems onto a `fides_import._Reader`'s items, purposes and subjects."""

    def __init__(self, reader: Any, systems: list[dict[str, Any]]) -> None:
        self.reader = reader
        self.report = reader.report
        self.systems = {_key(s["fides_key"]): s for s in systems}
        self.kinds = {key: self._kind(system) for key, system in self.systems.items()}

    def _kind(self, system: dict[str, Any]) -> tuple[str, str | None]:
        """(daicho section kind, recipient kind or system kind)."""
        responsibility = set(system.get("responsibility") or [])
        system_type = system.get("system_type") or ""
        if "collection point" in system_type.lower():
            return "collection_point", None
        if "Sub-Processor" in responsibility:
            return "recipient", "subcontractor"
        if "Processor" in responsibility:
            return "recipient", "contractor"
        if is_third_party(system):
            return "recipient", "third_party"
        return "system", system_kind(system_type)

    def run(self, records: dict[str, list[dict[str, Any]]], flows: list[tuple[int, dict[str, Any]]]) -> None:
        held = {key: self._held(system) for key, system in self.systems.items()}
        pairs = self._pairs()
        if any(source == USER for source, _ in pairs):
            records["collection_point"].append({"key": USER, "name": {"en": "Users (from Fides ingress 'user')"}})
            self.report.defaulted.append("collection point 'user' for data Fides says comes from the user")
        for (source, target), categories in sorted(pairs.items()):
            items = [self.reader.item_for(c) for c in sorted(categories)] or sorted(held.get(source, ()))
            if not items:
                self.report.dropped.append(f"data flow {source} → {target}: no data categories")
                continue
            if self.kinds.get(source, ("",))[0] == "system":
                held[source].update(items)
            flows.append((10**9 + len(flows), self._flow(source, target, items)))
        for key, system in sorted(self.systems.items()):
            records[self.kinds[key][0]].append(self._record(key, system, held[key], pairs))
        self._declarations()

    def _held(self, system: dict[str, Any]) -> set[str]:
        references = list(system.get("dataset_references") or [])
        for declaration in system.get("privacy_declarations") or []:
            references += declaration.get("dataset_references") or []
        return set(self.reader._dataset_items(references))

    def _pairs(self) -> dict[tuple[str, str], set[str]]:
        """(source, target) → data categories, from both sides' egress and ingress (peers that are datasets or
        unknown systems are dropped)."""
        pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, system in self.systems.items():
            for direction in ("egress", "ingress"):
                for data_flow in system.get(direction) or []:
                    peer = USER if data_flow.get("type") == USER else _key(data_flow.get("fides_key", ""))
                    if data_flow.get("type") == "dataset" or (peer != USER and peer not in self.systems):
                        self.report.dropped.append(f"{direction} of {key} with {data_flow.get('type')} "
                                                   f"'{data_flow.get('fides_key')}' (not a system in the manifest)")
                        continue
                    pair = (key, peer) if direction == "egress" else (peer, key)
                    pairs[pair].update(data_flow.get("data_categories") or [])
        return pairs

    def _flow(self, source: str, target: str, items: list[str]) -> dict[str, Any]:
        source_kind = self.kinds.get(source, ("collection_point", None))
        target_kind = self.kinds.get(target, ("system", None))
        if source == USER or source_kind[0] == "collection_point":
            basis = "collection"
        elif target_kind[1] in ("contractor", "subcontractor"):
            basis = "outsourcing"
        elif target_kind[0] == "system" and source_kind[0] == "system":
            basis = "internal"
        else:
            basis = "consent"
        self.report.not_said.append(f"APPI basis of flow {source} → {target}: guessed '{basis}' "
                                    "(marked illustrative)")
        return {"from": source, "to": target, "items": items, "basis": basis, "illustrative": True,
                "evidence": [f"imported from Fides egress/ingress; basis '{basis}' guessed from the parties"]}

    def _record(self, key: str, system: dict[str, Any], held: set[str],
                pairs: dict[tuple[str, str], set[str]]) -> dict[str, Any]:
        section, kind = self.kinds[key]
        record: dict[str, Any] = {"key": key, "name": _named(None, system.get("name") or key)}
        if system.get("description"):
            record["description"] = {"en": system["description"]}
        record["evidence"] = [f"imported from Fides system '{system['fides_key']}'"]
        if section == "system":
            record["kind"] = kind
            if system.get("administrating_department") not in (None, "Not defined"):
                record["department"] = system["administrating_department"]
            if held:
                record["items"] = sorted(held)
            if system.get("processes_personal_data") is False:
                record["personal_data"] = False
            self.report.not_said.append(f"where system '{key}' is hosted (country left out: reads as unknown)")
        elif section == "recipient":
            record["kind"] = kind
            if system.get("legal_address"):
                record["address"] = system["legal_address"]
            if kind == "subcontractor":
                parents = sorted(s for s, t in pairs if t == key and self.kinds.get(s, ("",))[1] == "contractor")
                if parents:
                    record["parents"] = parents
                else:
                    record["kind"] = "contractor"
                    self.report.defaulted.append(f"'{key}' is a Sub-Processor no processor sends to: a contractor")
            self.report.not_said.append(f"where recipient '{key}' is established (country left out: unknown)")
        if system.get("does_international_transfers"):
            self.report.not_said.append(f"'{key}' does international transfers: Fides does not say to where or "
                                        "under which APPI 28 basis")
        return record

    def _declarations(self) -> None:
        """Data uses and subjects of privacy declarations become purposes and subjects of the items whose
        category the declaration names."""
        for system in self.systems.values():
            for declaration in system.get("privacy_declarations") or []:
                purpose = self.reader.purpose_for(declaration["data_use"]) if declaration.get("data_use") else None
                subjects = [self.reader.subject_for(s) for s in declaration.get("data_subjects") or []]
                for category in declaration.get("data_categories") or []:
                    item = self.reader.items[self.reader.item_for(category)]
                    if purpose and purpose not in item.setdefault("purposes", []):
                        item["purposes"].append(purpose)
                    for subject in subjects:
                        if subject not in item.setdefault("subjects", []):
                            item["subjects"].append(subject)
                for dropped in ("legal_basis_for_processing", "retention_period", "features"):
                    if declaration.get(dropped):
                        self.report.dropped.append(f"{system['fides_key']}: privacy declaration "
                                                   f"'{declaration.get('name')}' {dropped}")
