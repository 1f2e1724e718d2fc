"""Requests from persons (APPI 33-35): what a disclosure, correction, stop-of-use or deletion request of a person
of one subject category touches, read from the inventory and its resolved model.

Retained personal data (保有個人データ) only: pseudonymised data is carved out by APPI 41(9); anonymised and
personally referable information is not personal data; an item with `retained: false` is not retained. Where each
item is kept and which contractors hold it come from `lineage.batch.walks` (the same trail as `where`); the
provision records to disclose with it (33(5)) are the flows whose record APPI 29/30 require, by the resolved
boundary: a provision to a third party, data received from one, and a transfer abroad on the consent route even
when it is outsourcing or joint use (29(1) proviso); never a 27(1) case (`basis: exception`).
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.words import N_, phrase
from daicho.inventory.db import ReadDB, decode
from daicho.inventory.errors import DaichoError

ENTRUSTED = ("contractor", "subcontractor")
OTHERS = ("third_party", "joint_user", "group_company")

#: per request kind: the article, what the operator must do, and the deadline wording of the Act (message ids of the
#: catalog: said in the reader's language where the request is written)
LAW = {
    "disclosure": {
        "article": "APPI 33",
        "duty": N_("Disclose the retained personal data to the person by the method they ask for "
                   "(electronic record, paper …) unless 33(2)(i)-(iii) applies (harm to the person "
                   "or others, serious hindrance to the business, violation of other laws); say so "
                   "when not disclosing."),
        "deadline": N_("without delay (遅滞なく) — APPI 33(2); notify without delay when not disclosing, or "
                       "when the method asked for is not possible (33(3))"),
        "fee": True,
    },
    "correction": {
        "article": "APPI 34",
        "duty": N_("Investigate without delay as far as needed for the purpose of use and, on that "
                   "result, correct, add to or delete the content where it is not true; tell the "
                   "person what was done or that nothing was (34(3))."),
        "deadline": N_("without delay (遅滞なく): the investigation (34(2)) and the notice of the result "
                       "(34(3))"),
        "fee": False,
    },
    "stop": {
        "article": "APPI 35",
        "duty": N_("Stop using (or stop providing to third parties) where the request is well "
                   "founded: use beyond purpose or improper use or acquisition (35(1), Arts 18-20), "
                   "a provision without basis (35(3), Arts 27(1), 28), no longer needed, a leak "
                   "under Art. 26, or a risk to the person's rights (35(5)); to the extent needed to "
                   "end the violation; tell the person (35(7))."),
        "deadline": N_("without delay (遅滞なく) — APPI 35(2), (4), (6); notify the decision without delay "
                       "(35(7))"),
        "fee": False,
    },
    "deletion": {
        "article": "APPI 35",
        "duty": N_("Delete (消去) where the request is well founded (35(1), (5)), to the extent "
                   "needed; instruct the contractors that hold the data to delete it too (APPI 25 "
                   "supervision); tell the person (35(7))."),
        "deadline": N_("without delay (遅滞なく) — APPI 35(2), (6); notify the decision without delay "
                       "(35(7))"),
        "fee": False,
    },
}


def _name(row: dict[str, Any], lang: str) -> str:
    return (row.get("name_ja") if lang == "ja" else None) or row.get("name_en") or row.get("name_ja") or row["key"]


def _local(row: dict[str, Any] | None, field: str, lang: str) -> str | None:
    if not row:
        return None
    return (row.get(f"{field}_ja") if lang == "ja" else None) or row.get(f"{field}_en") or row.get(f"{field}_ja")


def _excluded(item: dict[str, Any]) -> str | None:
    """Why an item of the subject is outside APPI 33-35, or None when it is retained personal data."""
    if item["anonymised"]:
        return phrase("anonymised information: not personal data")
    if item["pseudonymised"]:
        return phrase("pseudonymised information: APPI 41(9) excludes it from APPI 33-39")
    if item["personally_referable"]:
        return phrase("personally referable information: not personal data")
    if not item["retained"]:
        return phrase("not retained (retained: false)")
    return None


def person_request(db: ReadDB, kind: str, subject: str, only: list[str] | None = None,
                   lang: str = "en") -> dict[str, Any]:
    """What a request of `kind` (disclosure, correction, stop, deletion) by a person of `subject` touches."""
    from daicho.catalog.lineage.batch import walks
    from daicho.catalog.resolved.records import resolve

    if kind not in LAW:
        raise DaichoError(phrase("unknown request '{kind}': disclosure, correction, stop or deletion", kind=kind))
    subject_row = resolve(db, subject, ("subject",))
    rows = db.rows("SELECT i.* FROM item i JOIN item_subject s ON s.item = i.key WHERE s.subject = :s "
                   "ORDER BY i.key", {"s": subject_row["key"]})
    if only is not None:
        unknown = sorted(set(only) - {r["key"] for r in rows})
        if unknown:
            raise DaichoError(phrase("item '{item}' is not an item of subject '{subject}'", item=unknown[0],
                                     subject=subject_row["key"]))
        rows = [r for r in rows if r["key"] in only]
    covered = [r for r in rows if _excluded(r) is None]
    keys = [r["key"] for r in covered]
    nodes = {r["key"]: r for r in db.rows("SELECT n.key, n.kind, n.party, n.party_kind, n.location, n.operated_by, "
                                          "m.name_en, m.name_ja FROM resolved_node n JOIN node m ON m.key = n.key")}
    systems = {r["key"]: r for r in db.rows("SELECT key, department FROM system")}
    stored = {}
    for r in db.rows("SELECT item, system FROM system_item ORDER BY position"):
        stored.setdefault(r["item"], []).append(r["system"])
    owners = {}
    for r in db.rows("SELECT l.item, p.key, p.name_en, p.name_ja, p.department, p.owner FROM process_item l "
                     "JOIN process p ON p.key = l.process ORDER BY l.process"):
        owners.setdefault(r["item"], []).append(r)
    trails = dict(walks(db, keys)) if keys else {}
    holders: dict[str, dict[str, Any]] = {}
    entries = []
    for row in covered:
        trail = trails.get(row["key"], {"nodes": [], "hops": []})
        kept = [n["key"] for n in trail["nodes"] if n["kind"] == "system"]
        kept = list(dict.fromkeys(stored.get(row["key"], []) + kept))
        entry = {"key": row["key"], "name": _name(row, lang), "kept_in": [], "ask": [], "contractors": [],
                 "third_parties": []}
        for system in kept:
            node = nodes.get(system, {})
            entry["kept_in"].append({"system": system, "name": _name(node, lang) if node else system,
                                     "department": systems.get(system, {}).get("department"),
                                     "operated_by": node.get("operated_by"), "party": node.get("party"),
                                     "location": node.get("location")})
        entry["ask"] = [{"process": p["key"], "department": p["department"], "owner": p["owner"]}
                        for p in owners.get(row["key"], [])]
        for party in trail.get("recipients", []):
            node = nodes.get(party)
            if not node:
                continue
            group = "contractors" if node["party_kind"] in ENTRUSTED else "third_parties"
            entry[group].append(party)
            holder = holders.setdefault(party, {"key": party, "name": _name(node, lang), "kind": node["party_kind"],
                                                "location": node["location"], "items": []})
            holder["items"].append(row["key"])
        entries.append(entry)
    org = (db.rows("SELECT * FROM organization") or [None])[0]
    law = LAW[kind]
    result = {
        "request": kind,
        "article": law["article"],
        "subject": {"key": subject_row["key"], "name": _name(subject_row, lang)},
        "items": entries,
        "not_covered": [{"key": r["key"], "reason": _excluded(r)} for r in rows if _excluded(r)],
        "contractors": [h for h in holders.values() if h["kind"] in ENTRUSTED],
        "third_parties": [h for h in holders.values() if h["kind"] not in ENTRUSTED],
        "duty": phrase(law["duty"]),
        "deadline": phrase(law["deadline"]),
        "procedure": {
            "request_procedure": _local(org, "request_procedure", lang),
            "contact": decode(org["contact"]) if org else None,
            "fee": _local(org, "request_fee", lang) if law["fee"] else None,
            "complaints_desk": _local(org, "complaints_desk", lang),
        },
    }
    if kind == "disclosure":
        result["provision_records"] = provision_records(db, keys, org)
    return result


def provision_records(db: ReadDB, items: list[str], org: dict[str, Any] | None) -> dict[str, Any]:
    """The provision records (APPI 29/30) the person may ask to see with the data (APPI 33(5))."""
    from daicho.catalog.lineage.sql import in_chunks

    flows: list[dict[str, Any]] = []
    for marks, params in in_chunks("i", items):
        flows += db.rows(
            "SELECT DISTINCT r.key, r.source, r.target, r.boundary, r.basis, r.border, r.foreign_basis, "
            "r.source_party, r.target_party, f.position FROM resolved_flow r JOIN flow f ON f.key = r.key "
            f"JOIN flow_item x ON x.flow = r.key WHERE x.item IN ({marks})", params)
    seen = set()
    needed = []
    for flow in sorted(flows, key=lambda f: f["position"]):
        if flow["key"] in seen or flow["basis"] == "exception":
            continue
        seen.add(flow["key"])
        abroad_consent = flow["border"] != "home" and flow["foreign_basis"] == "consent" and \
            flow["boundary"] in ("outsourcing", "subcontracting", "joint_use")
        received = flow["boundary"] == "receipt" and flow["basis"] not in ("joint_use", "outsourcing", "succession")
        if flow["boundary"] == "provision" or received or abroad_consent:
            why = {"provision": phrase("provision to a third party (APPI 29)"),
                   "receipt": phrase("received from a third party (APPI 30)")}.get(
                flow["boundary"], phrase("transfer abroad on the consent route (APPI 28(1); 29(1) proviso)"))
            needed.append({"flow": flow["key"], "from": flow["source"], "to": flow["target"], "why": why})
    return {"required": bool(needed), "flows": needed,
            "procedure_covers_them": bool(org and org.get("discloses_provision_records")),
            "article": "APPI 33(5)"}
