"""A leak at one system or recipient: what is exposed, and whether APPI Art. 26 requires a report to the PPC
and a notice to the persons.

`exposure(db, node)` gathers the facts from the store; `assess(exposure, …)` is a pure function of them;
`breach(db, node, …)` does both (the review kit calls it once per system).

The four situations of the Enforcement Rules Art. 7 (a leak, loss or damage that occurred *or may have
occurred*):

  (i)   personal data including special care-required information (要配慮個人情報);
  (ii)  personal data whose unauthorised use may cause financial damage (card numbers, payment credentials);
  (iii) a leak by an act against the operator likely done for an unlawful purpose (incl. information being
        acquired, e.g. web skimming — since 2024-04-01);
  (iv)  a leak concerning more than 1,000 persons.

Item (i) excludes data protected by advanced encryption or other measures needed to protect the persons'
rights, and defines that exclusion "hereinafter in this Article and Art. 8(1)", so `encrypted` answers all
four. Rules Art. 8: a preliminary report promptly (about 3–5 days, PPC guideline), a final report within 30
days — 60 days for (iii) — from knowing of the situation; APPI 26(2): notify the persons promptly too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, node_entry, receives
from daicho.catalog.resolved.facts import in_chunks, node_facts, parties_of
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB, decode

CITATIONS = ("APPI 26(1)", "APPI 26(2)", "Rules 7(i)", "Rules 7(ii)", "Rules 7(iii)", "Rules 7(iv)", "Rules 8(1)",
             "Rules 8(2)")
THRESHOLD = 1000

_TITLES = {
    1: ("Special care-required information", "要配慮個人情報が含まれる個人データの漏えい等"),
    2: ("Misuse may cause financial damage",
        "不正に利用されることにより財産的被害が生じるおそれがある個人データの漏えい等"),
    3: ("Act likely done for an unlawful purpose", "不正の目的をもって行われたおそれがある行為による漏えい等"),
    4: ("More than 1,000 persons", "本人の数が千人を超える漏えい等"),
}


@dataclass
class Exposure:
    """What a leak at `node` exposes: items with how the node (a recipient: its side) has them (stored,
    received, forwarded, derived), and the subjects of the paths that reach it."""

    node: dict[str, Any]
    items: list[dict[str, Any]]
    subjects: list[dict[str, Any]]


@dataclass
class Criterion:
    """One situation of Rules Art. 7, met (True), not met (False) or not known (None), and why."""

    number: int
    rule: str
    title: dict[str, str]
    met: bool | None
    reason: str
    items: list[str] = field(default_factory=list)


@dataclass
class BreachAssessment:
    """The exposure, the four criteria, and what follows: report, notice, deadlines."""

    node: dict[str, Any]
    items: list[dict[str, Any]]
    subjects: list[dict[str, Any]]
    persons: int | None
    persons_source: str  # given | items | unknown
    encrypted: bool
    unlawful: bool
    criteria: list[Criterion]
    reportable: bool | None  # None: no criterion met, and (iv) cannot be ruled out
    report: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain data (the `--json` output)."""
        return asdict(self)


