"""Breach assessment: exposure from the store, the four criteria of Rules Art. 7 as a pure function, and the
Engoo example's payment contractor (criterion (ii))."""

from __future__ import annotations

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.breach.triage import Exposure, assess, breach, exposure
from daicho.catalog.breach.words import breach_text
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import UnknownKey
from hypothesis import HealthCheck, given, settings
from test_lineage import SHOP
from test_lineage_property import _FAST_TMP, inventories


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("breach")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, SHOP))
    with ReadDB(url) as conn:
        yield conn


def _exposure(*items: dict, node: dict | None = None) -> Exposure:
    node = node or {"key": "x", "kind": "system", "subkind": "database"}
    full = [{"item": i["item"], "name": {"en": i["item"], "ja": None}, "sensitive": i.get("sensitive", False),
             "financial": i.get("financial", False), "persons": i.get("persons"), "how": ["stored"],
             "data_class": i.get("data_class", "personal"), "encryption": i.get("encryption")} for i in items]
    return Exposure(node=node, items=full, subjects=[])


def _met(result) -> dict[int, bool | None]:
    return {c.number: c.met for c in result.criteria}


#: (iii) ruled out, so the other criteria decide
SAFE = {"unlawful": False}
CASES = [
    # (items, kwargs, criteria met, reportable, final report days)
    ([{"item": "a", "persons": 10}], SAFE, {1: False, 2: False, 3: False, 4: False}, False, None),
    ([{"item": "a", "persons": 1000}], SAFE, {1: False, 2: False, 3: False, 4: False}, False, None),
    ([{"item": "a", "persons": 1001}], SAFE, {1: False, 2: False, 3: False, 4: True}, True, 30),
    ([{"item": "a", "persons": 5, "sensitive": True}], SAFE, {1: True, 2: False, 3: False, 4: False}, True, 30),
    ([{"item": "a", "persons": 5, "sensitive": True}], {**SAFE, "encrypted": True, "key_leaked": False},
     {1: False, 2: False, 3: False, 4: False}, False, None),
    ([{"item": "card", "persons": 5, "financial": True}], SAFE, {1: False, 2: True, 3: False, 4: False}, True, 30),
    ([{"item": "a", "persons": 5}], {"unlawful": True}, {1: False, 2: False, 3: True, 4: False}, True, 60),
    ([{"item": "a"}], SAFE, {1: False, 2: False, 3: False, 4: None}, None, 30),
    ([{"item": "a"}], {**SAFE, "persons": 2000}, {1: False, 2: False, 3: False, 4: True}, True, 30),
    ([{"item": "a", "persons": 5000}], {**SAFE, "persons": 12}, {1: False, 2: False, 3: False, 4: False}, False, None),
    ([{"item": "a"}], {**SAFE, "encrypted": True, "key_leaked": False}, {1: False, 2: False, 3: False, 4: False},
     False, None),
    ([], {}, {1: False, 2: False, 3: False, 4: False}, False, None),  # nothing exposed: no personal data
    # point 1: (iii) is not known until ruled out
    ([{"item": "a", "persons": 10}], {}, {1: False, 2: False, 3: None, 4: False}, None, 30),
    ([{"item": "a", "persons": 5000}], {}, {1: False, 2: False, 3: None, 4: True}, True, 30),
]


@pytest.mark.parametrize(("items", "kwargs", "met", "reportable", "days"), CASES)
def test_the_four_criteria(items, kwargs, met, reportable, days):
    result = assess(_exposure(*items), **kwargs)
    assert _met(result) == met
    assert result.reportable is reportable
    assert result.report["ppc_report"] is reportable and result.report["notify_persons"] is reportable
    assert result.report["final_days"] == days


def test_persons_estimate_and_citations():
    result = assess(_exposure({"item": "a", "persons": 300}, {"item": "b", "persons": 4000}, {"item": "c"}),
                    unlawful=False)
    assert (result.persons, result.persons_source) == (4000, "items")
    assert assess(_exposure({"item": "a", "persons": 300}), persons=7).persons_source == "given"
    assert {"APPI 26(1)", "Rules 7(i)", "Rules 7(iv)", "Rules 8(1)", "Rules 8(2)"} <= set(result.report["citations"])
    assert [c.rule for c in result.criteria] == ["Rules 7(i)", "Rules 7(ii)", "Rules 7(iii)", "Rules 7(iv)"]
    data = result.to_dict()
    assert data["criteria"][3]["met"] is True and "3–5 days" in data["report"]["preliminary"]


def test_exposure_at_a_contractor_includes_what_it_forwards(db):
    exp = exposure(db, "mailer")
    how = {i["item"]: i["how"] for i in exp.items}
    assert how == {"email": ["received", "forwarded"], "card": ["received"]}
    assert [s["key"] for s in exp.subjects] == ["customer"]
    result = breach(db, "mailer")
    assert _met(result) == {1: False, 2: True, 3: None, 4: True}
    assert result.report["contractor"] is True and "Rules 9" in result.report["citations"]
    assert "26(1)" in breach_text(result, "en")["report"]["contractor_note"]


def test_exposure_at_a_system_includes_stored_and_derived(db):
    how = {i["item"]: i["how"] for i in exposure(db, "dwh").items}
    assert how == {"email": ["received"], "email_hash": ["forwarded", "derived"], "stats": ["forwarded", "derived"]}
    clinic = breach(db, "clinic")
    assert _met(clinic)[1] is True and clinic.reportable is True  # a sensitive item, stored
    # advanced encryption, the key kept safe, (iii) ruled out: none of (i)-(iv)
    assert breach(db, "clinic", encrypted=True, key_leaked=False, unlawful=False).reportable is False


