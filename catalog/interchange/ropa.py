"""The GDPR Art. 30 record of processing activities (`daicho ropa`), as data.

The record is read from the stored inventory and its resolved model, never re-derived: who receives what is
what `daicho receives` says (a recipient's whole side); a transfer to a third country is a flow `daicho abroad`
lists (`catalog.lineage.nodes.abroad`) that hands personal data to another party — not the operator's own
system abroad, not a third party's own onward transfer — at a location outside the EU/EEA (a location not
recorded is listed as such: it may be one). A storage provider that does not handle the data (APPI's cloud
exception, PPC Q&A 7-53) is still a processor under the GDPR, so its location is a transfer here. What the APPI
inventory cannot say (the Art. 6 basis of each purpose, the Art. 9 condition of special categories, the Chapter V
mechanism of each transfer, the EU representative, the DPO, the controllers a processor acts for) comes from the
optional `gdpr:` block; where it is missing the record says "not recorded" and `daicho check` names the gap.

Controller record (Art. 30(1)): one activity per purpose. Processor record (Art. 30(2)): one entry per
controller. `ropa_writers` turns the data into xlsx, csv, md and json.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from daicho.catalog.interchange.ropa_words import (
    ADEQUATE,
    basis_text,
    condition_text,
    kind_text,
    mechanism_text,
    not_recorded,
)
from daicho.catalog.resolved.countries import REGION_MEMBERS
from daicho.catalog.words import Place, joined, phrase
from daicho.inventory.db import ReadDB, Row, decode

#: fideslang data categories that are special categories of personal data (GDPR Art. 9(1))
SPECIAL_CATEGORY_PREFIXES = ("user.biometric", "user.authorization.biometric", "user.health_and_medical",
                             "user.demographic.race_ethnicity", "user.demographic.religious_belief",
                             "user.demographic.political_opinion", "user.demographic.sexual_orientation")
#: abroad statuses that are not a transfer by the operator to another party
_NOT_TRANSFERS = ("own_system", "onward")


def third_country(code: str | None) -> bool:
    """Whether a location is (or may be) outside the EU/EEA: a third country under GDPR Chapter V."""
    return code not in REGION_MEMBERS["EEA"] and code not in ("EU", "EEA")


def gdpr_block(db: ReadDB) -> dict[str, Any]:
    """The inventory's `gdpr:` block as stored ({} when there is none, or the store predates it)."""
    table = ("SELECT name FROM sqlite_master WHERE name = 'manifest_block'" if db.is_sqlite
             else "SELECT to_regclass('manifest_block') AS name")
    if not db.value(table):
        return {}
    return decode(db.value("SELECT document FROM manifest_block WHERE section = 'gdpr'")) or {}


def is_special(item: Row, listed: set[str]) -> bool:
    """Whether an item is a special category: listed in `gdpr.special_categories`, marked sensitive
    (要配慮個人情報 overlaps Art. 9(1)), or of a fideslang special category."""
    category = item.get("category") or ""
    return item["key"] in listed or bool(item.get("sensitive")) or category.startswith(SPECIAL_CATEGORY_PREFIXES)


