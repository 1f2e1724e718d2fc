"""The checks read the resolved model: `check` and `abroad` judge the same flows alike, messages name the home
country, a basis that cannot apply is explained, named-only recipients and several parents are handled."""

from __future__ import annotations

import copy
from typing import Any

from conftest import load_into, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.lineage.nodes import abroad
from daicho.inventory.db import ReadDB
from daicho.inventory.store import resolve_url
from test_checks import AS_OF, BASELINE, RECENT, SECURED, WITH_MAILER2, _contract, setting

ABROAD: dict[str, Any] = {
    "organization": {"key": "op", "name": "Operator", "country": "JP"},
    "subjects": [{"key": "c", "name": "Customers"}],
    "purposes": [{"key": "p", "name": "P"}],
    "items": [{"key": "email", "name": "Email", "purposes": ["p"], "subjects": ["c"]},
              {"key": "cookie", "name": "Cookie", "purposes": ["p"], "personally_referable": True}],
    "systems": [
        {"key": "crm", "name": "CRM", "country": "JP", "items": ["email", "cookie"]},
        {"key": "us_db", "name": "US DB", "country": "US", "disclosed_abroad": True, "items": ["email"]},
        {"key": "vendor_db", "name": "Vendor DB", "country": "US", "operated_by": "us_co", "disclosed_abroad": True,
         "items": ["email"]},
        {"key": "vault", "name": "Vault", "country": "US", "operated_by": "store_co", "disclosed_abroad": True,
         "items": ["email"]},
    ],
    "recipients": [
        {"key": "us_co", "name": "US contractor", "kind": "contractor", "country": "US"},
        {"key": "store_co", "name": "Storage", "kind": "contractor", "country": "US", "handles_data": False},
        {"key": "de_tp", "name": "DE", "kind": "third_party", "country": "DE"},
        {"key": "ch_tp", "name": "CH", "kind": "third_party", "country": "CH"},
        {"key": "unk_tp", "name": "Unknown", "kind": "third_party"},
        {"key": "ex_tp", "name": "Exempt", "kind": "third_party", "country": "US"},
        {"key": "ref_tp", "name": "Referable", "kind": "third_party", "country": "US"},
    ],
    "flows": [
        {"key": "f_vendor", "from": "crm", "to": "vendor_db", "items": ["email"], "basis": "outsourcing"},
        {"key": "f_de", "from": "crm", "to": "de_tp", "items": ["email"], "basis": "consent", "foreign_basis": "eu_uk"},
        {"key": "f_ch", "from": "crm", "to": "ch_tp", "items": ["email"], "basis": "consent", "foreign_basis": "eu_uk"},
        {"key": "f_unk", "from": "crm", "to": "unk_tp", "items": ["email"], "basis": "consent"},
        {"key": "f_ex", "from": "crm", "to": "ex_tp", "items": ["email"], "basis": "exception",
         "exception": "27(1)(i)"},
        {"key": "f_ref", "from": "crm", "to": "ref_tp", "items": ["cookie"], "basis": "consent"},
        {"key": "f_vault", "from": "crm", "to": "vault", "items": ["email"], "basis": "internal"},
        {"key": "f_us", "from": "crm", "to": "us_db", "items": ["email"], "basis": "internal"},
    ],
}


def _load(tmp_path, document: dict[str, Any]) -> str:
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, write_manifest(tmp_path, document))
    return url


def _baseline(tmp_path, *mutations) -> list:
    document = copy.deepcopy(BASELINE)
    for mutate in mutations:
        mutate(document)
    return run_checks(_load(tmp_path, document), AS_OF)


def test_check_and_abroad_judge_the_same_flows_alike(tmp_path):
    url = _load(tmp_path, ABROAD)
    with ReadDB(url) as db:
        listed = {f["flow"]: f for f in abroad(db)["flows"]}
    findings = run_checks(url, AS_OF)
    by_rule = {rule: {f.key for f in findings if f.rule == rule} for rule in ("DAI015", "DAI017", "DAI026")}
    assert by_rule["DAI015"] == {k for k, f in listed.items() if f["status"] in ("missing", "mismatch")}
    assert by_rule["DAI015"] == {"f_vendor", "f_ch"}  # into a system a foreign contractor operates: a provision
    assert by_rule["DAI026"] == {f["to_party"] for f in listed.values() if f["status"] == "unknown_country"}
    assert by_rule["DAI026"] == {"unk_tp"}
    assert listed["f_vault"]["status"] == "storage" and not by_rule["DAI017"]  # disclosed
    # storage a provider does not handle is no provision: no contract or review is asked of it
    assert not [f for f in findings if f.key == "store_co"]
    assert {f.key for f in findings if f.rule == "DAI012"} == {"us_co"}


