"""The law checks, rule by rule: each fires on a small manifest with one gap, and not on near misses.

A clean baseline inventory has no finding at all. Each row changes one thing and names the rule, the
records it must report (with the manifest line) — or, for a near miss, that the rule stays silent.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.checks.context import load_context
from daicho.catalog.checks.rules import RULES
from daicho.inventory.store import resolve_url

AS_OF = dt.date(2025, 6, 30)
RECENT = "2025-01-15"
DOCUMENTED = {"retention": {"period": "3 years", "trigger": "account deletion"}, "disposal": "deleted",
              "risk": {"note": "leak by mis-sent mail"}, "last_reviewed": RECENT}
#: advanced encryption (Rules 7(i)): the values encrypted under a recognised algorithm, the key kept apart
ADVANCED = {"level": "data", "algorithm": "AES-256-GCM", "key_separate": True, "key_management": "KMS"}
SECURED = {"encryption_at_rest": True, "encryption": [ADVANCED], "access": ["support"]}


def _item(key: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "name": key, "subjects": ["customers"], "purposes": ["p_service", "p_marketing"],
            "persons": 500, **DOCUMENTED, **extra}


def _contract(scope: list[str], subcontracting: str = "allowed") -> dict[str, Any]:
    return {"date": "2024-04-01", "protection_clauses": True, "subcontracting": subcontracting,
            "scope_items": scope}


#: every matter of APPI 32(1) / Cabinet Order 10 recorded, with a foreign-environment statement for each
#: place abroad the baseline handles data (its store in Germany, its contractor in the US)
PUBLIC_MATTERS: dict[str, Any] = {
    "address": "1-1 Chiyoda, Tokyo", "representative": "Taro Yamada", "request_procedure": "Form on the website",
    "request_fee": "No fee", "discloses_provision_records": True, "security_measures": "Access control, encryption",
    "complaints_desk": "privacy@acme.example", "accredited_organization": {"member": False},
    "foreign_environment": [{"location": "DE", "statement": "Germany: the GDPR applies"},
                            {"location": "US", "statement": "United States: no federal privacy law; contract"}],
}

BASELINE: dict[str, Any] = {
    "organization": {"key": "acme", "name": "Acme KK", "country": "JP", **PUBLIC_MATTERS},
    "subjects": [{"key": "customers", "name": "Customers"}],
    "purposes": [{"key": "p_service", "name": "Service"}, {"key": "p_marketing", "name": "Marketing"},
                 {"key": "p_other", "name": "Other"}],
    "items": [
        _item("email"),
        _item("health", sensitive=True, consent_obtained=True),
        _item("cookie_id", personally_referable=True),
        _item("card_number", financial=True, persons=10),
        _item("email_hash", pseudonymised=True),
        _item("stats", anonymised=True, anonymised_items_published=True),
    ],
    "systems": [
        {"key": "crm", "name": "CRM", "country": "JP", "security": dict(SECURED),
         "items": ["email", "health", "cookie_id", "card_number", "email_hash", "stats"]},
        {"key": "eu_store", "name": "EU store", "country": "DE", "disclosed_abroad": True, "security": dict(SECURED),
         "items": ["email"]},
    ],
    "collection_points": [{"key": "signup", "name": "Sign-up form", "notice": "https://acme.example/privacy"}],
    "recipients": [
        {"key": "mailer", "name": "Mailer", "kind": "contractor", "country": "JP", "contract": _contract(["email"]),
         "review": {"date": RECENT}},
        {"key": "mailer_sub", "name": "Mailer sub", "kind": "subcontractor", "parent": "mailer", "country": "JP",
         "contract": _contract(["email"], "approved"), "review": {"date": RECENT}},
        {"key": "partner", "name": "Partner", "kind": "third_party", "country": "JP"},
        {"key": "group_co", "name": "Group company", "kind": "joint_user", "country": "JP",
         "joint_use": {"items": ["email"], "purposes": ["p_service"], "users": "Acme group",
                       "responsible": "Acme KK", "responsible_address": "1-1 Chiyoda, Tokyo",
                       "responsible_representative": "Taro Yamada", "published": True}},
        {"key": "us_vendor", "name": "US vendor", "kind": "contractor", "country": "US",
         "contract": _contract(["email"]), "review": {"date": RECENT}, "compliance_check": RECENT,
         "compliant_system": {"instrument": "contract", "reference": "DPA clause 7"}},
    ],
    "flows": [
        {"key": "f_collect", "from": "signup", "to": "crm", "items": ["email", "health", "cookie_id", "card_number"],
         "purposes": ["p_service"], "basis": "collection"},
        {"key": "f_outsource", "from": "crm", "to": "mailer", "items": ["email"], "purposes": ["p_service"],
         "basis": "outsourcing"},
        {"key": "f_sub", "from": "mailer", "to": "mailer_sub", "items": ["email"], "basis": "outsourcing"},
        {"key": "f_provide", "from": "crm", "to": "partner", "items": ["email", "cookie_id"], "basis": "consent",
         "record": {"kept": True}, "referable_consent_confirmed": True},
        {"key": "f_inbound", "from": "partner", "to": "crm", "items": ["email"], "basis": "consent",
         "confirmation": {"provider_identity": True, "acquisition_checked": True, "date": RECENT}},
        {"key": "f_joint", "from": "crm", "to": "group_co", "items": ["email"], "basis": "joint_use"},
        {"key": "f_abroad", "from": "crm", "to": "us_vendor", "items": ["email"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"key": "f_eu", "from": "crm", "to": "eu_store", "items": ["email"], "basis": "internal"},
    ],
}

Mutation = Callable[[dict[str, Any]], None]


def _find(doc: dict[str, Any], key: str) -> dict[str, Any]:
    for section in ("items", "systems", "recipients", "purposes", "collection_points", "flows"):
        for record in doc.get(section, []):
            if record.get("key") == key:
                return record
    raise KeyError(key)


def setting(key: str, **fields: Any) -> Mutation:
    """Set fields of record `key`; a field set to None is removed; 'a.b' sets a nested field."""
    def mutate(doc: dict[str, Any]) -> None:
        record = _find(doc, key)
        for name, value in fields.items():
            target = record
            *path, last = name.split("__")
            for part in path:
                target = target.setdefault(part, {})
            if value is None:
                target.pop(last, None)
            else:
                target[last] = value
    return mutate


def adding(section: str, record: dict[str, Any]) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        doc.setdefault(section, []).append(copy.deepcopy(record))  # a later `setting` must not change the table
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc)
    return mutate


def line_of(path: Path, key: str) -> int:
    """The line where record `key` starts in a written manifest."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text.strip() == f"- key: {key}":
            return number
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines[1:], 2):  # the organization: its section's line
        if text.strip() == f"key: {key}" and lines[number - 2].endswith(":"):
            return number - 1
    raise AssertionError(f"no record {key} in {path}")