def exposure(db: ReadDB, text: str) -> Exposure:
    """The items a leak at system/recipient `text` exposes: those stored on its side (a recipient: itself and
    the systems it operates and handles, `parties_of`, and those it keeps without handling), those reaching it
    (`receives`), those it forwards off its side, and those derived there; and the data subjects of the paths
    that reach it."""
    node = resolve(db, text, FLOW_NODE_KINDS)
    key = node["key"]
    facts = node_facts(db, [key])[key]
    side = parties_of(db, key) if facts["kind"] == "recipient" else [key]
    how: dict[str, list[str]] = {}

    def add(item: str, way: str) -> None:
        ways = how.setdefault(item, [])
        if way not in ways:
            ways.append(way)

    for system in side:
        for row in db.rows("SELECT item FROM system_item WHERE system = :k ORDER BY position", {"k": system}):
            add(row["item"], "stored")
    reaching = receives(db, key)["items"] if facts["kind"] != "collection_point" else []
    # a provider that keeps systems without handling the data (PPC Q&A 7-53) still holds them: a leak there
    # exposes what they keep, though nothing was provided to it
    kept = [r["key"] for r in db.rows("SELECT key FROM resolved_node WHERE operated_by = :k AND NOT handles "
                                      "ORDER BY key", {"k": key})] if facts["kind"] == "recipient" else []
    for system in kept:
        for row in db.rows("SELECT item FROM system_item WHERE system = :k ORDER BY position", {"k": system}):
            add(row["item"], "stored")
        for entry in receives(db, system)["items"]:
            reaching.append(entry)
            for item in entry["as"]:
                add(item, "stored")
    for entry in reaching:
        for item in entry["as"]:
            add(item, "stored" if entry["stored"] else "received")
    forwarded_to: set[str] = set()
    for member in side:
        for edge in q.edges_out_of(db, member):
            if edge["dst"] not in side:
                add(edge["item"], "forwarded")
                forwarded_to.add(edge["dst"])
    for member in side:
        for row in db.rows("SELECT target FROM derivation WHERE at = :k ORDER BY position", {"k": member}):
            add(row["target"], "derived")
    items = q.item_facts(db, how)
    listed = [{"item": k, "name": {"en": items[k]["name_en"], "ja": items[k]["name_ja"]},
               "sensitive": items[k]["sensitive"], "financial": items[k]["financial"],
               "persons": items[k]["persons"], "how": ways} for k, ways in how.items() if k in items]
    if facts["kind"] == "collection_point":
        paths = [([key], sorted(how))]
    else:
        paths = [([o["key"] for o in e["origins"]], sorted({e["item"], *e["as"]})) for e in reaching]
    return Exposure(node={**node_entry(facts, q.home_country(db)),
                          "systems": [s for s in side if s != key] + kept,
                          "forwarded_to": sorted(forwarded_to)},
                    items=listed, subjects=path_subjects(db, paths, how))


def path_subjects(db: ReadDB, paths: list[tuple[list[str], list[str]]], exposed: dict[str, Any]) -> list[dict]:
    """The data subjects a leak reaches, path by path: for the items arriving on some paths (`receives` gives
    each origin item with the items it arrives as, and where its paths start), the subjects of those items —
    narrowed to the subjects of the collection points where every one of those paths starts, when they
    record theirs. Each subject lists the exposed items through which it is exposed."""
    keys = sorted({i for _, items in paths for i in items})
    starts = sorted({s for origins, _ in paths for s in origins})
    of_item: dict[str, set[str]] = {}
    for marks, params in in_chunks("i", keys):
        for row in db.rows(f"SELECT item, subject FROM item_subject WHERE item IN ({marks})", params):
            of_item.setdefault(row["item"], set()).add(row["subject"])
    of_point: dict[str, set[str]] = {}
    for marks, params in in_chunks("c", starts):
        for row in db.rows(f"SELECT key, subjects FROM collection_point WHERE key IN ({marks})", params):
            of_point[row["key"]] = set(decode(row["subjects"]) or [])
    found: dict[str, list[str]] = {}
    for origins, items in paths:
        subjects = set().union(*(of_item.get(i, set()) for i in items))
        if origins and all(of_point.get(o) for o in origins):  # every path starts at a form naming its subjects
            entered = set().union(*(of_point[o] for o in origins))
            subjects = subjects & entered if subjects else entered
        for subject in subjects:
            listed = found.setdefault(subject, [])
            listed.extend(i for i in items if i in exposed and i not in listed)
    names = {r["key"]: r for r in db.rows("SELECT key, name_en, name_ja FROM subject")}
    return [{"key": k, "name": {"en": names[k]["name_en"] if k in names else None,
                                "ja": names[k]["name_ja"] if k in names else None}, "items": found[k]}
            for k in sorted(found)]


