"""The fictional Tsumiki example (examples/tsumiki): one test per command, each asserting the story the example
is built to tell — a backend at a US cloud provider that handles the data, backups at a Singapore provider that
does not, contractors abroad sharing one SMS gateway, a recipient of unknown location, one named with no flow,
provision with consent, joint use, a personally referable cookie ID, pseudonymisation and aggregation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import load_into, run_daicho
from daicho.catalog.breach.triage import breach
from daicho.catalog.checks.engine import run_checks
from daicho.catalog.lineage.graphs import full_graph
from daicho.catalog.lineage.nodes import abroad, holds, paths_between
from daicho.catalog.lineage.where import chains, receives, where
from daicho.catalog.resolved.facts import node_facts
from daicho.examples import EXAMPLES, example_path
from daicho.inventory.db import ReadDB
from daicho.inventory.store import resolve_url
from daicho.inventory.validate import validate_paths

AS_OF = "2026-06-01"
#: what the managed database (run and handled by Nimbus Cloud) stores
MEMBER_DB = {"name", "email", "phone", "billing_history", "usage_log"}
#: every flow `abroad` lists, with its status
ABROAD = {"app_to_member_db": "ok", "nightly_backup": "storage", "notices_to_postwave": "ok",
          "postwave_to_signalhub": "missing", "card_to_paybridge": "ok", "paybridge_to_signalhub": "ok",
          "survey_invitations": "unknown_country", "ad_tag": "referable"}


@pytest.fixture(scope="module")
def tsumiki_url(tmp_path_factory) -> str:
    """URL of an SQLite store holding the bundled Tsumiki example (loaded once for the module)."""
    url = resolve_url(str(tmp_path_factory.mktemp("tsumiki") / "daicho.db"))
    load_into(url, example_path("tsumiki"))
    return url


@pytest.fixture(scope="module")
def db(tsumiki_url):
    with ReadDB(tsumiki_url) as conn:
        yield conn


def test_the_example_is_bundled_validates_and_is_fictional_throughout():
    assert "tsumiki" in EXAMPLES
    result = validate_paths([example_path("tsumiki")])
    assert result.problems == []
    inventory = result.inventory
    assert inventory.organization.country == "JP"
    records = [inventory.organization, *inventory.subjects, *inventory.purposes, *inventory.items,
               *inventory.processes, *inventory.collection_points, *inventory.systems, *inventory.recipients,
               *inventory.retention_events]
    loose = list(inventory.flows) + list(inventory.derivations)
    assert [getattr(r, "key", None) for r in records + loose if not r.illustrative] == []
    assert [getattr(r, "key", None) for r in records + loose
            if not any(e.startswith("fictional example:") for e in r.evidence)] == []
    assert [r.key for r in records if not (r.name.en and r.name.ja)] == []
    assert (example_path("tsumiki") / "README.md").read_text(encoding="utf-8").count("fictional") >= 2


# --- where ------------------------------------------------------------------------------------------------

def test_where_name_reaches_the_providers_side_but_not_the_backup_provider(db):
    result = where(db, "name")
    # Nimbus receives through the database it operates and handles; Keepsafe stores backups without handling
    # them, so it receives nothing (PPC Q&A 7-53); Koe Research only gets the email.
    assert result["recipients"] == ["nimbus_cloud", "paybridge", "postwave", "sakura_insurance", "tsumiki_learning"]
    assert "signalhub" in where(db, "phone")["recipients"]  # the SMS gateway gets the phone number only
    nodes = {n["key"]: n for n in result["nodes"]}
    assert nodes["signup_form"]["hops"] == 0 and nodes["checkout_form"]["hops"] == 0
    app = nodes["tsumiki_app"]
    assert (app["party"], app["operated_by"], app["handles"], app["country"]) == ("tsumiki", "nimbus_cloud",
                                                                                  False, "JP")
    member_db = nodes["member_db"]
    assert (member_db["party"], member_db["country"], member_db["hosting"]) == ("nimbus_cloud", "US", ["JP"])
    assert member_db["hops"] == 2 and member_db["group"] == "abroad"
    backup = nodes["backup_store"]
    assert (backup["party"], backup["handles"], backup["country"], backup["hops"]) == ("tsumiki", False, "SG", 3)
    hops = {h["flow"]: h for h in result["hops"]}
    into_db = hops["app_to_member_db"]
    assert (into_db["boundary"], into_db["to_party"], into_db["border"], into_db["transfer_location"],
            into_db["foreign_status"]) == ("outsourcing", "nimbus_cloud", "abroad", "US", "recorded")
    backup_hop = hops["nightly_backup"]
    assert (backup_hop["boundary"], backup_hop["basis_status"], backup_hop["foreign_status"]) == (
        "storage", "not_needed", "not_applicable")
    assert hops["signup_form__tsumiki_app"]["boundary"] == "acquisition"
    assert hops["partner_referral"]["boundary"] == "provision" and hops["partner_referral"]["border"] == "home"
    assert hops["group_joint_use"]["boundary"] == "joint_use"


def test_where_usage_log_follows_the_pseudonymisation_and_ends_at_the_aggregation(db):
    result = where(db, "usage_log")
    assert [(t["item"], t["method"], t["at"]) for t in result["trail"]] == [
        ("usage_log_pseudonymised", "pseudonymisation", "analytics_dwh")]
    assert [(e["item"], e["method"], e["at_reached"]) for e in result["ends"]] == [
        ("usage_stats", "aggregation", True)]
    nodes = {n["key"]: n for n in result["nodes"]}
    assert nodes["analytics_dwh"]["party"] == "tsumiki" and nodes["analytics_dwh"]["hops"] == 3
    assert next(h for h in result["hops"] if h["flow"] == "usage_export")["boundary"] == "return"


# --- receives ---------------------------------------------------------------------------------------------

def test_receives_on_the_cloud_provider_lists_what_its_database_stores(db):
    result = receives(db, "nimbus_cloud")
    assert {e["item"] for e in result["items"]} == MEMBER_DB  # not the app servers' logs it does not handle
    assert [n["key"] for n in result["side"]] == ["member_db"]
    assert {e["at"] for e in result["items"]} == {"member_db"}
    assert {e["item"]: e["hops"] for e in result["items"]}["name"] == 2


def test_receives_on_the_backup_provider_is_empty_and_the_sub_processor_gets_phone_from_both_sides(db):
    assert receives(db, "keepsafe_backup")["items"] == []
    signalhub = receives(db, "signalhub")
    assert [e["item"] for e in signalhub["items"]] == ["phone"]
    assert set(signalhub["summary"]["origins"]) == {"checkout_form", "signup_form"}
    assert {e["item"] for e in receives(db, "paybridge")["items"]} == {"card_number", "name", "phone"}
    assert receives(db, "chatly")["items"] == []


def test_where_and_receives_agree_on_every_item_and_recipient(db):
    items = [r["key"] for r in db.rows("SELECT key FROM item ORDER BY key")]
    recipients = [r["key"] for r in db.rows("SELECT key FROM recipient ORDER BY key")]
    reached = {i: set(where(db, i)["recipients"]) for i in items}
    for recipient in recipients:
        got = {e["item"] for e in receives(db, recipient)["items"]}
        assert got == {i for i in items if recipient in reached[i]}, recipient


# --- path -------------------------------------------------------------------------------------------------

def test_path_to_the_shared_sub_processor(db):
    result = paths_between(db, "checkout_form", "signalhub")
    assert [p["nodes"] for p in result["paths"]] == [["checkout_form", "card_vault", "signalhub"],
                                                     ["checkout_form", "tsumiki_app", "postwave", "signalhub"]]
    phone = paths_between(db, "checkout_form", "signalhub", item="phone")
    assert [p["nodes"] for p in phone["paths"]] == [["checkout_form", "card_vault", "signalhub"]]
    last = phone["paths"][0]["hops"][-1]
    assert last["border"] == "abroad" and last["flows"][0]["boundary"] == "subcontracting"
    backup = paths_between(db, "signup_form", "backup_store")
    assert [p["nodes"] for p in backup["paths"]] == [["signup_form", "tsumiki_app", "member_db", "backup_store"]]
    assert backup["paths"][0]["hops"][-1]["flows"][0]["boundary"] == "storage"


# --- holds ------------------------------------------------------------------------------------------------

def test_holds_on_the_backups_and_the_warehouse(db):
    backups = holds(db, "backup_store")
    node = backups["node"]
    assert (node["operated_by"], node["handles"], node["party"], node["country"]) == ("keepsafe_backup", False,
                                                                                      "tsumiki", "SG")
    assert {s["item"] for s in backups["stored"]} == MEMBER_DB
    assert [(f["flow"], f["boundary"]) for f in backups["flows_in"]] == [("nightly_backup", "storage")]
    warehouse = holds(db, "analytics_dwh")
    assert [(d["from"], d["to"], d["method"]) for d in warehouse["derivations"]] == [
        ("usage_log", "usage_log_pseudonymised", "pseudonymisation"),
        ("usage_log_pseudonymised", "usage_stats", "aggregation")]
    assert "member_db" in holds(db, "nimbus_cloud")["node"]["operates"]


# --- abroad -----------------------------------------------------------------------------------------------

def test_abroad_lists_each_foreign_flow_with_its_status(db):
    result = abroad(db)
    assert result["home_country"] == "JP"
    flows = {f["flow"]: f for f in result["flows"]}
    assert {k: f["status"] for k, f in flows.items()} == ABROAD
    backend = flows["app_to_member_db"]
    assert (backend["to_party"], backend["to_country"], backend["hosting"], backend["foreign_basis"]) == (
        "nimbus_cloud", "US", ["JP"], "compliant_system")
    backup = flows["nightly_backup"]
    assert (backup["boundary"], backup["basis_status"], backup["to_party"]) == ("storage", "not_needed", "tsumiki")
    assert (backup["disclosure"], backup["disclose_locations"]) == ("disclosed", ["SG"])
    assert "keepsafe_backup" in backup["note"]
    assert flows["notices_to_postwave"]["foreign_basis"] == "eu_uk"
    assert flows["notices_to_postwave"]["hosting"] == ["EU"]
    assert flows["postwave_to_signalhub"]["boundary"] == flows["paybridge_to_signalhub"]["boundary"] == \
        "subcontracting"
    assert "Japan" in flows["survey_invitations"]["note"]
    assert [n["key"] for n in result["named_only"]] == ["chatly"]
    assert result["summary"]["named_only"] == 1 and result["summary"]["storage"] == 1


# --- breach -----------------------------------------------------------------------------------------------

def test_breach_at_the_payment_contractor_and_at_the_backups(db):
    payment = breach(db, "paybridge")
    assert {i["item"] for i in payment.items} == {"card_number", "name", "phone"}
    assert payment.node["systems"] == ["card_vault"]
    assert next(c for c in payment.criteria if c.number == 2).met is True
    assert payment.reportable is True
    # storage without handling is no provision, but a leak of the backups is still the operator's leak
    backups = breach(db, "backup_store")
    assert backups.node["party"] == "tsumiki" and backups.node["operated_by"] == "keepsafe_backup"
    assert {i["item"] for i in backups.items} == MEMBER_DB
    assert backups.reportable is True and backups.persons == 42000
    # and at the provider itself: what it keeps without handling is exposed the same, though nothing was provided
    provider = breach(db, "keepsafe_backup")
    assert "backup_store" in provider.node["systems"]
    assert {i["item"] for i in provider.items} == MEMBER_DB and provider.reportable is True


# --- check ------------------------------------------------------------------------------------------------

def test_check_finds_the_deliberate_gaps_and_spares_the_named_recipient(tsumiki_url):
    findings = run_checks(tsumiki_url, as_of=dt.date.fromisoformat(AS_OF))
    by_rule: dict[str, set[str]] = {}
    for finding in findings:
        by_rule.setdefault(finding.name, set()).add(finding.key)
    assert by_rule.get("foreign-transfer-without-basis") == {"postwave_to_signalhub"}
    assert by_rule.get("recipient-country-unknown") == {"koe_research"}
    assert "chatly" not in by_rule.get("contract-gaps", set()) | by_rule.get("contractor-review-overdue", set())
    # storage its provider does not handle: not entrusted (APPI 25), and disclosed (APPI 32)
    assert "keepsafe_backup" not in {f.key for f in findings if f.name.startswith("contract")}
    assert not by_rule.get("foreign-storage-undisclosed")
    assert not by_rule.get("subcontracting-unapproved")


def test_check_cli_json_names_the_same_findings(tsumiki_url, monkeypatch, capsysbinary):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "check", "--db", tsumiki_url, "--as-of", AS_OF,
                                "--json")
    assert code == 1, err  # the missing foreign basis is an error
    data = json.loads(out)
    findings = data["findings"] if isinstance(data, dict) else data
    assert ("DAI015", "postwave_to_signalhub") in {(f["rule"], f["key"]) for f in findings}


# --- notice -----------------------------------------------------------------------------------------------

def test_notice_names_foreign_recipients_as_abroad_does(tsumiki_url, monkeypatch, capsysbinary):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "notice", "--db", tsumiki_url, "-f", "json",
                                "--lang", "en")
    assert code == 0, err
    notice = json.loads(out)
    foreign = {e["key"]: e for e in notice["foreign"]}
    # Keepsafe only stores (no provision); the cookie ID is not personal data (APPI 31, not 28); chatly is named
    # with no data flow
    assert set(foreign) == {"nimbus_cloud", "postwave", "signalhub", "paybridge", "koe_research"}
    assert {k: e["code"] for k, e in foreign.items()} == {"nimbus_cloud": "US", "postwave": "IE", "signalhub": "US",
                                                          "paybridge": "SG", "koe_research": "unknown"}
    statuses = {f["flow"]: f["status"] for e in foreign.values() for f in e["flows"]}
    assert statuses == {k: v for k, v in ABROAD.items() if v not in ("storage", "referable")}
    assert "IP address" not in foreign["nimbus_cloud"]["items"]  # the app servers' logs do not go to Nimbus
    assert [s["key"] for s in notice["storage_abroad"]] == ["backup_store"]
    assert "Keepsafe" in notice["storage_abroad"][0]["provider"]
    assert notice["provision"][0]["recipient"] == "Sakura Insurance Agency K.K."
    assert [j["users"] for j in notice["joint_use"]] == ["Tsumiki Inc. and Tsumiki Learning K.K."]


# --- ledger -----------------------------------------------------------------------------------------------

def test_ledger_csv_rows_name_contractors_provision_joint_use_and_countries(tsumiki_url, monkeypatch,
                                                                          capsysbinary):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "ledger", "--db", tsumiki_url, "-f", "csv",
                                "--lang", "en")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    name = next(r for r in rows if r["Personal-data item"] == "Name")
    contractors = name["Outsourcing and contractors"]
    for contractor in ("Nimbus Cloud", "Postwave", "PayBridge"):
        assert contractor in contractors
    assert "Keepsafe" not in contractors  # stores backups without handling them
    assert "Signalhub" not in contractors  # it gets the phone number only
    phone = next(r for r in rows if r["Personal-data item"] == "Mobile phone number")
    assert "PayBridge Pte. Ltd. > Signalhub Inc." in phone["Outsourcing and contractors"]
    assert "Postwave Ltd. > Signalhub Inc." in phone["Outsourcing and contractors"]
    assert "Sakura Insurance" in name["Third-party provision"]
    assert "Tsumiki Learning" in name["Joint use"]
    for country in ("United States", "Ireland", "Singapore"):
        assert country in name["Foreign handling and countries"]
    email = next(r for r in rows if r["Personal-data item"] == "Email address")
    assert "Koe Research" in email["Outsourcing and contractors"]
    cookie = next(r for r in rows if r["Personal-data item"] == "Advertising cookie ID")
    assert "Nimbus" not in cookie["Outsourcing and contractors"]


# --- diagram ----------------------------------------------------------------------------------------------

def test_diagram_marks_exactly_the_foreign_flows(db, tsumiki_url, monkeypatch, capsysbinary):
    graph = full_graph(db)
    assert {e.flow for e in graph.edges if e.foreign} == set(ABROAD)
    nodes = graph.nodes
    assert nodes["member_db"].party == "nimbus_cloud" and nodes["member_db"].location == "US"
    assert nodes["backup_store"].party == "tsumiki" and not nodes["backup_store"].handles
    assert nodes["koe_research"].location_class == "unknown"
    assert set(nodes["signalhub"].parents) == {"postwave", "paybridge"}
    code, out, err = run_daicho(monkeypatch, capsysbinary, "diagram", "--all", "-f", "dot", "--db", tsumiki_url)
    assert code == 0, err
    dot = out.decode("utf-8")
    assert dot.startswith("digraph")
    for key in nodes:
        assert f'tooltip="{key}"' in dot, key


# --- report -----------------------------------------------------------------------------------------------

def test_report_writes_the_pack_with_the_foreign_flows(tsumiki_url, tmp_path, monkeypatch, capsysbinary):
    out = tmp_path / "audit"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "report", "--db", tsumiki_url, "-o", str(out),
                              "--lang", "en", "--as-of", AS_OF)
    assert code == 0, err
    for name in ("index.html", "ledger.csv", "ledger.xlsx", "checks.sarif"):
        assert (out / name).is_file(), name
    html = (out / "index.html").read_text(encoding="utf-8")
    for name in ("Nimbus Cloud Inc.", "Keepsafe Storage Pte. Ltd.", "Signalhub Inc.", "Koe Research",
                 "postwave_to_signalhub"):
        assert name in html, name


# --- list --select ----------------------------------------------------------------------------------------

def test_list_select_upstream_of_the_sub_processor(tsumiki_url, monkeypatch, capsysbinary):
    code, out, err = run_daicho(monkeypatch, capsysbinary, "list", "recipients", "--select", "+signalhub",
                                "--db", tsumiki_url, "--json")
    assert code == 0, err
    keys = {r["key"] for r in json.loads(out)}
    assert {"signalhub", "postwave"} <= keys and "keepsafe_backup" not in keys and "chatly" not in keys
    code, out, err = run_daicho(monkeypatch, capsysbinary, "list", "systems", "--select", "member_db+",
                                "--db", tsumiki_url, "--json")
    assert code == 0, err
    rows = {r["key"]: r for r in json.loads(out)}
    assert set(rows) == {"member_db", "backup_store", "analytics_dwh"}
    with ReadDB(tsumiki_url) as conn:
        facts = node_facts(conn, rows)
    assert {k: r["country"] for k, r in rows.items()} == {k: f["location"] for k, f in facts.items()}


def test_the_sub_processor_has_a_chain_per_contractor(db):
    node = node_facts(db, ["signalhub"])["signalhub"]
    assert chains(db, node) == [["postwave"], ["paybridge"]]
    entry = next(n for n in where(db, "phone")["nodes"] if n["key"] == "signalhub")
    assert entry["parents"] == ["postwave", "paybridge"] and entry["chain"] == ["postwave", "paybridge"]


# --- ropa -------------------------------------------------------------------------------------------------

def test_ropa_is_the_gdpr_record_of_the_illustrative_block(db, tsumiki_url, tmp_path, monkeypatch, capsysbinary):
    from daicho.catalog.interchange.ropa import ropa
    from openpyxl import load_workbook

    record = ropa(db)
    assert record["role"] == "controller" and record["declared_role"] == "both" and record["illustrative"]
    assert record["party"]["representative"].startswith("Tsumiki EU Representative")
    # transfers: abroad's flows outside the EU/EEA (Postwave in Ireland is not one), with their mechanisms
    moved = {t["flow"]: (t["party"]["key"], t["mechanism"] and t["mechanism"]["code"]) for t in record["transfers"]}
    assert moved == {"app_to_member_db": ("nimbus_cloud", "scc"), "nightly_backup": ("keepsafe_backup", "scc"),
                     "postwave_to_signalhub": ("signalhub", None), "card_to_paybridge": ("paybridge", "scc"),
                     "paybridge_to_signalhub": ("signalhub", "scc"), "survey_invitations": ("koe_research", None),
                     "ad_tag": ("insight_metrics", "adequacy")}
    billing = next(a for a in record["activities"] if a["purpose"]["key"] == "billing")
    assert billing["basis"]["code"] == "contract"
    assert "card_to_paybridge" in billing["transfers"] and "ad_tag" not in billing["transfers"]
    processor = ropa(db, "processor")["controllers"]
    assert [c["key"] for c in processor] == ["lumen_academy"]
    assert processor[0]["transfers"] == ["app_to_member_db", "nightly_backup", "postwave_to_signalhub"]
    out = tmp_path / "ropa.xlsx"
    code, _, err = run_daicho(monkeypatch, capsysbinary, "ropa", "--db", tsumiki_url, "-o", str(out))
    assert code == 0, err
    sheets = load_workbook(out, read_only=True).sheetnames
    assert sheets == ["Controller", "Transfers to third countries"]
    findings = run_checks(tsumiki_url, as_of=dt.date.fromisoformat(AS_OF))
    assert {f.key for f in findings if f.name == "gdpr-transfer-without-safeguard"} == \
        {"postwave_to_signalhub", "survey_invitations"}
    assert not [f for f in findings if f.rule in ("DAI040", "DAI041", "DAI043", "DAI044")]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_where_in_the_terminal_shows_every_flow_abroad_flags(tsumiki_url, monkeypatch, capsysbinary, lang):
    """The terminal `where` lists every hop into a node, not only those of its shortest paths: phone reaches
    signalhub in 2 hops through paybridge, and also through postwave with no foreign-transfer basis — the flow
    `abroad` and the diagram flag. The terminal shows it, flagged, as --json does."""
    flagged = {e["flow"] for e in abroad(ReadDB(tsumiki_url))["flows"] if e["status"] in ("missing", "mismatch")}
    items = {i for e in abroad(ReadDB(tsumiki_url))["flows"] if e["flow"] in flagged for i in e["items"]}
    assert "postwave_to_signalhub" in flagged and "phone" in items
    for item in sorted(items):
        code, out, _ = run_daicho(monkeypatch, capsysbinary, "where", item, "--db", tsumiki_url, "--lang", lang)
        assert code == 0
        shown = out.decode("utf-8").replace("\n", "").replace("│", "").replace(" ", "")
        carried = {h["flow"] for h in where(ReadDB(tsumiki_url), item)["hops"]} & flagged
        for flow in carried:
            assert flow in shown, (item, flow)
        marks = shown.count("外国移転の根拠なし" if lang == "ja" else "noforeign-transferbasis")
        assert marks >= len(carried)