def findings_for(tmp_path: Path, mutate: Mutation | None = None):
    document = copy.deepcopy(BASELINE)
    if mutate:
        mutate(document)
    path = write_manifest(tmp_path / "manifests", document)
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, path)
    return path, run_checks(url, AS_OF)


#: a system the contractor 'mailer' operates and handles, and a flow into it
MAILER_BOX = {"key": "mailer_box", "name": "Mailer box", "operated_by": "mailer", "country": "JP",
              "security": dict(SECURED), "items": ["email"]}
F_BOX = {"key": "f_box", "from": "crm", "to": "mailer_box", "items": ["email"], "basis": "internal"}
#: storage abroad that 'us_vendor' keeps without handling the data (PPC Q&A 7-53), and a flow into it
VAULT = {"key": "vault", "name": "Vault", "operated_by": "us_vendor", "handles_data": False, "country": "US",
         "disclosed_abroad": True, "security": dict(SECURED), "items": ["email"]}
F_VAULT = {"key": "f_vault", "from": "crm", "to": "vault", "items": ["email"], "basis": "internal"}
#: a second contractor, allowing sub-contracting, that receives email
WITH_MAILER2 = both(
    adding("recipients", {"key": "mailer2", "name": "Mailer 2", "kind": "contractor", "country": "JP",
                          "contract": _contract(["email"]), "review": {"date": RECENT}}),
    adding("flows", {"key": "f_outsource2", "from": "crm", "to": "mailer2", "items": ["email"],
                     "basis": "outsourcing"}))