def assess(exp: Exposure, persons: int | None = None, unlawful: bool = False,
           encrypted: bool = False) -> BreachAssessment:
    """Whether a leak with this exposure must be reported (APPI 26(1), Rules 7) — a pure function.

    `persons` overrides the estimate (the largest `persons` of the exposed items); `unlawful`: the leak was
    caused by an act likely done for an unlawful purpose; `encrypted`: the data was protected by advanced
    encryption (or another measure protecting the persons' rights).
    """
    sensitive = [i["item"] for i in exp.items if i["sensitive"]]
    financial = [i["item"] for i in exp.items if i["financial"]]
    counted = [i["persons"] for i in exp.items if i["persons"] is not None]
    estimate, source = (persons, "given") if persons is not None else \
        ((max(counted), "items") if counted else (None, "unknown"))
    criteria = [
        _criterion(1, "Rules 7(i)", bool(sensitive), encrypted, sensitive,
                   f"special care-required items exposed: {', '.join(sensitive)}" if sensitive else
                   "no special care-required (要配慮) item is exposed"),
        _criterion(2, "Rules 7(ii)", bool(financial), encrypted, financial,
                   f"items whose misuse may cause financial damage: {', '.join(financial)}" if financial else
                   "no item marked financial (card numbers, payment credentials) is exposed"),
        _criterion(3, "Rules 7(iii)", unlawful, encrypted, [],
                   "the leak was caused by an act likely done for an unlawful purpose (--unlawful)" if unlawful else
                   "not stated to be caused by an act for an unlawful purpose (say --unlawful if it may be: "
                   "unauthorised access, theft, web skimming)"),
    ]
    if estimate is not None:
        over = estimate > THRESHOLD
        criteria.append(_criterion(4, "Rules 7(iv)", over, encrypted, [],
                                   f"{estimate:,} persons ({'given' if source == 'given' else 'largest item estimate'}"
                                   f") {'exceeds' if over else 'does not exceed'} 1,000"))
    else:
        unknown = "no exposed item records its number of persons"
        criteria.append(_criterion(4, "Rules 7(iv)", True, True, [], unknown) if encrypted else
                        Criterion(4, "Rules 7(iv)", _title(4), None, f"{unknown}: if more than 1,000 may be "
                                  "affected, the leak is reportable (give --persons N)"))
    met = [c for c in criteria if c.met]
    reportable = True if met else (None if any(c.met is None for c in criteria) else False)
    return BreachAssessment(node=exp.node, items=exp.items, subjects=exp.subjects, persons=estimate,
                            persons_source=source, encrypted=encrypted, unlawful=unlawful, criteria=criteria,
                            reportable=reportable, report=_report(exp.node, reportable, met))


def breach(db: ReadDB, text: str, persons: int | None = None, unlawful: bool = False,
           encrypted: bool = False) -> BreachAssessment:
    """`assess(exposure(db, text), …)`: a leak at system or recipient `text`."""
    return assess(exposure(db, text), persons=persons, unlawful=unlawful, encrypted=encrypted)


def _title(number: int) -> dict[str, str]:
    en, ja = _TITLES[number]
    return {"en": en, "ja": ja}


def _criterion(number: int, rule: str, applies: bool, encrypted: bool, items: list[str], reason: str) -> Criterion:
    if applies and encrypted:
        return Criterion(number, rule, _title(number), False,
                         f"{reason}; but protected by advanced encryption (--encrypted), excluded by Rules 7(i)",
                         items)
    return Criterion(number, rule, _title(number), applies, reason, items)


def _report(node: dict[str, Any], reportable: bool | None, met: list[Criterion]) -> dict[str, Any]:
    final_days = 60 if any(c.number == 3 for c in met) else 30
    out: dict[str, Any] = {
        "ppc_report": reportable, "notify_persons": reportable,
        "preliminary": "promptly (速やかに): about 3–5 days from knowing of it (Rules 8(1))",
        "final": f"within {final_days} days from knowing of it (Rules 8(2)"
                 f"{'; 60 days because of (iii)' if final_days == 60 else ''})",
        "final_days": final_days,
        "notice": "notify the persons promptly, as the situation allows (APPI 26(2)); where that is difficult, "
                  "a public announcement and an inquiry desk instead",
        "citations": list(CITATIONS), "contractor_note": None,
    }
    if node["kind"] == "recipient" and node["subkind"] in ("contractor", "subcontractor"):
        out["contractor_note"] = ("a leak at a contractor: the contractor may notify the operator instead of "
                                  "reporting itself (APPI 26(1) proviso); the operator then reports and notifies")
    if reportable is False:
        out.update(preliminary=None, final=None, final_days=None, notice=None)
    return out
