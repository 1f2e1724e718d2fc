"""The one reading of an inventory: what each node and flow means, decided here and nowhere else.

Built once per stored state, in the load's transaction (`daicho.catalog.resolved.load`), as two tables every
command reads: `resolved_node` and `resolved_flow` (inventory/tables.py has their columns). docs/lineage.md
states the rules with examples; in short:

* **Party.** A collection point and a system nobody else operates are the operator's. A recipient is its own
  party. A system `operated_by` a recipient is that recipient's: data stored there is received by it —
  unless the system (or the recipient) says `handles_data: false` (PPC Q&A 7-53: a provider that by contract
  and access control does not handle the data receives no provision); the system then stays the operator's
  storage, and only the location of its servers matters (PPC general guideline 10-7, 外的環境の把握).
* **Location.** Never a default. A system is where its `country` says, else `unknown`. A recipient is
  judged for APPI 28 by where it is established (`country`, else `unknown`); where it keeps data
  (`hosting`) is what the security-measures disclosure names. A system a recipient operates is provided to
  that recipient, so its APPI 28 location is the recipient's, and its own country is where data is kept.
* **Boundary** of a flow, from the two parties: acquisition (from a collection point into the operator's
  own systems; into a recipient's it is that recipient's boundary, e.g. a contractor's tag), receipt (from a third
  party, joint user or group company to the operator), internal, return (a contractor back to the
  operator), within (inside one recipient), storage (to storage its provider does not handle), outsourcing
  (27(5)(i)), subcontracting (a contractor to one of its sub-contractors), provision (27(1)), joint_use
  (27(5)(iii)), onward (a third party or joint user passing data on: its own act, not the operator's). A
  contractor acts for the operator: what it passes to anyone but its own sub-contractors (or back up its
  chain) is read as the operator's outsourcing or provision to that party. To a group company: outsourcing
  or joint use when the flow's basis says so, else provision.
* **Border**, seen from the operator's home country (`organization.country`): home, abroad, unknown,
  per_customer — of the location APPI 28 turns on for a provision, of the kept data otherwise.
* **Basis status**: recorded (the basis fits the boundary), not_needed (no provision), cannot_apply (e.g.
  `outsourcing` to a third party: 委託 is not 第三者提供). **Foreign status** (APPI 28) of each provision
  abroad: recorded, missing, mismatch (eu_uk outside the EU/EEA+UK), incomplete (the basis is named but what it
  rests on is not recorded: see `missing_evidence`), exempt (a 27(1) case), referable (no personal data on the
  flow: APPI 31 instead), unknown_location; not_applicable elsewhere.
* **Evidence of a foreign basis.** The consent route rests on telling the person the country's name, that
  country's system for protecting personal information and the recipient's measures (Rules 17(2)), recorded
  on the flow or the recipient (`consent_information`, either counts). The compliant-system route rests on an
  instrument (Rules 16: a contract, group rules, EU standard contractual clauses used as that contract, APEC
  CBPR; the recipient's `compliant_system`) and on periodic checks (Rules 18; `compliance_check`): a recipient
  never checked is `incomplete`. How often to check is the operator's judgement; `check` (DAI016) applies 12
  months and a date, which the load does not know.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from daicho.catalog.resolved.countries import EU_UK, REGION_MEMBERS
from daicho.inventory.locations import PER_CUSTOMER, UNKNOWN

#: recipient kinds on the operator's outsourcing side
ENTRUSTED = ("contractor", "subcontractor")
#: the boundaries that are a provision by the operator to another party (Art. 27 / 28 questions arise)
PROVISIONS = ("outsourcing", "subcontracting", "provision", "joint_use")
#: boundaries where a party acts for the operator (a contractor may acquire on its behalf: basis collection)
ENTRUSTING = ("outsourcing", "subcontracting")
#: boundaries where items enter the operator
ENTRIES = ("acquisition", "receipt")
#: for each provision boundary, the recorded bases that can apply to it
_FITTING = {
    "outsourcing": {"outsourcing", "succession", "consent", "exception", "opt_out"},
    "subcontracting": {"outsourcing", "succession", "consent", "exception", "opt_out"},
    "provision": {"consent", "exception", "opt_out", "succession"},
    "joint_use": {"joint_use", "consent", "exception", "opt_out"},
}
OPERATOR = "operator"


def location_class(location: str | None, home: str) -> str:
    """home, abroad, unknown or per_customer for a location seen from `home`; none for no location."""
    if location is None:
        return "none"
    if location in (UNKNOWN, PER_CUSTOMER):
        return location
    if location == home or home in REGION_MEMBERS.get(location, ()):
        # a region holding the home country: data may sit at home or in another member state
        return "home" if location == home else "abroad"
    return "abroad"


def resolved_rows(inventory: Any) -> Iterator[tuple[str, Any]]:
    """The rows of `resolved_node` and `resolved_flow` for a validated inventory (the flows' made while they are
    written: `inventory.rows.Rows`, not a list of 200k dicts on a large inventory)."""
    from daicho.inventory.rows import Rows

    reading = Reading(inventory)
    yield "resolved_node", list(reading.nodes.values())
    flows = inventory.flows
    yield "resolved_flow", Rows(None, lambda: map(reading.flow, range(len(flows)), flows), len(flows))
    yield "meta", [{"key": "resolved", "value": "1"}, {"key": "home_country", "value": reading.home}]


class Reading:
    """Resolves an inventory's nodes and flows (see the module docstring)."""

    def __init__(self, inventory: Any) -> None:
        org = inventory.organization
        self.home: str = org.country if org else "JP"
        self.operator: str = org.key if org else OPERATOR
        self.inventory = inventory
        self.recipients = {r.key: r for r in inventory.recipients}
        self.systems = {s.key: s for s in inventory.systems}
        self.not_personal = {i.key for i in inventory.items if i.personally_referable or i.anonymised}
        self.nodes: dict[str, dict[str, Any]] = {}
        for point in inventory.collection_points:
            self.nodes[point.key] = self._node(point.key, "collection_point", None, self.operator, OPERATOR)
            self.nodes[point.key].update(location=None, location_class="none")
        for recipient in inventory.recipients:
            self.nodes[recipient.key] = self._recipient(recipient)
        for system in inventory.systems:
            self.nodes[system.key] = self._system(system)
        self._mark_named_only()

    def _node(self, key: str, kind: str, subkind: str | None, party: str, party_kind: str) -> dict[str, Any]:
        return {"key": key, "kind": kind, "subkind": subkind, "party": party, "party_kind": party_kind,
                "operated_by": None, "handles": True, "location": None, "location_class": "none",
                "registered": None, "hosting": [], "foreign_hosting": [], "parents": [], "named_only": False}

    def _recipient(self, recipient: Any) -> dict[str, Any]:
        node = self._node(recipient.key, "recipient", recipient.kind, recipient.key, recipient.kind)
        registered = recipient.country or UNKNOWN
        hosting = list(recipient.hosting)
        node.update(handles=recipient.handles_data, location=registered,
                    location_class=location_class(registered, self.home), registered=registered,
                    hosting=hosting, parents=list(recipient.parents),
                    foreign_hosting=self._foreign(hosting or [registered]))
        return node

    def _system(self, system: Any) -> dict[str, Any]:
        kept = system.country or UNKNOWN
        operator = self.recipients.get(system.operated_by) if system.operated_by else None
        handles = True
        if operator is not None:
            handles = operator.handles_data if system.handles_data is None else system.handles_data
        if operator is not None and handles:
            node = self._node(system.key, "system", system.kind, operator.key, operator.kind)
            registered = operator.country or UNKNOWN
            node.update(location=registered, location_class=location_class(registered, self.home),
                        registered=registered)
        else:
            node = self._node(system.key, "system", system.kind, self.operator, OPERATOR)
            node.update(location=kept, location_class=location_class(kept, self.home))
            if operator is not None:
                node["registered"] = operator.country or UNKNOWN
        node.update(operated_by=system.operated_by, handles=handles, hosting=[kept],
                    foreign_hosting=self._foreign([kept]))
        return node

    def _foreign(self, locations: list[str]) -> list[str]:
        """The locations where kept data is not (known to be) at home."""
        return [loc for loc in locations if location_class(loc, self.home) != "home"]

    def _mark_named_only(self) -> None:
        """A recipient with no flow, no operated system with a flow or stored items: named, no data flow."""
        active: set[str] = set()
        for flow in self.inventory.flows:
            for end in (flow.source, flow.target):
                node = self.nodes.get(end)
                if node is not None:
                    active.update(k for k in (node["party"], node["operated_by"]) if k)
        for system in self.inventory.systems:
            if system.items:
                active.add(self.nodes[system.key]["party"])
                if system.operated_by:
                    active.add(system.operated_by)
        for key, node in self.nodes.items():
            if node["kind"] == "recipient" and key not in active:
                node["named_only"] = True

    def flow_rows(self) -> list[dict[str, Any]]:
        """One resolved row per flow, in manifest order."""
        return [self.flow(position, flow) for position, flow in enumerate(self.inventory.flows)]

    def flow(self, position: int, flow: Any) -> dict[str, Any]:
        """A flow's boundary, border, basis status and foreign status."""
        src, dst = self.nodes[flow.source], self.nodes[flow.target]
        boundary = self.boundary(src, dst, flow.basis)
        personal = not set(flow.items) <= self.not_personal
        row = {"key": flow.key, "position": position, "source": flow.source, "target": flow.target,
               "source_party": src["party"], "target_party": dst["party"], "boundary": boundary,
               "entry": boundary in ENTRIES or src["kind"] == "collection_point", "basis": flow.basis,
               "foreign_basis": flow.foreign_basis,
               "personal": personal}
        if boundary in PROVISIONS:
            fitting = _FITTING[boundary] | ({"collection"} if row["entry"] and boundary in ENTRUSTING else set())
            row["basis_status"] = "recorded" if flow.basis in fitting else "cannot_apply"
        else:
            row["basis_status"] = "not_needed"
        if boundary in PROVISIONS:
            party = self.nodes[dst["party"]]
            row["transfer_location"] = party["location"]
            row["border"] = party["location_class"]
            row["foreign_status"] = self.foreign_status(flow, party["location"], row["border"], personal)
            if row["foreign_status"] == "incomplete":
                row["foreign_missing"] = missing_evidence(flow, self.recipients.get(dst["party"]))
        else:
            row["transfer_location"] = None
            row["border"] = dst["location_class"]
            row["foreign_status"] = "not_applicable"
        row.setdefault("foreign_missing", [])
        row["disclose_locations"], row["disclosure"] = self.disclosure(dst, boundary)
        return row

    def disclosure(self, dst: dict[str, Any], boundary: str) -> tuple[list[str], str]:
        """Where data kept in system `dst` sits outside the home country, and whether the published security
        measures name it (APPI 32, Cabinet Order 10; PPC general guideline 10-7, 外的環境の把握). Applies to the
        operator's own systems, storage its provider does not handle and systems its contractors operate."""
        if dst["kind"] != "system" or not dst["foreign_hosting"] or boundary in ("onward", "provision", "joint_use"):
            return [], "not_applicable"
        disclosed = self.systems[dst["key"]].disclosed_abroad
        return list(dst["foreign_hosting"]), "disclosed" if disclosed else "not_disclosed"

    def boundary(self, src: dict[str, Any], dst: dict[str, Any], basis: str = "") -> str:
        """What crossing from `src`'s party to `dst`'s party is (see the module docstring)."""
        source_party, target_party = src["party"], dst["party"]
        if src["kind"] == "collection_point" and target_party == self.operator:
            return "acquisition"
        if source_party == target_party:
            if source_party == self.operator:
                return "storage" if dst["kind"] == "system" and not dst["handles"] else "internal"
            return "within"
        if target_party == self.operator:
            if dst["kind"] == "system" and not dst["handles"]:
                return "storage" if src["party_kind"] in ENTRUSTED else "receipt"
            return "return" if src["party_kind"] in ENTRUSTED else "receipt"
        target = self.recipients[target_party]
        if source_party != self.operator:
            if source_party in target.parents:
                return "subcontracting"
            if target_party in self.recipients[source_party].parents:
                return "return"  # a sub-contractor back to the contractor that engaged it
            if src["party_kind"] not in ENTRUSTED:
                return "onward"  # a third party's or joint user's own act, not the operator's
        # the operator, its collection point (a contractor's tag), or a contractor acting for it
        if not dst["handles"]:
            return "storage"
        if target.kind == "group_company":  # a group company is a third party, unless entrusted or a joint user
            return {"outsourcing": "outsourcing", "joint_use": "joint_use"}.get(basis, "provision")
        return {"contractor": "outsourcing", "subcontractor": "outsourcing",
                "joint_user": "joint_use"}.get(target.kind, "provision")

    def foreign_status(self, flow: Any, location: str, border: str, personal: bool) -> str:
        """The APPI 28 status of a provision whose receiving party is at `location`."""
        if border == "home":
            return "not_applicable"
        if flow.basis == "exception":
            return "exempt"  # the 27(1) cases are exempt from Art. 28
        if not personal:
            return "referable"
        if border in ("unknown", "per_customer"):
            return "unknown_location"
        if flow.foreign_basis is None:
            return "missing"
        if flow.foreign_basis == "eu_uk" and not (location in EU_UK or location in REGION_MEMBERS):
            return "mismatch"
        if missing_evidence(flow, self.recipients.get(self.nodes[flow.target]["party"])):
            return "incomplete"
        return "recorded"