def transfers(db: ReadDB, block: dict[str, Any] | None = None, lang: str = "en") -> list[dict[str, Any]]:
    """The transfers to third countries: `abroad`'s flows to another party outside the EU/EEA, each with the
    receiving party, destination, items and the Chapter V mechanism the `gdpr:` block records (or None)."""
    from daicho.catalog.lineage.nodes import abroad

    block = gdpr_block(db) if block is None else block
    by_flow = {t["flow"]: t for t in block.get("transfers", []) if t.get("flow")}
    by_party = {t["recipient"]: t for t in block.get("transfers", []) if t.get("recipient")}
    names = _names(db)
    operated = {r["key"]: r["operated_by"] for r in db.rows("SELECT key, operated_by FROM resolved_node "
                                                            "WHERE operated_by IS NOT NULL")}
    purposes = _links(db, "flow_purpose", "flow", "purpose")
    out = []
    for entry in abroad(db)["flows"]:
        country = entry["to_country"] or "unknown"
        if entry["status"] in _NOT_TRANSFERS or not third_country(country):
            continue
        party = operated.get(entry["to"], entry["to_party"]) if entry["status"] == "storage" else entry["to_party"]
        recorded = by_flow.get(entry["flow"]) or by_party.get(party)
        kind = "storage" if entry["status"] == "storage" else entry["to_kind"]
        out.append({"flow": entry["flow"], "from": _named(names, entry["from"], lang),
                    "to": _named(names, entry["to"], lang), "party": _named(names, party, lang),
                    "kind": kind, "kind_title": kind_text(kind),
                    "country": {"code": country, "title": Place(country)},
                    "items": [_named(names, i, lang) for i in entry["items"]],
                    "purposes": purposes.get(entry["flow"], []),
                    "mechanism": _mechanism(recorded, country), "appi_foreign_basis": entry["foreign_basis"],
                    "appi_status": entry["status"]})
    return out


def _mechanism(recorded: dict[str, Any] | None, country: str) -> dict[str, Any] | None:
    if not recorded:
        return None
    code = recorded["mechanism"]
    return {"code": code, "derogation": recorded.get("derogation"), "reference": recorded.get("reference"),
            "title": mechanism_text(code, recorded.get("derogation")),
            "adequate": country in ADEQUATE if code == "adequacy" else None}


def ropa(db: ReadDB, role: str | None = None, lang: str = "en") -> dict[str, Any]:
    """The Art. 30 record: `role` controller (Art. 30(1)) or processor (Art. 30(2)); default from the
    `gdpr:` block's role (processor for `processor`, else controller). `lang` only picks which of the
    inventory's own texts (names, contacts) it holds; the record's own words are phrases and places, said in
    `lang` by `ropa_writers` where the file is written."""
    from daicho.catalog.resolved.facts import home_country

    block = gdpr_block(db)
    role = role or ("processor" if block.get("role") == "processor" else "controller")
    org = _organization(db)
    names = _names(db)
    security = _text(block.get("security"), lang) or _text_cols(org, "security_measures", lang)
    moved = transfers(db, block, lang)
    data: dict[str, Any] = {
        "lang": lang, "role": role, "declared_role": block.get("role"), "gdpr_block": bool(block),
        "home_country": home_country(db), "illustrative": bool(block.get("illustrative")),
        "party": {"name": _text_cols(org, "name", lang) or (org or {}).get("key") or "",
                  "contact": _contact(block.get("contact") or (org or {}).get("contact"), org, lang),
                  "representative": _contact(block.get("representative"), None, lang),
                  "representative_exempt": block.get("representative_exempt"),
                  "dpo": _contact(block.get("dpo"), None, lang)},
        "security": security, "transfers": moved}
    items = _items(db)
    if role == "controller":
        data["activities"] = _activities(db, block, items, names, moved, lang)
    else:
        data["controllers"] = _controllers(db, block, items, names, moved, security, lang)
    return data


def _activities(db: ReadDB, block: dict, items: dict[str, Row], names: dict, moved: list,
                lang: str) -> list[dict[str, Any]]:
    """One processing activity per purpose of personal items: Art. 30(1)(b)-(f) (the security measures, (g),
    are the same for every activity: `security` of the record). A transfer belongs to the purposes its flow
    names, else to every purpose of an item it carries."""
    bases = {p["purpose"]: p for p in block.get("purposes", [])}
    conditions = {s["item"]: s for s in block.get("special_categories", [])}
    of_purpose: dict[str, list[str]] = defaultdict(list)
    for row in db.rows("SELECT item, purpose FROM item_purpose ORDER BY item, position"):
        if row["item"] in items:
            of_purpose[row["purpose"]].append(row["item"])
    subjects = _links(db, "item_subject", "item", "subject")
    received = _recipients(db, items)
    out = []
    for purpose in db.rows("SELECT key, name_en, name_ja FROM purpose ORDER BY key"):
        keys = of_purpose.get(purpose["key"], [])
        if not keys:
            continue
        chosen = bases.get(purpose["key"])
        whom = [r for r in received if purpose["key"] in r["purposes"]]
        carried = [t for t in moved if purpose["key"] in t["purposes"]
                   or (not t["purposes"] and {i["key"] for i in t["items"]} & set(keys))]
        out.append({
            "purpose": _named(names, purpose["key"], lang),
            "basis": {"code": chosen["basis"], "title": basis_text(chosen["basis"]),
                      "legitimate_interest": chosen.get("legitimate_interest")} if chosen else None,
            "subjects": [_named(names, s, lang) for s in dict.fromkeys(s for i in keys for s in subjects.get(i, []))],
            "data": [_item_entry(items[i], names, conditions, lang) for i in keys],
            "recipients": [{k: v for k, v in r.items() if k != "purposes"} for r in whom],
            "transfers": [t["flow"] for t in carried],
            "third_countries": _countries(carried),
            "safeguards": _safeguards(carried),
            "erasure": _erasure([items[i] for i in keys], names, lang)})
    return out