def test_storage_abroad_must_be_disclosed_but_needs_no_transfer_basis(tmp_path):
    document = copy.deepcopy(ABROAD)
    document["systems"][3]["disclosed_abroad"] = False
    findings = run_checks(_load(tmp_path, document), AS_OF)
    [storage] = [f for f in findings if f.key == "vault" and f.rule in ("DAI015", "DAI017", "DAI026", "DAI028")]
    assert storage.rule == "DAI017"
    assert storage.message == ("system 'vault' (operated by contractor 'store_co', which does not handle the data) "
                               "keeps personal data in United States, outside Japan, which the published security "
                               "measures do not name")
    assert "PPC General Guideline 10-7 (外的環境の把握)" in storage.citations
    assert not [f for f in findings if f.key == "f_vault"]


def test_messages_name_the_home_country(tmp_path):
    japan = [f for f in _baseline(tmp_path / "jp", setting("f_abroad", foreign_basis=None)) if f.rule == "DAI015"]
    assert japan[0].message == ("flow 'f_abroad' provides personal data to contractor 'us_vendor' in United States, "
                                "outside Japan, without a `foreign_basis`")
    germany = _baseline(tmp_path / "de", setting("f_abroad", foreign_basis=None),
                        lambda doc: doc["organization"].update(country="DE"),
                        lambda doc: [s.update(country="DE") for s in doc["systems"] if s["key"] == "crm"])
    foreign = {f.key: f.message for f in germany if f.rule == "DAI015"}
    assert "outside Germany" in foreign["f_abroad"]
    # seen from Germany, the Japanese partner is abroad and the German store is at home
    assert foreign["f_provide"] == ("flow 'f_provide' provides personal data to third party 'partner' in Japan, "
                                    "outside Germany, without a `foreign_basis`")
    assert not [f for f in germany if "outside Japan" in f.message or f.key == "eu_store"]


def test_a_basis_that_cannot_apply_says_why(tmp_path):
    findings = _baseline(tmp_path, setting("f_provide", basis="outsourcing"))
    [finding] = [f for f in findings if f.rule == "DAI008"]
    assert finding.message == (
        "flow 'f_provide' into third party 'partner' has basis 'outsourcing', but 'partner' is a third party, not a "
        "contractor: 委託 (outsourcing, APPI 27(5)(i)) is not 第三者提供 (provision to a third party, APPI 27(1)), "
        "which needs consent, an exception or opt-out")
    assert {"APPI Art. 27(1)", "APPI Art. 27(5)(i)"} <= set(finding.citations)
    assert "委託 is not 第三者提供" in finding.fix


def test_internal_into_a_contractors_system_is_outsourcing(tmp_path):
    box = {"key": "box", "name": "Box", "operated_by": "mailer", "country": "JP", "security": dict(SECURED),
           "items": ["email"]}
    flow = {"key": "f_box", "from": "crm", "to": "box", "items": ["email"], "basis": "internal"}

    def add(system):
        return lambda doc: (doc["systems"].append(system), doc["flows"].append(dict(flow)))
    [finding] = [f for f in _baseline(tmp_path / "a", add(box)) if f.rule == "DAI008"]
    assert finding.message.startswith("flow 'f_box' into system 'box' of contractor 'mailer' has basis 'internal', "
                                      "but 'box' is on contractor 'mailer''s side: what goes there is outsourcing")
    stored_only = _baseline(tmp_path / "b", add(box | {"handles_data": False}))
    assert not [f for f in stored_only if f.rule == "DAI008"]


def test_a_named_only_recipient_gets_one_info_finding(tmp_path):
    idle = {"key": "idle", "name": "Idle", "kind": "contractor"}
    findings = _baseline(tmp_path / "a", lambda doc: doc["recipients"].append(dict(idle)))
    assert [(f.rule, f.severity, f.key) for f in findings] == [("DAI027", "info", "idle")]
    assert "is named, no data flow recorded" in findings[0].message
    # the same contractor keeping data in a system it operates is judged on its contract and review
    kept = _baseline(tmp_path / "b", lambda doc: doc["recipients"].append(dict(idle)),
                     lambda doc: doc["systems"].append({"key": "idle_db", "name": "DB", "operated_by": "idle",
                                                        "country": "JP", "security": dict(SECURED),
                                                        "items": ["email"]}))
    assert {(f.rule, f.key) for f in kept} == {("DAI012", "idle"), ("DAI013", "idle")}


def test_each_parent_of_a_sub_contractor_is_checked(tmp_path):
    two = setting("mailer_sub", parent=None, parents=["mailer", "mailer2"])
    findings = _baseline(tmp_path / "a", WITH_MAILER2, two, setting("mailer2", contract=_contract(
        ["email"], "not_allowed"), review={"date": RECENT}))
    assert [f.message for f in findings if f.rule == "DAI014"] == [
        "sub-contractor 'mailer_sub': the contract of 'mailer2' does not allow sub-contracting"]
    assert not [f for f in _baseline(tmp_path / "b", WITH_MAILER2, two) if f.rule == "DAI014"]