FIRES: list[tuple[str, Mutation, list[str]]] = [
    ("DAI001", adding("items", _item("orphan")), ["orphan"]),
    ("DAI001", adding("systems", {"key": "empty", "name": "Empty", "security": dict(SECURED)}), ["empty"]),
    ("DAI002", setting("email", last_reviewed="2024-06-29"), ["email"]),
    ("DAI002", setting("email", last_reviewed=None), ["email"]),
    ("DAI003", setting("email_hash", purposes=[]), ["email_hash"]),  # pseudonymised data is personal data
    ("DAI004", setting("f_outsource", purposes=["p_other"]), ["f_outsource"]),
    ("DAI005", setting("signup", notice=None), ["signup"]),
    ("DAI006", setting("health", consent_obtained=False), ["health"]),
    ("DAI007", setting("f_provide", basis="opt_out", items=["email", "health"]), ["f_provide"]),
    ("DAI008", setting("f_outsource", basis="internal"), ["f_outsource"]),
    ("DAI008", setting("f_provide", basis="outsourcing"), ["f_provide"]),
    ("DAI008", setting("f_provide", basis="joint_use"), ["f_provide"]),
    ("DAI008", setting("f_outsource", basis="collection"), ["f_outsource"]),
    # a system a contractor operates and handles is on its side: moving data there is outsourcing, not internal
    ("DAI008", both(adding("systems", MAILER_BOX), adding("flows", F_BOX)), ["f_box"]),
    # a group company is a third party unless entrusted or a joint user: internal cannot apply to it
    ("DAI008", both(setting("group_co", kind="group_company"), setting("f_joint", basis="internal")), ["f_joint"]),
    ("DAI009", setting("f_provide", record=None), ["f_provide"]),
    ("DAI009", setting("f_provide", basis="opt_out", record={"kept": False}), ["f_provide"]),
    ("DAI010", setting("f_inbound", confirmation=None), ["f_inbound"]),
    ("DAI010", setting("f_inbound", confirmation__acquisition_checked=False), ["f_inbound"]),
    ("DAI011", setting("f_outsource", items=["email", "card_number"]), ["mailer"]),
    # over two hops: the sub-contractor receives card_number, which counts against its contractor too
    ("DAI011", adding("flows", {"key": "f_direct", "from": "crm", "to": "mailer_sub", "items": ["card_number"],
                                "basis": "outsourcing"}), ["mailer", "mailer_sub"]),
    # a system the contractor operates stores an item outside the contract
    ("DAI011", adding("systems", {"key": "mailer_box", "name": "Mailer box", "operated_by": "mailer",
                                  "country": "JP", "security": dict(SECURED), "items": ["health"]}), ["mailer"]),
    # a sub-contractor engaged by two contractors: what reaches it counts against both
    ("DAI011", both(WITH_MAILER2, setting("mailer_sub", parent=None, parents=["mailer", "mailer2"]),
                    adding("flows", {"key": "f_direct", "from": "crm", "to": "mailer_sub", "items": ["card_number"],
                                     "basis": "outsourcing"})), ["mailer", "mailer2", "mailer_sub"]),
    ("DAI012", setting("mailer", contract=None), ["mailer"]),
    ("DAI012", setting("mailer", contract__protection_clauses=False), ["mailer"]),
    ("DAI013", setting("mailer", review={"date": "2024-01-01"}), ["mailer"]),
    ("DAI013", setting("mailer_sub", review=None), ["mailer_sub"]),
    ("DAI014", setting("mailer", contract__subcontracting="not_allowed"), ["mailer_sub"]),
    ("DAI014", setting("mailer_sub", contract__subcontracting="allowed"), ["mailer_sub"]),
    # one of its two contractors does not allow sub-contracting
    ("DAI014", both(WITH_MAILER2, setting("mailer2", contract__subcontracting="not_allowed"),
                    setting("mailer_sub", parent=None, parents=["mailer", "mailer2"])), ["mailer_sub"]),
    ("DAI015", setting("f_abroad", foreign_basis=None), ["f_abroad"]),
    ("DAI015", setting("f_abroad", foreign_basis="eu_uk"), ["f_abroad"]),
    ("DAI015", both(adding("systems", {"key": "vendor_db", "name": "Vendor DB", "operated_by": "us_vendor",
                                       "country": "US", "disclosed_abroad": True, "security": dict(SECURED),
                                       "items": ["email"]}),
                    adding("flows", {"key": "f_vendor_db", "from": "crm", "to": "vendor_db", "items": ["email"],
                                     "basis": "outsourcing"})), ["f_vendor_db"]),
    ("DAI016", setting("us_vendor", compliance_check=None), ["us_vendor"]),
    ("DAI016", setting("us_vendor", compliance_check="2024-06-01"), ["us_vendor"]),
    ("DAI017", setting("eu_store", disclosed_abroad=False), ["eu_store"]),
    # storage its provider does not handle is no provision, but where it is must still be disclosed
    ("DAI017", both(adding("systems", VAULT | {"disclosed_abroad": False}), adding("flows", F_VAULT)), ["vault"]),
    # so must a system a contractor operates abroad
    ("DAI017", both(adding("systems", {**VAULT, "handles_data": True, "disclosed_abroad": False}),
                    adding("flows", F_VAULT | {
        "basis": "outsourcing", "foreign_basis": "compliant_system"})), ["vault"]),
    ("DAI018", setting("group_co", joint_use__published=False), ["group_co"]),
    ("DAI018", setting("group_co", joint_use=None), ["group_co"]),
    ("DAI018", setting("group_co", joint_use__items=["cookie_id"]), ["group_co"]),
    ("DAI019", setting("f_provide", referable_consent_confirmed=False), ["f_provide"]),
    ("DAI020", setting("p_marketing", published=False), ["p_marketing"]),
    ("DAI021", setting("email", retention=None), ["email"]),
    ("DAI021", setting("email", disposal=None), ["email"]),
    ("DAI021", setting("email_hash", retention=None, disposal=None), ["email_hash"]),
    ("DAI022", setting("crm", security__encryption_at_rest=False, security__encryption=None), ["crm"]),
    # encryption at rest alone is storage encryption: a leak through the application reads the data
    ("DAI022", setting("crm", security__encryption=None), ["crm"]),
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "level": "storage"}]), ["crm"]),
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "key_separate": False}]), ["crm"]),
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "algorithm": "ROT13"}]), ["crm"]),
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "items": ["email"]}]), ["crm"]),
    ("DAI022", both(setting("eu_store", security__encryption=None), setting("email", persons=1001)),
     ["eu_store"]),
    ("DAI023", setting("crm", security__access=[]), ["crm"]),
    ("DAI024", setting("email", risk=None), ["email"]),
    ("DAI025", setting("f_provide", items=["email", "email_hash"]), ["f_provide"]),
    ("DAI025", setting("stats", anonymised_items_published=False), ["stats"]),
    ("DAI026", setting("partner", country=None), ["partner"]),
    ("DAI027", adding("recipients", {"key": "idle", "name": "Idle", "kind": "third_party"}), ["idle"]),
    ("DAI027", adding("recipients", {"key": "idle_co", "name": "Idle contractor", "kind": "contractor"}),
     ["idle_co"]),
    ("DAI028", setting("crm", country=None), ["crm"]),
    ("DAI028", both(adding("systems", {**VAULT, "country": None}), adding("flows", F_VAULT)), ["vault"]),
]