def _controllers(db: ReadDB, block: dict, items: dict[str, Row], names: dict, moved: list, security: str | None,
                 lang: str) -> list[dict[str, Any]]:
    """One entry per controller the operator processes for: Art. 30(2)(a)-(d)."""
    process_items = _links(db, "process_item", "process", "item")
    out = []
    for controller in block.get("controllers", []):
        keys = list(dict.fromkeys([*controller.get("items", []),
                                   *(i for p in controller.get("processes", []) for i in process_items.get(p, []))]))
        flows = set(controller.get("flows", []))
        carried = [t for t in moved if t["flow"] in flows or (not flows and {i["key"] for i in t["items"]} & set(keys))]
        processing = _text(controller.get("processing"), lang) or "; ".join(
            names.get(p, {}).get(f"name_{lang}") or p for p in controller.get("processes", []))
        out.append({"key": controller["key"], "name": _text(controller["name"], lang),
                    "contact": _contact(controller.get("contact"), None, lang),
                    "representative": _contact(controller.get("representative"), None, lang),
                    "dpo": _contact(controller.get("dpo"), None, lang), "processing": processing or None,
                    "data": [_named(names, i, lang) for i in keys if i in items],
                    "transfers": [t["flow"] for t in carried], "third_countries": _countries(carried),
                    "safeguards": _safeguards(carried), "security": security})
    return out


def _recipients(db: ReadDB, items: dict[str, Row]) -> list[dict[str, Any]]:
    """Every recipient that receives personal items (`receives`), and every provider storing items it does not
    handle, with the purposes it serves (of the flows to it, else of its items), registered and hosting."""
    from daicho.catalog.lineage.where import receives
    from daicho.catalog.resolved.facts import all_nodes

    nodes = all_nodes(db, ("system", "recipient"))
    purposes_of = _links(db, "item_purpose", "item", "purpose")
    stored = _links(db, "system_item", "system", "item")
    out = []
    for node in sorted((n for n in nodes.values() if n["kind"] == "recipient" and not n["named_only"]),
                       key=lambda n: n["key"]):
        got = receives(db, node["key"])
        keys = [e["item"] for e in got["items"] if e["item"] in items]
        kind = node["subkind"]
        if not keys:  # a provider that only stores data it does not handle is a processor under the GDPR
            keys = [i for s in got["stores"] for i in stored.get(s["key"], []) if i in items]
            kind = "storage"
        if not keys:
            continue
        purposes = [p for hop in got["hops"] if hop["to_party"] == node["key"] for p in hop["purposes"]]
        purposes = list(dict.fromkeys(purposes or (p for i in keys for p in purposes_of.get(i, []))))
        kept = [*(node["hosting"] or []), *(s["country"] for s in got["side"] if s.get("country"))]
        out.append({"key": node["key"], "name": {"en": node["name_en"], "ja": node["name_ja"]}, "kind": kind,
                    "registered": node["registered"] or "unknown", "hosting": list(dict.fromkeys(kept)),
                    "purposes": purposes})
    return out


