"""Hypothesis strategies: random but valid inventories, as manifest documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

# Names hold what real names hold, and what attackers put in them.
HOSTILE = ["O'Brien \"Ltd\"", "<script>alert(1)</script>", "a & b", "line1\nline2", "=cmd|' /C calc'!A0",
           "🙂 emoji", "株式会社テスト", "[bold]x[/bold]", "back\\slash", "-->|x|", "@SUM(1)", "#;{}",
           "\x1b]0;pwned\x07\x1b[31mRED", "del\x7f c1\x85\x9b", "evil\u202etxt.exe"]
_chars = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))  # no NUL, no lone surrogates
names = st.one_of(st.sampled_from(HOSTILE), st.text(_chars, min_size=1, max_size=12).filter(str.strip))
dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)).map(dt.date.isoformat)
countries = st.sampled_from(["JP", "US", "PH", "DE", "SG"])


def _name() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional={"en": names, "ja": names}).filter(bool)


def _keys(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


@st.composite
def inventories(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest document with cycles, sub-contractor chains and derivations."""
    n_items, n_systems, n_recipients = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(0, 5))
    items, systems, recipients = _keys("it", n_items), _keys("sys", n_systems), _keys("rc", n_recipients)
    purposes, subjects, points = _keys("pu", draw(st.integers(1, 3))), ["member", "staff"], ["form"]
    doc: dict[str, Any] = {"daicho": 1}
    doc["organization"] = {"key": "org", "name": draw(_name()), "country": "JP",
                           "contact": {"email": "privacy@example.com"}, "evidence": [draw(names)]}
    doc["subjects"] = [{"key": s, "name": draw(_name())} for s in subjects]
    doc["purposes"] = [{"key": p, "name": draw(_name()), "published": draw(st.booleans())} for p in purposes]
    doc["items"] = [_item(draw, key, purposes, subjects) for key in items]
    doc["systems"] = [{"key": key, "name": draw(_name()), "country": draw(st.none() | countries),
                       "items": draw(st.lists(st.sampled_from(items), unique=True)),
                       "security": draw(st.none() | st.fixed_dictionaries(
                           {"encryption_at_rest": st.booleans(), "access": st.lists(names, max_size=2)}))}
                      for key in systems]
    doc["recipients"] = []
    for key in recipients:
        kind = draw(st.sampled_from(["contractor", "third_party", "joint_user", "group_company"]))
        record = {"key": key, "name": draw(_name()), "kind": kind, "country": draw(st.none() | countries)}
        if kind == "contractor" and draw(st.booleans()):
            record["contract"] = {"date": draw(dates), "protection_clauses": draw(st.booleans()),
                                  "scope_items": draw(st.lists(st.sampled_from(items), unique=True))}
            record["review"] = {"date": draw(dates), "result": draw(names)}
        doc["recipients"].append(record)
    contractors = [r["key"] for r in doc["recipients"] if r["kind"] == "contractor"]
    for j in range(draw(st.integers(0, 2)) if contractors else 0):
        doc["recipients"].append({"key": f"sub{j}", "name": draw(_name()), "kind": "subcontractor",
                                  "parent": draw(st.sampled_from(contractors))})
    doc["collection_points"] = [{"key": p, "name": draw(_name()), "subjects": ["member"],
                                 "notice": draw(st.none() | names)} for p in points]
    doc["flows"] = _flows(draw, doc, items, purposes, points)
    doc["derivations"] = [
        {"from": a, "to": b, "method": draw(st.sampled_from(["copy", "pseudonymisation", "anonymisation"]))}
        for a, b in draw(st.lists(st.tuples(st.sampled_from(items), st.sampled_from(items)), max_size=3))
        if items.index(a) < items.index(b)  # no cycles: an item is made from earlier ones
    ]
    doc["retention_events"] = [{"key": "account_deletion", "name": draw(_name()),
                                "steps": [{"items": items[:1], "action": "delete"}]}]
    return doc


def _item(draw: st.DrawFn, key: str, purposes: list[str], subjects: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"key": key, "name": draw(_name()),
                              "purposes": draw(st.lists(st.sampled_from(purposes), unique=True)),
                              "subjects": draw(st.lists(st.sampled_from(subjects), unique=True)),
                              "acquisition": draw(st.lists(st.sampled_from(["provided", "automatic", "cookie"]),
                                                           unique=True))}
    for flag in ("sensitive", "financial", "personally_referable", "retained"):
        if draw(st.booleans()):
            record[flag] = draw(st.booleans())
    if draw(st.booleans()):
        record["persons"] = draw(st.integers(0, 10**7))
        record["retention"] = {"period": draw(names), "trigger": draw(st.none() | names)}
        record["risk"] = {"assessed": draw(dates), "note": draw(names), "residual": "low"}
        record["last_reviewed"] = draw(dates)
        record["evidence"] = draw(st.lists(names, max_size=2))
    return record


def _flows(draw: st.DrawFn, doc: dict[str, Any], items: list[str], purposes: list[str],
           points: list[str]) -> list[dict[str, Any]]:
    """Flows that only carry what their source holds (stores or received earlier); cycles allowed."""
    held = {s["key"]: set(s["items"]) for s in doc["systems"]}
    held.update({r["key"]: set() for r in doc["recipients"]})
    targets = list(held)
    flows = []
    for _ in range(draw(st.integers(0, 10))):
        source = draw(st.sampled_from(points + targets))
        pool = sorted(items if source in points else held[source])
        others = [t for t in targets if t != source]
        if not pool or not others:
            continue
        target = draw(st.sampled_from(others))
        carried = draw(st.lists(st.sampled_from(pool), min_size=1, unique=True))
        held[target].update(carried)
        flow = {"from": source, "to": target, "items": carried,
                "basis": draw(st.sampled_from(["internal", "outsourcing", "consent", "joint_use", "opt_out"])),
                "purposes": draw(st.lists(st.sampled_from(purposes), unique=True))}
        if draw(st.booleans()):
            flow["foreign_basis"] = draw(st.sampled_from(["eu_uk", "compliant_system", "consent"]))
            flow["mechanism"] = draw(names)
            flow["record"] = {"kept": draw(st.booleans())}
        flows.append(flow)
    return flows