QUIET: list[tuple[str, Mutation]] = [
    ("DAI001", setting("crm", personal_data=False, security=None)),  # not personal data: no items needed
    ("DAI002", setting("email", last_reviewed="2024-06-30")),  # exactly 12 months
    ("DAI003", setting("stats", purposes=[])),  # anonymised: not personal data
    ("DAI004", setting("f_outsource", purposes=[])),  # a flow naming no purpose is not checked
    ("DAI004", adding("flows", {"key": "f_cookie", "from": "crm", "to": "partner", "items": ["cookie_id"],
                                "purposes": ["p_other"], "basis": "consent", "record": {"kept": True},
                                "referable_consent_confirmed": True})),  # personally referable only
    ("DAI007", setting("f_provide", basis="opt_out")),  # opt-out without sensitive items
    ("DAI008", both(setting("group_co", kind="group_company"),  # a group company given data with consent
                    setting("f_joint", basis="consent", record={"kept": True}))),
    ("DAI008", setting("group_co", kind="group_company")),  # group companies often use data jointly (27(5)(iii))
    ("DAI008", both(adding("systems", VAULT | {"country": "JP"}), adding("flows", F_VAULT))),  # storage only
    ("DAI008", setting("f_outsource", basis="consent", record={"kept": True})),  # a contractor as third party
    ("DAI009", setting("f_provide", basis="exception", exception="27(1)(i)", record=None)),
    ("DAI009", setting("f_outsource", record=None)),  # outsourcing needs no provision record
    ("DAI010", setting("f_inbound", basis="exception", exception="27(1)(i)", confirmation=None)),
    ("DAI011", setting("mailer", contract__scope_items=[])),  # no scope recorded: not checked
    ("DAI012", both(setting("us_vendor", contract=None), setting("f_abroad", items=["cookie_id"]))),  # not entrusted
    # named, no data flow recorded: DAI027 instead
    ("DAI012", adding("recipients", {"key": "idle_co", "name": "Idle contractor", "kind": "contractor"})),
    # stores data for the operator without handling it (PPC Q&A 7-53): not entrusted
    ("DAI012", both(setting("us_vendor", contract=None, handles_data=False), setting("f_abroad", basis="internal"))),
    ("DAI013", setting("mailer", review={"date": "2024-06-30"})),
    ("DAI013", adding("recipients", {"key": "idle_co", "name": "Idle contractor", "kind": "contractor"})),
    ("DAI014", setting("mailer", contract__subcontracting="approved")),
    ("DAI014", both(WITH_MAILER2, setting("mailer_sub", parent=None, parents=["mailer", "mailer2"]))),
    ("DAI015", both(setting("us_vendor", country="GB"), setting("f_abroad", foreign_basis="eu_uk"))),
    ("DAI015", setting("f_abroad", basis="exception", exception="27(1)(i)", foreign_basis=None)),
    ("DAI015", setting("eu_store", disclosed_abroad=True)),  # own system abroad: not a transfer
    ("DAI015", setting("f_abroad", items=["cookie_id"], foreign_basis=None)),  # personally referable only
    # storage abroad its provider does not handle: no provision, so no foreign-transfer basis is due
    ("DAI015", both(adding("systems", VAULT), adding("flows", F_VAULT))),
    ("DAI016", setting("f_abroad", foreign_basis="consent")),  # no compliant-system route: no check due
    ("DAI017", setting("eu_store", country="JP", disclosed_abroad=False)),
    ("DAI017", both(adding("systems", VAULT), adding("flows", F_VAULT))),  # disclosed
    # a system a third party operates abroad: provision to it (APPI 28), not the operator's storage
    ("DAI017", both(adding("systems", {**VAULT, "operated_by": "partner", "handles_data": True,
                                       "disclosed_abroad": False}),
                    adding("flows", F_VAULT | {"basis": "consent", "record": {"kept": True}}))),
    ("DAI018", setting("group_co", joint_use__items=["email", "cookie_id"])),
    ("DAI019", setting("f_provide", items=["email"], referable_consent_confirmed=False)),
    ("DAI019", setting("f_outsource", items=["email", "cookie_id"])),  # outsourcing: Art. 31 does not apply
    ("DAI020", both(setting("p_marketing", published=False), setting("email", retained=False),
                    setting("health", retained=False), setting("cookie_id", retained=False),
                    setting("card_number", retained=False), setting("email_hash", retained=False),
                    setting("stats", retained=False))),
    ("DAI021", setting("stats", retention=None, disposal=None)),  # anonymised: not personal data
    ("DAI022", setting("eu_store", security__encryption=None)),  # 500 persons, nothing sensitive
    ("DAI022", both(setting("crm", security__encryption=None, items=["cookie_id"]),
                    setting("cookie_id", persons=5000))),  # personally referable only: not personal data
    ("DAI022", both(setting("crm", security__encryption=None, items=["email_hash"]),
                    setting("email_hash", persons=5000))),  # pseudonymised: APPI 26 does not apply (41(9))
    # advanced encryption of what would make a leak reportable; a recognised algorithm by statement
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "items": ["health", "card_number"]}])),
    ("DAI022", setting("crm", security__encryption=[{**ADVANCED, "algorithm": "SEED", "recognised": True}])),
    ("DAI025", setting("f_outsource", items=["email", "email_hash"])),  # outsourcing is allowed
    ("DAI026", adding("recipients", {"key": "idle", "name": "Idle", "kind": "third_party"})),  # receives nothing
    # a 27(1) exception is exempt from APPI 28: where the recipient is does not matter
    ("DAI026", both(setting("partner", country=None), setting("f_provide", basis="exception", exception="27(1)(i)"))),
    ("DAI027", both(adding("recipients", {"key": "host", "name": "Host", "kind": "contractor",
                                          "contract": _contract(["email"]), "review": {"date": RECENT}}),
                    adding("systems", {"key": "host_db", "name": "Host DB", "operated_by": "host", "country": "JP",
                                       "security": dict(SECURED), "items": ["email"]}))),  # it keeps data: not idle
    ("DAI028", setting("crm", country="per_customer", disclosed_abroad=True)),
]