def _item_entry(item: Row, names: dict, conditions: dict, lang: str) -> dict[str, Any]:
    entry = {**_named(names, item["key"], lang), "category": item["category"], "special": None}
    if is_special(item, set(conditions)):
        chosen = conditions.get(item["key"])
        entry["special"] = {"condition": chosen["condition"] if chosen else None,
                            "title": condition_text(chosen["condition"]) if chosen else None}
    return entry


def _erasure(items: list[Row], names: dict, lang: str) -> list[str]:
    """Time limits for erasure: each item's retention period (and what it runs from), else "not recorded"
    (phrases: the inventory's period and trigger as they are, the record's own words said where written)."""
    out = []
    for item in items:
        retention = decode(item["retention"]) or {}
        period = retention.get("period") or not_recorded()
        if retention.get("trigger"):
            period = phrase("{period} (from {trigger})", period=period, trigger=retention["trigger"])
        title = _named(names, item["key"], lang)["title"]
        out.append(joined(": ", [title, period]))
    return out


def _countries(carried: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(t["country"]["title"] for t in carried))


def _safeguards(carried: list[dict[str, Any]]) -> list[str]:
    """Each destination's party, country and mechanism ("not recorded" when the block does not say): phrases."""
    out = []
    for t in carried:
        mechanism = t["mechanism"]
        said = mechanism["title"] if mechanism else not_recorded()
        if mechanism and mechanism.get("reference"):
            said = joined(" ", [said, f"({mechanism['reference']})"])
        out.append(phrase("{party} ({country}): {safeguard}", party=t["party"]["title"], country=t["country"]["title"],
                          safeguard=said))
    return list(dict.fromkeys(out))


def _items(db: ReadDB) -> dict[str, Row]:
    """Items that are personal data under the GDPR: all but anonymised ones (cookie IDs count)."""
    return {r["key"]: r for r in db.rows("SELECT key, name_en, name_ja, category, sensitive, retention FROM item "
                                         "WHERE NOT anonymised ORDER BY key")}


def _organization(db: ReadDB) -> Row | None:
    rows = db.rows("SELECT key, name_en, name_ja, address, contact, security_measures_en, security_measures_ja "
                   "FROM organization")
    if not rows:
        return None
    org = rows[0]
    org["contact"] = decode(org["contact"])
    return org


def _names(db: ReadDB) -> dict[str, dict]:
    out = {r["key"]: dict(r) for r in db.rows("SELECT key, name_en, name_ja FROM node")}
    for table in ("purpose", "item", "process", "subject"):
        for row in db.rows(f"SELECT key, name_en, name_ja FROM {table}"):
            out[row["key"]] = dict(row)
    return out


def _named(names: dict[str, dict], key: str, lang: str) -> dict[str, str]:
    row = names.get(key, {})
    return {"key": key, "title": _text_cols(row, "name", lang) or key}


def _links(db: ReadDB, table: str, owner: str, member: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in db.rows(f"SELECT {owner}, {member} FROM {table} ORDER BY {owner}, position"):
        out[row[owner]].append(row[member])
    return out


def _text(value: Any, lang: str) -> str | None:
    """A LocalText as stored ({en, ja} or a plain string) in `lang`, falling back to the other language."""
    if value is None or isinstance(value, str):
        return value
    first, second = ("ja", "en") if lang == "ja" else ("en", "ja")
    return value.get(first) or value.get(second)


def _text_cols(row: Row | None, field: str, lang: str) -> str | None:
    if not row:
        return None
    return _text({"en": row.get(f"{field}_en"), "ja": row.get(f"{field}_ja")}, lang)


def _contact(contact: dict[str, Any] | None, org: Row | None, lang: str) -> str | None:
    """A contact as one line of text: name, address, email, phone, url (the organization's address too)."""
    if not contact and not org:
        return None
    contact = contact or {}
    parts = [_text(contact.get("name"), lang), contact.get("address") or (org or {}).get("address"),
             contact.get("email"), contact.get("phone"), contact.get("url")]
    return ", ".join(p for p in parts if p) or None
