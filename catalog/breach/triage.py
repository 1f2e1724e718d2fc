"""A leak at one system, recipient or collection point: what is exposed, and whether APPI Art. 26 requires a
report to the PPC and a notice to the persons.

`exposure(db, node)` gathers the facts from the store; `assess(exposure, …)` (catalog.breach.criteria) is a pure
function of them; `breach(db, node, …)` does both (the review kit calls it once per system).

Only personal data (個人データ) counts: items marked personally referable (個人関連情報) or anonymised
(匿名加工情報) are not personal data, and pseudonymised personal data (仮名加工情報) is carved out of Art. 26 by
Art. 41(9). Each exposed item says which it is (`data_class`) and, when every place on the leaked side that holds
it records advanced encryption for it (catalog.breach.encryption), which (`encryption`).
"""

from __future__ import annotations

from typing import Any

from daicho.catalog.breach.arrivals import Arriving
from daicho.catalog.breach.criteria import BreachAssessment, Criterion, Exposure, assess
from daicho.catalog.breach.encryption import advanced, describe
from daicho.catalog.lineage import sql as q
from daicho.catalog.lineage.where import FLOW_NODE_KINDS, node_entry, receives
from daicho.catalog.resolved.facts import in_chunks, node_facts, parties_of
from daicho.catalog.resolved.records import resolve
from daicho.inventory.db import ReadDB, decode

__all__ = ["BreachAssessment", "Criterion", "Exposure", "assess", "breach", "exposure", "path_subjects"]


def exposure(db: ReadDB, text: str, arriving: Arriving | None = None) -> Exposure:
    """The items a leak at system/recipient `text` exposes: those stored on its side (a recipient: itself and
    the systems it operates and handles, `parties_of`, and those it keeps without handling), those reaching it
    (`receives`), those it forwards off its side, and those derived there; and the data subjects of the paths
    that reach it.

    With `arriving` (a sheet that does not show the subjects, over several systems of one store) the items
    reaching a system come from its walks, shared across the systems, and `subjects` is left empty."""
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
    quick = arriving is not None and facts["kind"] == "system"  # no subjects: no paths nor origins needed
    if facts["kind"] == "collection_point":
        reaching = []
    elif quick:
        reaching = arriving.at(key)
    else:
        reaching = receives(db, key)["items"]
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
    classes = _classes(db, sorted(items))
    members = [*side, *kept]
    protected = _encryption(db, members, sorted(items))
    listed = [{"item": k, "name": {"en": items[k]["name_en"], "ja": items[k]["name_ja"]},
               "sensitive": items[k]["sensitive"], "financial": items[k]["financial"],
               "persons": items[k]["persons"], "how": ways, "data_class": classes.get(k, "personal"),
               "encryption": protected.get(k)} for k, ways in how.items() if k in items]
    if facts["kind"] == "collection_point":
        paths = [([key], sorted(how))]
    elif not quick:
        paths = [([o["key"] for o in e["origins"]], sorted({e["item"], *e["as"]})) for e in reaching]
    return Exposure(node={**node_entry(facts, q.home_country(db)),
                          "systems": [s for s in side if s != key] + kept,
                          "forwarded_to": sorted(forwarded_to)},
                    items=listed, subjects=[] if quick else path_subjects(db, paths, how))


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


def breach(db: ReadDB, text: str, persons: int | None = None, unlawful: bool | None = None,
           encrypted: bool = False, key_leaked: bool | None = None, in_transit: bool = False,
           arriving: Arriving | None = None) -> BreachAssessment:
    """`assess(exposure(db, text, arriving), …)`: a leak at system, recipient or collection point `text`."""
    return assess(exposure(db, text, arriving), persons=persons, unlawful=unlawful, encrypted=encrypted,
                  key_leaked=key_leaked, in_transit=in_transit)


def _classes(db: ReadDB, keys: list[str]) -> dict[str, str]:
    """Each item's data class for APPI 26: personal, referable, anonymised or pseudonymised."""
    out: dict[str, str] = {}
    for marks, params in in_chunks("k", keys):
        for row in db.rows(f"SELECT key, personally_referable, anonymised, pseudonymised FROM item "
                           f"WHERE key IN ({marks})", params):
            out[row["key"]] = ("referable" if row["personally_referable"] else "anonymised" if row["anonymised"]
                               else "pseudonymised" if row["pseudonymised"] else "personal")
    return out


def _places(db: ReadDB, members: list[str]) -> dict[str, set[str]]:
    """Where on the leaked side each item is held: the members storing, receiving, sending or deriving it."""
    held: dict[str, set[str]] = {}
    for member in members:
        rows = [*db.rows("SELECT item FROM system_item WHERE system = :k", {"k": member}),
                *q.edges_into(db, member), *q.edges_out_of(db, member),
                *db.rows("SELECT target AS item FROM derivation WHERE at = :k", {"k": member})]
        for row in rows:
            held.setdefault(row["item"], set()).add(member)
    return held


def _encryption(db: ReadDB, members: list[str], items: list[str]) -> dict[str, dict[str, Any]]:
    """The items every place of which (on the leaked side) records advanced encryption for them, with how."""
    held = _places(db, members)
    security: dict[str, Any] = {}
    for marks, params in in_chunks("s", members):
        for row in db.rows(f"SELECT key, security FROM system WHERE key IN ({marks})", params):
            security[row["key"]] = decode(row["security"])
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        places = sorted(held.get(item, ()))
        entries = [advanced(security[p], item) if p in security else None for p in places]
        if places and all(entries):
            out[item] = {"systems": places, "algorithm": entries[0].get("algorithm"),
                         "key_management": entries[0].get("key_management"), "text": describe(entries[0])}
    return out