from gdpr_cases import GDPR_FIRES, GDPR_QUIET  # noqa: E402  (the GDPR and item-category rules)

FIRES += GDPR_FIRES
QUIET += GDPR_QUIET

from law_cases import LAW_FIRES, LAW_QUIET  # noqa: E402  (issue 10: the law's corrected readings)

FIRES += LAW_FIRES
QUIET += LAW_QUIET


def test_baseline_has_no_findings(tmp_path):
    _, findings = findings_for(tmp_path)
    assert findings == []


@pytest.mark.parametrize(("rule", "mutate", "keys"), FIRES,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(FIRES)])
def test_rule_fires(tmp_path, rule, mutate, keys):
    path, findings = findings_for(tmp_path, mutate)
    got = {(f.key, f.file, f.line) for f in findings if f.rule == rule}
    assert got == {(key, str(path), line_of(path, key)) for key in keys}
    for finding in findings:
        assert finding.message and finding.fix and finding.citations


@pytest.mark.parametrize(("rule", "mutate"), QUIET, ids=[f"{r}-{i}" for i, (r, _) in enumerate(QUIET)])
def test_rule_stays_quiet(tmp_path, rule, mutate):
    _, findings = findings_for(tmp_path, mutate)
    assert [f for f in findings if f.rule == rule] == []