#: what each piece of evidence of a foreign basis is, in words (for `abroad` and `check`)
EVIDENCE_WORDS = {
    "country": "the country's name (Rules 17(2))",
    "regime": "that country's system for protecting personal information (Rules 17(2))",
    "measures": "the recipient's measures (Rules 17(2))",
    "instrument": "the instrument it rests on (Rules 16: a contract, group rules, APEC CBPR …)",
    "periodic_check": "a periodic check of the recipient (Rules 18)",
}


def missing_evidence(flow: Any, recipient: Any) -> list[str]:
    """What the foreign basis of `flow` to `recipient` rests on and is not recorded (keys of EVIDENCE_WORDS):
    for `consent`, the three things the person must have been told (Rules 17(2)), on the flow or the recipient;
    for `compliant_system`, the recipient's instrument (Rules 16) and a periodic check ever done (Rules 18)."""
    if flow.foreign_basis == "consent":
        told = [i for i in (flow.consent_information, getattr(recipient, "consent_information", None)) if i]
        return [what for what in ("country", "regime", "measures") if not any(getattr(i, what) for i in told)]
    if flow.foreign_basis == "compliant_system":
        return [what for what, ok in (("instrument", getattr(recipient, "compliant_system", None)),
                                      ("periodic_check", getattr(recipient, "compliance_check", None))) if not ok]
    return []
