"""Two contractors sharing one sub-processor, systems kept in another country than their operator is
established in: what the checks, `abroad` and the sub-processor list say must match what the inventory
records (a clinic: an EHR run by a Japanese vendor in the US, a booking app run by a Singapore vendor in
Australia, both vendors using the same US cloud)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.checks import run_checks
from daicho.catalog.interchange.subprocessors import subprocessors
from daicho.catalog.lineage.nodes import abroad
from daicho.catalog.review.notice import build_notice
from daicho.catalog.review.reach import ReviewFacts
from daicho.catalog.words.said import said
from daicho.cli.app import app
from daicho.inventory.db import ReadDB
from daicho.inventory.store import resolve_url
from typer.testing import CliRunner

CONTRACT = {"date": "2024-04-01", "protection_clauses": True, "subcontracting": "approved"}
COMPLIANT = {"compliance_check": "2025-06-01", "compliant_system": {"instrument": "contract", "reference": "DPA"}}

CLINIC: dict[str, Any] = {
    "organization": {"key": "clinic", "name": "Clinic", "country": "JP"},
    "subjects": [{"key": "patient", "name": "Patients"}],
    "purposes": [{"key": "care", "name": "Care"}, {"key": "booking", "name": "Booking"}],
    "items": [
        {"key": "name", "name": "Name", "subjects": ["patient"], "purposes": ["care", "booking"]},
        {"key": "history", "name": "Medical history", "subjects": ["patient"], "purposes": ["care"],
         "sensitive": True, "consent_obtained": True},
        {"key": "card", "name": "Card number", "subjects": ["patient"], "purposes": ["booking"],
         "financial": True},
    ],
    "collection_points": [{"key": "reception", "name": "Reception"}, {"key": "web", "name": "Web booking"}],
    "systems": [
        {"key": "ehr", "name": "EHR", "country": "US", "operated_by": "ehr_vendor", "items": ["name", "history"]},
        {"key": "booking_app", "name": "Booking app", "country": "AU", "operated_by": "booking_vendor",
         "items": ["name", "card"]},
    ],
    "recipients": [
        {"key": "ehr_vendor", "name": "EHR vendor", "kind": "contractor", "country": "JP", "hosting": ["US"],
         "contract": {**CONTRACT, "scope_items": ["name", "history"]}},
        {"key": "booking_vendor", "name": "Booking vendor", "kind": "contractor", "country": "SG",
         "hosting": ["AU"], "contract": {**CONTRACT, "scope_items": ["name", "card"]}, **COMPLIANT},
        {"key": "cloud", "name": "Cloud", "kind": "subcontractor", "parents": ["ehr_vendor", "booking_vendor"],
         "country": "US", "hosting": ["US", "AU"], "contract": {**CONTRACT}, **COMPLIANT},
        {"key": "pharmacy", "name": "Pharmacy", "kind": "joint_user", "country": "JP",
         "joint_use": {"items": ["name"], "users": "group clinics", "purposes": ["care"], "responsible": "Clinic",
                       "responsible_address": "Tokyo", "responsible_representative": "Hanako Sato",
                       "published": True}},
        {"key": "insurer", "name": "Insurer", "kind": "third_party", "country": "US",
         "consent_information": {"country": True, "regime": True, "measures": True, "reference": "form v2"}},
    ],
    "flows": [
        {"from": "reception", "to": "ehr", "items": ["name", "history"], "basis": "outsourcing"},
        {"from": "web", "to": "booking_app", "items": ["name", "card"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "ehr", "to": "cloud", "items": ["name", "history"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "booking_app", "to": "cloud", "items": ["name", "card"], "basis": "outsourcing",
         "foreign_basis": "compliant_system"},
        {"from": "booking_app", "to": "ehr", "items": ["name"], "basis": "outsourcing"},
        {"from": "ehr", "to": "pharmacy", "items": ["name"], "basis": "joint_use", "purposes": ["care"]},
        {"key": "to_insurer", "from": "ehr", "to": "insurer", "items": ["name"], "basis": "consent",
         "foreign_basis": "consent", "purposes": ["care"], "frequency": "per claim", "encrypted_in_transit": True,
         "record": {"kept": True, "reference": "provision register"}, "evidence": "consent form v2"},
    ],
}


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    folder: Path = tmp_path_factory.mktemp("clinic")
    url = resolve_url(str(folder / "daicho.db"))
    load_into(url, write_manifest(folder / "manifests", CLINIC))
    return url


def test_a_shared_sub_processor_does_not_widen_the_other_contractors_scope(url):
    """The card reaches the shared cloud only through the booking vendor: it is not outside the EHR vendor's
    contract (the EHR vendor never receives it, as `receives ehr_vendor` says)."""
    findings = [f for f in run_checks(url, dt.date(2025, 12, 1)) if f.rule == "DAI011"]
    assert findings == [], [f.message for f in findings]


def test_a_contractor_sending_a_shared_sub_processor_more_than_its_contract_is_reported(url, tmp_path):
    document = {**CLINIC, "flows": [*CLINIC["flows"], {"key": "ehr_card", "from": "ehr", "to": "cloud",
                                                         "items": ["card"], "basis": "outsourcing",
                                                         "foreign_basis": "compliant_system"}]}
    document["systems"] = [{**CLINIC["systems"][0], "items": ["name", "history", "card"]}, CLINIC["systems"][1]]
    other = resolve_url(str(tmp_path / "daicho.db"))
    load_into(other, write_manifest(tmp_path / "manifests", document))
    flagged = {f.key for f in run_checks(other, dt.date(2025, 12, 1)) if f.rule == "DAI011"}
    assert flagged == {"ehr_vendor"}  # not booking_vendor: the card came from the EHR side


def test_abroad_note_of_a_home_contractor_keeping_data_abroad_is_a_sentence(url):
    """A contractor established at home needs no APPI 28 basis: the note only says where the data is kept (it
    began with "; ")."""
    with ReadDB(url) as db:
        notes = {f["flow"]: f["note"] for f in abroad(db)["flows"]}
    for lang, expected in (("en", "data kept in United States"), ("ja", "保管場所: アメリカ合衆国")):
        assert said(notes["reception__ehr"], lang) == expected


def test_sub_processor_list_says_where_the_systems_keep_data_not_where_their_operator_is_registered(url):
    """The booking vendor is registered in Singapore and keeps the data in Australia: the published list must
    not say the data is kept in Singapore (nor the EHR vendor's in Japan)."""
    with ReadDB(url) as db:
        listed = {e["key"]: [h["code"] for h in e["hosting"]] for e in subprocessors(db)["subprocessors"]}
    assert listed == {"booking_vendor": ["AU"], "ehr_vendor": ["US"], "cloud": ["US", "AU"]}


def _shown(url: str, key: str, lang: str) -> str:
    result = CliRunner().invoke(app, ["show", key, "--lang", lang, "--db", url],
                                env={"COLUMNS": "200", "NO_COLOR": "1", "DAICHO_LANG": None})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("key", ["pharmacy", "cloud", "insurer"])
def test_show_in_japanese_labels_every_field_of_a_contract_joint_use_or_consent_in_japanese(url, key):
    """`show --lang ja` said the parts of joint use, a compliant system and consent information in English
    (`users:`, `responsible address:`, `instrument:`, `regime:` …)."""
    english = re.findall(r"[a-z][a-z ]*[a-z]: ", _shown(url, key, "ja"))
    assert english == []


def test_notice_lists_under_art_28_only_recipients_established_abroad(url):
    """The EHR vendor is established in Japan and keeps the data in the US: APPI 28 does not apply to it (its
    servers abroad belong in the security measures, PPC guideline 10-7). The notice listed it among the
    recipients in foreign countries with "transfer basis: none recorded", as if a basis were missing."""
    notice = build_notice(ReviewFacts.load(url), "en")
    assert [f.key for f in notice.foreign] == ["booking_vendor", "cloud", "insurer"]


def test_show_a_flow_whole_with_its_provision_record_and_transport(url):
    """`show FLOW` printed only from, to, basis, items, purposes, mechanism: the provision record (APPI 29), the
    frequency, encryption in transit and the evidence were stored but never shown."""
    result = CliRunner().invoke(app, ["show", "to_insurer", "--json", "--db", url], env={"DAICHO_LANG": None})
    shown = json.loads(result.output)
    assert shown["record"] == {"kept": True, "reference": "provision register"}
    assert (shown["frequency"], shown["encrypted_in_transit"], shown["evidence"]) == ("per claim", True,
                                                                                     ["consent form v2"])
    english = _shown(url, "to_insurer", "en")
    assert "provision register" in english and "per claim" in english and "consent form v2" in english
    japanese = _shown(url, "to_insurer", "ja")
    assert "提供記録" in japanese and re.findall(r"[a-z][a-z ]*[a-z]: ", japanese) == []


@pytest.mark.parametrize("command", ["notice", "subprocessors", "ropa"])
def test_every_read_command_takes_json(url, command):
    """`--json` on every read command, as `check` and `diff` take it beside `-f json`: notice, subprocessors and
    ropa said "No such option: --json"."""
    def run(*args: str) -> str:
        result = CliRunner().invoke(app, [command, *args, "--lang", "en", "--db", url], env={"DAICHO_LANG": None})
        assert result.exit_code == 0, result.output
        return result.output

    assert json.loads(run("--json")) == json.loads(run("-f", "json"))


def test_where_a_recipient_keeps_data_is_said_whole_by_every_output(url, tmp_path):
    """The cloud is established in the US and keeps data in the US and Australia. `where`, `show` and the
    sub-processor list said "kept in US, AU"; `abroad`, the notice, the diagram and the ledger dropped the US
    ("US (kept in AU)"), as if the data were kept in Australia only."""
    env = {"DAICHO_LANG": None, "COLUMNS": "200", "NO_COLOR": "1"}

    def run(*args: str) -> str:
        result = CliRunner().invoke(app, [*args, "--db", url], env=env)
        assert result.exit_code == 0, result.output
        return result.output

    assert "US (kept in US, AU)" in run("where", "history")
    to_cloud = [line for line in run("abroad").splitlines() if "sub-contracting" in line]
    assert to_cloud and all("US (kept in US, AU)" in line for line in to_cloud)
    with ReadDB(url) as db:
        notes = [f["note"] for f in abroad(db)["flows"] if f["to"] == "cloud"]
    assert notes and all(said(n, "en").endswith("data kept in United States, Australia") for n in notes)
    foreign = {f.key: f.hosting for f in build_notice(ReviewFacts.load(url), "en").foreign}
    assert foreign["cloud"] == ["United States (US)", "Australia (AU)"]
    assert "data kept in US, AU" in run("diagram", "-f", "mermaid")
    run("ledger", "--lang", "en", "-f", "csv", "-o", str(tmp_path / "ledger.csv"))
    cells = [c for c in (tmp_path / "ledger.csv").read_text(encoding="utf-8").split('"') if "Cloud: " in c]
    assert cells and all("Cloud: United States (US) (kept in: United States (US), Australia (AU))" in c for c in cells)


def test_ledger_chains_follow_the_contractors_not_every_path(url, tmp_path):
    """The booking app (the booking vendor's) sends names to the EHR (the EHR vendor's): an outsourcing by the
    operator to the EHR vendor, as `where` says — the EHR vendor is not the booking vendor's sub-contractor. The
    ledger's 委託先 column said "Booking vendor > EHR vendor" and "Booking vendor > EHR vendor > Cloud"."""
    result = CliRunner().invoke(app, ["ledger", "--lang", "en", "-f", "csv", "-o", str(tmp_path / "l.csv"),
                                      "--db", url], env={"DAICHO_LANG": None})
    assert result.exit_code == 0, result.output
    text = (tmp_path / "l.csv").read_text(encoding="utf-8")
    assert "Booking vendor > Cloud" in text and "EHR vendor > Cloud" in text
    assert "Booking vendor > EHR vendor" not in text