def test_every_rule_has_a_firing_and_a_quiet_case():
    ids = {r.id for r in RULES}
    assert {rule for rule, _, _ in FIRES} == ids
    assert ids - {rule for rule, _ in QUIET} <= {"DAI005", "DAI006", "DAI021", "DAI023",
                                                 "DAI024"}  # these are quiet in the baseline itself


def test_messages_name_the_record_and_cite(tmp_path):
    _, findings = findings_for(tmp_path, setting("f_outsource", purposes=["p_other"]))
    [finding] = [f for f in findings if f.rule == "DAI004"]
    assert finding.message == "flow 'f_outsource' carries item 'email' for 'p_other', not among the item's purposes"
    assert finding.kind == "flow" and finding.severity == "error"
    assert "APPI Art. 18(1)" in finding.citations and "JIS Q 15001:2023 A.2" in finding.citations


def test_checks_read_the_resolved_model_not_the_records(tmp_path):
    """Where a flow goes and its status come from `resolved_flow`: change the stored facts, the findings follow."""
    path = write_manifest(tmp_path, copy.deepcopy(BASELINE))
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, path)
    assert run_checks(url, AS_OF) == []
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE resolved_flow SET foreign_status = 'missing' WHERE key = 'f_abroad'"))
        conn.execute(text("UPDATE resolved_flow SET basis_status = 'cannot_apply' WHERE key = 'f_joint'"))
    engine.dispose()
    assert {(f.rule, f.key) for f in run_checks(url, AS_OF)} == {("DAI015", "f_abroad"), ("DAI008", "f_joint")}


def test_reach_follows_sub_contractors_operated_systems_and_derivations(tmp_path):
    document = copy.deepcopy(BASELINE)
    document["systems"].append({"key": "mailer_box", "name": "Box", "operated_by": "mailer", "items": []})
    document["systems"].append({"key": "mailer_vault", "name": "Vault", "operated_by": "mailer",
                                "handles_data": False, "items": ["health"]})
    document["flows"].append({"key": "f_box", "from": "crm", "to": "mailer_box", "items": ["cookie_id"],
                              "basis": "outsourcing"})
    document["derivations"] = [{"from": "cookie_id", "to": "email_hash", "method": "pseudonymisation",
                                "at": "mailer_box"}]
    url = resolve_url(str(tmp_path / "daicho.db"))
    load_into(url, write_manifest(tmp_path, document))
    ctx = load_context(url, AS_OF)
    # the vault mailer keeps without handling the data is not on its side: health does not reach it
    assert ctx.reach("mailer") == {"email", "cookie_id", "email_hash"}
    assert ctx.reach("mailer_sub") == {"email"}
    assert ctx.reach("partner") == {"email", "cookie_id"}