def test_unknown_node(db):
    with pytest.raises(UnknownKey, match="did you mean 'mailer'"):
        breach(db, "mailr")


def test_engoo_payment_contractor_meets_criterion_2(engoo_url):
    with ReadDB(engoo_url) as conn:
        result = breach(conn, "payment_processor")
    assert _met(result)[2] is True
    assert "card_number" in next(c for c in result.criteria if c.number == 2).items
    assert result.reportable is True


PATHS = {
    "organization": {"key": "acme", "name": "Acme", "country": "JP"},
    "subjects": [{"key": "customer", "name": "Customer"}, {"key": "employee", "name": "Employee"}],
    "items": [{"key": "email", "name": "Email", "subjects": ["customer", "employee"]},
              {"key": "card", "name": "Card", "subjects": ["customer"], "financial": True},
              {"key": "health", "name": "Health", "subjects": ["employee"], "sensitive": True,
               "consent_obtained": True}],
    "collection_points": [{"key": "signup", "name": "Sign-up", "subjects": ["customer"]},
                          {"key": "hr_form", "name": "HR form", "subjects": ["employee"]}],
    "systems": [
        {"key": "crm", "name": "CRM", "country": "JP", "items": ["email"]},
        {"key": "hr_db", "name": "HR", "country": "JP", "items": ["email"]},
        {"key": "dwh", "name": "Warehouse", "country": "JP"},
        {"key": "host_db", "name": "Host DB", "country": "JP", "operated_by": "host", "items": ["card"]},
        {"key": "host_vault", "name": "Host vault", "country": "JP", "operated_by": "host", "handles_data": False,
         "items": ["health"]},
    ],
    "recipients": [{"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "JP"},
                   {"key": "host", "name": "Host", "kind": "contractor", "country": "JP"}],
    "flows": [
        {"from": "signup", "to": "crm", "items": ["email"], "basis": "collection"},
        {"from": "hr_form", "to": "hr_db", "items": ["email"], "basis": "collection"},
        {"from": "crm", "to": "mailer", "items": ["email"], "basis": "outsourcing"},
        {"from": "crm", "to": "dwh", "items": ["email"], "basis": "internal"},
        {"from": "hr_db", "to": "dwh", "items": ["email"], "basis": "internal"},
        {"from": "crm", "to": "host", "items": ["email"], "basis": "outsourcing"},
        {"from": "host", "to": "mailer", "items": ["email"], "basis": "outsourcing"},
    ],
}


@pytest.fixture(scope="module")
def paths_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paths")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder, PATHS))
    with ReadDB(url) as conn:
        yield conn


def test_a_leak_at_a_recipient_covers_the_systems_it_operates_and_handles(paths_db):
    exp = exposure(paths_db, "host")
    # the vault it keeps without handling the data is not on its side (nothing was provided to it), but a leak
    # at the host exposes what it keeps there all the same
    assert {i["item"]: i["how"] for i in exp.items} == {"card": ["stored"], "email": ["received", "forwarded"],
                                                        "health": ["stored"]}
    assert exp.node["systems"] == ["host_db", "host_vault"] and exp.node["forwarded_to"] == ["mailer"]
    assert _met(breach(paths_db, "host"))[2] is True  # the card number in the system it operates
    assert {i["item"] for i in exposure(paths_db, "host_vault").items} == {"health"}
    assert {i["item"] for i in exposure(paths_db, "mailer").items} == {"email"}


def test_subjects_follow_the_paths_that_reach_the_node(paths_db):
    def subjects(node: str) -> dict[str, list[str]]:
        return {s["key"]: s["items"] for s in exposure(paths_db, node).subjects}
    # email is about customers and employees, but only the sign-up path reaches the mailer
    assert subjects("mailer") == {"customer": ["email"]}
    assert subjects("crm") == {"customer": ["email"]}
    assert subjects("hr_db") == {"employee": ["email"]}
    # both paths reach the warehouse
    assert subjects("dwh") == {"customer": ["email"], "employee": ["email"]}
    # the host: email from the sign-up path, and the card stored in the system it operates
    assert subjects("host") == {"customer": ["card", "email"], "employee": ["health"]}


def _said_without_subjects(db: ReadDB, system: str, arriving=None) -> dict:
    out = breach(db, system, arriving=arriving).to_data()
    out["subjects"] = []
    return out


def test_shared_walks_give_the_same_sheets_as_receives(engoo_url, paths_db):
    """The pack's quick sheets read the systems' arrivals from walks shared across systems (`Arriving`): the
    same exposure as `receives` gives each, the subjects aside (the sheets do not show them)."""
    from daicho.catalog.breach.arrivals import Arriving

    with ReadDB(engoo_url) as engoo:
        for conn in (engoo, paths_db):
            systems = [r["key"] for r in conn.rows("SELECT key FROM node WHERE kind = 'system' ORDER BY key")]
            shared = Arriving(conn)
            assert systems
            for system in systems:
                assert _said_without_subjects(conn, system, shared) == _said_without_subjects(conn, system)
            assert exposure(conn, systems[0], shared).subjects == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=inventories())
def test_shared_walks_equal_receives_on_random_inventories(doc):
    """Cycles, derivations, storing systems no entry reaches: `Arriving` as `receives`, system by system."""
    import tempfile
    from pathlib import Path

    from daicho.catalog.breach.arrivals import Arriving

    with tempfile.TemporaryDirectory(dir=_FAST_TMP) as folder:
        url = f"sqlite:///{Path(folder) / 'd.db'}"
        load_into(url, write_manifest(Path(folder), doc))
        with ReadDB(url) as db:
            shared = Arriving(db)
            for system in (s["key"] for s in doc["systems"]):
                assert _said_without_subjects(db, system, shared) == _said_without_subjects(db, system), system
